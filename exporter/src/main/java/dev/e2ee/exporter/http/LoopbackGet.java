package dev.e2ee.exporter.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One plain HTTP/1.1 GET from this process to its own listener, on a bare socket (an HTTP client
 * would load more classes than the request it makes): the first answer of {@code serve} and the
 * warm-up's pages.
 */
public final class LoopbackGet {
  private LoopbackGet() {}

  /** The status line of the answer ("HTTP/1.1 200 OK"), read to the end; "" when none came. */
  public static String statusLine(String host, int port, String path, Duration timeout)
      throws IOException {
    try (Socket socket = new Socket()) {
      int millis = (int) timeout.toMillis();
      socket.connect(new InetSocketAddress(host, port), millis);
      socket.setSoTimeout(millis);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      int end = response.indexOf("\r\n");
      return end < 0 ? response : response.substring(0, end);
    }
  }
}
