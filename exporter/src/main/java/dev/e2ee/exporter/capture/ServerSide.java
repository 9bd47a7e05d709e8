package dev.e2ee.exporter.capture;

import dev.e2ee.exporter.config.ConfigException;
import dev.e2ee.exporter.config.ExporterConfig;
import dev.e2ee.exporter.db.ReadOnlyPool;
import dev.e2ee.exporter.log.LogFiles;
import dev.e2ee.exporter.log.parse.RecordParsers;
import dev.e2ee.exporter.support.ErrorText;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The server-side parts of a capture bundle - the log slice and the runbook's SQL - for one user
 * (and device, event) and window: what {@code capture} and the alert capture both write.
 *
 * @param device null for every device of the user
 * @param event an event id to check for KE-3, or null
 * @param since null for whole files
 */
public record ServerSide(
    String user,
    @Nullable String device,
    @Nullable String event,
    @Nullable Instant since,
    @Nullable Instant until,
    boolean keyMaterial) {

  /**
   * The log slice, read with the parsers serve and replay use (every layout, a switch of layout
   * within a file included); every other user in a kept line is replaced by {@code others}.
   */
  public void captureLogs(ExporterConfig cfg, CaptureBundle bundle, OtherIdentities others)
      throws IOException {
    if (!cfg.logs().enabled()) {
      bundle.missing("log slice: logs.enabled is false");
      return;
    }
    String d = device;
    String e = event;
    Predicate<String> mentions =
        d == null ? l -> l.contains(user) : l -> l.contains(user) || l.contains(d);
    if (e != null) {
      mentions = mentions.or(l -> l.contains(e));
    }
    Clock clock = Clock.systemUTC();
    LogSlicer slicer =
        new LogSlicer(
            () -> RecordParsers.forLayout(cfg, clock),
            user,
            mentions,
            since,
            until,
            keyMaterial,
            others);
    List<LogSlicer.FileSlice> slices = new ArrayList<>();
    try (Writer w = bundle.logWriter()) {
      for (Path file : LogSlicer.withRotations(LogFiles.expand(cfg.logs().files()))) {
        try {
          slices.add(slicer.slice(file, w));
        } catch (IOException ex) {
          bundle.missing("log file " + file + ": " + ErrorText.describe(ex));
        }
      }
    }
    if (slices.isEmpty()) {
      bundle.missing("log slice: no readable file for " + cfg.logs().files());
    }
    bundle.logged(slices);
  }

  /** Runs the runbook SQL on its own short-lived read-only pool (never the collectors' pool). */
  public void captureDatabase(
      ExporterConfig cfg, CaptureBundle bundle, Map<String, String> env, OtherIdentities others)
      throws Exception {
    if (!cfg.database().enabled()) {
      bundle.missing("SQL results: database.enabled is false");
      return;
    }
    Vertx vertx = Vertx.vertx();
    try {
      Pool pool = ReadOnlyPool.create(vertx, cfg.database(), env);
      for (CaptureQueries.Result r : CaptureQueries.run(pool, user, device, event, keyMaterial)) {
        r = CaptureQueries.scrubbed(r, others); // a to-device message's sender, an event's
        bundle.query(r);
        if ("event_algorithm".equals(r.name()) && r.error() == null) {
          bundle.note(Q3.forEvent(r));
        }
        if ("devices".equals(r.name()) && r.error() == null) {
          ClientsFinding.forDevices(r).forEach(bundle::note);
        }
      }
      pool.close().await(5, TimeUnit.SECONDS);
    } catch (ConfigException ex) {
      bundle.missing("SQL results: " + ex.getMessage());
    } finally {
      vertx.close().await(5, TimeUnit.SECONDS);
    }
  }
}
