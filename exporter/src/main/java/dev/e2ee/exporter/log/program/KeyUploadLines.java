package dev.e2ee.exporter.log.program;

import dev.e2ee.exporter.log.parse.AccessLine;
import dev.e2ee.exporter.log.parse.LogRecord;
import dev.e2ee.exporter.metrics.IdentityLabels;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import java.time.Clock;

/**
 * The lines of a key upload (KE-1) fed to the join by request id: the {@code e2e_keys} uploader and
 * claim lines, the {@code http.server} conflict line and the access line; and the counting of
 * claims and of lines whose message does not have the expected shape.
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

  /** A record of {@code synapse.handlers.e2e_keys}: an upload's uploader, or claimed keys. */
  void keysRecord(String source, LogRecord record) {
    if (record.messageStartsWith(Ke1Messages.ADDING)
        || record.messageStartsWith(Ke1Messages.UPDATING_DEVICE_KEYS)) {
      String[] uploader = Ke1Messages.uploader(record.message());
      if (uploader == null) {
        unparsedUploader.inc();
        return;
      }
      join.uploader(
          joinSource(source, record),
          joinRequest(record),
          record.timestampMillis(),
          uploader[0],
          uploader[1],
          clock.millis());
    } else if (record.messageStartsWith(Ke1Messages.CLAIMED)) {
      int unread =
          Ke1Messages.claims(
              record.message(),
              (user, device) -> metrics.claim(ids.user(user), ids.device(device)));
      unparsedClaim.inc(unread);
    }
  }

  /** A record of {@code synapse.http.server}: the error of a conflicting one-time key, if it is. */
  void serverRecord(String source, LogRecord record) {
    if (record.messageIndexOf(Ke1Messages.CONFLICT_MARK) >= 0
        && record.messageIndexOf(" already exists") >= 0) {
      Ke1Messages.Conflict conflict = Ke1Messages.conflict(record.message());
      if (conflict == null) {
        unparsedConflict.inc();
      } else {
        join.conflict(
            joinSource(source, record),
            joinRequest(record),
            record.timestampMillis(),
            conflict,
            clock.millis());
      }
    }
  }

  /** The access line of a {@code POST /keys/upload}. */
  void access(String source, LogRecord record, AccessLine access) {
    join.access(
        joinSource(source, record),
        joinRequest(record),
        record.timestampMillis(),
        access.requesterIsUser() ? access.requester() : null,
        access.status(),
        access.userAgent(),
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

  private String joinRequest(LogRecord record) {
    String request = record.request();
    if (request.isEmpty() || "sentinel".equals(request) || "None".equals(request)) {
      // No request context: nothing to join on, so the line stands alone.
      return "anonymous-" + (++anonymousRequests);
    }
    return request;
  }
}
