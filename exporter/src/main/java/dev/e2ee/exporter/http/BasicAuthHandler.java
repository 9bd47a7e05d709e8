package dev.e2ee.exporter.http;

import dev.e2ee.exporter.config.ExporterConfig;
import dev.e2ee.exporter.config.PasswordHash;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicReference;

/**
 * HTTP basic auth for every route but {@code /-/healthy}. The PBKDF2 check is deliberately
 * slow, so it runs on a worker thread, and the SHA-256 of the last accepted header is kept
 * for ten minutes so that a scraper every 15 s does not cost a key derivation each time.
 * Comparisons are constant-time; failures are counted, never logged with what was sent.
 */
final class BasicAuthHandler implements Handler<RoutingContext> {
  private static final long REMEMBER_MILLIS = 600_000;
  private static final String CHALLENGE = "Basic realm=\"synapse-e2ee-exporter\", charset=\"UTF-8\"";

  private final Vertx vertx;
  private final ExporterConfig.BasicAuth auth;
  private final Counter failures;
  private final AtomicReference<Accepted> lastAccepted = new AtomicReference<>();

  private record Accepted(byte[] headerDigest, long untilMillis) {}

  BasicAuthHandler(Vertx vertx, ExporterConfig.BasicAuth auth, PrometheusRegistry registry) {
    this.vertx = vertx;
    this.auth = auth;
    this.failures = Counter.builder().name("synapse_e2ee_http_auth_failures")
        .help("Requests refused by basic auth, by reason: missing (no credentials), invalid (wrong user or password).")
        .labelNames("reason").register(registry);
    failures.labelValues("missing");
    failures.labelValues("invalid");
  }

  @Override
  public void handle(RoutingContext ctx) {
    if ("/-/healthy".equals(ctx.request().path())) {
      ctx.next();
      return;
    }
    String header = ctx.request().getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      refuse(ctx, "missing");
      return;
    }
    byte[] digest = sha256(header);
    Accepted remembered = lastAccepted.get();
    if (remembered != null && remembered.untilMillis() > System.currentTimeMillis()
        && MessageDigest.isEqual(remembered.headerDigest(), digest)) {
      ctx.next();
      return;
    }
    vertx.executeBlocking(() -> check(header.substring(6).strip()), false).onComplete(done -> {
      if (done.succeeded() && done.result()) {
        lastAccepted.set(new Accepted(digest, System.currentTimeMillis() + REMEMBER_MILLIS));
        ctx.next();
      } else {
        refuse(ctx, "invalid");
      }
    });
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
    boolean userMatches = MessageDigest.isEqual(
        decoded.substring(0, colon).getBytes(StandardCharsets.UTF_8), auth.username().getBytes(StandardCharsets.UTF_8));
    // Derive even for a wrong user name, so the time taken does not tell which part was wrong.
    boolean passwordMatches = PasswordHash.verify(decoded.substring(colon + 1).toCharArray(), auth.passwordHash());
    return userMatches && passwordMatches;
  }

  private void refuse(RoutingContext ctx, String reason) {
    failures.labelValues(reason).inc();
    ctx.response().setStatusCode(401).putHeader("WWW-Authenticate", CHALLENGE)
        .putHeader("Content-Type", "text/plain; charset=utf-8").end("Unauthorized\n");
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
