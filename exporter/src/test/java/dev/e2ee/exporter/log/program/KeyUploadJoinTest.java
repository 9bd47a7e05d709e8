package dev.e2ee.exporter.log.program;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.log.parse.AccessLine;
import dev.e2ee.exporter.log.parse.LogRecord;
import dev.e2ee.exporter.log.parse.ParseOutcome;
import dev.e2ee.exporter.log.parse.TextRecordParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The join of the three lines one key upload leaves, fed the lines Synapse 1.160.0 wrote for
 * requests POST-36 (a conflicting upload: uploader, conflict, access 400) of
 * replay/real-synapse/homeserver.log, in every order.
 */
class KeyUploadJoinTest {
  private static final long GRACE = 10_000;
  private static final String FILE = "homeserver.log";

  private final List<KeyUploadJoin.Pending> finished = new ArrayList<>();

  private KeyUploadJoin join(int maxPending) {
    return new KeyUploadJoin(maxPending, GRACE, (p, now) -> finished.add(p));
  }

  /** The facts of the real line of {@code request} whose logger starts with {@code logger}. */
  static Real realLine(String request, String logger) {
    for (String line : RealLines.HOMESERVER_LOG) {
      LogRecord record = new LogRecord();
      if (new TextRecordParser(ZoneOffset.UTC).parse(line, record) == ParseOutcome.RECORD
          && record.request().equals(request)
          && record.loggerStartsWith(logger)) {
        return new Real(
            record.timestampMillis(),
            (RecordFacts) Objects.requireNonNull(RecordFacts.STEP.of(record)));
      }
    }
    throw new AssertionError("no " + logger + " line of " + request);
  }

  private static void feed(KeyUploadJoin join, char line, String request, long now) {
    switch (line) {
      case 'U' -> {
        Real r = realLine("POST-36", "synapse.handlers.e2e_keys");
        String[] who = Objects.requireNonNull(r.facts().uploader);
        join.uploader(FILE, request, r.timestamp(), who[0], who[1], now);
      }
      case 'C' -> {
        Real r = realLine("POST-36", "synapse.http.server");
        join.conflict(
            FILE, request, r.timestamp(), Objects.requireNonNull(r.facts().conflict), now);
      }
      case 'A' -> {
        Real r = realLine("POST-36", "synapse.access");
        AccessLine a = Objects.requireNonNull(r.facts().access);
        join.access(
            FILE, request, r.timestamp(), a.requester(), a.status(), r.facts().userAgent, now);
      }
      default -> throw new IllegalArgumentException(String.valueOf(line));
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"UCA", "UAC", "CUA", "CAU", "ACU", "AUC"})
  void theThreeLinesOfAConflictJoinInAnyOrderAndFinishOnceOnTheLast(String order) {
    KeyUploadJoin join = join(10);
    for (int i = 0; i < order.length(); i++) {
      assertThat(finished).as("finished before its last line").isEmpty();
      feed(join, order.charAt(i), "POST-36", 1_000 + i);
    }

    assertThat(finished).hasSize(1);
    KeyUploadJoin.Pending p = finished.get(0);
    assertThat(List.of(p.userId, p.deviceId, p.algorithm, p.keyId))
        .containsExactly("@storm:compat.test", "STORMDESKTOP", "signed_curve25519", "AAAAAAAAAAE");
    assertThat(p.status).isEqualTo(400);
    assertThat(p.conflictSeen).isTrue();
    assertThat(Objects.requireNonNull(p.userAgent)).contains("Element/1.12.8");
    // The latest of the three log timestamps: 2026-12-06 06:55:43,616 UTC.
    assertThat(p.timestampMillis).isEqualTo(1_796_540_143_616L);
    join.expire(1_000 + GRACE * 3);
    assertThat(finished).as("finished exactly once").hasSize(1);
  }

  @ParameterizedTest(name = "lines {0} wait for the rest until the grace period is over")
  @CsvSource({"U", "A", "C", "UA", "UC", "AC"})
  void anIncompleteRequestFinishesAtTheEndOfTheGracePeriod(String lines) {
    KeyUploadJoin join = join(10);
    for (int i = 0; i < lines.length(); i++) {
      feed(join, lines.charAt(i), "POST-36", 1_000);
    }

    join.expire(1_000 + GRACE - 1);
    assertThat(finished).isEmpty();
    join.expire(1_000 + GRACE);
    assertThat(finished).hasSize(1);
    assertThat(finished.get(0).accessSeen).isEqualTo(lines.contains("A"));
    assertThat(finished.get(0).conflictSeen).isEqualTo(lines.contains("C"));
  }

  @Test
  void aLateLineOfAFinishedRequestDoesNotStartItAgainWithinTheGracePeriod() {
    KeyUploadJoin join = join(10);
    feed(join, 'U', "POST-36", 1_000);
    feed(join, 'C', "POST-36", 1_000);
    feed(join, 'A', "POST-36", 1_000);
    feed(join, 'A', "POST-36", 2_000); // logged twice, e.g. a file read again

    join.flush(1_000 + GRACE);
    assertThat(finished).hasSize(1);

    // Past the grace period the same id is a new request (Synapse restarted its counter).
    join.expire(2_000 + GRACE);
    feed(join, 'U', "POST-36", 2_000 + GRACE);
    join.flush(3_000 + GRACE);
    assertThat(finished).hasSize(2);
  }

  @Test
  void onlyTheLatestFinishedRequestsAreRemembered() {
    KeyUploadJoin join = join(2);
    for (String request : List.of("POST-1", "POST-2", "POST-3")) {
      feed(join, 'U', request, 1_000);
      feed(join, 'C', request, 1_000);
      feed(join, 'A', request, 1_000);
    }
    assertThat(finished).hasSize(3);

    // Within the grace period: POST-3 is still remembered, POST-1 was dropped as the oldest of
    // more than two, so its late line starts a request again.
    feed(join, 'A', "POST-3", 2_000);
    feed(join, 'A', "POST-1", 2_000);
    join.flush(2_000 + GRACE);
    assertThat(finished).hasSize(4);
    assertThat(finished.get(3).accessSeen).isTrue();
    assertThat(finished.get(3).conflictSeen).isFalse();
  }

  /**
   * A catch-up reads hours of log while the wall clock stands still: a finished request is
   * remembered for a grace period of the log's own time, not until the table is full.
   */
  @Test
  void aFinishedRequestIsForgottenOnceTheLogHasMovedAGracePeriodPastIt() {
    KeyUploadJoin join = join(10);
    long wall = 1_000; // never moves here
    long t = 1_796_540_143_616L;
    upload(join, "POST-1", t, wall);
    upload(join, "POST-2", t + GRACE, wall); // exactly a grace period later: POST-1 is kept
    join.uploader(FILE, "POST-1", t, "LATEDEVICE", "@late:compat.test", wall);
    assertThat(join.finishedRemembered()).isEqualTo(2);

    upload(join, "POST-3", t + GRACE + 1, wall); // past it: POST-1 is forgotten
    assertThat(join.finishedRemembered()).isEqualTo(2);
    join.uploader(FILE, "POST-1", t, "LATEDEVICE", "@late:compat.test", wall);
    join.flush(wall);
    assertThat(finished)
        .extracting(p -> p.request + " " + p.deviceId)
        .containsExactly(
            "POST-1 ALICEPHONE", "POST-2 ALICEPHONE", "POST-3 ALICEPHONE", "POST-1 LATEDEVICE");
  }

  /**
   * Another file read after this one (or the homeserver's clock stepping back) starts the log's
   * clock again from its lines: what was finished before is kept for a grace period of them, and a
   * line written a little late neither moves the clock nor starts it again.
   */
  @Test
  void anOlderFileReadNextGoesOnFromItsOwnTime() {
    KeyUploadJoin join = join(10);
    long t = 1_796_540_143_616L;
    long hourEarlier = t - 3_600_000;
    upload(join, "POST-1", t, 1_000); // the end of one file
    upload(join, "POST-2", hourEarlier, 1_000); // the start of the next
    upload(join, "POST-3", hourEarlier + GRACE, 1_000);
    join.uploader(FILE, "POST-3", hourEarlier + GRACE - 5_000, "D", "@late:compat.test", 1_000);
    assertThat(join.finishedRemembered()).isEqualTo(3);

    upload(join, "POST-4", hourEarlier + GRACE + 1, 1_000); // a grace period on: POST-1 goes
    join.uploader(FILE, "POST-1", t, "LATEDEVICE", "@late:compat.test", 1_000);
    join.flush(1_000);
    assertThat(finished)
        .extracting(p -> p.request + " " + p.deviceId)
        .containsExactly(
            "POST-1 ALICEPHONE",
            "POST-2 ALICEPHONE",
            "POST-3 ALICEPHONE",
            "POST-4 ALICEPHONE",
            "POST-1 LATEDEVICE");
  }

  /** A successful upload's uploader and access lines, at log time {@code ts}. */
  private static void upload(KeyUploadJoin join, String request, long ts, long now) {
    join.uploader(FILE, request, ts, "ALICEPHONE", "@alice:compat.test", now);
    join.access(FILE, request, ts, "@alice:compat.test", 200, "Element/1.12.8", now);
  }

  @Test
  void aFullTableFinishesItsOldestRequestAndCountsItEvicted() {
    KeyUploadJoin join = join(2);
    feed(join, 'U', "POST-1", 1_000);
    feed(join, 'U', "POST-2", 1_001);
    assertThat(join.evicted()).isZero();

    feed(join, 'U', "POST-3", 1_002);

    assertThat(join.evicted()).isEqualTo(1);
    assertThat(finished).extracting(p -> p.request).containsExactly("POST-1");
    join.flush(1_003);
    assertThat(finished).extracting(p -> p.request).containsExactly("POST-1", "POST-2", "POST-3");
  }

  @Test
  void theSameRequestIdInTwoFilesIsTwoRequests() {
    KeyUploadJoin join = join(10);
    Real r = realLine("POST-36", "synapse.handlers.e2e_keys");
    String[] who = Objects.requireNonNull(r.facts().uploader);
    join.uploader("worker1", "POST-36", r.timestamp(), who[0], who[1], 1_000);
    join.uploader("worker2", "POST-36", r.timestamp(), who[0], who[1], 1_000);

    join.flush(2_000);

    assertThat(finished).extracting(p -> p.source).containsExactly("worker1", "worker2");
  }

  /** A real line's log timestamp and what the program reads from it. */
  record Real(long timestamp, RecordFacts facts) {}

  /** The lines of the real Synapse log, read once. */
  static final class RealLines {
    static final List<String> HOMESERVER_LOG = read();

    private static List<String> read() {
      try (InputStream in =
          KeyUploadJoinTest.class.getResourceAsStream(
              "/dev/e2ee/exporter/replay/real-synapse/homeserver.log")) {
        return new String(Objects.requireNonNull(in).readAllBytes(), StandardCharsets.UTF_8)
            .lines()
            .toList();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
