package dev.e2ee.exporter.soak;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The soaked exporter's HTTP side as Prometheus sees it: ready, and one scrape at a time. */
final class ExporterEndpoint {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final int port;

  ExporterEndpoint(int port) {
    this.port = port;
  }

  /** Waits up to ~20 s for /-/ready to answer 200: the JVM start and the first database round. */
  void awaitReady() throws Exception {
    for (int i = 0; i < 200; i++) {
      try {
        if (HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/-/ready"))
                        .build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode()
            == 200) {
          return;
        }
      } catch (IOException notYet) {
        // starting
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("exporter not ready");
  }

  String scrape() throws Exception {
    return HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /** One scrape's wall time in ms: what a Prometheus with a scrape timeout would feel. */
  long timedScrape() throws Exception {
    long t0 = System.nanoTime();
    scrape();
    return (System.nanoTime() - t0) / 1_000_000;
  }
}
