package dev.e2ee.exporter.capture;

/**
 * Runbook Q3 (KE-3): is {@code content.algorithm} missing in the event as the server stores it? Yes
 * is a data problem on the server (verdict server_data); no means a client that cannot read it has
 * a deserialization bug (stored_ok).
 */
public final class Q3 {
  private Q3() {}

  /** The finding for the event a capture asked about (its event_algorithm query result). */
  public static String forEvent(CaptureQueries.Result r) {
    if (r.rows().isEmpty()) {
      return "Q3: the event is not in this database (not received here, or purged)";
    }
    var row = CaptureQueries.asMaps(r).get(0);
    boolean redacted = Boolean.TRUE.equals(row.get("redacted"));
    if (row.get("algorithm") == null && !redacted) {
      return "Q3 verdict `server_data`: content.algorithm is missing in the stored event - a data problem on the server"
          + " (sender or federation), independent of KE-1";
    }
    return redacted
        ? "Q3: the event is redacted; a missing algorithm is expected"
        : "Q3 verdict `stored_ok`: the server stores algorithm "
            + row.get("algorithm")
            + " - a client that cannot read it has a deserialization bug";
  }
}
