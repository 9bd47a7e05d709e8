package dev.e2ee.exporter.console;

import dev.e2ee.exporter.source.SourceStatus;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * A source as the console shows it. A source that reports "up" but never succeeded (files readable,
 * not a line read yet) is shown as "waiting", never "up": up means it answered at least once.
 *
 * @param cannotAnswer what cannot be answered while this source is blind, and since when, or empty
 */
public record SourceView(
    String name,
    String state,
    String target,
    String detail,
    Optional<Instant> lastSuccess,
    Optional<String> cannotAnswer) {

  /** What each source's blindness costs, in the runbook's terms. */
  static String questionsOf(String source) {
    return switch (source) {
      case "database" ->
          "KE-2 (to-device backlog), Q1 (divergence or exhaustion) and KE-3 cannot be answered";
      case "log" -> "KE-1 storms and Q4 (delayed-event timeouts) cannot be answered";
      default -> "what this source feeds cannot be answered";
    };
  }

  public static SourceView of(SourceStatus s, Instant startedAt) {
    String state = s.state().name().toLowerCase(Locale.ROOT);
    if (s.state() == SourceStatus.State.UP && s.lastSuccess().isEmpty()) {
      state = "waiting";
    }
    String since =
        s.lastSuccess()
            .map(t -> "since its last success at " + t)
            .orElse("since the exporter started at " + startedAt + " (it never answered)");
    Optional<String> blind =
        switch (state) {
          case "up" -> Optional.empty();
          case "disabled" ->
              Optional.of("no " + s.name() + " (switched off): " + questionsOf(s.name()));
          default -> Optional.of("no " + s.name() + ": " + questionsOf(s.name()) + " " + since);
        };
    return new SourceView(s.name(), state, s.target(), s.detail(), s.lastSuccess(), blind);
  }
}
