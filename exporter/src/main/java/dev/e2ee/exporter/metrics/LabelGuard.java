package dev.e2ee.exporter.metrics;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.concurrent.atomic.LongAdder;

/**
 * Refuses user and device ids that are not one id: a comma-joined list or a key id (a parse of a
 * message that went wrong, like the claims line read with the wrong separator). Such a value in a
 * label would make a series per request and put a key id where a device belongs. Refused values are
 * replaced by {@value #REJECTED} and counted in {@code
 * synapse_e2ee_label_values_rejected_total{label}}, so a parser that goes wrong is seen, not
 * hidden. A historical user id that really holds a comma is refused too: counted, never guessed.
 */
final class LabelGuard {
  static final String REJECTED = "_rejected";

  private final LongAdder users = new LongAdder();
  private final LongAdder devices = new LongAdder();

  /** A comma, a key id of Matrix's key algorithms, or the " for @" of a claims entry. */
  static boolean notOneId(String id) {
    return id.indexOf(',') >= 0 || id.contains("25519:") || id.contains(" for @");
  }

  String rejectUser() {
    users.increment();
    return REJECTED;
  }

  String rejectDevice() {
    devices.increment();
    return REJECTED;
  }

  void register(PrometheusRegistry registry) {
    CounterWithCallback.builder()
        .name("synapse_e2ee_label_values_rejected")
        .help(
            "User or device ids refused as label values because they are not one id (a comma-joined list or a key id: a message read wrongly); recorded under _rejected.")
        .labelNames("label")
        .callback(
            cb -> {
              cb.call((double) users.sum(), "user");
              cb.call((double) devices.sum(), "device");
            })
        .register(registry);
  }
}
