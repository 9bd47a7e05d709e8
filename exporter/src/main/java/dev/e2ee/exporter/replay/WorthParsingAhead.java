package dev.e2ee.exporter.replay;

import java.util.List;

/**
 * Whether {@code replay}'s inputs are large enough for its parse workers to pay. The worker and the
 * JIT compiler share the second core while the code warms up, so a small log reads slower with it
 * and a large one faster. Measured on 2 CPUs (docs/benchmarks.md, "Fourth round"), with the unit's
 * JVM flags and with the default ones: 306 MB, 0.94x and 0.82x; 1.48 GB, 1.18x and 1.03x; 4.45 GB,
 * 1.26x and 1.21x. Inputs of unknown size (standard input) are taken as large.
 */
final class WorthParsingAhead {
  /** Below this many bytes on disk (compressed ones for gzip) the lines are parsed in order. */
  static final long MIN_BYTES = 1L << 30;

  private WorthParsingAhead() {}

  static boolean of(List<ReplayFile> inputs) {
    long total = ReplayFile.totalSize(inputs);
    return total < 0 || total >= MIN_BYTES;
  }
}
