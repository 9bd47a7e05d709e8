package dev.e2ee.exporter.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DatabaseTimeTest {
  @ParameterizedTest
  @CsvSource({
    "2026-03-14T09:26:53.589Z, 42.4, '; database as of the replica''s replay time"
        + " 2026-03-14T09:26:53Z (42 s behind)'",
    "2026-03-14T09:26:53Z, 300.6, '; database as of the replica''s replay time"
        + " 2026-03-14T09:26:53Z (301 s behind)'",
    "2026-03-14T09:26:53.999Z, 0, '; database as of the replica''s replay time"
        + " 2026-03-14T09:26:53Z (0 s behind)'"
  })
  void aLaggingReplicaNamesItsReplayTimeToTheSecondAndItsLag(String asOf, double lag, String note) {
    assertThat(new DatabaseTime(Instant.parse(asOf), lag).note()).isEqualTo(note);
  }

  @ParameterizedTest
  @CsvSource({"0", "120"})
  void aCurrentDatabaseAddsNothing(double lag) {
    assertThat(DatabaseTime.CURRENT.note()).isEmpty();
    assertThat(new DatabaseTime(null, lag).note()).isEmpty();
  }
}
