package dev.e2ee.exporter.capture;

import dev.e2ee.exporter.config.CaptureConfig;
import dev.e2ee.exporter.config.ExporterConfig;
import dev.e2ee.exporter.domain.DeviceRef;
import dev.e2ee.exporter.support.ErrorText;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the runbook's capture when a KE alert fires: the same bundle as {@code capture} (log slice,
 * SQL, the exporter's own view of that device) for the alert's device and a window from {@code
 * capture.window_before} before its startsAt. Bounded: one bundle per device per {@code
 * capture.min_interval}, at most {@code capture.max_concurrent} at once on threads of its own (a
 * bundle never holds a scrape or the event loop), the total kept under {@code capture.max_bytes}.
 * Every alert not captured is counted with its reason.
 */
public final class AlertCapture implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AlertCapture.class);
  private static final DateTimeFormatter NAME_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  /** Why a firing alert was not captured. */
  public enum Skip {
    MIN_INTERVAL,
    BUSY,
    DISABLED,
    UNKNOWN_DEVICE,
    FAILED;

    String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** What the exporter itself knows of one device, as bundle files: name to content. */
  @FunctionalInterface
  public interface OwnView {
    Map<String, String> of(DeviceRef device);
  }

  private final ExporterConfig config;
  private final CaptureConfig capture;
  private final Optional<CaptureStore> store;
  private final Function<AlertPayload.Firing, Optional<DeviceRef>> resolve;
  private final OwnView ownView;
  private final Map<String, String> environment;
  private final Clock clock;
  private final Semaphore slots;
  private final ExecutorService workers;
  private final Map<DeviceRef, Long> lastCapture = new HashMap<>();
  private final Counter skipped;
  private final Counter ignored;
  private final Counter written;
  private final Counter removed;

  public AlertCapture(
      ExporterConfig config,
      Function<AlertPayload.Firing, Optional<DeviceRef>> resolve,
      OwnView ownView,
      Map<String, String> environment,
      PrometheusRegistry registry,
      Clock clock) {
    this.config = config;
    this.capture = config.capture();
    this.store = capture.directory().map(d -> new CaptureStore(d, capture.maxBytes()));
    this.resolve = resolve;
    this.ownView = ownView;
    this.environment = environment;
    this.clock = clock;
    this.slots = new Semaphore(capture.maxConcurrent());
    this.workers =
        new ThreadPoolExecutor(
            capture.maxConcurrent(),
            capture.maxConcurrent(),
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "alert-capture");
              t.setDaemon(true);
              return t;
            });
    ((ThreadPoolExecutor) workers).allowCoreThreadTimeOut(true);
    skipped =
        Counter.builder()
            .name("synapse_e2ee_capture_skipped")
            .help(
                "Firing KE alerts for a device that were not captured, by reason: min_interval (captured within capture.min_interval), busy (capture.max_concurrent running), disabled (no capture.directory), unknown_device (labels name no device this exporter diagnoses), failed.")
            .labelNames("reason")
            .register(registry);
    ignored =
        Counter.builder()
            .name("synapse_e2ee_capture_alerts_ignored")
            .help(
                "Alerts in webhook payloads that are not a capture's business, by reason: resolved, unknown_alert (not a per-device KE alert), no_device (no user/device labels), invalid_alert.")
            .labelNames("reason")
            .register(registry);
    written =
        Counter.builder()
            .name("synapse_e2ee_capture_bundles")
            .help("Capture bundles written for firing KE alerts.")
            .register(registry);
    removed =
        Counter.builder()
            .name("synapse_e2ee_capture_bundles_removed")
            .help("Capture bundles removed, oldest first, to stay under capture.max_bytes.")
            .register(registry);
    for (Skip s : Skip.values()) {
      skipped.labelValues(s.label());
    }
    for (String r : List.of("resolved", "unknown_alert", "no_device", "invalid_alert")) {
      ignored.labelValues(r);
    }
  }

  public Optional<CaptureStore> store() {
    return store;
  }

  /** Counts what the payload ignored and starts a capture per firing device alert; never blocks. */
  public synchronized int accept(AlertPayload.Parsed payload) {
    payload.ignored().forEach((reason, n) -> ignored.labelValues(reason).inc(n));
    int started = 0;
    for (AlertPayload.Firing alert : payload.firing()) {
      Optional<Skip> skip = start(alert);
      if (skip.isPresent()) {
        skipped.labelValues(skip.get().label()).inc();
      } else {
        started++;
      }
    }
    return started;
  }

  private Optional<Skip> start(AlertPayload.Firing alert) {
    if (store.isEmpty()) {
      return Optional.of(Skip.DISABLED);
    }
    Optional<DeviceRef> device = resolve.apply(alert);
    if (device.isEmpty()) {
      return Optional.of(Skip.UNKNOWN_DEVICE);
    }
    long now = clock.millis();
    lastCapture.values().removeIf(t -> now - t >= capture.minInterval().toMillis());
    if (lastCapture.containsKey(device.get())) {
      return Optional.of(Skip.MIN_INTERVAL);
    }
    if (!slots.tryAcquire()) {
      return Optional.of(Skip.BUSY);
    }
    lastCapture.put(device.get(), now);
    CaptureStore target = store.get();
    workers.execute(
        () -> {
          try {
            write(target, alert, device.get());
            written.inc();
            removed.inc(target.prune());
          } catch (Exception e) {
            skipped.labelValues(Skip.FAILED.label()).inc();
            LOG.warn("capture for alert {} failed: {}", alert.alertName(), ErrorText.describe(e));
          } finally {
            slots.release();
          }
        });
    return Optional.empty();
  }

  private void write(CaptureStore target, AlertPayload.Firing alert, DeviceRef device)
      throws Exception {
    Instant capturedAt = clock.instant();
    CaptureBundle bundle =
        CaptureBundle.createPrivate(target.directory(), name(capturedAt, device));
    Instant since = alert.startsAt().minus(capture.windowBefore());
    // The bundle holds this user's data only: every other user a kept line or row names is
    // replaced.
    OtherIdentities others = new OtherIdentities(device.userId());
    ServerSide server =
        new ServerSide(device.userId(), device.deviceId(), null, since, null, false);
    server.captureLogs(config, bundle, others);
    server.captureDatabase(config, bundle, environment, others);
    for (Map.Entry<String, String> part : ownView.of(device).entrySet()) {
      bundle.file(part.getKey(), part.getValue(), "the exporter's own view of this device");
    }
    bundle.finish(
        "E2EE capture for " + device.userId() + " device " + device.deviceId(),
        List.of(
            "alert: `" + alert.alertName() + "` firing since " + alert.startsAt(),
            "user: `" + device.userId() + "`",
            "device: `" + device.deviceId() + "`",
            "window: " + since + " .. " + capturedAt,
            "captured at " + capturedAt + " by the exporter's Alertmanager webhook"),
        false);
    bundle.restrictToOwner();
    // Written last: a bundle is listed only once it is complete and private.
    CaptureStore.publish(
        bundle.dir(),
        new JsonObject()
            .put("alertname", alert.alertName())
            .put("user", device.userId())
            .put("device", device.deviceId())
            .put("starts_at", alert.startsAt().toString())
            .put("captured_at", capturedAt.toString())
            .encodePrettily());
  }

  /** alert-<UTC time>-<hash>: no id in a file name, and two devices never share one. */
  static String name(Instant at, DeviceRef device) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(
                  (device.userId() + "\n" + device.deviceId() + "\n" + at.toEpochMilli())
                      .getBytes(StandardCharsets.UTF_8));
      return "alert-" + NAME_TIME.format(at) + "-" + HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    workers.shutdownNow();
  }
}
