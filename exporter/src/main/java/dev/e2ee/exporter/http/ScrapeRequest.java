package dev.e2ee.exporter.http;

import io.prometheus.metrics.exporter.common.PrometheusHttpRequest;
import io.vertx.core.http.HttpServerRequest;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * An immutable copy of the parts of a Vert.x request the scrape handler reads. The rendering runs
 * on a worker thread, where touching the live Vert.x request is not safe.
 */
final class ScrapeRequest implements PrometheusHttpRequest {
  private final String method;
  private final String path;
  private final String query;
  private final Map<String, List<String>> headers;

  private ScrapeRequest(
      String method, String path, String query, Map<String, List<String>> headers) {
    this.method = method;
    this.path = path;
    this.query = query;
    this.headers = headers;
  }

  static ScrapeRequest copyOf(HttpServerRequest request) {
    Map<String, List<String>> headers = new TreeMap<>();
    for (String name : List.of("Accept", "Accept-Encoding")) {
      List<String> values = request.headers().getAll(name);
      if (!values.isEmpty()) {
        headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values));
      }
    }
    return new ScrapeRequest(request.method().name(), request.path(), request.query(), headers);
  }

  /** Requests with the same key get byte-identical responses, so they can share one render. */
  String coalescingKey() {
    return method + ' ' + path + '?' + (query == null ? "" : query) + ' ' + headers;
  }

  @Override
  public String getQueryString() {
    return query;
  }

  @Override
  public Enumeration<String> getHeaders(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return Collections.enumeration(values == null ? List.of() : values);
  }

  @Override
  public String getMethod() {
    return method;
  }

  @Override
  public String getRequestPath() {
    return path;
  }
}
