package dev.e2ee.exporter.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.config.BasicAuthConfig;
import dev.e2ee.exporter.config.ExporterConfig;
import dev.e2ee.exporter.config.LimitsConfig;
import dev.e2ee.exporter.config.ListenConfig;
import dev.e2ee.exporter.config.PasswordHash;
import dev.e2ee.exporter.runtime.Exporter;
import dev.e2ee.exporter.testing.Await;
import dev.e2ee.exporter.testing.Scrape;
import dev.e2ee.exporter.testing.TestConfigs;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What unauthenticated clients can do to the listener, on loopback: a flood of wrong passwords from
 * twenty addresses (127.0.0.2 .. 127.0.0.21) while the real scraper keeps scraping; a client that
 * sends half a request line, or trickles one; more connections than allowed. Behaviour is asserted
 * (status codes, counters, closed sockets), not timing.
 */
class ListenerAbuseTest {
  static final String RIGHT = "Basic " + b64("prometheus:correct horse");

  static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  static Exporter exporter(LimitsConfig limits, boolean auth) {
    ExporterConfig base = TestConfigs.noSources();
    ListenConfig listen =
        new ListenConfig(
            "127.0.0.1",
            0,
            Optional.empty(),
            auth
                ? Optional.of(
                    new BasicAuthConfig(
                        "prometheus", PasswordHash.hash("correct horse".toCharArray())))
                : Optional.empty(),
            limits);
    return new Exporter(base.withListen(listen), Clock.systemUTC(), Map.of());
  }

  /**
   * One HTTP/1.1 request from a chosen loopback address; returns the status line's code and the
   * head.
   */
  static String[] request(String from, int port, String path, String authorization)
      throws IOException {
    try (Socket s = new Socket()) {
      s.bind(new InetSocketAddress(from, 0));
      s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      s.setSoTimeout(30_000);
      OutputStream out = s.getOutputStream();
      out.write(
          ("GET "
                  + path
                  + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                  + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                  + "\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      return new String[] {
        response.substring(9, 12), response.substring(0, Math.max(0, response.indexOf("\r\n\r\n")))
      };
    }
  }

  @Test
  void aFloodOfWrongPasswordsGets429sWhileTheScraperKeepsScraping() throws Exception {
    try (Exporter exporter = exporter(LimitsConfig.DEFAULTS, true)) {
      int port = exporter.start();
      assertThat(request("127.0.0.1", port, "/metrics", RIGHT)[0])
          .isEqualTo("200"); // the scraper's one check
      ExecutorService pool = Executors.newFixedThreadPool(21);
      Map<String, AtomicInteger> floodCodes = new ConcurrentHashMap<>();
      List<Future<?>> flood = new ArrayList<>();
      long started = System.nanoTime();
      for (int c = 2; c <= 21; c++) {
        String from = "127.0.0." + c;
        flood.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 25; i++) {
                    String[] r =
                        request(from, port, "/metrics", "Basic " + b64("prometheus:guess" + i));
                    floodCodes.computeIfAbsent(r[0], k -> new AtomicInteger()).incrementAndGet();
                    if (r[0].equals("429")) {
                      assertThat(r[1]).containsPattern("(?i)retry-after: [1-9][0-9]*");
                    }
                  }
                  return null;
                }));
      }
      List<String> scraperCodes = new ArrayList<>();
      Future<?> scraper =
          pool.submit(
              () -> {
                for (int i = 0; i < 30; i++) {
                  scraperCodes.add(request("127.0.0.1", port, "/metrics", RIGHT)[0]);
                }
                return null;
              });
      for (Future<?> f : flood) {
        f.get();
      }
      scraper.get();
      double elapsedSeconds = (System.nanoTime() - started) / 1e9;
      pool.shutdown();

      assertThat(scraperCodes).hasSize(30).containsOnly("200");
      assertThat(floodCodes.keySet()).containsOnly("401", "429");
      assertThat(floodCodes.get("401").get() + floodCodes.get("429").get()).isEqualTo(20 * 25);
      // The last answers' counters are incremented before those answers are sent; a scrape
      // started just before can still show the previous values, so look until they settle.
      Scrape[] s = {null};
      try {
        Await.until(
            () -> {
              try {
                s[0] = new Scrape(scrapeBody(port));
              } catch (IOException e) {
                return false;
              }
              return s[0].valueOrFail("synapse_e2ee_http_auth_failures_total{reason=\"invalid\"}")
                      + s[0].valueOrFail(
                          "synapse_e2ee_http_auth_failures_total{reason=\"rate_limited\"}")
                  == 20 * 25;
            },
            Duration.ofSeconds(10));
      } catch (AssertionError notSettled) {
        throw new AssertionError(
            "auth failure counters: "
                + (s[0] == null
                    ? "no scrape"
                    : s[0].text()
                        .lines()
                        .filter(l -> l.startsWith("synapse_e2ee_http_auth_failures_total"))
                        .toList())
                + "; flood saw "
                + floodCodes,
            notSettled);
      }
      double checked =
          s[0].valueOrFail("synapse_e2ee_http_auth_failures_total{reason=\"invalid\"}");
      double refused =
          s[0].valueOrFail("synapse_e2ee_http_auth_failures_total{reason=\"rate_limited\"}");
      // Password checks (key derivations) stayed within the budget: 10 at once, then 1 a second
      // overall.
      assertThat(checked).isLessThanOrEqualTo(10 + Math.ceil(elapsedSeconds) + 1);
      assertThat(refused).isGreaterThan(400);
    }
  }

  static String scrapeBody(int port) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.getOutputStream()
          .write(
              ("GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: "
                      + RIGHT
                      + "\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return response.substring(response.indexOf("\r\n\r\n") + 4);
    }
  }

  /**
   * Reads until the server closes the connection; fails when it is still open after {@code limit}.
   */
  static void assertClosedWithin(Socket s, Duration limit) throws IOException {
    s.setSoTimeout((int) limit.toMillis());
    InputStream in = s.getInputStream();
    try {
      while (in.read() >= 0) {
        // a 408 or nothing: either way it must end
      }
    } catch (SocketTimeoutException stillOpen) {
      throw new AssertionError("connection still open after " + limit);
    } catch (IOException reset) {
      // closed with a reset: closed all the same
    }
  }

  @Test
  void aPartialRequestLineIsClosedAfterTheHeaderTimeoutWhileAScrapeSucceeds() throws Exception {
    LimitsConfig limits = new LimitsConfig(Duration.ofSeconds(1), Duration.ofSeconds(60), 64);
    try (Exporter exporter = exporter(limits, false)) {
      int port = exporter.start();
      try (Socket partial = new Socket("127.0.0.1", port);
          Socket trickle = new Socket("127.0.0.1", port)) {
        partial.getOutputStream().write("GET /metr".getBytes(StandardCharsets.US_ASCII));
        // A byte every 200 ms: Netty's idle timeout would never fire for this one.
        byte[] head = "GET /metrics HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII);
        AtomicInteger sent = new AtomicInteger();
        ScheduledExecutorService trickler = Executors.newSingleThreadScheduledExecutor();
        ScheduledFuture<?> trickling =
            trickler.scheduleAtFixedRate(
                () -> {
                  try {
                    int i = sent.getAndIncrement();
                    if (i < head.length) {
                      trickle.getOutputStream().write(head[i]);
                    }
                  } catch (IOException closed) {
                    // the server closed it: what the test wants
                  }
                },
                0,
                200,
                TimeUnit.MILLISECONDS);
        try {
          assertThat(request("127.0.0.1", port, "/metrics", null)[0]).isEqualTo("200");
          assertClosedWithin(partial, Duration.ofSeconds(10));
          assertClosedWithin(trickle, Duration.ofSeconds(10));
          assertThat(sent.get()).as("still trickling when closed").isLessThan(head.length);
        } finally {
          trickling.cancel(true);
          trickler.shutdownNow();
        }
      }
      assertThat(scrapeBody(port))
          .contains("synapse_e2ee_http_connections_closed_total{reason=\"header_timeout\"} 2.0");
    }
  }

  @Test
  void connectionsBeyondTheCapAreClosedOnArrival() throws Exception {
    LimitsConfig limits = new LimitsConfig(Duration.ofSeconds(30), Duration.ofSeconds(60), 3);
    try (Exporter exporter = exporter(limits, false)) {
      int port = exporter.start();
      List<Socket> held = new ArrayList<>();
      try {
        for (int i = 0; i < 3; i++) {
          Socket s = new Socket("127.0.0.1", port);
          s.getOutputStream().write("G".getBytes(StandardCharsets.US_ASCII));
          held.add(s);
        }
        try (Socket fourth = new Socket("127.0.0.1", port)) {
          assertClosedWithin(fourth, Duration.ofSeconds(10));
        }
      } finally {
        for (Socket s : held) {
          s.close();
        }
      }
      // Once they are gone there is room again (the close reaches the server asynchronously).
      String[][] answer = {null};
      Await.until(
          () -> {
            try {
              answer[0] = request("127.0.0.1", port, "/-/healthy", null);
              return true;
            } catch (IOException | StringIndexOutOfBoundsException notYet) {
              return false;
            }
          },
          Duration.ofSeconds(10));
      assertThat(answer[0][0]).isEqualTo("200");
    }
  }
}
