package dev.e2ee.exporter.replay;

import org.jspecify.annotations.Nullable;

/** What was read of one input file: the report's "Inputs" table and its errors. */
final class InputFile {
  final ReplayFile file;
  final String process;
  String layout = "unknown";
  long lines;
  long records;
  long cutLines;
  long invalidUtf8Lines;
  long firstRecordMillis = Long.MIN_VALUE;
  long lastRecordMillis = Long.MIN_VALUE;

  /** Why the file could not be read to its end, or null. */
  @Nullable String error;

  InputFile(ReplayFile file, String process) {
    this.file = file;
    this.process = process;
  }

  void record(long millis) {
    records++;
    if (firstRecordMillis == Long.MIN_VALUE) {
      firstRecordMillis = millis;
    }
    lastRecordMillis = Math.max(lastRecordMillis, millis);
  }
}
