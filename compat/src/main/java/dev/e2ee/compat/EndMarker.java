package dev.e2ee.compat;

import dev.e2ee.compat.client.Http;
import dev.e2ee.compat.client.Reply;
import dev.e2ee.compat.truth.Truth;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Synapse writes INFO lines through a buffer flushed every few seconds. The run's end is marked by
 * one request with a unique user agent; once its access line is in the file, every earlier line is
 * too. A wait for a state, with a limit, never a fixed sleep.
 */
final class EndMarker {
  static final String AGENT = "synapse-e2ee-compat end-of-run marker";

  private EndMarker() {}

  static void await(Http http, Truth truth, Path log) throws IOException, InterruptedException {
    Reply r =
        http.send("GET", "/_matrix/client/versions", null, null, AGENT, Duration.ofSeconds(30));
    truth.request("other", r.code());
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (Instant.now().isBefore(deadline)) {
      if (Files.readString(log, StandardCharsets.UTF_8).contains(AGENT)) {
        return;
      }
      Thread.sleep(250);
    }
    throw new IOException(
        "Synapse did not write the end-of-run access line to " + log + " within 60 s");
  }
}
