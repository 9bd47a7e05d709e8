package dev.e2ee.exporter.testing;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicReference;
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
   * Scrapes the process on {@code port} until its database side reports up, tolerating a JVM that
   * is not listening yet; fails after 30 s. Returns the scrape that showed it up.
   */
  public static Scrape awaitDbUp(int port) throws InterruptedException {
    AtomicReference<Scrape> last = new AtomicReference<>(new Scrape(""));
    Await.until(
        () -> {
          try {
            last.set(new Scrape(Http.get(port, "/metrics").body()));
          } catch (IllegalStateException notListeningYet) {
            return false;
          }
          return last.get().value("synapse_e2ee_db_up").orElse(0) == 1;
        },
        Duration.ofSeconds(30));
    return last.get();
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
