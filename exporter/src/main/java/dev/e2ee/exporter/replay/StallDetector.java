package dev.e2ee.exporter.replay;

/**
 * Recognises a stalled homeserver in its access lines. Synapse's processing time leaves out the
 * time a request waited while the reactor was blocked (a 29 s SIGSTOP of Synapse 1.160 logged its
 * abandoned delayed-event restarts with {@code 0.017sec}), so a stall never shows in the latency
 * figures. It shows as a silence: no request finishes while the process is frozen, then the
 * requests that waited finish at once, those whose clients gave up logged abandoned ({@code !}). A
 * silence of at least {@link #SILENCE_MILLIS} with an abandoned request within {@link
 * #AFTERMATH_MILLIS} after it is a stall; a quiet night followed by normal requests is not.
 */
final class StallDetector {
  /** The shortest gap between two access lines that counts as a silence. */
  static final long SILENCE_MILLIS = 10_000;

  /** How long after a silence the abandoned requests it caused are still logged. */
  static final long AFTERMATH_MILLIS = 5_000;

  private long lastMillis = Long.MIN_VALUE;
  private long resumedMillis = Long.MIN_VALUE;
  private long silenceMillis;

  /**
   * One access line, in time order.
   *
   * @return the silence this abandoned request followed (a stall), else 0
   */
  long observe(long timestampMillis, boolean abandoned) {
    if (lastMillis != Long.MIN_VALUE && timestampMillis - lastMillis >= SILENCE_MILLIS) {
      resumedMillis = timestampMillis;
      silenceMillis = timestampMillis - lastMillis;
    }
    lastMillis = Math.max(lastMillis, timestampMillis);
    boolean afterSilence =
        resumedMillis != Long.MIN_VALUE && timestampMillis - resumedMillis <= AFTERMATH_MILLIS;
    return abandoned && afterSilence ? silenceMillis : 0;
  }
}
