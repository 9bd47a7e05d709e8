package dev.e2ee.exporter.diagnosis;

import dev.e2ee.exporter.evidence.Evidence;
import dev.e2ee.exporter.metrics.Gauges;
import dev.e2ee.exporter.metrics.IdentityLabels;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Walks the decision tree on a timer over the latest evidence and keeps the answers for /metrics,
 * the landing page and the JSON API - none of which then does any work of its own. Exposed as
 * {@code synapse_e2ee_verdict{question,user,device,verdict} 1}: one series per device and question,
 * the answer in a label.
 */
public final class DiagnosisService implements MultiCollector {
  private final DecisionTree tree;
  private final Supplier<Evidence> evidence;
  private final IdentityLabels ids;
  private final Clock clock;
  private volatile List<DeviceDiagnosis> latest = List.of();

  public DiagnosisService(
      DecisionTree tree, Supplier<Evidence> evidence, IdentityLabels ids, Clock clock) {
    this.tree = tree;
    this.evidence = evidence;
    this.ids = ids;
    this.clock = clock;
  }

  /** Re-evaluates every verdict; cheap (in-memory maps), called every few seconds. */
  public void refresh() {
    latest = List.copyOf(tree.diagnose(evidence.get(), clock.millis()));
  }

  public List<DeviceDiagnosis> latest() {
    return latest;
  }

  /** Answers that need a person: divergence, exhaustion, client loop, backlog, stale device. */
  public List<DeviceDiagnosis> needingAttention() {
    return latest.stream().filter(d -> d.verdict().needsAttention()).toList();
  }

  @Override
  public MetricSnapshots collect() {
    Gauges verdicts =
        new Gauges(
            "synapse_e2ee_verdict",
            "The runbook's decision-tree answer per device: question q1 (KE-1: healthy, divergence, exhaustion, client_loop, no_device_keys) or q2 (KE-2: none_queued, observing, draining, backlog, stale_device). Always 1; the answer is the verdict label.");
    // One answer per device and question: the verdict label may differ only across questions.
    Set<List<String>> seen = new HashSet<>();
    for (DeviceDiagnosis d : latest) {
      String user = ids.user(d.userId());
      String device = ids.device(d.deviceId());
      String question = d.verdict().question().label();
      if (seen.add(List.of(question, user, device))) {
        verdicts.add(
            1,
            "device",
            device,
            "question",
            question,
            "user",
            user,
            "verdict",
            d.verdict().label());
      }
    }
    return MetricSnapshots.of(verdicts.build());
  }
}
