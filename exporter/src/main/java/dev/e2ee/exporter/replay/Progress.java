package dev.e2ee.exporter.replay;

/** Told how far a replay got; the command shows it on a terminal and stays quiet otherwise. */
public interface Progress {
  Progress NONE = (bytesRead, totalBytes, lines) -> {};

  /**
   * How much was read so far.
   *
   * @param totalBytes -1 when not known (standard input)
   */
  void update(long bytesRead, long totalBytes, long lines);

  default void done() {}
}
