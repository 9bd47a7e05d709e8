package dev.e2ee.exporter.log.program;

import dev.e2ee.exporter.config.ExporterConfig;
import dev.e2ee.exporter.domain.OtkConflict;
import dev.e2ee.exporter.evidence.LogClock;
import dev.e2ee.exporter.log.parse.AccessLine;
import dev.e2ee.exporter.log.parse.DelayedAction;
import dev.e2ee.exporter.log.parse.Endpoint;
import dev.e2ee.exporter.log.parse.LogRecord;
import dev.e2ee.exporter.log.parse.ParseOutcome;
import dev.e2ee.exporter.log.parse.RecordParser;
import dev.e2ee.exporter.log.parse.RecordParsers;
import dev.e2ee.exporter.log.pipeline.ParsedLineSink;
import dev.e2ee.exporter.log.pipeline.RecordStep;
import dev.e2ee.exporter.metrics.BoundedMetrics;
import dev.e2ee.exporter.metrics.DeviceClients;
import dev.e2ee.exporter.metrics.IdentityLabels;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the exporter does with each log line, in the manner of an mtail program: parse the record,
 * pick the few loggers that matter with cheap prefix checks, and count. Access lines feed request
 * metrics and the KE-2/KE-4 counters; the {@code e2e_keys}, {@code http.server} and access lines of
 * one key upload are joined for KE-1. Runs on the tailer thread only.
 */
public final class LogProgram implements ParsedLineSink {
  private final LogRecord ownRecord = new LogRecord();

  /** The record being processed: the program's own, or one a caller parsed (see process). */
  private LogRecord record = ownRecord;

  /** The facts of a record no worker read ahead: reused, like {@link #ownRecord}. */
  private final RecordFacts ownFacts = new RecordFacts();

  private final Clock clock;
  private final IdentityLabels ids;
  private final ProgramEvents events;
  private final AccessMetrics accessMetrics;
  private final KeyEventMetrics keyEvents;
  private final ProgramSources sources;
  private final long quietMillis;
  private final KeyUploadLines keyUploads;
  private final ConflictingDevices conflictingDevices;
  private final DeviceClients deviceClients;
  private final CounterDataPoint unparsedAccess;

  /** With the label mapping the rest of the exporter uses (one cache for log and database side). */
  public LogProgram(
      ExporterConfig config,
      PrometheusRegistry registry,
      BoundedMetrics bounded,
      Clock clock,
      IdentityLabels ids) {
    this(
        config,
        registry,
        bounded,
        clock,
        ids,
        ProgramEvents.NONE,
        DeviceClients.registered(config.devices(), registry, bounded));
  }

  /**
   * @param events told of every finished request and key upload, for a caller that keeps more than
   *     the metrics do (replay's per-minute report)
   * @param deviceClients the per-device client table, shared with the database side (which fills it
   *     from {@code devices.user_agent} for devices the log has not attributed)
   */
  public LogProgram(
      ExporterConfig config,
      PrometheusRegistry registry,
      BoundedMetrics bounded,
      Clock clock,
      IdentityLabels ids,
      ProgramEvents events,
      DeviceClients deviceClients) {
    this.clock = clock;
    this.ids = ids;
    this.events = events;
    this.quietMillis = config.diagnosis().quietPeriod().toMillis();
    PipelineMetrics pipeline = new PipelineMetrics(registry);
    this.sources = new ProgramSources(config, clock, pipeline);
    this.accessMetrics = new AccessMetrics(registry);
    this.keyEvents = new KeyEventMetrics(config.devices(), registry, bounded);
    int cap = config.devices().maxDevices();
    Duration ttl = config.devices().seriesIdleTtl();
    conflictingDevices =
        new ConflictingDevices(
            cap, ttl.toMillis(), quietMillis, bounded.refusalsFor(ConflictingDevices.METRIC, ttl));
    registry.register(conflictingDevices);
    this.deviceClients = deviceClients;
    unparsedAccess = pipeline.unparsed("access");
    UploadOutcomes outcomes =
        new UploadOutcomes(ids, keyEvents, conflictingDevices, deviceClients, events);
    keyUploads = new KeyUploadLines(outcomes, keyEvents, pipeline, ids, clock);
  }

  /** The layout of each file as detected (or configured) at the last tick. */
  public Map<String, String> layouts() {
    return sources.layouts();
  }

  @Override
  public void accept(String source, String line) {
    ProgramSources.Source src = sources.source(source, null);
    processIn(src, source, line, src.parser.parse(line, ownRecord), ownRecord, src.parser, null);
  }

  @Override
  public @Nullable RecordParser statelessParserFor(String source) {
    RecordParser parser = sources.parserOf(source);
    return parser == null ? null : parser.statelessCopy();
  }

  @Override
  public RecordStep recordStep() {
    return RecordFacts.STEP;
  }

  @Override
  public void accept(
      String source,
      String line,
      @Nullable String parsedAs,
      @Nullable ParseOutcome parsed,
      LogRecord record,
      @Nullable Object facts) {
    ProgramSources.Source src = sources.source(source, null);
    RecordParser p = src.parser;
    if (parsed != null && parsedAs != null && p.adopt(parsedAs, parsed)) {
      processIn(src, source, line, parsed, record, p, facts);
    } else {
      // Parsed again here: what the worker read from its record may not be this record's.
      processIn(src, source, line, p.parse(line, record), record, p, null);
    }
  }

  /**
   * One line that the caller already parsed with a parser from {@link RecordParsers#forLayout}:
   * replay reads a record's time to merge several files before the program sees it, and parses it
   * only once.
   */
  public void process(
      String source, String line, ParseOutcome outcome, LogRecord parsed, RecordParser parsedBy) {
    process(source, line, outcome, parsed, parsedBy, null);
  }

  /**
   * As above, with what {@link #recordStep} worked out ahead from {@code parsed} (null: nothing,
   * worked out here).
   */
  public void process(
      String source,
      String line,
      ParseOutcome outcome,
      LogRecord parsed,
      RecordParser parsedBy,
      @Nullable Object facts) {
    processIn(sources.source(source, parsedBy), source, line, outcome, parsed, parsedBy, facts);
  }

  private void processIn(
      ProgramSources.Source src,
      String source,
      String line,
      ParseOutcome outcome,
      LogRecord parsed,
      RecordParser parsedBy,
      @Nullable Object ahead) {
    record = parsed;
    PipelineMetrics.File file = src.file;
    if (outcome != ParseOutcome.RECORD) {
      // Filled for every outcome when the file is first seen.
      Objects.requireNonNull(
              file.skipped.get(src.continuation.classify(parsedBy.synapseText(line), outcome)))
          .inc();
      return;
    }
    sources.recorded(src, parsed);
    RecordFacts facts = ahead instanceof RecordFacts f ? f : ownFacts.read(parsed);
    switch (facts.kind) {
      case ACCESS -> accessRecord(source, facts);
      case ACCESS_UNPARSED -> unparsedAccess.inc();
      case UPLOADER ->
          keyUploads.uploader(
              source,
              record,
              facts.request,
              Objects.requireNonNull(facts.uploader, "an uploader line's ids"));
      case CLAIMS -> keyUploads.claims(facts.claims, facts.unreadClaims);
      case CONFLICT ->
          keyUploads.conflict(
              source,
              record,
              facts.request,
              Objects.requireNonNull(facts.conflict, "a conflict line's key"));
      case UPLOADER_UNPARSED, CONFLICT_UNPARSED -> keyUploads.unparsed(facts.kind);
      case DELAYED_SEND_FAILURE -> keyEvents.delayedSendFailure();
      case ACCESS_RECEIVED, OTHER -> {}
    }
  }

  @Override
  public void tick(long nowMillis) {
    keyUploads.expire(nowMillis);
    sources.publish();
    conflictingDevices.expire(sources.logClock(), nowMillis);
    deviceClients.expire(nowMillis);
  }

  /** Finishes every pending join now (shutdown, tests, benchmarks). */
  public void flush() {
    keyUploads.flush();
    sources.publish();
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
    return sources.logClock();
  }

  /**
   * The latest conflict of every device whose storm is not yet quiet for the quiet period, measured
   * on the clock of the log it was read from.
   */
  public List<OtkConflict> activeConflicts() {
    return conflictingDevices.active(sources.logClock(), quietMillis, clock.millis());
  }

  private void accessRecord(String source, RecordFacts facts) {
    AccessLine access = Objects.requireNonNull(facts.access, "an access line's fields");
    Endpoint endpoint = facts.endpoint;
    accessMetrics.record(
        endpoint,
        access.method(),
        access.status(),
        access.disconnected(),
        access.processingSeconds(),
        access.dbTxnSeconds());
    if (events != ProgramEvents.NONE) {
      events.request(
          new ProgramEvents.CountedRequest(
              record.timestampMillis(),
              endpoint,
              access,
              endpoint == Endpoint.SEND_TO_DEVICE ? facts.toDeviceType : null,
              facts.delayedAction));
    }
    switch (endpoint) {
      case KEYS_UPLOAD -> keyUploads.access(source, record, facts.request, access, facts.userAgent);
      case SEND_TO_DEVICE -> keyEvents.toDevice(facts.toDeviceType, access.status());
      case DELAYED_EVENTS, UPDATE_DELAYED_EVENT ->
          delayed(
              access,
              Objects.requireNonNull(
                  facts.delayedAction, "the delayed-event endpoints always carry an action"));
      default -> {}
    }
  }

  private void delayed(AccessLine access, DelayedAction action) {
    String user = ids.user(access.requesterIsUser() ? access.requester() : null);
    keyEvents.delayed(
        user, action, access.status(), access.processingSeconds(), access.disconnected());
  }
}
