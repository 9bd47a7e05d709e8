package dev.e2ee.exporter.http;

import dev.e2ee.exporter.config.ExporterConfig;
import dev.e2ee.exporter.config.PasswordHash;
import dev.e2ee.exporter.support.WarnLimiter;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP basic auth for every route but {@code /-/healthy}, built so that nothing an unauthenticated
 * client sends costs the host more than a hash and a map lookup:
 *
 * <ul>
 *   <li>accepted credentials are remembered (by SHA-256 of the header) while they are in use, so a
 *       scraper costs one key derivation, not one per scrape;
 *   <li>unknown credentials are checked on one dedicated thread with a short queue - never on the
 *       workers that render /metrics - and only within an {@link AuthBudget} per client address and
 *       overall; past it the answer is 429 with Retry-After, at once;
 *   <li>failures are counted by reason and logged at most once a minute per address, never with
 *       what was sent. Comparisons are constant-time.
 * </ul>
 */
final class BasicAuthHandler implements Handler<RoutingContext>, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BasicAuthHandler.class);

  /** Accepted credentials stay cached while used at least this often. */
  private static final long REMEMBER_NANOS = TimeUnit.MINUTES.toNanos(10);

  private static final int REMEMBERED = 16;
  private static final String CHALLENGE =
      "Basic realm=\"synapse-e2ee-exporter\", charset=\"UTF-8\"";

  private final ExporterConfig.BasicAuth auth;
  private final AuthBudget budget;
  private final Counter failures;
  private final WarnLimiter warnings = new WarnLimiter(60_000);
  private final ExecutorService verifier =
      new ThreadPoolExecutor(
          1,
          1,
          0,
          TimeUnit.SECONDS,
          new ArrayBlockingQueue<>(8),
          r -> {
            Thread t = new Thread(r, "basic-auth-verifier");
            t.setDaemon(true);
            return t;
          });
  private final Map<ByteBuffer, Long> accepted =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ByteBuffer, Long> eldest) {
          return size() > REMEMBERED;
        }
      };

  BasicAuthHandler(ExporterConfig.BasicAuth auth, PrometheusRegistry registry) {
    // Per client: 5 checks at once, then one per 10 s; all clients: 10 at once, then 1 per s
    // (with ~70 ms per PBKDF2 check, at most ~7% of one core however many clients try).
    this(auth, registry, new AuthBudget(5, 0.1, 10, 1, System::nanoTime));
  }

  BasicAuthHandler(ExporterConfig.BasicAuth auth, PrometheusRegistry registry, AuthBudget budget) {
    this.auth = auth;
    this.budget = budget;
    this.failures =
        Counter.builder()
            .name("synapse_e2ee_http_auth_failures")
            .help(
                "Requests refused by basic auth, by reason: missing (no credentials), invalid (wrong user or password),"
                    + " rate_limited (too many checks from the address or overall: 429 without checking).")
            .labelNames("reason")
            .register(registry);
    failures.labelValues("missing");
    failures.labelValues("invalid");
    failures.labelValues("rate_limited");
  }

  @Override
  public void handle(RoutingContext ctx) {
    if ("/-/healthy".equals(ctx.request().path())) {
      ctx.next();
      return;
    }
    String header = ctx.request().getHeader("Authorization");
    if (header == null
        || !header.regionMatches(true, 0, "Basic ", 0, 6)
        || header.length() > 1024) {
      refuse(ctx, "missing");
      return;
    }
    ByteBuffer digest = ByteBuffer.wrap(sha256(header));
    if (stillAccepted(digest)) {
      ctx.next();
      return;
    }
    String client =
        ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().host();
    long retryAfter = budget.take(client);
    if (retryAfter > 0) {
      rateLimited(ctx, client, retryAfter);
      return;
    }
    Context context = Vertx.currentContext();
    try {
      verifier.execute(
          () -> {
            boolean ok = check(header.substring(6).strip());
            context.runOnContext(
                v -> {
                  if (ok) {
                    remember(digest);
                    ctx.next();
                  } else {
                    warnFailure(client, "wrong user name or password");
                    refuse(ctx, "invalid");
                  }
                });
          });
    } catch (RejectedExecutionException full) {
      rateLimited(ctx, client, 1);
    }
  }

  private synchronized boolean stillAccepted(ByteBuffer digest) {
    Long since = accepted.get(digest);
    long now = System.nanoTime();
    if (since == null || now - since > REMEMBER_NANOS) {
      return false;
    }
    accepted.put(digest, now); // sliding: a scraper that keeps scraping is never checked again
    return true;
  }

  private synchronized void remember(ByteBuffer digest) {
    accepted.put(digest, System.nanoTime());
  }

  private boolean check(String encoded) {
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return false;
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      return false;
    }
    boolean userMatches =
        MessageDigest.isEqual(
            decoded.substring(0, colon).getBytes(StandardCharsets.UTF_8),
            auth.username().getBytes(StandardCharsets.UTF_8));
    // Derive even for a wrong user name, so the time taken does not tell which part was wrong.
    boolean passwordMatches =
        PasswordHash.verify(decoded.substring(colon + 1).toCharArray(), auth.passwordHash());
    return userMatches && passwordMatches;
  }

  private void rateLimited(RoutingContext ctx, String client, long retryAfterSeconds) {
    failures.labelValues("rate_limited").inc();
    warnFailure(client, "too many failed attempts; answering 429 without checking");
    ctx.response()
        .setStatusCode(429)
        .putHeader("Retry-After", Long.toString(retryAfterSeconds))
        .putHeader("Content-Type", "text/plain; charset=utf-8")
        .end("Too many failed attempts\n");
  }

  private void warnFailure(String client, String what) {
    if (warnings.allow(client, System.currentTimeMillis())) {
      LOG.warn(
          "basic auth from {}: {} (further failures from this address are counted in"
              + " synapse_e2ee_http_auth_failures_total, logged at most once a minute)",
          client,
          what);
    }
  }

  private void refuse(RoutingContext ctx, String reason) {
    failures.labelValues(reason).inc();
    ctx.response()
        .setStatusCode(401)
        .putHeader("WWW-Authenticate", CHALLENGE)
        .putHeader("Content-Type", "text/plain; charset=utf-8")
        .end("Unauthorized\n");
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    verifier.shutdownNow();
  }
}
