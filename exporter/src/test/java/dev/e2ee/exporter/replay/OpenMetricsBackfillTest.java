package dev.e2ee.exporter.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The backfill file: every series sampled at each step on the log's clock, written family by family
 * with the target labels a scrape adds, a 0 the step before a counter appears (so {@code
 * increase()} sees its first increments), and OpenMetrics' {@code # EOF}.
 */
class OpenMetricsBackfillTest {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final OpenMetricsBackfill backfill =
      new OpenMetricsBackfill(Map.of("job", "synapse", "instance", "hs:9000"));
  private Counter requests;
  private Gauge pending;

  @BeforeEach
  void metrics() {
    requests =
        Counter.builder()
            .name("synapse_e2ee_test_requests_total")
            .help("Requests.\nBy endpoint.")
            .labelNames("endpoint")
            .register(registry);
    pending =
        Gauge.builder()
            .name("synapse_e2ee_test_pending")
            .help("Pending.")
            .labelNames("device")
            .register(registry);
  }

  private List<String> written() throws Exception {
    StringWriter out = new StringWriter();
    backfill.write(out);
    return out.toString().lines().toList();
  }

  private static String requests(String endpoint) {
    return "synapse_e2ee_test_requests_total{instance=\"hs:9000\",job=\"synapse\",endpoint=\""
        + endpoint
        + "\"}";
  }

  @Test
  void aCounterThatAppearsLaterStartsFromZeroAtTheStepBefore() throws Exception {
    requests.labelValues("sync").inc();
    backfill.snapshot(1_000, registry.scrape());
    requests.labelValues("sync").inc(2);
    requests.labelValues("keys_upload").inc(5);
    pending.labelValues("DEV").set(4);
    backfill.snapshot(16_000, registry.scrape());

    assertThat(written())
        .containsExactly(
            // Families in the order they were first scraped (by name), each written whole.
            "# TYPE synapse_e2ee_test_pending gauge",
            "# HELP synapse_e2ee_test_pending Pending.",
            "synapse_e2ee_test_pending{instance=\"hs:9000\",job=\"synapse\",device=\"DEV\"} 4 16",
            "# TYPE synapse_e2ee_test_requests counter",
            "# HELP synapse_e2ee_test_requests Requests.\\nBy endpoint.",
            requests("sync") + " 1 1",
            requests("sync") + " 3 16",
            requests("keys_upload") + " 0 1",
            requests("keys_upload") + " 5 16",
            "# EOF");
    assertThat(backfill.cells()).isEqualTo(2 * 3);
  }

  @Test
  void aForgottenCounterThatComesBackStartsFromZeroAgain() throws Exception {
    requests.labelValues("sync").inc();
    backfill.snapshot(0, registry.scrape());
    requests.remove("sync");
    backfill.snapshot(15_000, registry.scrape());
    requests.labelValues("sync").inc();
    pending.labelValues("DEV").set(1);
    backfill.snapshot(30_000, registry.scrape());
    pending.remove("DEV");
    backfill.snapshot(45_000, registry.scrape());
    pending.labelValues("DEV").set(2);
    backfill.snapshot(60_000, registry.scrape());

    assertThat(written())
        .containsSubsequence(
            requests("sync") + " 1 0", requests("sync") + " 0 15", requests("sync") + " 1 30")
        .filteredOn(l -> l.startsWith("synapse_e2ee_test_pending{"))
        .extracting(l -> l.substring(l.indexOf('}') + 2))
        .as("a gauge is not made up where it was absent")
        .containsExactly("1 30", "2 60");
  }

  @ParameterizedTest(name = "{0} ms is written {1}")
  @CsvSource({"0, 0", "1000, 1", "1500, 1.500", "1001, 1.001", "1796540164060, 1796540164.060"})
  void timestampsAreSecondsWithTheirMilliseconds(long millis, String written) throws Exception {
    pending.labelValues("DEV").set(0.25);
    backfill.snapshot(millis, registry.scrape());
    assertThat(written())
        .contains(
            "synapse_e2ee_test_pending{instance=\"hs:9000\",job=\"synapse\",device=\"DEV\"} 0.25 "
                + written);
  }

  static Stream<Arguments> labelValues() {
    return Stream.of(
        Arguments.of("plain", "plain"),
        Arguments.of("a \"quoted\" name", "a \\\"quoted\\\" name"),
        Arguments.of("back\\slash", "back\\\\slash"),
        Arguments.of("two\nlines", "two\\nlines"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("labelValues")
  void labelValuesAreEscaped(String value, String escaped) throws Exception {
    pending.labelValues(value).set(1);
    backfill.snapshot(0, registry.scrape());
    assertThat(written())
        .contains(
            "synapse_e2ee_test_pending{instance=\"hs:9000\",job=\"synapse\",device=\""
                + escaped
                + "\"} 1 0");
  }

  @Test
  void aSeriesOwnLabelWinsOverTheTargetLabel() throws Exception {
    Gauge up =
        Gauge.builder()
            .name("synapse_e2ee_test_up")
            .help("Up.")
            .labelNames("job")
            .register(registry);
    up.labelValues("own").set(1);
    backfill.snapshot(0, registry.scrape());
    assertThat(written())
        .contains("synapse_e2ee_test_up{instance=\"hs:9000\",job=\"own\"} 1 0")
        .noneMatch(l -> l.contains("job=\"synapse\",job="));
  }

  @Test
  void histogramsAreCumulativeBucketsCountAndSum() throws Exception {
    Histogram seconds =
        Histogram.builder()
            .name("synapse_e2ee_test_seconds")
            .help("Seconds.")
            .classicUpperBounds(0.1, 1.0)
            .register(registry);
    seconds.observe(0.05);
    seconds.observe(0.5);
    seconds.observe(0.75);
    seconds.observe(5.0);
    backfill.snapshot(0, registry.scrape());
    String series = "synapse_e2ee_test_seconds%s{instance=\"hs:9000\",job=\"synapse\"%s} %s 0";

    assertThat(written())
        .contains("# TYPE synapse_e2ee_test_seconds histogram")
        .containsSubsequence(
            String.format(series, "_bucket", ",le=\"0.1\"", "1"),
            String.format(series, "_bucket", ",le=\"1.0\"", "3"),
            String.format(series, "_bucket", ",le=\"+Inf\"", "4"),
            String.format(series, "_count", "", "4"),
            String.format(series, "_sum", "", "6.3"));
  }

  @Test
  void infoFamiliesAreOneSeriesOfValueOne() throws Exception {
    Info build =
        Info.builder()
            .name("synapse_e2ee_test_build_info")
            .help("Build.")
            .labelNames("version")
            .register(registry);
    build.addLabelValues("1.2.3");
    backfill.snapshot(0, registry.scrape());
    assertThat(written())
        .contains("# TYPE synapse_e2ee_test_build info")
        .contains(
            "synapse_e2ee_test_build_info{instance=\"hs:9000\",job=\"synapse\",version=\"1.2.3\"} 1 0");
    assertThat(backfill.skippedFamilies()).isZero();
  }

  @Test
  void aFamilyWithoutHelpIsWrittenWithoutAHelpLine() throws Exception {
    Counter bare = Counter.builder().name("synapse_e2ee_test_bare_total").register(registry);
    bare.inc();
    backfill.snapshot(0, registry.scrape());
    assertThat(written())
        .contains("# TYPE synapse_e2ee_test_bare counter")
        .contains("synapse_e2ee_test_bare_total{instance=\"hs:9000\",job=\"synapse\"} 1 0")
        .noneMatch(l -> l.startsWith("# HELP synapse_e2ee_test_bare "));
  }

  @Test
  void noSampleIsStillAFile() throws Exception {
    assertThat(written()).containsExactly("# EOF");
  }
}
