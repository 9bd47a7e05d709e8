package dev.e2ee.exporter.log.program;

import dev.e2ee.exporter.log.parse.AccessLine;
import dev.e2ee.exporter.log.parse.LogRecord;
import dev.e2ee.exporter.metrics.IdentityLabels;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import java.time.Clock;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The lines of a key upload (KE-1), as {@link RecordFacts} read them, fed to the join by request
 * id: the {@code e2e_keys} uploader and claim lines, the {@code http.server} conflict line and the
 * access line; and the counting of claims and of lines whose message does not have the expected
 * shape.
 */
final class KeyUploadLines {
  static final long JOIN_GRACE_MILLIS = 10_000;
  static final int JOIN_MAX_PENDING = 10_000;

  private final KeyUploadJoin join;
  private final KeyEventMetrics metrics;
  private final IdentityLabels ids;
  private final Clock clock;
  private final CounterDataPoint unparsedConflict;
  private final CounterDataPoint unparsedUploader;
  private final CounterDataPoint unparsedClaim;
  private long anonymousRequests;

  KeyUploadLines(
      UploadOutcomes outcomes,
      KeyEventMetrics metrics,
      PipelineMetrics pipeline,
      IdentityLabels ids,
      Clock clock) {
    this.join = new KeyUploadJoin(JOIN_MAX_PENDING, JOIN_GRACE_MILLIS, outcomes::finish);
    this.metrics = metrics;
    this.ids = ids;
    this.clock = clock;
    unparsedConflict = pipeline.unparsed("otk_conflict");
    unparsedUploader = pipeline.unparsed("key_upload");
    unparsedClaim = pipeline.unparsed("otk_claim");
  }

  /** An upload's uploader line ("Adding one_time_keys", "Updating device_keys"). */
  void uploader(String source, LogRecord record, String request, String[] deviceAndUser) {
    join.uploader(
        joinSource(source, record),
        joinRequest(request),
        record.timestampMillis(),
        deviceAndUser[0],
        deviceAndUser[1],
        clock.millis());
  }

  /** Claimed keys: user and device of each claim in turn, and the entries that were not read. */
  void claims(List<String> userDevicePairs, int unread) {
    for (int i = 0; i + 1 < userDevicePairs.size(); i += 2) {
      metrics.claim(ids.user(userDevicePairs.get(i)), ids.device(userDevicePairs.get(i + 1)));
    }
    unparsedClaim.inc(unread);
  }

  /** The {@code synapse.http.server} error of a conflicting one-time key. */
  void conflict(String source, LogRecord record, String request, Ke1Messages.Conflict conflict) {
    join.conflict(
        joinSource(source, record),
        joinRequest(request),
        record.timestampMillis(),
        conflict,
        clock.millis());
  }

  /** A KE-1 line whose message does not have the expected shape: counted, never guessed. */
  void unparsed(RecordFacts.Kind kind) {
    switch (kind) {
      case UPLOADER_UNPARSED -> unparsedUploader.inc();
      case CONFLICT_UNPARSED -> unparsedConflict.inc();
      default -> throw new IllegalArgumentException("not an unparsed KE-1 line: " + kind);
    }
  }

  /** The access line of a {@code POST /keys/upload}, with its user agent. */
  void access(
      String source,
      LogRecord record,
      String request,
      AccessLine access,
      @Nullable String userAgent) {
    join.access(
        joinSource(source, record),
        joinRequest(request),
        record.timestampMillis(),
        access.requesterIsUser() ? access.requester() : null,
        access.status(),
        userAgent,
        clock.millis());
  }

  /** Finishes the uploads whose grace period is over, counting those the full table evicted. */
  void expire(long nowMillis) {
    long evictedBefore = join.evicted();
    join.expire(nowMillis);
    metrics.joinEvicted(join.evicted() - evictedBefore);
  }

  void flush() {
    join.flush(clock.millis());
  }

  /** Request ids are per process: join within one worker (prefix) or file. */
  private static String joinSource(String file, LogRecord record) {
    String worker = record.worker();
    return worker != null ? worker : file;
  }

  /** {@code request}: the record's, as {@link RecordFacts} read it. */
  private String joinRequest(String request) {
    if (request.isEmpty() || "sentinel".equals(request) || "None".equals(request)) {
      // No request context: nothing to join on, so the line stands alone.
      return "anonymous-" + (++anonymousRequests);
    }
    return request;
  }
}
