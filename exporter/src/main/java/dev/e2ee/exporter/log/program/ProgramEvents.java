package dev.e2ee.exporter.log.program;

import dev.e2ee.exporter.domain.ClientRelease;
import dev.e2ee.exporter.domain.OtkConflict;
import dev.e2ee.exporter.evidence.ConflictState;
import dev.e2ee.exporter.log.parse.AccessLine;
import dev.e2ee.exporter.log.parse.DelayedAction;
import dev.e2ee.exporter.log.parse.Endpoint;
import org.jspecify.annotations.Nullable;

/**
 * What the log program saw, one event at a time, for a caller that keeps more than counters: replay
 * builds its per-minute report from these, on the same code path that feeds the metrics. Called on
 * the program's thread; an implementation must not keep the {@link AccessLine} (it is reused).
 */
public interface ProgramEvents {
  /** Ignores everything: what {@code serve} uses. */
  ProgramEvents NONE = new ProgramEvents() {};

  /** One access line counted. */
  default void request(CountedRequest request) {}

  /**
   * An access line as counted. The {@link AccessLine} is the program's reused one: read it during
   * the call, never keep it.
   *
   * @param toDeviceType the bounded event type for {@code sendToDevice}, else null
   * @param action what a delayed-event request did, else null
   */
  record CountedRequest(
      long timestampMillis,
      Endpoint endpoint,
      AccessLine access,
      @Nullable String toDeviceType,
      @Nullable DelayedAction action) {}

  /** One key upload finished (its lines joined, or its join window passed). */
  default void upload(FinishedUpload upload) {}

  /**
   * A key upload as counted in {@code synapse_e2ee_key_uploads_total}.
   *
   * @param outcome ok, otk_conflict, rejected or incomplete
   * @param conflict the rejected key when the outcome is otk_conflict, else null
   * @param state the device's KE-1 state after this conflict (what the verdicts are made from), or
   *     null when there was no conflict or the device bound refused the device
   */
  record FinishedUpload(
      long timestampMillis,
      @Nullable String userId,
      @Nullable String deviceId,
      String userLabel,
      String deviceLabel,
      String outcome,
      ClientRelease client,
      @Nullable OtkConflict conflict,
      @Nullable ConflictState state) {}
}
