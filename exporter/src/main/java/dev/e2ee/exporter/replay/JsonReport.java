package dev.e2ee.exporter.replay;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The report for tools. Keys are stable and documented in docs/replay-and-backfill.md (tests read
 * them); times are ISO-8601 UTC, durations in seconds with millisecond precision, unknown values
 * null.
 */
public final class JsonReport {
  /** Raised when a key is renamed or removed; adding keys keeps it. */
  public static final int FORMAT_VERSION = 1;

  private JsonReport() {}

  public static void write(IncidentReport r, Writer out) throws IOException {
    try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeNumberField("format_version", FORMAT_VERSION);
      inputs(g, r.inputs());
      g.writeNumberField("lines", r.lines());
      g.writeNumberField("records", r.records());
      g.writeStringField("answer", r.answerable() ? null : IncidentReport.CANNOT_ANSWER);
      g.writeFieldName("skipped");
      counts(g, r.skipped());
      g.writeFieldName("requests");
      table(g, r.requests());
      ke1(g, r.ke1());
      ke2(g, r.ke2());
      g.writeObjectFieldStart("ke4");
      g.writeObjectFieldStart("delayed_events");
      g.writeFieldName("requests");
      table(g, r.ke4().requests());
      g.writeNumberField("disconnects", r.ke4().disconnects());
      seconds(g, "p50_seconds", r.ke4().p50Seconds());
      seconds(g, "p99_seconds", r.ke4().p99Seconds());
      g.writeEndObject();
      g.writeEndObject();
      q4(g, r.q4(), r.answerable());
      g.writeStringField("database", r.database());
      g.writeArrayFieldStart("errors");
      for (String e : r.errors()) {
        g.writeString(e);
      }
      g.writeEndArray();
      g.writeEndObject();
      g.writeRaw('\n');
    }
  }

  private static void inputs(JsonGenerator g, IncidentReport.Inputs in) throws IOException {
    g.writeObjectFieldStart("inputs");
    time(g, "from", in.from());
    time(g, "to", in.to());
    time(g, "first_record", in.firstRecord());
    time(g, "last_record", in.lastRecord());
    g.writeBooleanField("stopped_at_to", in.stoppedAtTo());
    g.writeArrayFieldStart("files");
    for (IncidentReport.FileRow f : in.files()) {
      g.writeStartObject();
      g.writeStringField("name", f.name());
      g.writeStringField("process", f.process());
      g.writeStringField("layout", f.layout());
      g.writeNumberField("lines", f.lines());
      g.writeNumberField("records", f.records());
      time(g, "first_record", f.firstRecord());
      time(g, "last_record", f.lastRecord());
      g.writeNumberField("cut_lines", f.cutLines());
      g.writeNumberField("invalid_utf8_lines", f.invalidUtf8Lines());
      g.writeStringField("error", f.error());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private static void ke1(JsonGenerator g, IncidentReport.Ke1 ke1) throws IOException {
    g.writeObjectFieldStart("ke1");
    g.writeArrayFieldStart("devices");
    for (IncidentReport.Ke1Device d : ke1.devices()) {
      g.writeStartObject();
      g.writeStringField("user", d.user());
      g.writeStringField("device", d.device());
      g.writeStringField("client", d.client());
      g.writeStringField("version", d.version());
      g.writeNumberField("conflicts", d.conflicts());
      g.writeNumberField("uploads_ok", d.uploadsOk());
      g.writeNumberField("uploads_rejected", d.uploadsRejected());
      g.writeNumberField("uploads_incomplete", d.uploadsIncomplete());
      time(g, "first_conflict", d.firstConflict());
      time(g, "last_conflict", d.lastConflict());
      g.writeNumberField("peak_conflicts_per_minute", d.peakConflictsPerMinute());
      time(g, "peak_minute", d.peakMinute());
      strings(g, "key_ids", d.keyIds());
      g.writeNumberField("key_ids_not_listed", d.keyIdsNotListed());
      g.writeStringField("values_differ", d.valuesDiffer());
      g.writeStringField("verdict", d.verdict());
      g.writeStringField("verdict_from_log", d.verdictFromLog());
      g.writeStringField("verdict_evidence", d.verdictEvidence());
      g.writeStringField("runbook", d.meaning());
      g.writeStringField("next", d.next());
      g.writeStringField("at_end", d.atEnd());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeNumberField("devices_refused", ke1.devicesRefused());
    g.writeEndObject();
  }

  private static void ke2(JsonGenerator g, IncidentReport.Ke2 ke2) throws IOException {
    g.writeObjectFieldStart("ke2");
    g.writeFieldName("to_device");
    table(g, ke2.toDevice());
    g.writeFieldName("call_encryption_keys");
    counts(g, ke2.callEncryptionKeys());
    g.writeArrayFieldStart("minutes");
    for (IncidentReport.Ke2Minute m : ke2.minutes()) {
      g.writeStartObject();
      time(g, "minute", m.minute());
      g.writeFieldName("to_device");
      table(g, m.toDevice());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private static void q4(JsonGenerator g, Q4.Answer q4, boolean answerable) throws IOException {
    g.writeObjectFieldStart("q4");
    g.writeStringField("verdict", answerable ? q4.verdict() : "unknown");
    g.writeStringField("explanation", answerable ? q4.explanation() : IncidentReport.CANNOT_ANSWER);
    g.writeNumberField("threshold_seconds", Q4.LOAD_THRESHOLD_SECONDS);
    g.writeNumberField("trouble_minutes", q4.troubleMinutes());
    g.writeNumberField("loaded_trouble_minutes", q4.loadedTroubleMinutes());
    g.writeArrayFieldStart("rows");
    for (Q4.Row row : q4.rows()) {
      g.writeStartObject();
      time(g, "minute", Instant.ofEpochMilli(row.minuteMillis()));
      g.writeNumberField("delayed_requests", row.delayedRequests());
      g.writeNumberField("disconnects", row.disconnects());
      g.writeNumberField("slow", row.slow());
      seconds(g, "delayed_p50_seconds", row.delayedP50Seconds());
      seconds(g, "delayed_p99_seconds", row.delayedP99Seconds());
      g.writeNumberField("homeserver_requests", row.homeserverRequests());
      seconds(g, "homeserver_p99_seconds", row.homeserverP99Seconds());
      seconds(g, "stall_seconds", row.stallSeconds());
      g.writeBooleanField("trouble", row.trouble());
      g.writeBooleanField("loaded", row.loaded());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private static void counts(JsonGenerator g, Map<String, Long> counts) throws IOException {
    g.writeStartObject();
    for (Map.Entry<String, Long> e : counts.entrySet()) {
      g.writeNumberField(e.getKey(), e.getValue());
    }
    g.writeEndObject();
  }

  private static void table(JsonGenerator g, Map<String, Map<String, Long>> table)
      throws IOException {
    g.writeStartObject();
    for (Map.Entry<String, Map<String, Long>> row : table.entrySet()) {
      g.writeFieldName(row.getKey());
      counts(g, row.getValue());
    }
    g.writeEndObject();
  }

  private static void strings(JsonGenerator g, String name, List<String> values)
      throws IOException {
    g.writeArrayFieldStart(name);
    for (String v : values) {
      g.writeString(v);
    }
    g.writeEndArray();
  }

  private static void time(JsonGenerator g, String name, @Nullable Instant at) throws IOException {
    if (at == null) {
      g.writeNullField(name);
    } else {
      g.writeStringField(name, at.toString());
    }
  }

  private static void seconds(JsonGenerator g, String name, double value) throws IOException {
    if (Double.isNaN(value)) {
      g.writeNullField(name);
    } else {
      g.writeNumberField(name, BigDecimal.valueOf(value).setScale(3, RoundingMode.HALF_UP));
    }
  }
}
