package dev.e2ee.compat.check;

import com.fasterxml.jackson.databind.JsonNode;
import dev.e2ee.compat.client.Http;
import dev.e2ee.compat.exporter.Serve;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Samples serve's health probe (its counters on /metrics, the {@code synapse_health} source on
 * /api/v1/status) all through the run, so the #26.3 checks can read them before the driver froze
 * Synapse and after it thawed it, by the driver's own marks. Each sample keeps when it was asked
 * and when it was answered: "before the freeze" means answered before the mark, "after the thaw"
 * asked after it.
 */
public final class ProbeWatch implements AutoCloseable {
  static final String P = "synapse_e2ee_synapse_health_probe_";

  /** One reading of the probe's figures. */
  public record Sample(
      Instant asked, Instant answered, double timeouts, double answers, String sourceState) {}

  private final Serve serve;
  private final List<Sample> samples = new ArrayList<>();
  private final Thread thread;
  private volatile boolean stop;

  private ProbeWatch(Serve serve) {
    this.serve = serve;
    this.thread = new Thread(this::loop, "probe-watch");
    thread.setDaemon(true);
  }

  public static ProbeWatch start(Serve serve) {
    ProbeWatch w = new ProbeWatch(serve);
    w.thread.start();
    return w;
  }

  public synchronized List<Sample> samples() {
    return List.copyOf(samples);
  }

  /** The newest sample answered before {@code mark}. */
  public Optional<Sample> lastBefore(Instant mark) {
    return lastBefore(samples(), mark);
  }

  static Optional<Sample> lastBefore(List<Sample> samples, Instant mark) {
    Sample found = null;
    for (Sample s : samples) {
      if (s.answered().isBefore(mark)) {
        found = s;
      }
    }
    return Optional.ofNullable(found);
  }

  /** Samples asked after {@code mark}, oldest first. */
  public List<Sample> after(Instant mark) {
    return after(samples(), mark);
  }

  static List<Sample> after(List<Sample> samples, Instant mark) {
    return samples.stream().filter(s -> s.asked().isAfter(mark)).toList();
  }

  /** Samples answered after {@code from} and asked before {@code to}: wholly inside. */
  public List<Sample> between(Instant from, Instant to) {
    return between(samples(), from, to);
  }

  static List<Sample> between(List<Sample> samples, Instant from, Instant to) {
    return samples.stream()
        .filter(s -> s.asked().isAfter(from) && s.answered().isBefore(to))
        .toList();
  }

  private void loop() {
    while (!stop) {
      try {
        Instant asked = Instant.now();
        PromText m = PromText.parse(serve.get("/metrics"));
        String state = sourceState(Http.JSON.readTree(serve.get("/api/v1/status")));
        Sample s =
            new Sample(
                asked,
                Instant.now(),
                m.sum(P + "failures_total", Labels.of("reason", "timeout")),
                m.sum(P + "duration_seconds_count", Map.of()),
                state);
        synchronized (this) {
          samples.add(s);
        }
      } catch (IOException e) {
        // serve slow to answer: the next tick tries again; a gap is only a gap.
      } catch (InterruptedException e) {
        return;
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  static String sourceState(JsonNode status) {
    for (JsonNode s : status.path("sources")) {
      if (s.path("name").asText().equals("synapse_health")) {
        return s.path("state").asText();
      }
    }
    return "absent";
  }

  @Override
  public void close() {
    stop = true;
    thread.interrupt();
    try {
      thread.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
