package dev.e2ee.exporter.page;

import dev.e2ee.exporter.console.DeviceHistory;

/**
 * An inline SVG sparkline of one hour, one point per minute. Observed minutes are joined by a line;
 * minutes nobody observed are left out (a dotted baseline marks them), so a gap never reads as
 * zero. {@code data-points} counts the points drawn, {@code data-minutes} the minutes spanned.
 */
final class Sparkline {
  static final int STEP = 10;
  static final int HEIGHT = 40;
  private static final int PAD = 3;

  private Sparkline() {}

  static String svg(DeviceHistory.Series series) {
    double[] points = series.points();
    double max = Math.max(1, series.max());
    int width = (points.length - 1) * STEP;
    StringBuilder svg =
        new StringBuilder(160 + points.length * 12)
            .append("<svg class=\"spark\" viewBox=\"0 0 ")
            .append(width)
            .append(' ')
            .append(HEIGHT)
            .append("\" preserveAspectRatio=\"none\" role=\"img\" data-points=\"")
            .append(series.observed())
            .append("\" data-minutes=\"")
            .append(points.length)
            .append("\" aria-label=\"")
            .append(Html.escape(label(series)))
            .append("\"><title>")
            .append(Html.escape(label(series)))
            .append("</title>");
    svg.append("<line class=\"unseen\" x1=\"0\" y1=\"")
        .append(HEIGHT - PAD)
        .append("\" x2=\"")
        .append(width)
        .append("\" y2=\"")
        .append(HEIGHT - PAD)
        .append("\"/>");
    StringBuilder run = new StringBuilder();
    for (int i = 0; i <= points.length; i++) {
      boolean seen = i < points.length && !Double.isNaN(points[i]);
      if (seen) {
        run.append(run.isEmpty() ? "" : " ").append(i * STEP).append(',').append(y(points[i], max));
      } else if (!run.isEmpty()) {
        if (run.indexOf(" ") < 0) {
          // One observed minute alone: a line needs two points, so show it as a dot.
          String[] xy = run.toString().split(",", 2);
          svg.append("<circle r=\"2\" cx=\"")
              .append(xy[0])
              .append("\" cy=\"")
              .append(xy[1])
              .append("\"/>");
        }
        svg.append("<polyline points=\"").append(run).append("\"/>");
        run.setLength(0);
      }
    }
    return svg.append("</svg>").toString();
  }

  /** One decimal, without String.format (60 points per device, on every page view). */
  private static String y(double value, double max) {
    long tenths = Math.round((HEIGHT - PAD - value / max * (HEIGHT - 2 * PAD)) * 10);
    return tenths / 10 + "." + tenths % 10;
  }

  private static String label(DeviceHistory.Series s) {
    double latest = s.latest();
    return s.name()
        + " over the last "
        + s.points().length
        + " minutes: "
        + s.observed()
        + " minutes observed, highest "
        + Math.round(s.max())
        + (Double.isNaN(latest) ? "" : ", latest " + Math.round(latest));
  }
}
