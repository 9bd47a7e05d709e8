package dev.e2ee.exporter.http;

import dev.e2ee.exporter.support.ErrorText;
import io.prometheus.metrics.exporter.common.PrometheusHttpExchange;
import io.prometheus.metrics.exporter.common.PrometheusHttpRequest;
import io.prometheus.metrics.exporter.common.PrometheusHttpResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The response the library's scrape handler produced, held in memory so that it can be written to
 * the Vert.x response on the event loop and handed to coalesced scrapes too.
 */
final class RenderedResponse {
  private static final Logger LOG = LoggerFactory.getLogger(RenderedResponse.class);

  private int status = 500;
  private final Map<String, String> headers = new LinkedHashMap<>();
  private final ByteArrayOutputStream body = new ByteArrayOutputStream(8192);

  int status() {
    return status;
  }

  Map<String, String> headers() {
    return headers;
  }

  byte[] body() {
    return body.toByteArray();
  }

  int bodySize() {
    return body.size();
  }

  /** The exchange the scrape handler writes into. */
  PrometheusHttpExchange exchangeFor(PrometheusHttpRequest request) {
    return new PrometheusHttpExchange() {
      @Override
      public PrometheusHttpRequest getRequest() {
        return request;
      }

      @Override
      public PrometheusHttpResponse getResponse() {
        return new PrometheusHttpResponse() {
          @Override
          public void setHeader(String name, String value) {
            headers.put(name, value);
          }

          @Override
          public OutputStream sendHeadersAndGetBody(int statusCode, int contentLength) {
            status = statusCode;
            return body;
          }
        };
      }

      @Override
      public void handleException(IOException e) throws IOException {
        throw e;
      }

      @Override
      public void handleException(RuntimeException e) {
        status = 500;
        headers.clear();
        headers.put("Content-Type", "text/plain; charset=utf-8");
        body.reset();
        LOG.warn("collecting metrics failed: {}", ErrorText.describe(e));
        body.writeBytes(
            ("error collecting metrics: " + ErrorText.describe(e) + "\n")
                .getBytes(StandardCharsets.UTF_8));
      }

      @Override
      public void close() {
        // Nothing to release: the body lives in memory until the event loop writes it.
      }
    };
  }
}
