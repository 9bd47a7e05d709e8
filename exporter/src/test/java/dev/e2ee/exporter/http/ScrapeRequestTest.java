package dev.e2ee.exporter.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.testing.Http;
import dev.e2ee.exporter.testing.Loopback;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Collections;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The copy of a real Vert.x request the scrape renders from: it keeps the method, path, query and
 * the two headers that change the body (Accept, Accept-Encoding), and nothing else, so requests
 * that would get the same bytes share one coalescing key and no credential ever enters a key.
 */
class ScrapeRequestTest {
  private static Vertx vertx;
  private static int port;

  /** A listener that answers each request with what its copy holds. */
  @BeforeAll
  static void listen() throws Exception {
    vertx = Vertx.vertx();
    port =
        Loopback.listen(
            vertx,
            request -> {
              ScrapeRequest copy = ScrapeRequest.copyOf(request);
              request
                  .response()
                  .end(
                      new JsonObject()
                          .put("key", copy.coalescingKey())
                          .put("method", copy.getMethod())
                          .put("path", copy.getRequestPath())
                          .put("query", copy.getQueryString())
                          .put("accept", list(copy, "ACCEPT"))
                          .put("encoding", list(copy, "accept-encoding"))
                          .put("authorization", list(copy, "Authorization"))
                          .encode());
            });
  }

  private static JsonArray list(ScrapeRequest copy, String name) {
    return new JsonArray(Collections.list(copy.getHeaders(name)));
  }

  @AfterAll
  static void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private static JsonObject get(String path, String... headers) {
    return new JsonObject(Http.get(port, path, headers).body());
  }

  @Test
  void keepsWhatTheRenderReadsWhateverTheCaseOfTheName() {
    JsonObject copy =
        get(
            "/metrics?name[]=synapse_e2ee_up",
            "Accept",
            "application/openmetrics-text; version=1.0.0",
            "Accept-Encoding",
            "gzip",
            "Authorization",
            "Basic cHJvbWV0aGV1czpjb3JyZWN0IGhvcnNl");
    assertThat(copy.getString("method")).isEqualTo("GET");
    assertThat(copy.getString("path")).isEqualTo("/metrics");
    assertThat(copy.getString("query")).isEqualTo("name[]=synapse_e2ee_up");
    assertThat(copy.getJsonArray("accept"))
        .containsExactly("application/openmetrics-text; version=1.0.0");
    assertThat(copy.getJsonArray("encoding")).containsExactly("gzip");
    assertThat(copy.getJsonArray("authorization")).isEmpty();
    assertThat(copy.getString("key")).doesNotContain("cHJvbWV0aGV1c", "Basic");
  }

  @Test
  void noQueryIsNullAndAnEmptyKeyPart() {
    JsonObject copy = get("/metrics");
    assertThat(copy.getValue("query")).isNull();
    assertThat(copy.getJsonArray("accept")).isEmpty();
    assertThat(copy.getString("key")).startsWith("GET /metrics? ");
  }

  /** Two scrapes: do they share one render? */
  @ParameterizedTest(name = "{0} vs {1}: shared {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "/metrics                         | /metrics                          | true",
        "/metrics?name[]=a                | /metrics?name[]=a                 | true",
        "/metrics?name[]=a                | /metrics?name[]=b                 | false",
        "/metrics                         | /metrics?                         | true",
        "/metrics                         | /metric                           | false",
      })
  void samePathAndQueryShareOneRender(String first, String second, boolean shared) {
    assertThat(get(first).getString("key").equals(get(second).getString("key"))).isEqualTo(shared);
  }

  @ParameterizedTest(name = "{0}: {1} vs {2}: shared {3}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Accept          | text/plain                   | text/plain              | true",
        "Accept          | text/plain                   | application/openmetrics-text | false",
        "Accept-Encoding | gzip                         | gzip                    | true",
        "Accept-Encoding | gzip                         | identity                | false",
        "Authorization   | Basic YTpi                   | Basic Yzpk              | true",
        "User-Agent      | Prometheus/2.53.0            | Prometheus/3.1.0        | true",
        "X-Forwarded-For | 10.0.0.1                     | 10.0.0.2                | true",
      })
  void onlyHeadersThatChangeTheBodySplitTheKey(
      String header, String first, String second, boolean shared) {
    String a = get("/metrics", header, first).getString("key");
    String b = get("/metrics", header, second).getString("key");
    assertThat(a.equals(b)).isEqualTo(shared);
  }
}
