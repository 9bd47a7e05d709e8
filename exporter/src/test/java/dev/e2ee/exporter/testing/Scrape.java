package dev.e2ee.exporter.testing;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads sample values out of Prometheus text exposition, the way a scraper sees them. */
public final class Scrape {
  private final String text;

  public Scrape(String text) {
    this.text = text;
  }

  /**
   * Scrapes a process started on {@code port} until its database side reports up (or 30 s pass),
   * tolerating a JVM that is not listening yet; returns the last scrape either way.
   */
  public static Scrape awaitDbUp(int port) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    Scrape scrape = new Scrape("");
    do {
      try {
        scrape = new Scrape(Http.get(port, "/metrics").body());
        if (scrape.value("synapse_e2ee_db_up").orElse(0) == 1) {
          return scrape;
        }
      } catch (IllegalStateException notListeningYet) {
        // the JVM is still starting
      }
      Thread.sleep(200);
    } while (System.nanoTime() < deadline);
    return scrape;
  }

  public static Scrape of(PrometheusRegistry registry) {
    return of(registry, name -> true);
  }

  /** Only the metric families whose name passes {@code names}; others are not collected. */
  public static Scrape of(PrometheusRegistry registry, Predicate<String> names) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      PrometheusTextFormatWriter.create().write(out, registry.scrape(names));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Scrape(out.toString(StandardCharsets.UTF_8));
  }

  public String text() {
    return text;
  }

  /** Value of the sample with exactly this name and label set, e.g. {@code a_total{x="y"}}. */
  public OptionalDouble value(String sample) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(sample) + " (\\S+)").matcher(text);
    return m.find() ? OptionalDouble.of(Double.parseDouble(m.group(1))) : OptionalDouble.empty();
  }

  public double valueOrFail(String sample) {
    return value(sample)
        .orElseThrow(() -> new AssertionError("no sample " + sample + " in:\n" + text));
  }

  public long countSeries(String metricPrefix) {
    return text.lines().filter(l -> l.startsWith(metricPrefix)).count();
  }
}
