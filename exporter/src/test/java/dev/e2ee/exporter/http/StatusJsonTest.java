package dev.e2ee.exporter.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.metrics.BuildInfo;
import dev.e2ee.exporter.source.SourceStatus;
import dev.e2ee.exporter.source.SourceStatus.State;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The machine form of the landing page: ready only once every source finished its first attempt,
 * each source's state in lower case with its last success (null when it never answered).
 */
class StatusJsonTest {
  private static final Instant STARTED = Instant.parse("2026-12-06T05:00:00Z");
  private static final Instant LAST = Instant.parse("2026-12-06T05:59:30Z");
  private static final BuildInfo BUILD = new BuildInfo("1.2.3", "abc1234");

  private static SourceStatus source(String name, State state, boolean answered) {
    return new SourceStatus(
        name,
        state,
        name + "-target",
        name + " detail",
        answered ? Optional.of(LAST) : Optional.empty());
  }

  private static JsonObject render(List<SourceStatus> sources, Instant now) {
    return StatusJson.render(new StatusModel(BUILD, STARTED, () -> sources), now);
  }

  @ParameterizedTest(name = "database {0}, log {1}: ready {2}")
  @CsvSource(
      textBlock =
          """
          UP,       UP,       true
          DISABLED, DISABLED, true
          DOWN,     UP,       true
          STARTING, UP,       false
          UP,       STARTING, false
          DISABLED, STARTING, false
          """)
  void readyOnceEverySourceFinishedItsFirstAttempt(State database, State log, boolean ready) {
    JsonObject json =
        render(List.of(source("database", database, true), source("log", log, false)), LAST);
    assertThat(json.getBoolean("ready")).isEqualTo(ready);
  }

  @Test
  void eachSourceWithItsStateTargetDetailAndLastSuccess() {
    JsonObject json =
        render(
            List.of(source("database", State.DOWN, true), source("log", State.STARTING, false)),
            LAST);
    assertThat(json.getJsonArray("sources").getJsonObject(0).getMap())
        .containsEntry("name", "database")
        .containsEntry("state", "down")
        .containsEntry("target", "database-target")
        .containsEntry("detail", "database detail")
        .containsEntry("last_success", "2026-12-06T05:59:30Z");
    JsonObject log = json.getJsonArray("sources").getJsonObject(1);
    assertThat(log.getString("state")).isEqualTo("starting");
    assertThat(log.containsKey("last_success")).isTrue();
    assertThat(log.getValue("last_success")).isNull();
  }

  @ParameterizedTest(name = "now {0}: uptime {1} s")
  @CsvSource(
      textBlock =
          """
          2026-12-06T05:00:00Z,     0
          2026-12-06T05:00:00.999Z, 0
          2026-12-06T06:01:01Z,     3661
          """)
  void theBuildAndUptimeInWholeSeconds(Instant now, long uptime) {
    JsonObject json = render(List.of(), now);
    assertThat(json.getLong("uptime_seconds")).isEqualTo(uptime);
    assertThat(json.getString("version")).isEqualTo("1.2.3");
    assertThat(json.getString("revision")).isEqualTo("abc1234");
    assertThat(json.getString("java_version")).isEqualTo(BUILD.javaVersion());
    assertThat(json.getString("started_at")).isEqualTo("2026-12-06T05:00:00Z");
    assertThat(json.getJsonArray("sources")).isEmpty();
    assertThat(json.getJsonObject("q4")).isNotNull();
  }
}
