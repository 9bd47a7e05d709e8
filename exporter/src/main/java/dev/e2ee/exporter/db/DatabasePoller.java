package dev.e2ee.exporter.db;

import dev.e2ee.exporter.config.DatabaseConfig;
import dev.e2ee.exporter.config.DevicesConfig;
import dev.e2ee.exporter.domain.DeviceRef;
import dev.e2ee.exporter.source.Source;
import dev.e2ee.exporter.source.SourceStatus;
import dev.e2ee.exporter.support.ErrorText;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls the database on its own schedule - never on scrape - so a slow database slows nothing but
 * the freshness of the DB metrics. Each round first checks the session (up, and really read-only),
 * then runs every collector; one failing collector costs only its own metrics. While the database
 * is down, retries back off from one second to the poll interval.
 */
public final class DatabasePoller implements Source {
  private static final Logger LOG = LoggerFactory.getLogger(DatabasePoller.class);
  private static final Duration FIRST_RETRY = Duration.ofSeconds(1);

  private final Vertx vertx;
  private final DatabaseConfig config;
  private final Pool pool;
  private final Clock clock;
  private final QueryMetrics queryMetrics;
  private final PrometheusRegistry registry;
  private final PollerMetrics metrics;
  private final CollectorRounds rounds;
  private final SessionCheck session;
  private final @Nullable DeviceListing listing;

  private volatile SourceStatus.State state = SourceStatus.State.STARTING;
  private volatile String detail = "first poll pending";
  private volatile @Nullable Instant lastSuccessAt;
  private volatile boolean closed;

  /**
   * The connection of the round in progress: what stop() cancels, so no query outlives us on the
   * server.
   */
  private volatile @Nullable PgConnection inFlight;

  private Duration retryDelay = FIRST_RETRY;
  private long timerId = -1;

  /** A poller with only the session check and the schema version (tests of the poller itself). */
  DatabasePoller(
      Vertx vertx, DatabaseConfig config, Pool pool, PrometheusRegistry registry, Clock clock) {
    this(vertx, config, DevicesConfig.DEFAULTS, pool, registry, clock, List::of);
  }

  public DatabasePoller(
      Vertx vertx,
      DatabaseConfig config,
      DevicesConfig devices,
      Pool pool,
      PrometheusRegistry registry,
      Clock clock,
      Supplier<? extends Collection<DeviceRef>> logNamedDevices) {
    this.vertx = vertx;
    this.config = config;
    this.pool = pool;
    this.clock = clock;
    this.registry = registry;
    this.queryMetrics = new QueryMetrics(registry);
    // An exporter that only confirms KE-1 conflicts lists no devices: it does not say 0.
    boolean polls = config.polling().role().listsDevices();
    metrics = new PollerMetrics(registry, polls);
    session = new SessionCheck(config, metrics, queryMetrics);
    rounds =
        new CollectorRounds(
            metrics, queryMetrics, clock, config.connectTimeout(), config.statementTimeout());
    if (polls) {
      PendingTargets pendingTargets = new PendingTargets(config.polling().aggregateExactMaxRows());
      registry.register(pendingTargets);
      listing =
          new DeviceListing(
              devices,
              config.polling().aggregateInterval(),
              logNamedDevices,
              pendingTargets,
              metrics,
              queryMetrics);
    } else {
      listing = null;
    }
    addCollector(new SchemaVersionCollector(registry), CollectorRegistry.Scope.EVERY_ROUND);
  }

  /** The server polled, as of the last round's session check. */
  public ReplicaStatus replica() {
    return session.replica();
  }

  /**
   * Builds and adds every collector of the registry that this exporter's role runs, in registry
   * order; returns them for the side that reads their results.
   */
  public RunningCollectors addRegistered(CollectorInputs inputs) {
    List<DbCollector> built = new ArrayList<>();
    for (CollectorRegistry.Entry entry : CollectorRegistry.forRole(config.polling().role())) {
      DbCollector collector = entry.factory().apply(inputs);
      addCollector(collector, entry.scope());
      built.add(collector);
    }
    return new RunningCollectors(built);
  }

  /** Adds one collector, running every round whatever it reads (tests of one collector). */
  void addCollector(DbCollector collector) {
    addCollector(collector, CollectorRegistry.Scope.EVERY_ROUND);
  }

  /** Adds a collector to the rounds; one that also serves metrics is registered with them here. */
  private void addCollector(DbCollector collector, CollectorRegistry.Scope scope) {
    rounds.add(collector, scope);
    if (collector instanceof MultiCollector exposed) {
      registry.register(exposed);
    }
  }

  public void start() {
    schedule(Duration.ZERO);
  }

  @Override
  public String name() {
    return "database";
  }

  @Override
  public SourceStatus status() {
    return new SourceStatus(
        name(),
        state,
        config.user() + "@" + config.host() + ":" + config.port() + "/" + config.name(),
        detail,
        Optional.ofNullable(lastSuccessAt));
  }

  /**
   * Stops polling. A query still running (waiting on a lock, say) is cancelled on the server with
   * PostgreSQL's cancel request, so it neither holds its place in a lock queue nor delays the
   * exporter's exit.
   */
  @Override
  public void close() {
    closed = true;
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
    }
    PgConnection running = inFlight;
    if (running != null) {
      try {
        running.cancelRequest().await(1, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warn("could not cancel the running database query: {}", ErrorText.describe(e));
      }
    }
    try {
      pool.close().await(1, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      LOG.warn("database pool did not close within 1 s");
    }
  }

  private void schedule(Duration delay) {
    if (closed) {
      return;
    }
    timerId =
        vertx.setTimer(
            Math.max(1, delay.toMillis()),
            id ->
                pollOnce()
                    .onComplete(
                        done ->
                            schedule(
                                done.succeeded() && done.result()
                                    ? config.pollInterval()
                                    : nextRetry())));
  }

  /** One round; completes with true when the database was reachable. Never fails. */
  public Future<Boolean> pollOnce() {
    long started = System.nanoTime();
    long limitMs = config.connectTimeout().toMillis() + config.statementTimeout().toMillis();
    // One connection for the whole round (the queries run one after another anyway), held
    // where close() can cancel what it is running.
    return queryMetrics
        .time("connect", () -> pool.getConnection().timeout(limitMs, TimeUnit.MILLISECONDS))
        .compose(
            connection -> {
              inFlight = PgConnection.cast(connection);
              return session
                  .check(connection)
                  .compose(ignored -> watched(connection))
                  .compose(context -> rounds.run(connection, context))
                  .eventually(
                      () -> {
                        inFlight = null;
                        return connection.close();
                      });
            })
        .map(
            ignored -> {
              metrics.up.set(1);
              lastSuccessAt = clock.instant();
              metrics.lastSuccess.set(lastSuccessAt.toEpochMilli() / 1000.0);
              metrics.pollDuration.set((System.nanoTime() - started) / 1e9);
              if (state != SourceStatus.State.UP) {
                LOG.info(
                    "database {}:{}/{} reachable, read-only session confirmed",
                    config.host(),
                    config.port(),
                    config.name());
              }
              state = SourceStatus.State.UP;
              ReplicaStatus server = session.replica();
              detail =
                  "polling every "
                      + config.pollInterval().toSeconds()
                      + "s"
                      + (server.standby() ? "; " + server.describe() : "");
              retryDelay = FIRST_RETRY;
              return true;
            })
        .otherwise(
            error -> {
              metrics.up.set(0);
              String reason =
                  error instanceof SessionCheck.NotReadOnlyException
                      ? "session_not_read_only"
                      : QueryErrors.reason(error);
              if (state != SourceStatus.State.DOWN || !detail.startsWith(reason)) {
                LOG.warn(
                    "database {}:{}/{} unavailable ({}): {}; retrying with backoff",
                    config.host(),
                    config.port(),
                    config.name(),
                    reason,
                    ErrorText.describe(error));
              }
              state = SourceStatus.State.DOWN;
              detail = reason + ": " + ErrorText.describe(error);
              return false;
            });
  }

  private Future<PollContext> watched(SqlClient client) {
    long now = clock.millis();
    DeviceListing devices = listing;
    if (devices == null) {
      // Confirming only: no device list, no aggregates; the confirmer names its own devices.
      return Future.succeededFuture(new PollContext(List.of(), now, false));
    }
    return devices.next(client, now);
  }

  private Duration nextRetry() {
    Duration delay = retryDelay;
    Duration doubled = retryDelay.multipliedBy(2);
    retryDelay = doubled.compareTo(config.pollInterval()) > 0 ? config.pollInterval() : doubled;
    return delay;
  }
}
