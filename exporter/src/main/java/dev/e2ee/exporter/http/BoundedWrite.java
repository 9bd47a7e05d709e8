package dev.e2ee.exporter.http;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * Sends one rendered body to one client in slices, waiting while the connection's write queue is
 * full. A body handed over whole is copied into a direct buffer per connection until the client has
 * read it all: fifty scrapers of a 150 kB page held 7.5 MB of native memory at once. In slices, a
 * slow or stalled reader holds at most its write queue (Netty's high-water mark).
 */
final class BoundedWrite {
  static final int SLICE = 16 * 1024;

  private final HttpServerResponse response;
  private final byte[] body;
  private int offset;

  private BoundedWrite(HttpServerResponse response, byte[] body) {
    this.response = response;
    this.body = body;
  }

  /** Starts sending {@code body}; the response ends when the last slice is queued. */
  static void send(HttpServerResponse response, byte[] body) {
    response.putHeader("Content-Length", Integer.toString(body.length));
    new BoundedWrite(response, body).writeWhileRoom();
  }

  /**
   * Writes slices until the queue is full, then goes on when the last slice has been written out.
   * Each call writes at least one slice, so there is always a write to wait for. Waiting for the
   * queue's drain handler instead was seen to stall for good (BoundedWriteTest, one time in two on
   * a busy machine: one slice sent, the socket empty, no drain event ever), and a page that never
   * ends holds its scraper until Prometheus times out.
   */
  private void writeWhileRoom() {
    if (response.closed()) {
      return; // the scraper went away before (or while) its page was sent
    }
    Future<Void> last = null;
    while (offset < body.length && (last == null || !response.writeQueueFull())) {
      int length = Math.min(SLICE, body.length - offset);
      last = response.write(Buffer.buffer().appendBytes(body, offset, length));
      offset += length;
    }
    if (last == null || offset >= body.length) {
      response.end();
    } else {
      last.onComplete(ignored -> writeWhileRoom());
    }
  }
}
