package dev.e2ee.exporter.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bodies sent in slices reach a real client over loopback whole, in order and with their length: at
 * the slice boundaries, far beyond the write queue, to a reader too slow for the queue (so the send
 * waits for the drain and goes on); a client leaving mid-body breaks nothing, and nothing is
 * written to a client already gone.
 *
 * <p>One Vert.x listener serves every case, and every request is its own raw socket that asks for
 * {@code Connection: close}. An earlier version of this test started a listener per case and shared
 * one pooled {@code java.net.http.HttpClient}: the client kept an idle keep-alive connection to the
 * previous case's closed listener, the next listener got the same ephemeral port, and the request
 * went out on the dead connection and never reached the server, so about half of the runs hung.
 * With one listener no port is reused, and with no pool no request can ride on a stale connection.
 */
// A stalled send must fail the case, not hang the build; socket reads time out well before this.
@Timeout(60)
class BoundedWriteTest {
  /** Small enough that a body of a few slices fills it before the client reads anything. */
  private static final int SMALL_QUEUE = 2 * BoundedWrite.SLICE;

  private static final int READ_TIMEOUT_MILLIS = 20_000;

  /** What the listener sends to the next request, set by each case before it asks. */
  private static final class Page {
    final byte[] body;
    final int writeQueueMaxSize; // 0: Vert.x's default
    final When when;

    Page(byte[] body, int writeQueueMaxSize, When when) {
      this.body = body;
      this.writeQueueMaxSize = writeQueueMaxSize;
      this.when = when;
    }
  }

  private enum When {
    /** From the request handler, as a plain route would. */
    AT_ONCE,
    /** From a later event-loop turn, as /metrics does once its page is rendered. */
    LATER,
    /** Only once the client has closed the connection. */
    AFTER_CLOSE
  }

  /** What the handler saw right after {@code send} returned. */
  private record Sent(HttpServerResponse response, boolean waitingForDrain) {}

  private static Vertx vertx;
  private static int port;
  private static volatile Page page = new Page(new byte[0], 0, When.AT_ONCE);
  private static final BlockingQueue<Sent> SENT = new LinkedBlockingQueue<>();
  private static final List<Throwable> FAILURES = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void listen() throws Exception {
    vertx = Vertx.vertx();
    // Anything thrown on the event loop, the drain handler's turns included, lands here.
    vertx.exceptionHandler(FAILURES::add);
    port =
        vertx
            // As the exporter's listener (HttpApi): HTTP/1 only, no h2c detection.
            .createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(false))
            .requestHandler(BoundedWriteTest::serve)
            .listen(0, "127.0.0.1")
            .await(10, TimeUnit.SECONDS)
            .actualPort();
  }

  @AfterAll
  static void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @BeforeEach
  void forgetTheLastCase() {
    SENT.clear();
    FAILURES.clear();
  }

  private static void serve(HttpServerRequest request) {
    Page now = page;
    HttpServerResponse response = request.response();
    if (now.writeQueueMaxSize > 0) {
      response.setWriteQueueMaxSize(now.writeQueueMaxSize);
    }
    switch (now.when) {
      case AT_ONCE -> send(response, now.body);
      case LATER -> vertx.getOrCreateContext().runOnContext(v -> send(response, now.body));
      case AFTER_CLOSE -> response.closeHandler(v -> send(response, now.body));
    }
  }

  private static void send(HttpServerResponse response, byte[] body) {
    try {
      BoundedWrite.send(response, body);
      SENT.add(new Sent(response, !response.ended()));
    } catch (RuntimeException e) {
      FAILURES.add(e);
    }
  }

  // 0 and 1 byte; one slice less one, exactly one, one more; a few slices and a byte; 4 MB, far
  // beyond Netty's default write queue (64 kB), so most of it waits for the queue to drain.
  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(
      ints = {
        0,
        1,
        BoundedWrite.SLICE - 1,
        BoundedWrite.SLICE,
        BoundedWrite.SLICE + 1,
        3 * BoundedWrite.SLICE + 7,
        4 << 20
      })
  void theWholeBodyArrivesWithItsLength(int size) throws Exception {
    byte[] body = body(size);
    page = new Page(body, 0, When.AT_ONCE);

    Response response = get();

    assertThat(response.status).isEqualTo(200);
    assertThat(response.contentLength).isEqualTo(size);
    assertSameBytes(response.body, body);
    assertThat(SENT.poll(10, TimeUnit.SECONDS)).isNotNull();
    assertThat(FAILURES).isEmpty();
  }

  @Test
  void aPageSentOnALaterTurnArrivesWholeAsMetricsSendsIt() throws Exception {
    byte[] body = body(4 << 20);
    page = new Page(body, 0, When.LATER);

    Response response = get();

    assertThat(response.status).isEqualTo(200);
    assertThat(response.contentLength).isEqualTo(body.length);
    assertSameBytes(response.body, body);
    assertThat(FAILURES).isEmpty();
  }

  @Test
  void aSlowReaderGetsEveryByteAfterTheSendHasWaitedForTheDrain() throws Exception {
    byte[] body = body(2 << 20);
    page = new Page(body, SMALL_QUEUE, When.AT_ONCE);

    try (Socket socket = ask()) {
      // Nothing is read until the send has stopped at a full queue and returned unfinished...
      Sent sent = SENT.poll(20, TimeUnit.SECONDS);
      assertThat(sent).as("the handler ran").isNotNull();
      assertThat(sent.waitingForDrain())
          .as("send returned with the queue full and the body not all written")
          .isTrue();
      // ...then it is read in small sips: the rest goes out only as the drain resumes the send.
      Response response = read(socket.getInputStream(), 512);

      assertThat(response.status).isEqualTo(200);
      assertThat(response.contentLength).isEqualTo(body.length);
      assertSameBytes(response.body, body);
      assertThat(sent.response().ended()).isTrue();
    }
    assertThat(FAILURES).isEmpty();
  }

  @Test
  void aClientThatLeavesMidBodyBreaksNothingAndTheNextClientIsServed() throws Exception {
    byte[] body = body(4 << 20);
    page = new Page(body, SMALL_QUEUE, When.AT_ONCE);
    Sent sent;
    try (Socket socket = ask()) {
      sent = SENT.poll(20, TimeUnit.SECONDS);
      assertThat(sent).as("the handler ran").isNotNull();
      assertThat(sent.waitingForDrain()).as("the body did not fit in the queue").isTrue();
      InputStream in = socket.getInputStream();
      readHead(in);
      assertThat(in.readNBytes(4096)).hasSize(4096);
    } // leaves with most of the body unread
    HttpServerResponse left = sent.response();
    Await.until(left::closed, Duration.ofSeconds(20));
    page = new Page(body(BoundedWrite.SLICE + 1), 0, When.AT_ONCE);
    Response next = get();

    // Not asserted: that the send stopped short. Seen with Vert.x 5.0.7 (one run traced): the
    // client left with about 1 MB written, then the drain handler still ran while closed() was
    // false, the rest of the 4 MB was written and the response ended; only then was the connection
    // reported closed. So send's closed() check stops a send only for a client whose leaving
    // Vert.x has already seen (the next case); here the remaining slices went to a gone client.
    assertThat(next.status).isEqualTo(200);
    assertSameBytes(next.body, page.body);
    assertThat(FAILURES).isEmpty();
  }

  @Test
  void nothingIsWrittenToAClientThatHasAlreadyGone() throws Exception {
    page = new Page(body(3 * BoundedWrite.SLICE), 0, When.AFTER_CLOSE);
    // The handler holds the page back until this client has gone.
    ask().close();
    Sent sent = SENT.poll(20, TimeUnit.SECONDS);

    assertThat(sent).as("send was called once the client had gone").isNotNull();
    assertThat(sent.response().bytesWritten()).isZero();
    assertThat(sent.response().ended()).isFalse();
    assertThat(FAILURES).isEmpty();
  }

  // ---- a raw HTTP/1.1 client: one connection per request, never reused ----

  private static final class Response {
    final int status;
    final long contentLength; // -1: no Content-Length header
    final byte[] body;

    Response(int status, long contentLength, byte[] body) {
      this.status = status;
      this.contentLength = contentLength;
      this.body = body;
    }
  }

  /** Sends a GET for the current page on a new connection and reads the whole answer. */
  private static Response get() throws IOException {
    try (Socket socket = ask()) {
      return read(socket.getInputStream(), 64 * 1024);
    }
  }

  private static Socket ask() throws IOException {
    Socket socket = new Socket();
    // A small receive window, so a reader that does not read soon holds the server's queue full.
    socket.setReceiveBufferSize(8 * 1024);
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    socket.setSoTimeout(READ_TIMEOUT_MILLIS);
    socket
        .getOutputStream()
        .write(
            "GET /page HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
    return socket;
  }

  /**
   * Reads the head, then the body to the end of the connection, {@code sip} bytes at a time.
   * Reading to the end, not to the announced length, also catches bytes sent beyond it.
   */
  private static Response read(InputStream in, int sip) throws IOException {
    String head = readHead(in);
    int status = Integer.parseInt(head.substring(9, 12));
    long contentLength = -1;
    for (String line : head.lines().toList()) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        contentLength = Long.parseLong(line.substring("content-length:".length()).trim());
      }
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    byte[] buffer = new byte[sip];
    for (int n; (n = in.read(buffer)) >= 0; ) {
      body.write(buffer, 0, n);
    }
    return new Response(status, contentLength, body.toByteArray());
  }

  private static String readHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (head.indexOf("\r\n\r\n") < 0) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed inside the response head: " + head);
      }
      head.append((char) b);
    }
    return head.toString();
  }

  /** Seeded random bytes: a slice sent twice, skipped or shifted cannot look right. */
  private static byte[] body(int size) {
    byte[] body = new byte[size];
    new Random(size).nextBytes(body);
    return body;
  }

  /** Compares byte for byte, naming the first that differs rather than dumping 4 MB. */
  private static void assertSameBytes(byte[] actual, byte[] expected) {
    int firstDifference = -1;
    for (int i = 0; i < Math.min(actual.length, expected.length); i++) {
      if (actual[i] != expected[i]) {
        firstDifference = i;
        break;
      }
    }
    assertThat(firstDifference).as("first byte that differs").isEqualTo(-1);
    assertThat(actual.length).as("body length").isEqualTo(expected.length);
  }
}
