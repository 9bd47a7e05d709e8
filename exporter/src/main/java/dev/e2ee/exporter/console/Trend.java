package dev.e2ee.exporter.console;

/**
 * The direction of a sparkline in a word: the mean of the last five observed minutes against the
 * ten before them. A change smaller than one per minute or a tenth of the earlier level is "flat",
 * so that noise does not read as a trend. Too few observed minutes say so instead of guessing.
 */
public enum Trend {
  RISING("rising"),
  FLAT("flat"),
  FALLING("falling"),
  UNKNOWN("not enough minutes seen yet");

  static final int RECENT = 5;
  static final int EARLIER = 10;
  static final int MIN_SEEN = 3;

  private final String words;

  Trend(String words) {
    this.words = words;
  }

  public String words() {
    return words;
  }

  static Trend of(double[] points) {
    int end = points.length;
    double recent = mean(points, end - RECENT, end);
    double earlier = mean(points, end - RECENT - EARLIER, end - RECENT);
    if (Double.isNaN(recent) || Double.isNaN(earlier)) {
      return UNKNOWN;
    }
    double tolerance = Math.max(1.0, 0.1 * earlier);
    if (recent - earlier > tolerance) {
      return RISING;
    }
    if (earlier - recent > tolerance) {
      return FALLING;
    }
    return FLAT;
  }

  /** The mean of the observed points in [from, to), NaN with fewer than {@link #MIN_SEEN}. */
  private static double mean(double[] points, int from, int to) {
    double sum = 0;
    int seen = 0;
    for (int i = Math.max(0, from); i < to; i++) {
      if (!Double.isNaN(points[i])) {
        sum += points[i];
        seen++;
      }
    }
    return seen < MIN_SEEN ? Double.NaN : sum / seen;
  }
}
