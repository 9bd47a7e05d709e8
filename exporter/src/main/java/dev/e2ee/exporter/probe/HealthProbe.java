package dev.e2ee.exporter.probe;

import dev.e2ee.exporter.config.HealthProbeConfig;
import dev.e2ee.exporter.source.Source;
import dev.e2ee.exporter.source.SourceStatus;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;

/**
 * Asks Synapse's {@code /health} every {@code synapse.health_interval} whether it answers within
 * {@code synapse.health_timeout}. A homeserver whose reactor is blocked (frozen, swapping, a long
 * synchronous task) logs nothing while it lasts, and its access lines leave the blocked time out of
 * the processing time, so neither the log nor Synapse's own latency shows it; a probe from outside
 * does: it times out. The alert rules count a failing or slow probe as homeserver load for KE-4.
 */
public final class HealthProbe implements Source {
  /** Why a probe failed: the values of the failures counter's {@code reason} label. */
  static final String TIMEOUT = "timeout";

  static final String CONNECT = "connect";
  static final String STATUS = "status";
  static final String ERROR = "error";

  private final Vertx vertx;
  private final URI url;
  private final HealthProbeConfig config;
  private final Clock clock;
  private final HttpClient http;
  private final Histogram duration;
  private final Counter failures;
  private final long timerId;
  private volatile SourceStatus.State state = SourceStatus.State.STARTING;
  private volatile String detail = "first probe pending";
  private volatile @Nullable Instant lastSuccess;

  /** How far back {@link #latest()} counts failed probes: the console's Q4 window. */
  public static final long FAILURE_WINDOW_MILLIS = 15 * 60_000L;

  /** When recent probes failed, oldest first; at most one per interval within the window. */
  private final ArrayDeque<Long> failureTimes = new ArrayDeque<>();

  private volatile @Nullable Reading latest;

  /**
   * The latest probe for the console's Q4 panel.
   *
   * @param latencySeconds how long it took to answer, NaN when it failed
   * @param failuresInWindow probes that failed within {@link #FAILURE_WINDOW_MILLIS}
   */
  public record Reading(
      String target, double latencySeconds, long failuresInWindow, long atMillis) {}

  /** The probe on its way, cancelled on close so that no request outlives the exporter. */
  private volatile @Nullable CompletableFuture<?> inFlight;

  private HealthProbe(
      Vertx vertx, URI url, HealthProbeConfig config, PrometheusRegistry registry, Clock clock) {
    this.vertx = vertx;
    this.url = url;
    this.config = config;
    this.clock = clock;
    this.http = client(config);
    duration =
        Histogram.builder()
            .name("synapse_e2ee_synapse_health_probe_duration_seconds")
            .help(
                "Time Synapse took to answer the exporter's probe of synapse.health_url (answered probes; the others count in synapse_e2ee_synapse_health_probe_failures_total). A frozen homeserver shows here and there, not in its own latency.")
            .classicOnly()
            .classicUpperBounds(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10)
            .register(registry);
    failures =
        Counter.builder()
            .name("synapse_e2ee_synapse_health_probe_failures")
            .help(
                "Probes of synapse.health_url that failed, by reason: timeout (no answer within synapse.health_timeout), connect (refused, unreachable), status (an answer other than 200), error.")
            .labelNames("reason")
            .register(registry);
    for (String reason : new String[] {TIMEOUT, CONNECT, STATUS, ERROR}) {
      failures.labelValues(reason);
    }
    timerId = vertx.setPeriodic(1, config.interval().toMillis(), id -> probe());
  }

  /** Starts probing at once, then every interval; null when no URL is configured. */
  public static @Nullable HealthProbe start(
      Vertx vertx, HealthProbeConfig config, PrometheusRegistry registry, Clock clock) {
    return config
        .url()
        .map(url -> new HealthProbe(vertx, url, config, registry, clock))
        .orElse(null);
  }

  private void probe() {
    long started = System.nanoTime();
    inFlight =
        http.sendAsync(request(url, config.timeout()), HttpResponse.BodyHandlers.discarding())
            .whenComplete(
                (response, error) -> {
                  Outcome o = outcome(response, error, (System.nanoTime() - started) / 1e9, config);
                  String failure = o.failure();
                  // State first, metrics last: whoever sees the counters move sees this
                  // probe's state and reading too.
                  remember(failure == null ? o.seconds() : Double.NaN, failure != null);
                  detail = o.detail();
                  if (failure == null) {
                    state = SourceStatus.State.UP;
                    lastSuccess = clock.instant();
                  } else {
                    state = SourceStatus.State.DOWN;
                  }
                  if (error == null) {
                    duration.observe(o.seconds()); // answered: its latency, whatever the status
                  }
                  if (failure != null) {
                    failures.labelValues(failure).inc();
                  }
                });
  }

  private synchronized void remember(double seconds, boolean failed) {
    long now = clock.millis();
    if (failed) {
      failureTimes.addLast(now);
    }
    while (!failureTimes.isEmpty() && failureTimes.peekFirst() <= now - FAILURE_WINDOW_MILLIS) {
      failureTimes.removeFirst();
    }
    latest = new Reading(url.toString(), seconds, failureTimes.size(), now);
  }

  /** The latest probe, empty before the first one ended. */
  public Optional<Reading> latest() {
    return Optional.ofNullable(latest);
  }

  /**
   * One probe's result.
   *
   * @param failure the failures counter's reason, null when Synapse answered 200
   */
  public record Outcome(@Nullable String failure, String detail, double seconds) {}

  /** One probe now, waiting for it (for {@code check}). */
  public static Outcome once(HealthProbeConfig config, URI url) throws InterruptedException {
    HttpClient client = client(config);
    long started = System.nanoTime();
    try {
      HttpResponse<Void> response =
          client.send(request(url, config.timeout()), HttpResponse.BodyHandlers.discarding());
      return outcome(response, null, (System.nanoTime() - started) / 1e9, config);
    } catch (IOException e) {
      return outcome(null, e, (System.nanoTime() - started) / 1e9, config);
    }
  }

  private static HttpClient client(HealthProbeConfig config) {
    return HttpClient.newBuilder()
        .connectTimeout(config.timeout())
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  private static HttpRequest request(URI url, Duration timeout) {
    return HttpRequest.newBuilder(url).timeout(timeout).GET().build();
  }

  static Outcome outcome(
      @Nullable HttpResponse<?> response,
      @Nullable Throwable error,
      double seconds,
      HealthProbeConfig config) {
    if (error != null || response == null) {
      String reason = error == null ? ERROR : reason(error);
      String detail =
          switch (reason) {
            case TIMEOUT -> "no answer within " + config.timeout().toMillis() + " ms";
            case CONNECT -> "could not connect";
            default ->
                "failed: " + (error == null ? "no response" : error.getClass().getSimpleName());
          };
      return new Outcome(reason, detail, seconds);
    }
    if (response.statusCode() != 200) {
      return new Outcome(STATUS, "answered " + response.statusCode(), seconds);
    }
    return new Outcome(null, "answered in " + Math.round(seconds * 1000) + " ms", seconds);
  }

  static String reason(Throwable error) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof HttpTimeoutException) {
      return TIMEOUT;
    }
    if (cause instanceof ConnectException) {
      return CONNECT;
    }
    return ERROR;
  }

  @Override
  public String name() {
    return "synapse_health";
  }

  @Override
  public SourceStatus status() {
    return new SourceStatus(
        name(), state, url.toString(), detail, Optional.ofNullable(lastSuccess));
  }

  @Override
  public void close() {
    vertx.cancelTimer(timerId);
    CompletableFuture<?> running = inFlight;
    if (running != null) {
      running.cancel(true);
    }
  }
}
