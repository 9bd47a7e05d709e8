package dev.e2ee.exporter.replay;

import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The report for people: the answers first (which device stormed, with which client, from when to
 * when, what the runbook says to do, whether Q4 points at load), the tables after. Written from the
 * same {@link IncidentReport} as the JSON.
 */
public final class MarkdownReport {
  /** Per-minute rows shown; the JSON has them all. */
  static final int MINUTES_SHOWN = 60;

  private MarkdownReport() {}

  public static void write(IncidentReport r, Writer out) throws IOException {
    StringBuilder b = new StringBuilder();
    b.append("# Replay report\n\n");
    summary(b, r);
    inputs(b, r);
    if (r.answerable()) {
      ke1(b, r.ke1());
      ke2(b, r.ke2());
      ke4(b, r);
    }
    b.append("## Database\n\n").append(r.database()).append("\n");
    out.write(b.toString());
  }

  private static void summary(StringBuilder b, IncidentReport r) {
    b.append("## Answers\n\n");
    if (!r.errors().isEmpty()) {
      b.append("- **Incomplete input**: ");
      b.append(String.join("; ", r.errors())).append("\n");
    }
    if (!r.answerable()) {
      b.append("- **Unknown**: ").append(IncidentReport.CANNOT_ANSWER).append(".\n\n");
      return;
    }
    if (r.ke1().devices().isEmpty()) {
      b.append("- KE-1: no key upload was rejected for an existing one-time key.\n");
    }
    for (IncidentReport.Ke1Device d : r.ke1().devices()) {
      b.append("- KE-1: device `")
          .append(d.device())
          .append("` of `")
          .append(d.user())
          .append("`")
          .append(client(d))
          .append(": ")
          .append(d.conflicts())
          .append(" uploads rejected from ")
          .append(d.firstConflict())
          .append(" to ")
          .append(d.lastConflict())
          .append(" (peak ")
          .append(d.peakConflictsPerMinute())
          .append("/min at ")
          .append(d.peakMinute())
          .append("); ")
          .append(d.atEnd())
          .append(".\n  Verdict **")
          .append(d.verdict())
          .append("**: ")
          .append(d.verdictEvidence())
          .append(".");
      if (!d.verdict().equals(d.verdictFromLog())) {
        b.append(" (From the log alone: ").append(d.verdictFromLog()).append(".)");
      }
      if (!d.meaning().isEmpty()) {
        b.append("\n  ").append(d.meaning());
      }
      if (!d.next().isEmpty()) {
        b.append("\n  Next: ").append(d.next());
      }
      b.append("\n");
    }
    b.append("- KE-4 / Q4: **")
        .append(r.q4().verdict())
        .append("**: ")
        .append(r.q4().explanation())
        .append(".\n\n");
  }

  private static String client(IncidentReport.Ke1Device d) {
    if (d.client().equals("other")) {
      return "";
    }
    return " (" + d.client() + (d.version().isEmpty() ? "" : " " + d.version()) + ")";
  }

  private static void inputs(StringBuilder b, IncidentReport r) {
    IncidentReport.Inputs in = r.inputs();
    b.append("## Inputs\n\n");
    b.append("Records from ")
        .append(text(in.firstRecord()))
        .append(" to ")
        .append(text(in.lastRecord()));
    if (in.from() != null || in.to() != null) {
      b.append(" (window ")
          .append(text(in.from()))
          .append(" .. ")
          .append(text(in.to()))
          .append(")");
    }
    b.append(": ").append(r.lines()).append(" lines, ").append(r.records()).append(" records.\n\n");
    b.append(
        "| file | process | layout | lines | records | first record | last record | problem |\n");
    b.append("|---|---|---|---:|---:|---|---|---|\n");
    for (IncidentReport.FileRow f : in.files()) {
      String problem = f.error() == null ? "" : f.error();
      if (f.cutLines() > 0) {
        problem += (problem.isEmpty() ? "" : "; ") + f.cutLines() + " lines cut at the length cap";
      }
      if (f.invalidUtf8Lines() > 0) {
        problem += (problem.isEmpty() ? "" : "; ") + f.invalidUtf8Lines() + " lines not UTF-8";
      }
      b.append("| `")
          .append(f.name())
          .append("` | ")
          .append(f.process())
          .append(" | ")
          .append(f.layout())
          .append(" | ")
          .append(f.lines())
          .append(" | ")
          .append(f.records())
          .append(" | ")
          .append(text(f.firstRecord()))
          .append(" | ")
          .append(text(f.lastRecord()))
          .append(" | ")
          .append(problem)
          .append(" |\n");
    }
    b.append("\nLines skipped: ");
    StringBuilder skipped = new StringBuilder();
    r.skipped()
        .forEach(
            (reason, n) -> {
              if (n > 0) {
                skipped
                    .append(skipped.length() == 0 ? "" : ", ")
                    .append(reason)
                    .append(" ")
                    .append(n);
              }
            });
    b.append(skipped.length() == 0 ? "none" : skipped).append(".\n\n");
  }

  private static void ke1(StringBuilder b, IncidentReport.Ke1 ke1) {
    b.append("## KE-1: rejected one-time-key uploads\n\n");
    if (ke1.devices().isEmpty()) {
      b.append("None.\n\n");
      return;
    }
    b.append(
        "| user | device | client | rejected | ok | other 4xx/5xx | first | last | peak/min | key ids | values differ | verdict |\n");
    b.append("|---|---|---|---:|---:|---:|---|---|---:|---|---|---|\n");
    for (IncidentReport.Ke1Device d : ke1.devices()) {
      b.append("| `")
          .append(d.user())
          .append("` | `")
          .append(d.device())
          .append("` | ")
          .append(d.client())
          .append(d.version().isEmpty() ? "" : " " + d.version())
          .append(" | ")
          .append(d.conflicts())
          .append(" | ")
          .append(d.uploadsOk())
          .append(" | ")
          .append(d.uploadsRejected())
          .append(" | ")
          .append(d.firstConflict())
          .append(" | ")
          .append(d.lastConflict())
          .append(" | ")
          .append(d.peakConflictsPerMinute())
          .append(" | ")
          .append(String.join(", ", d.keyIds()))
          .append(d.keyIdsNotListed() > 0 ? " and " + d.keyIdsNotListed() + " more" : "")
          .append(" | ")
          .append(d.valuesDiffer())
          .append(" | ")
          .append(d.verdict())
          .append(" |\n");
    }
    if (ke1.devicesRefused() > 0) {
      b.append("\n")
          .append(ke1.devicesRefused())
          .append(" devices were beyond devices.max_devices: counted, not diagnosed.\n");
    }
    b.append("\n");
  }

  private static void ke2(StringBuilder b, IncidentReport.Ke2 ke2) {
    b.append("## KE-2: to-device messages sent\n\n");
    if (ke2.toDevice().isEmpty()) {
      b.append("None.\n\n");
      return;
    }
    b.append("| event type | status | requests |\n|---|---|---:|\n");
    ke2.toDevice()
        .forEach(
            (type, codes) ->
                codes.forEach(
                    (code, n) ->
                        b.append("| ")
                            .append(type)
                            .append(" | ")
                            .append(code)
                            .append(" | ")
                            .append(n)
                            .append(" |\n")));
    b.append("\nElement Call media keys (`")
        .append(IncidentReports.CALL_KEYS)
        .append("`): ")
        .append(StatusCounts.byStatus(ke2.callEncryptionKeys()))
        .append(". Per minute: see the JSON report (`ke2.minutes`).\n\n");
  }

  private static void ke4(StringBuilder b, IncidentReport r) {
    IncidentReport.Ke4 ke4 = r.ke4();
    b.append("## KE-4: delayed events and Q4\n\n");
    if (ke4.requests().isEmpty()) {
      b.append("No delayed-event requests.\n\n");
      return;
    }
    b.append("Requests by action and status: ")
        .append(StatusCounts.byActionAndStatus(ke4.requests()))
        .append("; abandoned by the client (`!`): ")
        .append(ke4.disconnects())
        .append("; Synapse's time p50 ")
        .append(seconds(ke4.p50Seconds()))
        .append(", p99 ")
        .append(seconds(ke4.p99Seconds()))
        .append(".\n\n");
    b.append(
        "| minute | delayed requests | abandoned | slow | delayed p50 | delayed p99 | homeserver p99 (no /sync) | stall | Q4 |\n");
    b.append("|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
    int shown = 0;
    for (Q4.Row row : r.q4().rows()) {
      if (!row.trouble()) {
        continue;
      }
      if (shown++ == MINUTES_SHOWN) {
        b.append("| ... | more in the JSON report | | | | | | | |\n");
        break;
      }
      b.append("| ")
          .append(Instant.ofEpochMilli(row.minuteMillis()))
          .append(" | ")
          .append(row.delayedRequests())
          .append(" | ")
          .append(row.disconnects())
          .append(" | ")
          .append(row.slow())
          .append(" | ")
          .append(seconds(row.delayedP50Seconds()))
          .append(" | ")
          .append(seconds(row.delayedP99Seconds()))
          .append(" | ")
          .append(seconds(row.homeserverP99Seconds()))
          .append(" | ")
          .append(row.stallSeconds() > 0 ? seconds(row.stallSeconds()) + " silent" : "-")
          .append(" | ")
          .append(row.loaded() ? "load" : "client")
          .append(" |\n");
    }
    if (shown == 0) {
      b.append("| (no minute with abandoned or slow requests) | | | | | | | | |\n");
    }
    b.append("\n");
  }

  private static String seconds(double value) {
    return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.3f s", value);
  }

  private static String text(@Nullable Instant at) {
    return at == null ? "-" : at.toString();
  }
}
