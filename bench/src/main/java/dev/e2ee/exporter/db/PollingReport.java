package dev.e2ee.exporter.db;

import dev.e2ee.exporter.config.ConfigLoader;
import dev.e2ee.exporter.config.ExporterConfig;
import dev.e2ee.exporter.config.ListenConfig;
import dev.e2ee.exporter.runtime.Exporter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;

/**
 * The exporter itself, in this process and with the database side alone, polling the loaded
 * database: eight rounds, then its own query times, its heap and the figures it published. Read
 * from its registry rather than over HTTP, so that the numbers are the poller's and not a scrape's.
 */
final class PollingReport {
  /** devices.max_devices of the polling run. */
  private final int watched;

  PollingReport(int watched) {
    this.watched = watched;
  }

  /** Eight polling rounds of the exporter, then its query times, heap and figures. */
  void run(int port) throws Exception {
    try (Exporter exporter = new Exporter(config(port), Clock.systemUTC(), Map.of())) {
      exporter.start();
      for (int round = 1; round <= 8; round++) {
        Thread.sleep(5_200);
        String text = scrape(exporter);
        System.out.printf(
            Locale.ROOT,
            "after %4.1f s: last round %s s, watched %s, db_up %s%n",
            round * 5.2,
            value(text, "synapse_e2ee_db_poll_duration_seconds"),
            value(text, "synapse_e2ee_watched_devices"),
            value(text, "synapse_e2ee_db_up"));
      }
      String text = scrape(exporter);
      text.lines()
          .filter(
              l ->
                  l.startsWith("synapse_e2ee_db_query_duration_seconds_sum")
                      || l.startsWith("synapse_e2ee_db_query_duration_seconds_count")
                      || l.startsWith("synapse_e2ee_db_query_errors_total"))
          .forEach(System.out::println);
      System.gc();
      Thread.sleep(500);
      text = scrape(exporter);
      System.out.println(
          "heap used after GC: "
              + value(text, "jvm_memory_used_bytes{area=\"heap\"}")
              + " bytes; max "
              + Runtime.getRuntime().maxMemory());
      text.lines()
          .filter(
              l ->
                  l.startsWith("synapse_e2ee_devices_by_otk_stock")
                      || l.startsWith("synapse_e2ee_device_inbox")
                      || l.startsWith("synapse_e2ee_devices_fallback")
                      || l.startsWith("synapse_e2ee_aggregate_")
                      || l.startsWith("synapse_e2ee_encrypted_events_missing"))
          .forEach(System.out::println);
    }
  }

  /**
   * The exporter against the loaded database: the database side alone, polled every 5 s with the
   * aggregates every 20 s. Written as a config file, so that it goes through the config's own
   * checks and defaults; the listener is set after, since an ephemeral port is not a valid key.
   */
  private ExporterConfig config(int port) {
    return ConfigLoader.parse(
            String.join(
                "\n",
                "synapse: {server_name: example.org, log_timezone: Z}",
                "logs: {enabled: false, files: [], format: text}",
                "database:",
                "  {host: 127.0.0.1, port: " + port + ", name: synapse, user: postgres,",
                "   sslmode: disable, pool_size: 2, poll_interval: 5s, statement_timeout: 30s,",
                "   lock_timeout: 1s, connect_timeout: 5s, aggregate_interval: 20s,",
                "   delayed_event_grace: 10s, encrypted_events_lookback: 1d,",
                "   encrypted_events_batch: 5000}",
                "devices: {max_devices: " + watched + "}",
                ""),
            "DbScaleBench")
        .withListen(new ListenConfig("127.0.0.1", 0));
  }

  private static String scrape(Exporter exporter) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, exporter.registry().scrape());
    return out.toString(StandardCharsets.UTF_8);
  }

  private static String value(String text, String sample) {
    return text.lines()
        .filter(l -> l.startsWith(sample + " "))
        .map(l -> l.substring(sample.length() + 1))
        .findFirst()
        .orElse("n/a");
  }
}
