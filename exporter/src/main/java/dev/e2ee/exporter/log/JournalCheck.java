package dev.e2ee.exporter.log;

import dev.e2ee.exporter.config.JournaldConfig;
import dev.e2ee.exporter.support.ErrorText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * For {@code check}: can journalctl be run, and does it read the selected entries? Runs it once for
 * the newest matching entry, as the exporter would but without following.
 */
public final class JournalCheck {
  /** The verdict and what it rests on. */
  public record Result(boolean ok, String message) {}

  private JournalCheck() {}

  public static Result run(JournaldConfig config) {
    List<String> command =
        new ArrayList<>(new JournalReader(config, 1 << 20, null, false).command(null));
    command.remove("--follow");
    command.remove("--lines=0");
    command.add("--lines=1");
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Result(false, "journalctl did not answer within 30 s");
      }
      if (p.exitValue() != 0) {
        return new Result(
            false,
            "journalctl exited "
                + p.exitValue()
                + ": "
                + out.lines().findFirst().orElse("")
                + " (fix: add the exporter's user to the systemd-journal group, or check logs.journald)");
      }
      if (out.isEmpty()) {
        return new Result(
            true, "journalctl runs; no entry matches " + JournalReader.label(config) + " yet");
      }
      return new Result(true, "journalctl reads " + JournalReader.label(config));
    } catch (IOException e) {
      return new Result(false, "journalctl could not be run: " + ErrorText.describe(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(false, "interrupted");
    }
  }
}
