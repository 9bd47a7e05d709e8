package dev.e2ee.exporter.replay;

import java.util.Arrays;

/** A growable list of latencies, kept as floats: a minute of access lines costs 4 bytes each. */
final class FloatList {
  private float[] values = new float[16];
  private int size;

  void add(double value) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = (float) value;
  }

  int size() {
    return size;
  }

  /**
   * The nearest-rank quantile ({@code q} in 0..1) of the values, or NaN for none. Sorts in place.
   */
  double quantile(double q) {
    if (size == 0) {
      return Double.NaN;
    }
    Arrays.sort(values, 0, size);
    int rank = (int) Math.ceil(q * size);
    return values[Math.max(0, Math.min(size, rank) - 1)];
  }
}
