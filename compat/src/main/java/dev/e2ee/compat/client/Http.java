package dev.e2ee.compat.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP/1.1 connection pool to Synapse's client API, JSON in and out, as a client library sends
 * it: its own user agent, a bearer token, a timeout after which the client gives up (and closes the
 * connection, which is what makes Synapse log an abandoned request with {@code !}).
 */
public final class Http {
  public static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient client;
  private final URI base;

  public Http(URI base) {
    this.base = base;
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  public URI base() {
    return base;
  }

  /**
   * Sends one request and waits for the whole answer.
   *
   * @throws java.net.http.HttpTimeoutException when {@code timeout} passed first (the client gave
   *     up; the request may still be processed by Synapse)
   */
  public Reply send(
      String method,
      String pathAndQuery,
      @Nullable JsonNode body,
      @Nullable String token,
      String userAgent,
      Duration timeout)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(pathAndQuery))
            .timeout(timeout)
            .header("User-Agent", userAgent)
            .header("Accept", "application/json");
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      request.header("Content-Type", "application/json");
      request.method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<String> response =
        client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    String text = response.body();
    JsonNode json = text == null || text.isBlank() ? JSON.createObjectNode() : parseOrText(text);
    return new Reply(response.statusCode(), json);
  }

  /** A CORS preflight as a browser sends it before a cross-origin POST/PUT: no token, no body. */
  public int preflight(String path, String requestedMethod, String userAgent)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(10))
            .header("User-Agent", userAgent)
            .header("Origin", "https://app.element.io")
            .header("Access-Control-Request-Method", requestedMethod)
            .header("Access-Control-Request-Headers", "authorization,content-type")
            .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
            .build();
    return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static JsonNode parseOrText(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException notJson) {
      return JSON.createObjectNode().put("text", text);
    }
  }
}
