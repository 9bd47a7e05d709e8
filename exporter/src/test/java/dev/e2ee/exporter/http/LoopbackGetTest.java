package dev.e2ee.exporter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The bare-socket GET: the status line of an answer, "" for none, an error for no listener. */
class LoopbackGetTest {
  private static ServerSocket server() throws IOException {
    return new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
  }

  private static Thread answering(ServerSocket server, String response) {
    Thread thread =
        new Thread(
            () -> {
              try (Socket client = server.accept()) {
                client.getInputStream().read(new byte[1024]);
                OutputStream out = client.getOutputStream();
                out.write(response.getBytes(StandardCharsets.US_ASCII));
              } catch (IOException e) {
                // the test's assertion says what went wrong
              }
            });
    thread.start();
    return thread;
  }

  @Test
  void theStatusLineOfTheAnswer() throws Exception {
    try (ServerSocket server = server()) {
      Thread t = answering(server, "HTTP/1.1 503 Service Unavailable\r\nA: b\r\n\r\nbody");
      assertThat(
              LoopbackGet.statusLine(
                  "127.0.0.1", server.getLocalPort(), "/x", Duration.ofSeconds(5)))
          .isEqualTo("HTTP/1.1 503 Service Unavailable");
      t.join();
    }
  }

  @Test
  void nothingAnsweredIsEmptyAndNoListenerIsAnError() throws Exception {
    int port;
    try (ServerSocket server = server()) {
      port = server.getLocalPort();
      Thread t = answering(server, "");
      assertThat(LoopbackGet.statusLine("127.0.0.1", port, "/x", Duration.ofSeconds(5))).isEmpty();
      t.join();
    }
    assertThatThrownBy(() -> LoopbackGet.statusLine("127.0.0.1", port, "/x", Duration.ofSeconds(5)))
        .isInstanceOf(IOException.class);
  }
}
