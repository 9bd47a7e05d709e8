package dev.e2ee.exporter.log;

import dev.e2ee.exporter.config.JournaldConfig;
import dev.e2ee.exporter.log.parse.RecordParsers;
import dev.e2ee.exporter.support.ErrorText;
import dev.e2ee.exporter.support.WarnLimiter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Synapse's entries from journald, read with the systemd tool itself ({@code journalctl --follow
 * --output=json}) on a thread of its own and handed to the tailer thread through a bounded queue (a
 * full queue stops reading the pipe: nothing is buffered without bound). A journalctl that exits is
 * started again after a pause, after the last entry it handed on, so no entry is read twice; where
 * it stopped survives restarts as the entry's cursor in the positions file.
 */
final class JournalReader implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JournalReader.class);
  private static final String CURSOR_FIELD = "\"__CURSOR\":\"";
  private static final long RESTART_PAUSE_MILLIS = 5_000;

  private final JournaldConfig config;
  private final int maxLineBytes;
  private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(8192);
  private final Thread thread;
  private final WarnLimiter warnings = new WarnLimiter(600_000);
  private volatile boolean running;
  private volatile @Nullable Process process;
  private volatile @Nullable String problem;
  private final AtomicLong entriesRead = new AtomicLong();

  /**
   * The cursor of the last entry queued (the reader's) and of the last handed on (the tailer's).
   */
  private volatile @Nullable String queuedCursor;

  private volatile @Nullable String handedCursor;
  private final boolean fromBeginning;

  JournalReader(
      JournaldConfig config, int maxLineBytes, @Nullable String cursor, boolean fromBeginning) {
    this.config = config;
    this.maxLineBytes = maxLineBytes;
    this.queuedCursor = cursor;
    this.handedCursor = cursor;
    this.fromBeginning = fromBeginning;
    this.thread = new Thread(this::run, "journal-reader");
    thread.setDaemon(true);
  }

  /** The source label of the journal's lines: "journald:" and what is selected. */
  static String label(JournaldConfig config) {
    return RecordParsers.JOURNAL_PREFIX
        + config.unit().orElse(String.join(",", config.matches()))
        + config.directory().map(d -> "@" + d).orElse("");
  }

  void start() {
    running = true;
    thread.start();
  }

  /** The journalctl command line, resuming after {@code cursor} when there is one. */
  List<String> command(@Nullable String cursor) {
    List<String> cmd =
        new ArrayList<>(
            List.of(config.journalctl(), "--follow", "--output=json", "--no-pager", "--all"));
    config.directory().ifPresent(d -> cmd.add("--directory=" + d));
    if (cursor != null) {
      cmd.add("--after-cursor=" + cursor);
      cmd.add("--lines=all");
    } else {
      cmd.add(fromBeginning ? "--lines=all" : "--lines=0");
    }
    config.unit().ifPresent(u -> cmd.add("--unit=" + u));
    cmd.addAll(config.matches());
    return cmd;
  }

  private void run() {
    while (running) {
      String cursor = queuedCursor;
      try {
        readOnce(cursor);
      } catch (IOException e) {
        problem = "journalctl could not be run: " + ErrorText.describe(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (!running) {
        return;
      }
      // A journal that stays unreadable must show in the exporter's log, not flood it.
      if (warnings.allow("journalctl", System.currentTimeMillis())) {
        LOG.warn("journal: {}; starting journalctl again every 5 s", problem);
      }
      try {
        Thread.sleep(RESTART_PAUSE_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void readOnce(@Nullable String cursor) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command(cursor)).start();
    process = p;
    // stderr is drained while journalctl runs (a full pipe would stop it), keeping its last line.
    String[] lastError = {""};
    Thread errors =
        new Thread(
            () -> {
              try (var err =
                  new BufferedReader(
                      new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = err.readLine()) != null) {
                  if (!line.isBlank()) {
                    lastError[0] = line.length() > 300 ? line.substring(0, 300) : line;
                  }
                }
              } catch (IOException e) {
                // The process is gone: what was read stays.
              }
            },
            "journalctl-stderr");
    errors.setDaemon(true);
    errors.start();
    LineAssembler assembler = new LineAssembler(maxLineBytes);
    byte[] buffer = new byte[1 << 16];
    List<String> ready = new ArrayList<>();
    try (InputStream out = p.getInputStream()) {
      int n;
      while ((n = out.read(buffer)) >= 0) {
        assembler.feed(buffer, 0, n, (line, cut, invalid) -> ready.add(line));
        for (String line : ready) {
          queue.put(line);
          entriesRead.incrementAndGet();
          String c = cursorOf(line);
          if (c != null) {
            queuedCursor = c;
          }
        }
        ready.clear();
        problem = null;
      }
    }
    p.waitFor(5, TimeUnit.SECONDS);
    errors.join(1000);
    problem =
        "journalctl exited"
            + (p.isAlive() ? "" : " with " + p.exitValue())
            + (lastError[0].isEmpty() ? "" : ": " + lastError[0]);
  }

  /** Hands up to {@code max} queued lines to {@code sink}, on the tailer thread. */
  int drainTo(Consumer<String> sink, int max) {
    int handed = 0;
    String line;
    while (handed < max && (line = queue.poll()) != null) {
      sink.accept(line);
      String c = cursorOf(line);
      if (c != null) {
        handedCursor = c;
      }
      handed++;
    }
    return handed;
  }

  /** The cursor of the last entry handed on: where a restart resumes. */
  @Nullable String handedCursor() {
    return handedCursor;
  }

  /** Why the journal is not being read now, or null while journalctl runs. */
  @Nullable String problem() {
    return problem;
  }

  long entriesRead() {
    return entriesRead.get();
  }

  static @Nullable String cursorOf(String line) {
    int at = line.indexOf(CURSOR_FIELD);
    if (at < 0) {
      return null;
    }
    int from = at + CURSOR_FIELD.length();
    int to = line.indexOf('"', from);
    return to < 0 ? null : line.substring(from, to);
  }

  @Override
  public void close() {
    running = false;
    Process p = process;
    if (p != null) {
      p.destroy();
    }
    thread.interrupt();
  }
}
