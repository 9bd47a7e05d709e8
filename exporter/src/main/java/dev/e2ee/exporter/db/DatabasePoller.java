package dev.e2ee.exporter.db;

import dev.e2ee.exporter.config.ExporterConfig;
import dev.e2ee.exporter.domain.DeviceRef;
import dev.e2ee.exporter.source.Source;
import dev.e2ee.exporter.source.SourceStatus;
import dev.e2ee.exporter.support.ErrorText;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
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

  private static final long RECHECK_DISABLED_MILLIS = 3_600_000;
  private static final Set<String> DISABLING_REASONS =
      Set.of("missing_table", "missing_column", "permission_denied");

  private final Vertx vertx;
  private final ExporterConfig.Database config;
  private final ExporterConfig.Devices devices;
  private final Supplier<? extends Collection<DeviceRef>> logNamedDevices;
  private final Map<String, Long> disabledSince = new ConcurrentHashMap<>();
  private final Gauge collectorEnabled;
  private final Gauge collectorLastSuccess;
  private final Gauge watchedDevices;
  private final Gauge activeDevices;
  private final PendingTargets pendingTargets;
  private long lastAggregateMillis = Long.MIN_VALUE;
  private final Pool pool;
  private final Clock clock;
  private final QueryMetrics queryMetrics;
  private final List<DbCollector> collectors = new CopyOnWriteArrayList<>();
  private final PrometheusRegistry registry;
  private final Gauge up;
  private final Gauge lastSuccess;
  private final Gauge pollDuration;
  private final Gauge standby;
  private final Gauge replicaLag;
  private volatile ReplicaStatus replica = ReplicaStatus.PRIMARY;

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
      Vertx vertx,
      ExporterConfig.Database config,
      Pool pool,
      PrometheusRegistry registry,
      Clock clock) {
    this(
        vertx,
        config,
        new ExporterConfig.Devices(7, 500, Duration.ofHours(1)),
        pool,
        registry,
        clock,
        List::of);
  }

  public DatabasePoller(
      Vertx vertx,
      ExporterConfig.Database config,
      ExporterConfig.Devices devices,
      Pool pool,
      PrometheusRegistry registry,
      Clock clock,
      Supplier<? extends Collection<DeviceRef>> logNamedDevices) {
    this.vertx = vertx;
    this.config = config;
    this.devices = devices;
    this.logNamedDevices = logNamedDevices;
    this.pool = pool;
    this.clock = clock;
    this.registry = registry;
    this.queryMetrics = new QueryMetrics(registry);
    up =
        Gauge.builder()
            .name("synapse_e2ee_db_up")
            .help(
                "1 when the last database poll could connect and its session is read-only, else 0.")
            .register(registry);
    lastSuccess =
        Gauge.builder()
            .name("synapse_e2ee_db_last_success_timestamp_seconds")
            .help("Unix time of the last poll round that reached the database.")
            .register(registry);
    pollDuration =
        Gauge.builder()
            .name("synapse_e2ee_db_poll_duration_seconds")
            .help("Wall time of the last complete poll round, all collectors included.")
            .register(registry);
    standby =
        Gauge.builder()
            .name("synapse_e2ee_db_standby")
            .help(
                "1 when the polled database is a hot standby (pg_is_in_recovery()): its answers are as of its replay position.")
            .register(registry);
    replicaLag =
        Gauge.builder()
            .name("synapse_e2ee_db_replica_lag_seconds")
            .help(
                "How far the standby's replay trails: age of its last replayed transaction while WAL it received is not replayed yet (or it streams nothing); 0 when caught up and on a primary.")
            .register(registry);
    collectorEnabled =
        Gauge.builder()
            .name("synapse_e2ee_db_collector_enabled")
            .help(
                "1 while the collector runs; 0 after its table or column was missing or not readable (an older Synapse, missing grants). Rechecked hourly.")
            .labelNames("collector")
            .register(registry);
    collectorLastSuccess =
        Gauge.builder()
            .name("synapse_e2ee_db_collector_last_success_timestamp_seconds")
            .help(
                "Unix time the collector last completed; scrapes serve its cached results, this is their age.")
            .labelNames("collector")
            .register(registry);
    // An exporter that only confirms KE-1 conflicts lists no devices: it does not say 0.
    boolean polls = config.polling().role() == ExporterConfig.DatabaseRole.POLL;
    Gauge.Builder watched =
        Gauge.builder()
            .name("synapse_e2ee_watched_devices")
            .help(
                "Devices with series of their own: named by log findings, then those to-device messages wait for (most first), then seen within devices.active_days, capped at devices.max_devices.");
    watchedDevices = polls ? watched.register(registry) : watched.build();
    Gauge.Builder active =
        Gauge.builder()
            .name("synapse_e2ee_active_devices")
            .help("Non-hidden devices seen within devices.active_days (watched or not).");
    activeDevices = polls ? active.register(registry) : active.build();
    pendingTargets = new PendingTargets(config.polling().aggregateExactMaxRows());
    if (polls) {
      registry.register(pendingTargets);
    }
    up.set(0);
    addCollector(new SchemaVersionCollector(registry));
  }

  /** The server polled, as of the last round's session check. */
  public ReplicaStatus replica() {
    return replica;
  }

  /** Adds a collector to every round; one that also serves metrics is registered with them here. */
  public void addCollector(DbCollector collector) {
    collectors.add(collector);
    collectorEnabled.labelValues(collector.name()).set(1);
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
              return checkSession(connection)
                  .compose(ignored -> watched(connection))
                  .compose(context -> runCollectors(connection, context))
                  .eventually(
                      () -> {
                        inFlight = null;
                        return connection.close();
                      });
            })
        .map(
            ignored -> {
              up.set(1);
              lastSuccessAt = clock.instant();
              lastSuccess.set(lastSuccessAt.toEpochMilli() / 1000.0);
              pollDuration.set((System.nanoTime() - started) / 1e9);
              if (state != SourceStatus.State.UP) {
                LOG.info(
                    "database {}:{}/{} reachable, read-only session confirmed",
                    config.host(),
                    config.port(),
                    config.name());
              }
              state = SourceStatus.State.UP;
              ReplicaStatus server = replica;
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
              up.set(0);
              String reason =
                  error instanceof NotReadOnlyException
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

  private Future<Void> checkSession(SqlClient client) {
    // statement_timeout is enforced by the server; a server (or a proxy in front of it)
    // that accepts the connection and then says nothing needs a client-side limit too.
    long limitMs = config.connectTimeout().toMillis() + config.statementTimeout().toMillis();
    return queryMetrics
        .time(
            "session",
            () ->
                client
                    .query(
                        "SELECT current_setting('transaction_read_only') AS read_only, "
                            + ReplicaStatus.COLUMNS)
                    .execute()
                    .timeout(limitMs, TimeUnit.MILLISECONDS))
        .compose(
            rows -> {
              Row row = rows.iterator().next();
              // Belt and braces: the startup packet asked for read-only; refuse to go on if a
              // pooler or server setting overrode it.
              if (!"on".equals(row.getString("read_only"))) {
                return Future.failedFuture(new NotReadOnlyException());
              }
              ReplicaStatus now = ReplicaStatus.from(row);
              if (now.standby() != replica.standby()) {
                LOG.info("database {}: {}", config.name(), now.describe());
              }
              replica = now;
              standby.set(now.standby() ? 1 : 0);
              replicaLag.set(now.lagSeconds());
              return Future.succeededFuture();
            });
  }

  private Future<PollContext> watched(SqlClient client) {
    long now = clock.millis();
    if (config.polling().role() == ExporterConfig.DatabaseRole.CONFIRM) {
      // Confirming only: no device list, no aggregates; the confirmer names its own devices.
      return Future.succeededFuture(new PollContext(List.of(), now, false));
    }
    boolean aggregatesDue =
        lastAggregateMillis == Long.MIN_VALUE
            || now - lastAggregateMillis >= config.polling().aggregateInterval().toMillis();
    // The devices messages wait for are a whole-table read: found again with the aggregates.
    Future<PendingTargets.Found> targets =
        aggregatesDue
            ? pendingTargets.refresh(client, queryMetrics, devices.maxDevices())
            : Future.succeededFuture(pendingTargets.last());
    return targets
        .compose(
            found ->
                WatchedDevicesQuery.run(
                    client,
                    queryMetrics,
                    now,
                    devices.activeDays(),
                    devices.maxDevices(),
                    logNamedDevices.get(),
                    found.mostPendingFirst()))
        .map(
            result -> {
              pendingTargets.watched(result.watched());
              watchedDevices.set(result.watched().size());
              activeDevices.set((double) result.activeDevices());
              return new PollContext(result.watched(), now, aggregatesDue);
            })
        .otherwise(
            error -> {
              // Without the device list only the per-device collectors go without; the rest still
              // run.
              LOG.debug("watched devices query failed: {}", ErrorText.describe(error));
              return new PollContext(List.of(), now, aggregatesDue);
            });
  }

  private Future<Void> runCollectors(SqlClient client, PollContext context) {
    if (context.aggregatesDue()) {
      lastAggregateMillis = context.nowMillis();
    }
    Future<Void> chain = Future.succeededFuture();
    for (DbCollector collector : collectors) {
      if ((collector.aggregate() && !context.aggregatesDue())
          || !enabled(collector, context.nowMillis())) {
        continue;
      }
      // Sequential on purpose: a pool of at most two connections, and a homeserver
      // database that should never feel the exporter.
      chain =
          chain.compose(
              ignored ->
                  collector
                      .poll(client, queryMetrics, context)
                      .timeout(
                          config.statementTimeout().toMillis() * 4
                              + config.connectTimeout().toMillis(),
                          TimeUnit.MILLISECONDS)
                      .map(
                          done -> {
                            collectorLastSuccess
                                .labelValues(collector.name())
                                .set(clock.millis() / 1000.0);
                            return (Void) null;
                          })
                      .otherwise(
                          error -> {
                            failed(collector, error, context.nowMillis());
                            return null;
                          }));
    }
    return chain;
  }

  private boolean enabled(DbCollector collector, long now) {
    Long since = disabledSince.get(collector.name());
    if (since == null) {
      return true;
    }
    if (now - since < RECHECK_DISABLED_MILLIS) {
      return false;
    }
    disabledSince.remove(collector.name()); // an upgrade or a GRANT may have fixed it: try again
    collectorEnabled.labelValues(collector.name()).set(1);
    return true;
  }

  private void failed(DbCollector collector, Throwable error, long now) {
    String reason = QueryErrors.reason(error);
    if (DISABLING_REASONS.contains(reason)) {
      disabledSince.put(collector.name(), now);
      collectorEnabled.labelValues(collector.name()).set(0);
      LOG.warn(
          "collector {} switched off ({}): {}; the other collectors keep running, retry in 1h",
          collector.name(),
          reason,
          ErrorText.describe(error));
    } else {
      LOG.debug(
          "collector {} failed ({}): {}", collector.name(), reason, ErrorText.describe(error));
    }
  }

  private Duration nextRetry() {
    Duration delay = retryDelay;
    Duration doubled = retryDelay.multipliedBy(2);
    retryDelay = doubled.compareTo(config.pollInterval()) > 0 ? config.pollInterval() : doubled;
    return delay;
  }

  /** The server let the session write: something overrode default_transaction_read_only. */
  static final class NotReadOnlyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotReadOnlyException() {
      super("the database session is not read-only; refusing to poll");
    }
  }
}
