package dev.e2ee.exporter.http;

import static dev.e2ee.exporter.http.ListenerAbuseTest.RIGHT;
import static dev.e2ee.exporter.http.ListenerAbuseTest.b64;
import static dev.e2ee.exporter.http.ListenerAbuseTest.request;
import static dev.e2ee.fixture.WrongPasswordFlood.otherAddresses;
import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.config.BasicAuthConfig;
import dev.e2ee.exporter.config.PasswordHash;
import dev.e2ee.exporter.testing.Await;
import dev.e2ee.fixture.WrongPasswordFlood;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scraper that was not accepted before a flood of wrong passwords began (exporter restarted, new
 * Prometheus) is not locked out: 20 addresses (127.0.0.2 .. 127.0.0.21) flood, the scraper starts
 * after them and is accepted, and from then on every scrape of it is answered 200 - also while the
 * flood comes from its own address too (a reverse proxy). Behaviour is asserted, not timing: the
 * only clock is a generous deadline for the first acceptance.
 */
class AuthLockoutTest {
  private static final int FLOODERS = 20;

  /** The real handler on a real listener, with a checking rate a test can wait for. */
  private static final class Listener implements AutoCloseable {
    final Vertx vertx = Vertx.vertx();
    final BasicAuthHandler auth;
    final int port;

    Listener(BasicAuthConfig config, double checksPerSecond) throws Exception {
      auth =
          new BasicAuthHandler(
              config,
              new PrometheusRegistry(),
              new AuthBudget(1, 0.1, 10, 1, System::nanoTime),
              new FairVerifier(1, checksPerSecond, System::nanoTime));
      Router router = Router.router(vertx);
      router.route().handler(auth);
      router.get("/metrics").handler(ctx -> ctx.response().end("ok\n"));
      HttpServer server =
          vertx
              .createHttpServer()
              .requestHandler(router)
              .listen(0, "127.0.0.1")
              .await(10, TimeUnit.SECONDS);
      port = server.actualPort();
    }

    @Override
    public void close() {
      auth.close();
      try {
        vertx.close().await(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private static BasicAuthConfig hashed() {
    return new BasicAuthConfig("prometheus", PasswordHash.hash("correct horse".toCharArray()));
  }

  @Test
  void aScraperStartingDuringAFloodIsAcceptedAndThenNeverRefused() throws Exception {
    try (Listener listener = new Listener(hashed(), 4);
        WrongPasswordFlood flood =
            new WrongPasswordFlood(listener.port, otherAddresses(FLOODERS))) {
      // The flood has used up the bursts: from now on, checks are scarce.
      Await.until(() -> flood.answers("429") > 200, Duration.ofMinutes(2));
      List<String> beforeAccepted = new ArrayList<>();
      Await.until(
          () -> {
            String code = scrape(listener.port);
            if (!code.equals("200")) {
              beforeAccepted.add(code);
            }
            return code.equals("200");
          },
          Duration.ofMinutes(2));
      assertThat(beforeAccepted).as("refused while waiting for a turn").doesNotContain("401");

      List<String> after = new CopyOnWriteArrayList<>();
      for (int i = 0; i < 50; i++) {
        after.add(scrape(listener.port));
      }
      assertThat(after).containsOnly("200");

      // The flood now also comes from the scraper's own address.
      try (WrongPasswordFlood own =
          new WrongPasswordFlood(listener.port, List.of("127.0.0.1", "127.0.0.1"))) {
        Await.until(() -> own.answers("429") + own.answers("401") > 50, Duration.ofMinutes(2));
        for (int i = 0; i < 50; i++) {
          after.add(scrape(listener.port));
        }
        assertThat(own.takeAnswers().keySet()).containsAnyOf("401", "429").doesNotContain("200");
      }
      assertThat(after).hasSize(100).containsOnly("200");
      assertThat(flood.takeAnswers().keySet()).containsOnly("401", "429");
    }
  }

  @Test
  void withAPasswordFileTheScraperIsAcceptedAtOnceDuringAFlood(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("password"), "correct horse\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    BasicAuthConfig config = new BasicAuthConfig("prometheus", "", Optional.of(file));
    // A checking rate so low that the slow path would never serve the scraper within the test.
    try (Listener listener = new Listener(config, 0.0001);
        WrongPasswordFlood flood =
            new WrongPasswordFlood(listener.port, otherAddresses(FLOODERS))) {
      Await.until(() -> flood.answers("429") > 200, Duration.ofMinutes(2));
      for (int i = 0; i < 50; i++) {
        assertThat(scrape(listener.port)).isEqualTo("200");
      }
      assertThat(request("127.0.0.1", listener.port, "/metrics", "Basic " + b64("prometheus:x"))[0])
          .isIn("401", "429");
    }
  }

  private static String scrape(int port) {
    try {
      return request("127.0.0.1", port, "/metrics", RIGHT)[0];
    } catch (IOException e) {
      return "error";
    }
  }
}
