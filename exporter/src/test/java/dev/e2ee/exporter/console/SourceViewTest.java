package dev.e2ee.exporter.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.source.SourceStatus;
import dev.e2ee.exporter.source.SourceStatus.State;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The console's word for each source state, and what a blind source costs: "up" only once it has
 * answered, and a blind source says which questions it leaves unanswered and since when.
 */
class SourceViewTest {
  private static final Instant STARTED = Instant.parse("2026-12-06T05:00:00Z");
  private static final Instant LAST = Instant.parse("2026-12-06T05:40:12Z");

  @ParameterizedTest(name = "{0} {1}, answered before: {2} -> {3}")
  @CsvSource(
      delimiter = '|',
      value = {
        "database | UP       | true  | up       | ",
        "database | UP       | false | waiting  | no database: KE-2 (to-device backlog), Q1 (divergence"
            + " or exhaustion) and KE-3 cannot be answered since the exporter started at"
            + " 2026-12-06T05:00:00Z (it never answered)",
        "database | DOWN     | true  | down     | no database: KE-2 (to-device backlog), Q1 (divergence"
            + " or exhaustion) and KE-3 cannot be answered since its last success at"
            + " 2026-12-06T05:40:12Z",
        "log      | STARTING | false | starting | no log: KE-1 storms and Q4 (delayed-event timeouts)"
            + " cannot be answered since the exporter started at 2026-12-06T05:00:00Z (it never"
            + " answered)",
        "log      | DOWN     | true  | down     | no log: KE-1 storms and Q4 (delayed-event timeouts)"
            + " cannot be answered since its last success at 2026-12-06T05:40:12Z",
        "log      | DISABLED | false | disabled | no log (switched off): KE-1 storms and Q4"
            + " (delayed-event timeouts) cannot be answered",
        "alerts   | DOWN     | false | down     | no alerts: what this source feeds cannot be answered"
            + " since the exporter started at 2026-12-06T05:00:00Z (it never answered)",
      })
  void stateAndWhatCannotBeAnswered(
      String name, State state, boolean answered, String shown, String cannotAnswer) {
    SourceStatus status =
        new SourceStatus(
            name,
            state,
            "/var/log/synapse/homeserver.log",
            "3 files",
            answered ? Optional.of(LAST) : Optional.empty());
    SourceView view = SourceView.of(status, STARTED);
    assertThat(view.state()).isEqualTo(shown);
    assertThat(view.cannotAnswer()).isEqualTo(Optional.ofNullable(cannotAnswer));
    assertThat(view.name()).isEqualTo(name);
    assertThat(view.target()).isEqualTo("/var/log/synapse/homeserver.log");
    assertThat(view.detail()).isEqualTo("3 files");
    assertThat(view.lastSuccess()).isEqualTo(status.lastSuccess());
  }
}
