package dev.e2ee.exporter.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.runtime.Exporter;
import dev.e2ee.exporter.testing.Http;
import dev.e2ee.exporter.testing.TestConfigs;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The route table on a real listener (no sources, so every source is "disabled" and the exporter is
 * ready): each path answers with its status, its content type and its own content.
 */
class RoutesTest {
  private static Exporter running;
  private static int port;

  @BeforeAll
  static void serve() {
    running = new Exporter(TestConfigs.noSources(), Clock.systemUTC(), Map.of());
    port = running.start();
  }

  @AfterAll
  static void shutDown() {
    running.close();
  }

  @ParameterizedTest(name = "GET {0}: {1} {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "/metrics               | 200 | text/plain; version=0.0.4; charset=utf-8 | synapse_e2ee_build_info",
        "/                      | 200 | text/html; charset=utf-8                 | synapse-e2ee-exporter",
        "/runbook               | 200 | text/html; charset=utf-8                 | id=\"ke-2-stale-device\"",
        "/-/healthy             | 200 | text/plain; charset=utf-8                | Healthy",
        "/-/ready               | 200 | text/plain; charset=utf-8                | Ready",
        "/api/v1/status         | 200 | application/json                         | \"uptime_seconds\"",
        "/api/v1/console        | 200 | application/json                         | \"devices\"",
        "/api/v1/devices        | 200 | application/json                         | \"devices\"",
        "/api/v1/findings       | 200 | application/json                         | \"otk_conflicts\"",
        "/api/v1/nothing        | 404 |                                          | ",
        "/metrics/extra         | 404 |                                          | ",
      })
  void eachPathAnswersWithItsOwnContent(
      String path, int status, String contentType, String content) {
    HttpResponse<String> response = Http.get(port, path);
    assertThat(response.statusCode()).isEqualTo(status);
    if (contentType != null) {
      assertThat(response.headers().firstValue("Content-Type")).hasValue(contentType);
      assertThat(response.body()).contains(content);
    }
  }
}
