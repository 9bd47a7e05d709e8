package dev.e2ee.exporter.http;

import dev.e2ee.exporter.config.BasicAuthConfig;
import dev.e2ee.exporter.config.ConfigException;
import dev.e2ee.exporter.config.PasswordFile;
import dev.e2ee.exporter.config.PasswordHash;
import dev.e2ee.exporter.support.WarnLimiter;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP basic auth for every route but {@code /-/healthy}, built so that no flood of wrong passwords
 * locks the scraper out or costs the host more than a bounded share of a core:
 *
 * <ul>
 *   <li>the right credential, once known, is recognised by a keyed digest ({@link CredentialMemo}):
 *       from then on every request is answered at once, right (200) or wrong (401, or 429 past the
 *       {@link AuthBudget} of guesses), and the slow hash never runs again. With {@code
 *       password_file} it is known from the start;
 *   <li>until then (a {@code password_hash} and nobody accepted yet) a credential waits for a slow
 *       check, run by a {@link FairVerifier} that takes turns between client addresses at a bounded
 *       rate; an address with a check already waiting, or past its own budget, gets 429 at once;
 *   <li>failures are counted by reason and logged at most once a minute per address, never with
 *       what was sent. Comparisons are constant-time.
 * </ul>
 */
final class BasicAuthHandler implements Handler<RoutingContext>, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BasicAuthHandler.class);
  private static final String CHALLENGE =
      "Basic realm=\"synapse-e2ee-exporter\", charset=\"UTF-8\"";

  private final BasicAuthConfig auth;
  private final AuthBudget budget;
  private final FairVerifier verifier;
  private final CredentialMemo memo = new CredentialMemo();
  private final Counter failures;
  private final WarnLimiter warnings = new WarnLimiter(60_000);

  BasicAuthHandler(BasicAuthConfig auth, PrometheusRegistry registry) {
    // Guesses per client: 5 at once, then one per 10 s; all clients: 10 at once, then 1 per s.
    // Slow checks: the same 10 and 1 per s (with ~70 ms per PBKDF2 check, at most ~7% of one
    // core however many clients try), shared fairly between addresses.
    this(
        auth,
        registry,
        new AuthBudget(5, 0.1, 10, 1, System::nanoTime),
        new FairVerifier(10, 1, System::nanoTime));
  }

  BasicAuthHandler(
      BasicAuthConfig auth, PrometheusRegistry registry, AuthBudget budget, FairVerifier verifier) {
    this.auth = auth;
    this.budget = budget;
    this.verifier = verifier;
    auth.passwordFile()
        .ifPresent(
            file -> {
              String password;
              try {
                password = PasswordFile.read(file);
              } catch (ConfigException e) {
                throw new ConfigException("listen.basic_auth.password_file: " + e.getMessage(), e);
              }
              memo.remember(
                  memo.digest((auth.username() + ":" + password).getBytes(StandardCharsets.UTF_8)));
            });
    this.failures =
        Counter.builder()
            .name("synapse_e2ee_http_auth_failures")
            .help(
                "Requests refused by basic auth, by reason: missing (no credentials), invalid (wrong user or password),"
                    + " rate_limited (too many guesses from the address or overall: 429 without checking).")
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
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      refuse(ctx, "missing");
      return;
    }
    byte[] credential = credential(header);
    if (credential == null) {
      refuse(ctx, "invalid"); // not even well-formed: no guess, nothing to check
      return;
    }
    byte[] digest = memo.digest(credential);
    if (memo.matches(digest)) {
      ctx.next();
      return;
    }
    String client = ClientKey.of(ctx.request().remoteAddress());
    if (memo.isKnown()) {
      // The right credential is known and this is not it: a guess, answered without hashing.
      long retryAfter = budget.take(client);
      if (retryAfter > 0) {
        rateLimited(ctx, client, retryAfter);
      } else {
        warnFailure(client, "wrong user name or password");
        refuse(ctx, "invalid");
      }
      return;
    }
    if (verifier.isWaiting(client)) {
      rateLimited(ctx, client, 1);
      return;
    }
    long retryAfter = budget.takeOwn(client);
    if (retryAfter > 0) {
      rateLimited(ctx, client, retryAfter);
      return;
    }
    Context context = Vertx.currentContext();
    boolean queued =
        verifier.submit(
            client,
            check(credential, digest),
            ok ->
                context.runOnContext(
                    v -> {
                      if (ok) {
                        ctx.next();
                      } else {
                        warnFailure(client, "wrong user name or password");
                        refuse(ctx, "invalid");
                      }
                    }));
    if (!queued) {
      rateLimited(ctx, client, 1);
    }
  }

  /** The slow check, or the cheap compare if a credential was accepted while this one waited. */
  private FairVerifier.Check check(byte[] credential, byte[] digest) {
    return new FairVerifier.Check() {
      @Override
      public boolean expensive() {
        return !memo.isKnown();
      }

      @Override
      public boolean run() {
        if (memo.isKnown()) {
          return memo.matches(digest);
        }
        boolean ok = verify(credential);
        if (ok) {
          memo.remember(digest);
        }
        return ok;
      }
    };
  }

  /** {@code user:password} as sent in a Basic header, or null when it is not well-formed. */
  private static byte @Nullable [] credential(String header) {
    if (header.length() > 1024) {
      return null;
    }
    try {
      return Base64.getDecoder().decode(header.substring(6).strip());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private boolean verify(byte[] credential) {
    int colon = -1;
    for (int i = 0; i < credential.length && colon < 0; i++) {
      colon = credential[i] == ':' ? i : -1;
    }
    if (colon < 0) {
      return false;
    }
    boolean userMatches =
        MessageDigest.isEqual(
            Arrays.copyOfRange(credential, 0, colon),
            auth.username().getBytes(StandardCharsets.UTF_8));
    // Derive even for a wrong user name, so the time taken does not tell which part was wrong.
    char[] password =
        new String(credential, colon + 1, credential.length - colon - 1, StandardCharsets.UTF_8)
            .toCharArray();
    boolean passwordMatches = PasswordHash.verify(password, auth.passwordHash());
    Arrays.fill(password, '\0');
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

  @Override
  public void close() {
    verifier.close();
  }
}
