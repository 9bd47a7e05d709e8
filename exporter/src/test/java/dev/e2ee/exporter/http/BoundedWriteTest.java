package dev.e2ee.exporter.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.testing.Http;
import dev.e2ee.exporter.testing.Loopback;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.net.http.HttpResponse;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bodies sent in slices reach a real client whole and in order, at the slice boundaries and far
 * beyond the connection's write queue (4 MB: the rest waits for the queue to drain).
 */
class BoundedWriteTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  // A stalled send must fail here, not hang the build (it once did: one slice sent, no more).
  @Timeout(60)
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
  void theWholeBodyArrivesWithItsLength(int size) {
    byte[] body = new byte[size];
    new Random(size).nextBytes(body);
    Router router = Router.router(vertx);
    router.get("/page").handler(ctx -> BoundedWrite.send(ctx.response(), body));
    int port = Loopback.listen(vertx, router);

    HttpResponse<byte[]> response = Http.getBytes(port, "/page");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(size);
    assertThat(response.body()).isEqualTo(body);
  }
}
