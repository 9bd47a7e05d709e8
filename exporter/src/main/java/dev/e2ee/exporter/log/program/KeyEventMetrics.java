package dev.e2ee.exporter.log.program;

import dev.e2ee.exporter.config.DevicesConfig;
import dev.e2ee.exporter.domain.ToDeviceTypes;
import dev.e2ee.exporter.log.parse.DelayedAction;
import dev.e2ee.exporter.metrics.BoundedMetrics;
import dev.e2ee.exporter.metrics.BoundedMetrics.BoundedCounter;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The counters of the key events the program reads from the log: key uploads and their OTK
 * conflicts and claims (KE-1), to-device requests (KE-2) and MSC4140 delayed events (KE-4). Per
 * device and per user series are bounded by the configured device cap and idle TTL.
 */
final class KeyEventMetrics {
  private final BoundedCounter uploads;
  private final BoundedCounter conflicts;
  private final BoundedCounter claims;
  private final Counter toDevice;
  private final BoundedCounter delayedRequests;
  private final BoundedCounter delayedDisconnects;
  private final Histogram delayedDuration;
  private final CounterDataPoint delayedSendFailures;
  private final CounterDataPoint joinEvicted;

  KeyEventMetrics(DevicesConfig devices, PrometheusRegistry registry, BoundedMetrics bounded) {
    int cap = devices.maxDevices();
    Duration ttl = devices.seriesIdleTtl();
    uploads =
        bounded.counter(
            new BoundedMetrics.Spec(
                "synapse_e2ee_key_uploads",
                "POST /keys/upload requests per device by outcome: ok, otk_conflict (KE-1), rejected (other 4xx/5xx), incomplete (no access line within the join window).",
                List.of("user", "device", "outcome"),
                List.of("user", "device"),
                cap,
                ttl));
    conflicts =
        bounded.counter(
            new BoundedMetrics.Spec(
                "synapse_e2ee_otk_conflicts",
                "Key uploads rejected because a one-time key id already exists with another value (KE-1).",
                List.of("user", "device", "algorithm"),
                List.of("user", "device"),
                cap,
                ttl));
    claims =
        bounded.counter(
            new BoundedMetrics.Spec(
                "synapse_e2ee_otk_claims",
                "One-time keys claimed from a device by others (from 'Claimed one-time-keys' lines): each starts an Olm session with it.",
                List.of("user", "device"),
                List.of("user", "device"),
                cap,
                ttl));
    toDevice = toDeviceCounter(registry);
    delayedRequests =
        bounded.counter(
            new BoundedMetrics.Spec(
                "synapse_e2ee_delayed_event_requests",
                "MSC4140 delayed-event requests (schedule, update, restart, cancel, send, list) per user and status code (KE-4).",
                List.of("user", "action", "code"),
                List.of("user"),
                cap,
                ttl));
    delayedDisconnects =
        bounded.counter(
            new BoundedMetrics.Spec(
                "synapse_e2ee_delayed_event_disconnects",
                "Delayed-event requests the client abandoned before Synapse answered (status logged with '!': Synapse 1.160 logs the handler's status, e.g. 200!, or 499! where it cancels).",
                List.of("user"),
                List.of("user"),
                cap,
                ttl));
    delayedDuration = delayedDurationHistogram(registry);
    delayedSendFailures =
        Counter.builder()
            .name("synapse_e2ee_delayed_event_send_failures")
            .help("'Failed to send delayed event' errors of synapse.handlers.delayed_events.")
            .withoutExemplars()
            .register(registry)
            .labelValues();
    joinEvicted =
        Counter.builder()
            .name("synapse_e2ee_key_upload_join_evicted")
            .help("Key-upload requests finished early because the join table was full.")
            .withoutExemplars()
            .register(registry)
            .labelValues();
  }

  private static Counter toDeviceCounter(PrometheusRegistry registry) {
    Counter counter =
        Counter.builder()
            .name("synapse_e2ee_to_device_requests")
            .help(
                "PUT /sendToDevice requests by event type (bounded set, else 'other') and status code (KE-2).")
            .labelNames("event_type", "code")
            .withoutExemplars()
            .register(registry);
    // Every known type at 0 for the usual answer, so rate() panels have data before the first call.
    ToDeviceTypes.labels().forEach(type -> counter.labelValues(type, "200"));
    return counter;
  }

  private static Histogram delayedDurationHistogram(PrometheusRegistry registry) {
    return Histogram.builder()
        .name("synapse_e2ee_delayed_event_request_duration_seconds")
        .help("Synapse's processing time of delayed-event requests, by action (KE-4).")
        .labelNames("action")
        .withoutExemplars()
        .classicOnly()
        .classicUpperBounds(AccessMetrics.BUCKETS)
        .register(registry);
  }

  void upload(String user, String device, String outcome) {
    uploads.labelValues(user, device, outcome).inc();
  }

  void conflict(String user, String device, String algorithm) {
    conflicts.labelValues(user, device, algorithm).inc();
  }

  void claim(String user, String device) {
    claims.labelValues(user, device).inc();
  }

  void toDevice(@Nullable String eventType, int status) {
    toDevice.labelValues(eventType, Integer.toString(status)).inc();
  }

  void delayed(
      String user, DelayedAction action, int status, double seconds, boolean disconnected) {
    delayedRequests.labelValues(user, action.label(), Integer.toString(status)).inc();
    delayedDuration.labelValues(action.label()).observe(Math.max(0, seconds));
    if (disconnected) {
      delayedDisconnects.labelValues(user).inc();
    }
  }

  void delayedSendFailure() {
    delayedSendFailures.inc();
  }

  void joinEvicted(long count) {
    joinEvicted.inc(count);
  }
}
