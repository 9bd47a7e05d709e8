package dev.e2ee.exporter.http;

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

  private void writeWhileRoom() {
    if (response.closed()) {
      return; // the scraper went away before (or while) its page was sent
    }
    while (offset < body.length && !response.writeQueueFull()) {
      int length = Math.min(SLICE, body.length - offset);
      response.write(Buffer.buffer().appendBytes(body, offset, length));
      offset += length;
    }
    if (offset >= body.length) {
      response.end();
    } else {
      response.drainHandler(ignored -> writeWhileRoom());
    }
  }
}
