package dev.e2ee.exporter.diagnosis;

import java.util.Locale;

/**
 * The answers of the runbook's decision tree. Q1 (KE-1): is a device's one-time-key store diverged,
 * exhausted, or its client looping? Q2 (KE-2): do to-device messages reach it?
 */
public enum Verdict {
  // Q1
  HEALTHY(Question.Q1, "", ""),
  DIVERGENCE(
      Question.Q1,
      "RUNBOOK KE-1, Q1 yes: the client's crypto store and the server diverged.",
      "Capture the client's Crypto Diagnostics report and the failing keys/upload request body; then log this one device out and back in (remedy 1). Do not delete key rows."),
  EXHAUSTION(
      Question.Q1,
      "Q1 no, exhaustion: no one-time keys left, fallback key handed out.",
      "Check whether the device is online (last seen) and whether its uploads fail; exhaustion is not divergence."),
  CLIENT_LOOP(
      Question.Q1,
      "Q1 no, no divergent stored key: the client re-sends the same rejected upload.",
      "Capture the client's SDK version and console; suspect the upload-loop regression (matrix-rust-sdk 5200); logout/login clears it."),
  NO_DEVICE_KEYS(
      Question.Q1,
      "No device keys: not an end-to-end-encrypting device (a bot, a non-E2EE login); one-time keys do not apply.",
      ""),
  // Q2
  NONE_QUEUED(Question.Q2, "", ""),
  OBSERVING(
      Question.Q2,
      "Messages are waiting; not yet watched for a whole backlog_stall window, so whether they drain is not known yet.",
      ""),
  DRAINING(Question.Q2, "", ""),
  BACKLOG(
      Question.Q2,
      "RUNBOOK KE-2, Q2: messages queued and not draining: the device is not syncing.",
      "Check the device's last seen and whether the client shows MissingKey / 'unexpected encrypted' warnings."),
  STALE_DEVICE(
      Question.Q2,
      "RUNBOOK KE-2, Q2: messages addressed to a device id that no longer exists.",
      "Find who targets the old id (call membership state of the room); the sender must refresh its device list.");

  /** The decision-tree question a verdict answers. */
  public enum Question {
    Q1,
    Q2;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Question question;
  private final String meaning;
  private final String captureNext;

  Verdict(Question question, String meaning, String captureNext) {
    this.question = question;
    this.meaning = meaning;
    this.captureNext = captureNext;
  }

  public Question question() {
    return question;
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Healthy answers need no attention: nothing queued, or draining, or a device that does not
   * encrypt; observing is not an answer yet.
   */
  public boolean needsAttention() {
    return this != HEALTHY
        && this != NO_DEVICE_KEYS
        && this != NONE_QUEUED
        && this != DRAINING
        && this != OBSERVING;
  }

  public String meaning() {
    return meaning;
  }

  public String captureNext() {
    return captureNext;
  }
}
