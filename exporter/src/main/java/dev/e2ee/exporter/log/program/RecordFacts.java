package dev.e2ee.exporter.log.program;

import dev.e2ee.exporter.log.parse.AccessLine;
import dev.e2ee.exporter.log.parse.AccessLineParser;
import dev.e2ee.exporter.log.parse.DelayedAction;
import dev.e2ee.exporter.log.parse.Endpoint;
import dev.e2ee.exporter.log.parse.LogRecord;
import dev.e2ee.exporter.log.parse.RequestClassifier;
import dev.e2ee.exporter.log.pipeline.RecordStep;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the program reads from one record alone, before it counts anything: which of the few lines
 * that matter it is, and that line's fields (an access line parsed and its endpoint classified, a
 * key upload's device and user, a claims list split, a conflict's key hashes). Nothing here depends
 * on another line, so it is worked out on the parse workers ({@link #STEP}) while the program's
 * thread keeps what does (the joins, per-device state) and only counts.
 */
final class RecordFacts {
  /** The kind of line, decided from its logger and message. */
  enum Kind {
    OTHER,
    ACCESS,
    /** Synapse's DEBUG "Received request: GET /..." is a known shape with nothing to count. */
    ACCESS_RECEIVED,
    ACCESS_UNPARSED,
    UPLOADER,
    UPLOADER_UNPARSED,
    CLAIMS,
    CONFLICT,
    CONFLICT_UNPARSED,
    DELAYED_SEND_FAILURE
  }

  private static final String RECEIVED_REQUEST = " - Received request: ";
  private static final AccessLineParser ACCESS_PARSER = new AccessLineParser();

  /** The facts of every record of no interest: of kind OTHER, never written after this. */
  private static final RecordFacts NOTHING = new RecordFacts();

  /**
   * Each worker's instance to read the next record into: about half the records are of no interest,
   * and reading them into one reused instance allocates nothing for them.
   */
  private static final ThreadLocal<RecordFacts> SCRATCH = ThreadLocal.withInitial(RecordFacts::new);

  /**
   * Each thread's classifier: its answer is copied out at once, so one per thread serves every
   * access line (one per line was 5 % of what a catch-up allocated).
   */
  private static final ThreadLocal<RequestClassifier> CLASSIFIER =
      ThreadLocal.withInitial(RequestClassifier::new);

  /**
   * Run on the workers: a new instance per record that matters, handed to the program with the
   * record; the one shared {@link #NOTHING} for the many that do not (nothing is allocated for
   * them, and the program only reads their kind).
   */
  static final RecordStep STEP =
      record -> {
        RecordFacts facts = SCRATCH.get().read(record);
        if (facts.kind == Kind.OTHER) {
          return NOTHING; // the scratch instance is read into again for the next record
        }
        SCRATCH.set(new RecordFacts()); // this one leaves with its record
        facts.hashAhead();
        return facts;
      };

  Kind kind = Kind.OTHER;

  /** For ACCESS: the access line's fields (made on the first access line, then reused). */
  @Nullable AccessLine access;

  Endpoint endpoint = Endpoint.OTHER;
  @Nullable String toDeviceType;
  @Nullable DelayedAction delayedAction;

  /** For the lines of a key upload (uploader, conflict, access): the request id, for the join. */
  String request = "";

  /** For a {@code POST /keys/upload} access line: the user agent, for the join. */
  @Nullable String userAgent;

  /** For UPLOADER: device and user. */
  String @Nullable [] uploader;

  /** For CLAIMS: user and device of each claim, in turn. */
  List<String> claims = List.of();

  /** For CLAIMS: entries not of the expected shape. */
  int unreadClaims;

  /** For CONFLICT. */
  Ke1Messages.@Nullable Conflict conflict;

  /** Reads {@code record} into this (reused by the sequential path: every field is set again). */
  RecordFacts read(LogRecord record) {
    kind = Kind.OTHER;
    uploader = null;
    conflict = null;
    userAgent = null;
    request = "";
    claims = List.of();
    unreadClaims = 0;
    if (record.loggerStartsWith("synapse.access.http")) {
      access(record);
    } else if (record.loggerIs("synapse.handlers.e2e_keys")) {
      keys(record);
    } else if (record.loggerIs("synapse.http.server")) {
      server(record);
    } else if (record.loggerIs("synapse.handlers.delayed_events")
        && record.messageStartsWith("Failed to send delayed event")) {
      kind = Kind.DELAYED_SEND_FAILURE;
    }
    return this;
  }

  private void access(LogRecord record) {
    AccessLine access = this.access;
    if (access == null) {
      access = new AccessLine();
      this.access = access;
    }
    if (!ACCESS_PARSER.parse(record, access)) {
      kind =
          record.messageIndexOf(RECEIVED_REQUEST) < 0 ? Kind.ACCESS_UNPARSED : Kind.ACCESS_RECEIVED;
      return;
    }
    kind = Kind.ACCESS;
    RequestClassifier classifier = CLASSIFIER.get();
    access.classify(classifier);
    endpoint = classifier.endpoint();
    toDeviceType = classifier.toDeviceType();
    delayedAction = classifier.delayedAction();
    if (endpoint == Endpoint.KEYS_UPLOAD) {
      userAgent = access.userAgent();
      request = record.request();
    }
  }

  private void keys(LogRecord record) {
    if (record.messageStartsWith(Ke1Messages.ADDING)
        || record.messageStartsWith(Ke1Messages.UPDATING_DEVICE_KEYS)) {
      uploader = Ke1Messages.uploader(record.message());
      kind = uploader == null ? Kind.UPLOADER_UNPARSED : Kind.UPLOADER;
      request = record.request();
    } else if (record.messageStartsWith(Ke1Messages.CLAIMED)) {
      kind = Kind.CLAIMS;
      List<String> found = new ArrayList<>();
      unreadClaims =
          Ke1Messages.claims(
              record.message(),
              (user, device) -> {
                found.add(user);
                found.add(device);
              });
      claims = found;
    }
  }

  private void server(LogRecord record) {
    if (record.messageIndexOf(Ke1Messages.CONFLICT_MARK) >= 0
        && record.messageIndexOf(" already exists") >= 0) {
      conflict = Ke1Messages.conflict(record.text(), record.messageStart(), record.messageEnd());
      kind = conflict == null ? Kind.CONFLICT_UNPARSED : Kind.CONFLICT;
      request = record.request();
    }
  }

  /**
   * Computes the hash of every id the program's thread will look up in its tables (request, user,
   * device): a String keeps its hash once computed, so done here, on a worker, the lookups there
   * find it ready instead of reading each id's characters again.
   */
  @SuppressWarnings("ReturnValueIgnored") // called for what it leaves behind: the cached hash
  private void hashAhead() {
    request.hashCode();
    AccessLine a = access;
    if (a != null && kind == Kind.ACCESS && needsRequester(endpoint)) {
      a.requester().hashCode();
    }
    String[] ids = uploader;
    if (ids != null) {
      for (String id : ids) {
        id.hashCode();
      }
    }
    for (int i = 0; i < claims.size(); i++) { // no iterator for the many lines without claims
      claims.get(i).hashCode();
    }
  }

  /** The endpoints whose requester the program looks up (key uploads, delayed events). */
  private static boolean needsRequester(Endpoint e) {
    return e == Endpoint.KEYS_UPLOAD
        || e == Endpoint.DELAYED_EVENTS
        || e == Endpoint.UPDATE_DELAYED_EVENT;
  }
}
