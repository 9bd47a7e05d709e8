package dev.e2ee.compat.check;

import com.fasterxml.jackson.databind.JsonNode;
import dev.e2ee.compat.check.ProbeWatch.Sample;
import dev.e2ee.compat.client.Http;
import dev.e2ee.compat.exporter.Serve;
import dev.e2ee.compat.truth.Truth;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * #26.3, live: serve's probe of Synapse's /health against the driver's own marks of when it froze
 * Synapse (SIGSTOP) and thawed it (SIGCONT). Answered probes before the freeze, timed-out probes
 * across it, the {@code synapse_health} source down while frozen and up again after, and the
 * console's Q4 reading of the probe consistent with the counters. Waits are for states, with a
 * limit; no figure depends on how long anything took.
 */
public final class ProbeChecks {
  private static final String ITEM = "#26.3";

  private final Serve serve;
  private final Truth truth;
  private final Checks checks;
  private final String healthUrl;

  public ProbeChecks(Serve serve, Truth truth, Checks checks, String healthUrl) {
    this.serve = serve;
    this.truth = truth;
    this.checks = checks;
    this.healthUrl = healthUrl;
  }

  public void run(ProbeWatch watch) throws IOException, InterruptedException {
    Optional<Instant> frozen = truth.marked("stall: SIGSTOP");
    Optional<Instant> thawed = truth.marked("stall: SIGCONT");
    if (frozen.isEmpty() || thawed.isEmpty()) {
      checks.that("probe.stall_marked", ITEM, "the driver marked the freeze", false, "no marks");
      return;
    }
    // The source is up again after the thaw: a state the probe reaches on its next answer.
    String status =
        serve.await(
            "/api/v1/status",
            b -> ProbeWatch.sourceState(read(b)).equals("up"),
            Duration.ofSeconds(60));
    Optional<Sample> before = watch.lastBefore(frozen.get());
    List<Sample> during = watch.between(frozen.get(), thawed.get());
    List<Sample> after = watch.after(thawed.get());
    checks.that(
        "probe.answered_before_freeze",
        ITEM,
        "serve's probe had answered probes before the driver froze Synapse",
        before.map(s -> s.answers() >= 1).orElse(false),
        before.map(Sample::toString).orElse("no sample before the freeze"));
    double timeoutsBefore = before.map(Sample::timeouts).orElse(Double.NaN);
    // The first sample asked after the thaw; on a slow machine the watch may have stopped before
    // taking one, and then a reading now (the run is over, so it is after the thaw) stands in.
    double timeoutsAfter =
        after.isEmpty()
            ? PromText.parse(serve.get("/metrics"))
                .sum(ProbeWatch.P + "failures_total", Labels.of("reason", "timeout"))
            : after.get(0).timeouts();
    double stallTimeouts = timeoutsAfter - timeoutsBefore;
    checks.that(
        "probe.timeouts_across_freeze",
        ITEM,
        "probe timeouts went up between the freeze and the first reading after the thaw",
        stallTimeouts >= 1,
        "timeouts before " + timeoutsBefore + ", after the thaw " + timeoutsAfter);
    checks.that(
        "probe.source_down_while_frozen",
        ITEM,
        "synapse_health read down while Synapse was frozen",
        during.stream().anyMatch(s -> s.sourceState().equals("down")),
        during.stream().map(Sample::sourceState).distinct().toList() + " in " + during.size());
    checks.equal(
        "probe.source_up_after_thaw",
        ITEM,
        "synapse_health up again after the thaw",
        "up",
        ProbeWatch.sourceState(read(status)));
    console(stallTimeouts, frozen.get());
  }

  /** The console's Q4 reading of the probe: an answered latest probe, the freeze in its window. */
  private void console(double stallTimeouts, Instant frozen)
      throws IOException, InterruptedException {
    JsonNode probe =
        read(serve.await(
                "/api/v1/console",
                b -> !read(b).path("q4").path("health_probe").path("latency_seconds").isNull(),
                Duration.ofSeconds(60)))
            .path("q4")
            .path("health_probe");
    // Counters move after the reading: read them after the console, never below its figure.
    double failures =
        PromText.parse(serve.get("/metrics")).sum(ProbeWatch.P + "failures_total", Map.of());
    long recently = probe.path("failures_recently").asLong(-1);
    checks.equal(
        "probe.console_target",
        ITEM,
        "the console's probe target",
        healthUrl,
        probe.path("target").asText());
    checks.that(
        "probe.console_answered",
        ITEM,
        "the console's latest probe after the thaw has a latency",
        probe.path("latency_seconds").isNumber(),
        probe.toString());
    checks.that(
        "probe.console_failures_in_window",
        ITEM,
        "the console counts failed probes in its window: >= 1, <= the failures counter",
        recently >= 1 && recently <= failures,
        recently + " in window, " + failures + " counted");
    Instant readAt = Instant.parse(probe.path("time").asText(Instant.EPOCH.toString()));
    if (readAt.isBefore(frozen.plusMillis(15 * 60_000L))) {
      // The freeze lies within the 15-minute window: each of its timeouts is in the window too.
      checks.that(
          "probe.console_window_has_freeze",
          ITEM,
          "the console's window holds every timeout of the freeze",
          recently >= stallTimeouts,
          recently + " in window, " + stallTimeouts + " timeouts across the freeze");
    }
  }

  private static JsonNode read(String body) {
    try {
      return Http.JSON.readTree(body);
    } catch (IOException e) {
      return Http.JSON.createObjectNode();
    }
  }
}
