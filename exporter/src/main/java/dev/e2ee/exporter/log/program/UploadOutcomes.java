package dev.e2ee.exporter.log.program;

import dev.e2ee.exporter.domain.ClientRelease;
import dev.e2ee.exporter.domain.OtkConflict;
import dev.e2ee.exporter.evidence.ConflictState;
import dev.e2ee.exporter.metrics.DeviceClients;
import dev.e2ee.exporter.metrics.IdentityLabels;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a joined key upload comes to (KE-1): its outcome counted per device, a conflict recorded
 * against its device, the client the device used, and the caller's events told.
 */
final class UploadOutcomes {
  private final IdentityLabels ids;
  private final KeyEventMetrics metrics;
  private final ConflictingDevices conflictingDevices;
  private final DeviceClients deviceClients;
  private final ProgramEvents events;
  private @Nullable String lastAgent;
  private ClientRelease lastClient = ClientRelease.UNKNOWN;

  UploadOutcomes(
      IdentityLabels ids,
      KeyEventMetrics metrics,
      ConflictingDevices conflictingDevices,
      DeviceClients deviceClients,
      ProgramEvents events) {
    this.ids = ids;
    this.metrics = metrics;
    this.conflictingDevices = conflictingDevices;
    this.deviceClients = deviceClients;
    this.events = events;
  }

  /** The join's callback for a finished upload. */
  void finish(KeyUploadJoin.Pending p, long now) {
    String user = ids.user(p.userId);
    String device = ids.device(p.deviceId);
    ClientRelease client = clientOf(p.userAgent);
    String outcome;
    OtkConflict conflict = null;
    ConflictState state = null;
    if (p.conflictSeen) {
      outcome = "otk_conflict";
      // A conflict always names its algorithm and key id (Ke1Messages.Conflict).
      String algorithm = Objects.requireNonNull(p.algorithm);
      metrics.conflict(user, device, algorithm);
      conflict =
          new OtkConflict(
              p.timestampMillis,
              p.source,
              p.request,
              p.userId,
              p.deviceId,
              algorithm,
              Objects.requireNonNull(p.keyId),
              p.keyValues,
              p.storedKeyHash,
              p.uploadedKeyHash);
      state = conflictingDevices.record(conflict, user, device, client);
    } else if (!p.accessSeen) {
      outcome = "incomplete";
    } else {
      outcome = p.status < 400 ? "ok" : "rejected";
    }
    metrics.upload(user, device, outcome);
    events.upload(
        new ProgramEvents.FinishedUpload(
            p.timestampMillis,
            p.userId,
            p.deviceId,
            user,
            device,
            outcome,
            client,
            conflict,
            state));
    if (p.userAgent != null && p.userId != null && p.deviceId != null) {
      deviceClients.recordFromLog(user, device, client, now);
    }
  }

  /** A storm sends one agent thousands of times: the last answer is kept for the next upload. */
  private ClientRelease clientOf(@Nullable String userAgent) {
    if (!Objects.equals(userAgent, lastAgent)) {
      lastAgent = userAgent;
      lastClient = ClientRelease.of(userAgent);
    }
    return lastClient;
  }
}
