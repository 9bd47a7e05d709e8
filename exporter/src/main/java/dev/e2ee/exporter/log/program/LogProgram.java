package dev.e2ee.exporter.log.program;

import dev.e2ee.exporter.config.ExporterConfig;
import dev.e2ee.exporter.domain.ClientRelease;
import dev.e2ee.exporter.domain.OtkConflict;
import dev.e2ee.exporter.domain.ToDeviceTypes;
import dev.e2ee.exporter.evidence.ConflictState;
import dev.e2ee.exporter.evidence.LogClock;
import dev.e2ee.exporter.log.parse.AccessLine;
import dev.e2ee.exporter.log.parse.AccessLineParser;
import dev.e2ee.exporter.log.parse.ContinuationTracker;
import dev.e2ee.exporter.log.parse.DelayedAction;
import dev.e2ee.exporter.log.parse.DockerJsonParser;
import dev.e2ee.exporter.log.parse.Endpoint;
import dev.e2ee.exporter.log.parse.JournalRecordParser;
import dev.e2ee.exporter.log.parse.JsonRecordParser;
import dev.e2ee.exporter.log.parse.LayoutDetector;
import dev.e2ee.exporter.log.parse.LogRecord;
import dev.e2ee.exporter.log.parse.ParseOutcome;
import dev.e2ee.exporter.log.parse.RecordParser;
import dev.e2ee.exporter.log.parse.RequestClassifier;
import dev.e2ee.exporter.log.parse.SyslogRecordParser;
import dev.e2ee.exporter.log.parse.TextRecordParser;
import dev.e2ee.exporter.log.pipeline.ParsedLineSink;
import dev.e2ee.exporter.metrics.BoundedMetrics;
import dev.e2ee.exporter.metrics.BoundedMetrics.BoundedCounter;
import dev.e2ee.exporter.metrics.DeviceClients;
import dev.e2ee.exporter.metrics.IdentityLabels;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * What the exporter does with each log line, in the manner of an mtail program: parse the record,
 * pick the few loggers that matter with cheap prefix checks, and count. Access lines feed request
 * metrics and the KE-2/KE-4 counters; the {@code e2e_keys}, {@code http.server} and access lines of
 * one key upload are joined for KE-1. Runs on the tailer thread only.
 */
public final class LogProgram implements ParsedLineSink {
  static final long JOIN_GRACE_MILLIS = 10_000;
  static final int JOIN_MAX_PENDING = 10_000;

  /** Sources whose lines are journalctl's JSON entries are labelled so. */
  public static final String JOURNAL_PREFIX = "journald:";

  private static final String RECEIVED_REQUEST = " - Received request: ";

  private final ExporterConfig config;
  private final LogRecord ownRecord = new LogRecord();

  /** The record being processed: the program's own, or one a caller parsed (see process). */
  private LogRecord record = ownRecord;

  private final AccessLineParser accessParser = new AccessLineParser();
  private final AccessLine access = new AccessLine();
  private final RequestClassifier classifier = new RequestClassifier();
  private final Clock clock;
  private final IdentityLabels ids;
  private final ProgramEvents events;
  private final PipelineMetrics pipeline;
  private final AccessMetrics accessMetrics;
  private final Map<String, Source> sources = new HashMap<>();

  /**
   * Newest record time per worker, for lines that name their worker (several workers in one file).
   */
  private final Map<String, long[]> workerNewest = new HashMap<>();

  private final NewestRecords logClock = new NewestRecords();

  /** Read by check and the landing page on other threads; written at each tick. */
  private final Map<String, String> layouts = new ConcurrentHashMap<>();

  private final long quietMillis;
  private final KeyUploadJoin join;
  private final ConflictingDevices conflictingDevices;
  private final DeviceClients deviceClients;
  private final BoundedCounter uploads;
  private final BoundedCounter conflicts;
  private final BoundedCounter claims;
  private final Counter toDevice;
  private final BoundedCounter delayedRequests;
  private final BoundedCounter delayedDisconnects;
  private final Histogram delayedDuration;
  private final CounterDataPoint delayedSendFailures;
  private final CounterDataPoint joinEvicted;
  private final CounterDataPoint unparsedAccess;
  private final CounterDataPoint unparsedConflict;
  private final CounterDataPoint unparsedUploader;
  private final CounterDataPoint unparsedClaim;
  private long anonymousRequests;
  private @Nullable String lastAgent;
  private ClientRelease lastClient = ClientRelease.UNKNOWN;

  /** With the label mapping the rest of the exporter uses (one cache for log and database side). */
  public LogProgram(
      ExporterConfig config,
      PrometheusRegistry registry,
      BoundedMetrics bounded,
      Clock clock,
      IdentityLabels ids) {
    this(config, registry, bounded, clock, ids, ProgramEvents.NONE);
  }

  /**
   * @param events told of every finished request and key upload, for a caller that keeps more than
   *     the metrics do (replay's per-minute report)
   */
  public LogProgram(
      ExporterConfig config,
      PrometheusRegistry registry,
      BoundedMetrics bounded,
      Clock clock,
      IdentityLabels ids,
      ProgramEvents events) {
    this.config = config;
    this.clock = clock;
    this.ids = ids;
    this.events = events;
    this.quietMillis = config.diagnosis().quietPeriod().toMillis();
    this.pipeline = new PipelineMetrics(registry);
    this.accessMetrics = new AccessMetrics(registry);
    int cap = config.devices().maxDevices();
    Duration ttl = config.devices().seriesIdleTtl();
    uploads =
        bounded.counter(
            new BoundedMetrics.Spec(
                "synapse_e2ee_key_uploads",
                "POST /keys/upload requests per device by outcome: ok, otk_conflict (KE-1), rejected (other 4xx/5xx), incomplete (no access line within the join window).",
                List.of("user", "device", "outcome"),
                List.of("user", "device"),
                cap,
                ttl));
    conflicts =
        bounded.counter(
            new BoundedMetrics.Spec(
                "synapse_e2ee_otk_conflicts",
                "Key uploads rejected because a one-time key id already exists with another value (KE-1).",
                List.of("user", "device", "algorithm"),
                List.of("user", "device"),
                cap,
                ttl));
    claims =
        bounded.counter(
            new BoundedMetrics.Spec(
                "synapse_e2ee_otk_claims",
                "One-time keys claimed from a device by others (from 'Claimed one-time-keys' lines): each starts an Olm session with it.",
                List.of("user", "device"),
                List.of("user", "device"),
                cap,
                ttl));
    toDevice =
        Counter.builder()
            .name("synapse_e2ee_to_device_requests")
            .help(
                "PUT /sendToDevice requests by event type (bounded set, else 'other') and status code (KE-2).")
            .labelNames("event_type", "code")
            .withoutExemplars()
            .register(registry);
    // Every known type at 0 for the usual answer, so rate() panels have data before the first call.
    ToDeviceTypes.labels().forEach(type -> toDevice.labelValues(type, "200"));
    delayedRequests =
        bounded.counter(
            new BoundedMetrics.Spec(
                "synapse_e2ee_delayed_event_requests",
                "MSC4140 delayed-event requests (schedule, update, restart, cancel, send, list) per user and status code (KE-4).",
                List.of("user", "action", "code"),
                List.of("user"),
                cap,
                ttl));
    delayedDisconnects =
        bounded.counter(
            new BoundedMetrics.Spec(
                "synapse_e2ee_delayed_event_disconnects",
                "Delayed-event requests the client abandoned before Synapse answered (status logged with '!': Synapse 1.160 logs the handler's status, e.g. 200!, or 499! where it cancels).",
                List.of("user"),
                List.of("user"),
                cap,
                ttl));
    delayedDuration =
        Histogram.builder()
            .name("synapse_e2ee_delayed_event_request_duration_seconds")
            .help("Synapse's processing time of delayed-event requests, by action (KE-4).")
            .labelNames("action")
            .withoutExemplars()
            .classicOnly()
            .classicUpperBounds(AccessMetrics.BUCKETS)
            .register(registry);
    delayedSendFailures =
        Counter.builder()
            .name("synapse_e2ee_delayed_event_send_failures")
            .help("'Failed to send delayed event' errors of synapse.handlers.delayed_events.")
            .withoutExemplars()
            .register(registry)
            .labelValues();
    joinEvicted =
        Counter.builder()
            .name("synapse_e2ee_key_upload_join_evicted")
            .help("Key-upload requests finished early because the join table was full.")
            .withoutExemplars()
            .register(registry)
            .labelValues();
    conflictingDevices =
        new ConflictingDevices(
            cap, ttl.toMillis(), quietMillis, bounded.refusalsFor(ConflictingDevices.METRIC, ttl));
    registry.register(conflictingDevices);
    deviceClients =
        new DeviceClients(cap, ttl.toMillis(), bounded.refusalsFor(DeviceClients.METRIC, ttl));
    registry.register(deviceClients);
    unparsedAccess = pipeline.unparsed("access");
    unparsedConflict = pipeline.unparsed("otk_conflict");
    unparsedUploader = pipeline.unparsed("key_upload");
    unparsedClaim = pipeline.unparsed("otk_claim");
    join = new KeyUploadJoin(JOIN_MAX_PENDING, JOIN_GRACE_MILLIS, this::finishUpload);
  }

  /** Per file: its parser, its pipeline counters, whether its last line was part of a record. */
  private final class Source {
    final RecordParser parser;
    final PipelineMetrics.File file;
    final ContinuationTracker continuation = new ContinuationTracker();

    Source(String label, RecordParser parser) {
      this.parser = parser;
      this.file = pipeline.new File(label);
    }
  }

  /**
   * A parser for the configured layout; a new one per file, since detecting a layout and joining
   * Docker's split lines keep state. Also for a caller that needs a record's time first (replay).
   */
  public static RecordParser parserFor(ExporterConfig config, Clock clock) {
    ZoneId zone = config.synapse().logTimezone();
    return switch (config.logs().format()) {
      case TEXT -> new TextRecordParser(zone);
      case JSON -> new JsonRecordParser();
      case SYSLOG -> new SyslogRecordParser(zone, clock);
      case DOCKER_JSON ->
          new DockerJsonParser(LayoutDetector.synapseOwn(zone), config.logs().maxLineBytes());
      case AUTO -> LayoutDetector.any(zone, clock, config.logs().maxLineBytes());
    };
  }

  /** The layout of each file as detected (or configured) at the last tick. */
  public Map<String, String> layouts() {
    return new TreeMap<>(layouts);
  }

  @Override
  public void accept(String source, String line) {
    Source src = source(source, null);
    processIn(src, source, line, src.parser.parse(line, ownRecord), ownRecord, src.parser);
  }

  @Override
  public @Nullable RecordParser statelessParserFor(String source) {
    Source src = sources.get(source);
    return src == null ? null : src.parser.statelessCopy();
  }

  @Override
  public void accept(
      String source,
      String line,
      @Nullable String parsedAs,
      @Nullable ParseOutcome parsed,
      LogRecord record) {
    Source src = source(source, null);
    RecordParser p = src.parser;
    ParseOutcome outcome =
        parsed == null ? p.parse(line, record) : p.parseOrAdopt(line, record, parsedAs, parsed);
    processIn(src, source, line, outcome, record, p);
  }

  /**
   * One line that the caller already parsed with a parser from {@link #parserFor}: replay reads a
   * record's time to merge several files before the program sees it, and parses it only once.
   */
  public void process(
      String source, String line, ParseOutcome outcome, LogRecord parsed, RecordParser parsedBy) {
    processIn(source(source, parsedBy), source, line, outcome, parsed, parsedBy);
  }

  /**
   * The file's state, made on its first line with the caller's parser (replay) or a new one for the
   * configured layout.
   */
  private Source source(String label, @Nullable RecordParser callersParser) {
    Source src = sources.get(label);
    if (src == null) {
      RecordParser parser = callersParser;
      if (parser == null) {
        parser =
            label.startsWith(JOURNAL_PREFIX)
                ? new JournalRecordParser(config.synapse().logTimezone())
                : parserFor(config, clock);
      }
      src = new Source(label, parser);
      sources.put(label, src);
    }
    return src;
  }

  private void processIn(
      Source src,
      String source,
      String line,
      ParseOutcome outcome,
      LogRecord parsed,
      RecordParser parsedBy) {
    record = parsed;
    PipelineMetrics.File file = src.file;
    if (outcome != ParseOutcome.RECORD) {
      // Filled for every outcome when the file is first seen.
      Objects.requireNonNull(
              file.skipped.get(src.continuation.classify(parsedBy.synapseText(line), outcome)))
          .inc();
      return;
    }
    src.continuation.record(parsed);
    file.records.inc();
    if (record.timestampMillis() > file.newestTimestampMillis) {
      file.newestTimestampMillis = record.timestampMillis();
      file.newestReadAtMillis = clock.millis();
    }
    if (record.worker() != null) {
      long[] newest =
          workerNewest.computeIfAbsent(record.worker(), w -> new long[] {Long.MIN_VALUE});
      newest[0] = Math.max(newest[0], record.timestampMillis());
    }
    if (record.loggerStartsWith("synapse.access.http")) {
      accessRecord(source);
    } else if (record.loggerIs("synapse.handlers.e2e_keys")) {
      keysRecord(source);
    } else if (record.loggerIs("synapse.http.server")) {
      if (record.messageIndexOf(Ke1Messages.CONFLICT_MARK) >= 0
          && record.messageIndexOf(" already exists") >= 0) {
        Ke1Messages.Conflict conflict = Ke1Messages.conflict(record.message());
        if (conflict == null) {
          unparsedConflict.inc();
        } else {
          join.conflict(
              joinSource(source),
              joinRequest(),
              record.timestampMillis(),
              conflict,
              clock.millis());
        }
      }
    } else if (record.loggerIs("synapse.handlers.delayed_events")) {
      if (record.messageStartsWith("Failed to send delayed event")) {
        delayedSendFailures.inc();
      }
    }
  }

  @Override
  public void tick(long nowMillis) {
    long evictedBefore = join.evicted();
    join.expire(nowMillis);
    joinEvicted.inc(join.evicted() - evictedBefore);
    publish();
    conflictingDevices.expire(logClock, nowMillis);
    deviceClients.expire(nowMillis);
  }

  /** Finishes every pending join now (shutdown, tests, benchmarks). */
  public void flush() {
    join.flush(clock.millis());
    publish();
  }

  private void publish() {
    sources.forEach(
        (label, src) -> {
          String layout = src.parser.layout();
          layouts.put(label, layout);
          src.file.layout(
              layout, src.parser instanceof LayoutDetector detector ? detector.changes() : 0);
          src.file.publish();
          if (src.file.newestTimestampMillis != Long.MIN_VALUE) {
            logClock.advance(label, src.file.newestTimestampMillis);
          }
        });
    workerNewest.forEach((worker, newest) -> logClock.advance(worker, newest[0]));
  }

  /** Which client each device used; the database side adds what devices.user_agent says. */
  public DeviceClients deviceClients() {
    return deviceClients;
  }

  public ConflictingDevices conflictingDevices() {
    return conflictingDevices;
  }

  /** The log's own clock, as of the last tick. */
  public LogClock logClock() {
    return logClock;
  }

  /**
   * The latest conflict of every device whose storm is not yet quiet for the quiet period, measured
   * on the clock of the log it was read from.
   */
  public List<OtkConflict> activeConflicts() {
    return conflictingDevices.active(logClock, quietMillis, clock.millis());
  }

  private void accessRecord(String source) {
    if (!accessParser.parse(record, access)) {
      // Synapse's DEBUG "Received request: GET /..." is a known shape with nothing to count.
      if (record.messageIndexOf(RECEIVED_REQUEST) < 0) {
        unparsedAccess.inc();
      }
      return;
    }
    classifier.classify(access.method(), access.uri());
    Endpoint endpoint = classifier.endpoint();
    accessMetrics.record(
        endpoint,
        access.method(),
        access.status(),
        access.disconnected(),
        access.processingSeconds(),
        access.dbTxnSeconds());
    events.request(
        record.timestampMillis(),
        endpoint,
        access,
        endpoint == Endpoint.SEND_TO_DEVICE ? classifier.toDeviceType() : null,
        classifier.delayedAction());
    switch (endpoint) {
      case KEYS_UPLOAD ->
          join.access(
              joinSource(source),
              joinRequest(),
              record.timestampMillis(),
              access.requesterIsUser() ? access.requester() : null,
              access.status(),
              access.userAgent(),
              clock.millis());
      case SEND_TO_DEVICE ->
          toDevice.labelValues(classifier.toDeviceType(), Integer.toString(access.status())).inc();
      case DELAYED_EVENTS, UPDATE_DELAYED_EVENT ->
          delayed(
              Objects.requireNonNull(
                  classifier.delayedAction(),
                  "the delayed-event endpoints always carry an action"));
      default -> {}
    }
  }

  private void delayed(DelayedAction action) {
    String user = ids.user(access.requesterIsUser() ? access.requester() : null);
    delayedRequests.labelValues(user, action.label(), Integer.toString(access.status())).inc();
    delayedDuration.labelValues(action.label()).observe(Math.max(0, access.processingSeconds()));
    if (access.disconnected()) {
      delayedDisconnects.labelValues(user).inc();
    }
  }

  private void keysRecord(String source) {
    if (record.messageStartsWith(Ke1Messages.ADDING)
        || record.messageStartsWith(Ke1Messages.UPDATING_DEVICE_KEYS)) {
      String[] uploader = Ke1Messages.uploader(record.message());
      if (uploader == null) {
        unparsedUploader.inc();
        return;
      }
      join.uploader(
          joinSource(source),
          joinRequest(),
          record.timestampMillis(),
          uploader[0],
          uploader[1],
          clock.millis());
    } else if (record.messageStartsWith(Ke1Messages.CLAIMED)) {
      int unread =
          Ke1Messages.claims(
              record.message(),
              (user, device) -> claims.labelValues(ids.user(user), ids.device(device)).inc());
      unparsedClaim.inc(unread);
    }
  }

  private void finishUpload(KeyUploadJoin.Pending p, long now) {
    String user = ids.user(p.userId);
    String device = ids.device(p.deviceId);
    ClientRelease client = clientOf(p.userAgent);
    String outcome;
    OtkConflict conflict = null;
    ConflictState state = null;
    if (p.conflictSeen) {
      outcome = "otk_conflict";
      // A conflict always names its algorithm and key id (Ke1Messages.Conflict).
      String algorithm = Objects.requireNonNull(p.algorithm);
      conflicts.labelValues(user, device, algorithm).inc();
      conflict =
          new OtkConflict(
              p.timestampMillis,
              p.source,
              p.request,
              p.userId,
              p.deviceId,
              algorithm,
              Objects.requireNonNull(p.keyId),
              p.valuesDiffer,
              p.storedKeyHash,
              p.uploadedKeyHash);
      state = conflictingDevices.record(conflict, user, device, client);
    } else if (!p.accessSeen) {
      outcome = "incomplete";
    } else {
      outcome = p.status < 400 ? "ok" : "rejected";
    }
    uploads.labelValues(user, device, outcome).inc();
    events.upload(
        new ProgramEvents.FinishedUpload(
            p.timestampMillis,
            p.userId,
            p.deviceId,
            user,
            device,
            outcome,
            client,
            conflict,
            state));
    if (p.userAgent != null && p.userId != null && p.deviceId != null) {
      deviceClients.recordFromLog(user, device, client, now);
    }
  }

  /** A storm sends one agent thousands of times: the last answer is kept for the next upload. */
  private ClientRelease clientOf(@Nullable String userAgent) {
    if (!Objects.equals(userAgent, lastAgent)) {
      lastAgent = userAgent;
      lastClient = ClientRelease.of(userAgent);
    }
    return lastClient;
  }

  /** Request ids are per process: join within one worker (prefix) or file. */
  private String joinSource(String file) {
    return record.worker() != null ? record.worker() : file;
  }

  private String joinRequest() {
    String request = record.request();
    if (request.isEmpty() || "sentinel".equals(request) || "None".equals(request)) {
      // No request context: nothing to join on, so the line stands alone.
      return "anonymous-" + (++anonymousRequests);
    }
    return request;
  }
}
