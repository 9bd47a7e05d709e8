package dev.e2ee.exporter.runtime;

import dev.e2ee.exporter.capture.AlertCapture;
import dev.e2ee.exporter.capture.CaptureStore;
import dev.e2ee.exporter.config.ExporterConfig;
import dev.e2ee.exporter.config.ListenerExposure;
import dev.e2ee.exporter.console.CaptureCommandLine;
import dev.e2ee.exporter.console.Console;
import dev.e2ee.exporter.console.ConsoleEvents;
import dev.e2ee.exporter.console.DeviceHistory;
import dev.e2ee.exporter.console.Links;
import dev.e2ee.exporter.console.LiveQ4;
import dev.e2ee.exporter.diagnosis.DecisionTree;
import dev.e2ee.exporter.diagnosis.DiagnosisService;
import dev.e2ee.exporter.diagnosis.Findings;
import dev.e2ee.exporter.evidence.Evidence;
import dev.e2ee.exporter.http.HttpApi;
import dev.e2ee.exporter.http.StatusModel;
import dev.e2ee.exporter.log.program.LogProgram;
import dev.e2ee.exporter.metrics.BoundedMetrics;
import dev.e2ee.exporter.metrics.BuildInfo;
import dev.e2ee.exporter.metrics.HomeserverInfo;
import dev.e2ee.exporter.metrics.IdentityLabels;
import dev.e2ee.exporter.metrics.SelfMetrics;
import dev.e2ee.exporter.probe.HealthProbe;
import dev.e2ee.exporter.source.Source;
import dev.e2ee.exporter.source.SourceStatus;
import dev.e2ee.exporter.support.ErrorText;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running sidecar: wires the sources, metrics and HTTP listener together from one config, and
 * takes them down again in the reverse order.
 */
public final class Exporter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Exporter.class);
  private static final long STOP_BUDGET_MS = 4_000;

  private final ExporterConfig config;
  private final Clock clock;
  private final Map<String, String> environment;
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final List<Source> sources = new ArrayList<>();
  private final BuildInfo build = BuildInfo.current();
  private @Nullable Vertx vertx;
  private @Nullable HttpApi http;
  private @Nullable AlertCapture capture;
  private final IdentityLabels ids;
  private LogSide log = new LogSide.Off();
  private DatabaseSide database = new DatabaseSide.Off();
  private int port;
  private Optional<Path> configFile = Optional.empty();
  private boolean closed;

  public Exporter(ExporterConfig config, Clock clock, Map<String, String> environment) {
    this.config = config;
    this.clock = clock;
    this.environment = environment;
    this.ids = new IdentityLabels(config.labels());
  }

  /** The file the config came from, for the console's ready-to-paste capture command. */
  public Exporter configFile(Path file) {
    this.configFile = Optional.of(file.toAbsolutePath());
    return this;
  }

  /** The verdicts, registered and re-evaluated every 5 s (with the console's backlog history). */
  private DiagnosisService startDiagnosis(Vertx vertx, DeviceHistory history) {
    DiagnosisService diagnosis =
        new DiagnosisService(
            new DecisionTree(
                config.diagnosis().quietPeriod().toMillis(),
                config.diagnosis().backlogStall().toMillis()),
            this::evidence,
            ids,
            clock);
    registry.register(diagnosis);
    diagnosis.refresh();
    vertx.setPeriodic(
        5_000,
        id ->
            vertx.executeBlocking(
                () -> {
                  diagnosis.refresh();
                  recordBacklogs(history);
                  return null;
                },
                false));
    return diagnosis;
  }

  /**
   * Starts everything; returns the bound HTTP port. A DB that is down does not stop it. The
   * listener is bound first, so that {@code /-/healthy} answers while the sources are wired (with a
   * backlog the tailer would otherwise compete with it); the other routes answer 503 until then.
   */
  public int start() {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(4));
    this.vertx = vertx;
    HttpApi http = new HttpApi(vertx, config.listen(), registry);
    this.http = http;
    try {
      port = http.start().await(10, TimeUnit.SECONDS);
      http.answerOnce(port);
      wire(vertx, http);
    } catch (Exception e) {
      close();
      throw e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
    }
    LOG.info(
        "synapse-e2ee-exporter {} listening on {}://{}:{}/",
        build.version(),
        config.listen().tls().isPresent() ? "https" : "http",
        config.listen().hostAsBound(),
        port);
    ListenerExposure.warning(config).ifPresent(LOG::warn);
    return port;
  }

  /** The metrics, the sources, the verdicts and the console, then every route of the listener. */
  private void wire(Vertx vertx, HttpApi http) {
    SelfMetrics self = new SelfMetrics(registry, build);
    ids.register(registry);
    HomeserverInfo.register(registry, config);
    BoundedMetrics boundedMetrics = new BoundedMetrics(registry, clock);
    long expiryEvery = Math.max(1_000, config.devices().seriesIdleTtl().toMillis() / 4);
    vertx.setPeriodic(expiryEvery, id -> vertx.executeBlocking(boundedMetrics::expireIdle, false));

    DeviceHistory history =
        new DeviceHistory(
            config.devices().maxDevices(), config.diagnosis().quietPeriod().toMillis());
    LiveQ4 q4 = new LiveQ4();
    // Per-device state both sides fill, built once here.
    DeviceTables tables = new DeviceTables(config.devices(), registry, boundedMetrics);
    // The log first: the database side watches the devices the log names.
    ConsoleEvents events = new ConsoleEvents(history, q4, clock);
    Supplier<LogProgram> program =
        () ->
            new LogProgram(config, registry, boundedMetrics, clock, ids, events, tables.clients());
    log = LogSide.start(config.logs(), registry, clock, program);
    database =
        DatabaseSide.start(
            config, vertx, environment, registry, boundedMetrics, clock, ids, log, tables);
    sources.add(database.source());
    sources.add(log.source());
    HealthProbe probe = HealthProbe.start(vertx, config.synapse().health(), registry, clock);
    if (probe != null) {
      sources.add(probe); // a frozen homeserver: KE-4's load that its latency does not show
    }

    DiagnosisService diagnosis = startDiagnosis(vertx, history);
    DeviceOwnView ownView = new DeviceOwnView(diagnosis::latest, registry, ids);
    AlertCapture capture =
        new AlertCapture(config, ownView::resolve, ownView, environment, registry, clock);
    this.capture = capture;
    http.serve(
        registry,
        self,
        new HttpApi.Sources(
            statusModel(diagnosis, history, q4, capture, probe),
            diagnosis::latest,
            this::findings,
            capture),
        clock);
  }

  /** What the landing page and the status endpoints show, the console's parts wired up. */
  private StatusModel statusModel(
      DiagnosisService diagnosis,
      DeviceHistory history,
      LiveQ4 q4,
      AlertCapture capture,
      @Nullable HealthProbe probe) {
    Instant startedAt = clock.instant();
    Console console =
        new Console(
            diagnosis::needingAttention,
            this::evidence,
            this::sourceStatuses,
            startedAt,
            history,
            q4,
            ProbeReadings.of(probe),
            new Links(config.ui(), config.synapse().serverName()),
            new CaptureCommandLine(
                CaptureCommandLine.runningJar(), configFile, config.capture().directory()),
            ids,
            clock);
    return new StatusModel(
        build,
        startedAt,
        this::sourceStatuses,
        console::snapshot,
        this::findings,
        () -> capture.store().map(CaptureStore::list).orElse(List.of()),
        (int) config.ui().refresh().toSeconds());
  }

  /**
   * The messages waiting per watched device into the console's history - only when the database
   * answered within the last two polls, so that a stale figure is never drawn as observed.
   */
  private void recordBacklogs(DeviceHistory history) {
    long now = clock.millis();
    SourceStatus db = database.source().status();
    long fresh = 2 * config.database().pollInterval().toMillis();
    boolean current =
        db.state() == SourceStatus.State.UP
            && db.lastSuccess().map(t -> now - t.toEpochMilli() <= fresh).orElse(false);
    if (current) {
      database
          .inbox()
          .forEach((device, backlog) -> history.pending(device, backlog.pending(), now));
    }
    history.expire(now);
  }

  /** What the decision tree looks at now; parts whose source is off are empty. */
  private Evidence evidence() {
    return new Evidence(
        database.keys(),
        database.inbox(),
        database.confirmations(),
        log.conflictingDevices(),
        database.staleTargets(),
        log.clock(),
        database.databaseTime());
  }

  private Findings findings() {
    return new Findings(
        log.recentConflicts(), database.eventsWithoutAlgorithm(), database.staleTargets());
  }

  public PrometheusRegistry registry() {
    return registry;
  }

  public int port() {
    return port;
  }

  public List<SourceStatus> sourceStatuses() {
    return sources.stream().map(Source::status).toList();
  }

  /** Graceful stop: HTTP first (no half-answered scrapes), then sources, then Vert.x. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    long deadline = System.currentTimeMillis() + STOP_BUDGET_MS;
    if (http != null) {
      try {
        http.stop().await(remaining(deadline), TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        LOG.warn("HTTP listener did not stop cleanly: {}", ErrorText.describe(e));
      }
    }
    if (capture != null) {
      capture.close();
    }
    for (Source source : sources) {
      try {
        source.close();
      } catch (RuntimeException e) {
        LOG.warn("source {} did not stop cleanly: {}", source.name(), ErrorText.describe(e));
      }
    }
    if (vertx != null) {
      try {
        vertx.close().await(remaining(deadline), TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        LOG.warn("Vert.x did not stop within the budget: {}", ErrorText.describe(e));
      }
    }
  }

  private static long remaining(long deadline) {
    return Math.max(100, deadline - System.currentTimeMillis());
  }
}
