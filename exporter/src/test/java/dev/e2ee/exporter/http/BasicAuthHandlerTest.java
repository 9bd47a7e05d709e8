package dev.e2ee.exporter.http;

import static dev.e2ee.exporter.http.ListenerAbuseTest.b64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.e2ee.exporter.config.BasicAuthConfig;
import dev.e2ee.exporter.config.ConfigException;
import dev.e2ee.exporter.config.PasswordHash;
import dev.e2ee.exporter.testing.Await;
import dev.e2ee.exporter.testing.Http;
import dev.e2ee.exporter.testing.Loopback;
import dev.e2ee.exporter.testing.Scrape;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The handler in front of a route on a real loopback listener, with its budgets on a clock the test
 * holds still: no answer depends on how fast the machine is. Both ways of knowing the password are
 * covered: a {@code password_hash} (a slow check until a credential is accepted) and a {@code
 * password_file} (known from the start).
 */
class BasicAuthHandlerTest {
  private static final String USER = "prometheus";
  private static final String PASSWORD = "correct horse";
  private static final String HASH = PasswordHash.hash(PASSWORD.toCharArray());
  private static final String CLIENT = "127.0.0.1";

  /** Never moves: a token spent stays spent for the whole test. */
  private final AtomicLong nanos = new AtomicLong();

  private final Vertx vertx = Vertx.vertx();
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final List<BasicAuthHandler> handlers = new ArrayList<>();
  private @TempDir Path dir;
  private FairVerifier verifier = newVerifier();

  private FairVerifier newVerifier() {
    return new FairVerifier(1, 0.001, nanos::get); // one slow check, then none in the test
  }

  @AfterEach
  void close() throws Exception {
    handlers.forEach(BasicAuthHandler::close);
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  /** The handler in front of one route; failures counted in {@code failures}. */
  private int serve(BasicAuthConfig config, PrometheusRegistry failures) {
    verifier = newVerifier();
    // Two guesses per client, then one per 1000 s; ten overall.
    BasicAuthHandler auth =
        new BasicAuthHandler(
            config, failures, new AuthBudget(2, 0.001, 10, 0.001, nanos::get), verifier);
    handlers.add(auth);
    Router router = Router.router(vertx);
    router.route().handler(auth);
    router.route().handler(ctx -> ctx.response().end("behind auth\n"));
    return Loopback.listen(vertx, router);
  }

  private int serve(BasicAuthConfig config) {
    return serve(config, new PrometheusRegistry());
  }

  private BasicAuthConfig hashed() {
    return new BasicAuthConfig(USER, HASH);
  }

  private BasicAuthConfig fromFile() throws IOException {
    Path file = Files.writeString(dir.resolve("password"), PASSWORD + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return new BasicAuthConfig(USER, "", Optional.of(file));
  }

  /** The Authorization header a test row names. */
  private static String header(String name) {
    return switch (name) {
      case "none" -> "";
      case "right" -> "Basic " + b64(USER + ":" + PASSWORD);
      case "lower-case scheme" -> "basic " + b64(USER + ":" + PASSWORD);
      case "bearer" -> "Bearer " + b64(USER + ":" + PASSWORD);
      case "wrong password" -> "Basic " + b64(USER + ":battery staple");
      case "wrong user" -> "Basic " + b64("admin:" + PASSWORD);
      case "no colon" -> "Basic " + b64(USER + PASSWORD);
      case "not base64" -> "Basic not-base64!";
      case "over 1 kB" -> "Basic " + "QUFB".repeat(260); // well-formed base64, too long to check
      default -> throw new IllegalArgumentException(name);
    };
  }

  private static HttpResponse<String> get(int port, String path, String header) {
    return header.isEmpty() ? Http.get(port, path) : Http.get(port, path, "Authorization", header);
  }

  @ParameterizedTest(name = "{0} with {1}: {2}")
  @CsvSource({
    "/-/healthy, none, 200",
    "/metrics, none, 401",
    "/metrics, bearer, 401",
    "/metrics, right, 200",
    "/, lower-case scheme, 200",
    "/metrics, wrong password, 401",
    "/metrics, wrong user, 401",
    "/metrics, no colon, 401",
    "/metrics, not base64, 401",
    "/metrics, over 1 kB, 401",
  })
  void theFirstRequestIsAnsweredTheSameWhereverThePasswordIsKept(
      String path, String credential, int status) throws IOException {
    for (BasicAuthConfig config : List.of(hashed(), fromFile())) {
      HttpResponse<String> response = get(serve(config), path, header(credential));
      assertThat(response.statusCode())
          .as("%s, password %s", credential, config.passwordFile().isPresent() ? "file" : "hash")
          .isEqualTo(status);
      if (status == 401) {
        assertThat(response.headers().firstValue("WWW-Authenticate"))
            .hasValue("Basic realm=\"synapse-e2ee-exporter\", charset=\"UTF-8\"");
        assertThat(response.body()).doesNotContain(PASSWORD, "battery staple");
      } else {
        assertThat(response.body()).isEqualTo("behind auth\n");
      }
    }
  }

  @ParameterizedTest(name = "{0}: counted as {1}")
  @CsvSource({
    "none, missing",
    "bearer, missing",
    "not base64, invalid",
    "wrong password, invalid",
    "right, ''"
  })
  void eachRefusalIsCountedByItsReason(String credential, String reason) throws IOException {
    int port = serve(fromFile(), registry);
    get(port, "/metrics", header(credential));
    for (String r : List.of("missing", "invalid", "rate_limited")) {
      assertThat(failures(r)).as(r).isEqualTo(r.equals(reason) ? 1 : 0);
    }
  }

  @Test
  void guessesBeyondTheClientsBudgetAre429AndTheRightCredentialStillPasses() throws IOException {
    int port = serve(fromFile(), registry);
    String wrong = header("wrong password");
    assertThat(get(port, "/metrics", wrong).statusCode()).isEqualTo(401);
    assertThat(get(port, "/metrics", wrong).statusCode()).isEqualTo(401);
    HttpResponse<String> limited = get(port, "/metrics", wrong);
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("Retry-After")).hasValue("1000");
    assertThat(get(port, "/metrics", header("right")).statusCode()).isEqualTo(200);

    assertThat(failures("invalid")).isEqualTo(2);
    assertThat(failures("rate_limited")).isEqualTo(1);
  }

  private double failures(String reason) {
    return Scrape.of(registry)
        .valueOrFail("synapse_e2ee_http_auth_failures_total{reason=\"" + reason + "\"}");
  }

  @Test
  void onceAcceptedTheCredentialNeedsNoMoreSlowChecks() throws IOException {
    int port = serve(hashed());
    // The verifier's only slow check: after it, a request that needed one would wait for ever.
    assertThat(get(port, "/metrics", header("right")).statusCode()).isEqualTo(200);
    for (int i = 0; i < 3; i++) {
      assertThat(get(port, "/metrics", header("right")).statusCode()).isEqualTo(200);
    }
    assertThat(get(port, "/metrics", header("wrong user")).statusCode())
        .as("a guess, answered at once by comparing with the accepted credential")
        .isEqualTo(401);
  }

  @Test
  void aGuessWhileTheClientsLastOneWaitsIs429AndClosingAnswersTheWaitingOne() throws Exception {
    int port = serve(hashed());
    String wrong = header("wrong password");
    assertThat(get(port, "/metrics", wrong).statusCode()).as("the one slow check").isEqualTo(401);
    CompletableFuture<HttpResponse<String>> waiting =
        CompletableFuture.supplyAsync(() -> get(port, "/metrics", wrong));
    Await.until(() -> verifier.isWaiting(CLIENT), Duration.ofSeconds(20));

    HttpResponse<String> second = get(port, "/metrics", wrong);
    assertThat(second.statusCode()).isEqualTo(429);
    assertThat(second.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(waiting).isNotDone();

    handlers.get(0).close();
    assertThat(waiting.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(401);
  }

  @Test
  void aPasswordFileOthersMayReadIsRefusedNamingTheSetting() throws IOException {
    Path file = Files.writeString(dir.resolve("password"), PASSWORD);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    BasicAuthConfig config = new BasicAuthConfig(USER, "", Optional.of(file));
    assertThatThrownBy(() -> new BasicAuthHandler(config, registry))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("listen.basic_auth.password_file: " + file)
        .hasMessageContaining("every user");
  }
}
