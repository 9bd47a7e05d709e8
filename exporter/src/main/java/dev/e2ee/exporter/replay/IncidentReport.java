package dev.e2ee.exporter.replay;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Everything a replay report says, built once and written as Markdown for people and JSON for
 * tools, so the two never disagree. Counts come from the program's registry (what {@code serve}
 * would have exposed at the end of the log); times and per-minute figures from its events.
 *
 * @param skipped lines that are not records, by reason, plus {@code outside_range}
 * @param requests access lines by endpoint class and status code
 * @param database what the database said with {@code --confirm}, or why it was not asked
 */
public record IncidentReport(
    Inputs inputs,
    long lines,
    long records,
    Map<String, Long> skipped,
    Map<String, Map<String, Long>> requests,
    Ke1 ke1,
    Ke2 ke2,
    Ke4 ke4,
    Q4.Answer q4,
    String database,
    List<String> errors) {

  /** What a report of no record says instead of any answer: nothing was observed. */
  static final String CANNOT_ANSWER =
      "cannot answer from 0 records: no line read was a Synapse record in a layout the exporter"
          + " reads (the lines skipped say why), so no KE-1, KE-2, KE-4 or Q4 answer is known";

  /** The report's answers mean something only when a record was read. */
  public boolean answerable() {
    return records > 0;
  }

  /**
   * What was read.
   *
   * @param from the window asked for, or null
   * @param firstRecord the first record replayed, or null when none was
   */
  public record Inputs(
      List<FileRow> files,
      @Nullable Instant from,
      @Nullable Instant to,
      @Nullable Instant firstRecord,
      @Nullable Instant lastRecord,
      boolean stoppedAtTo) {}

  /** One input file as read. */
  public record FileRow(
      String name,
      String process,
      String layout,
      long lines,
      long records,
      @Nullable Instant firstRecord,
      @Nullable Instant lastRecord,
      long cutLines,
      long invalidUtf8Lines,
      @Nullable String error) {}

  /**
   * Devices with rejected uploads, most rejections first.
   *
   * @param devicesRefused devices beyond {@code devices.max_devices}: in the counts, not listed
   */
  public record Ke1(List<Ke1Device> devices, long devicesRefused) {}

  /**
   * One device with rejected key uploads.
   *
   * @param valuesDiffer yes, no, mixed or unknown: whether the stored and uploaded key values in
   *     the error messages differed
   * @param verdict the runbook's Q1 answer while the storm lasted (at its last rejected upload),
   *     with what the database says now when it was asked
   * @param verdictFromLog the same answer from the log alone
   * @param atEnd whether the device was still rejected when the log ends
   */
  public record Ke1Device(
      String user,
      String device,
      String client,
      String version,
      long conflicts,
      long uploadsOk,
      long uploadsRejected,
      long uploadsIncomplete,
      Instant firstConflict,
      Instant lastConflict,
      long peakConflictsPerMinute,
      Instant peakMinute,
      List<String> keyIds,
      long keyIdsNotListed,
      String valuesDiffer,
      String verdict,
      String verdictFromLog,
      String verdictEvidence,
      String meaning,
      String next,
      String atEnd) {}

  /**
   * To-device traffic from the access lines.
   *
   * @param toDevice sendToDevice requests by event type and status code
   * @param callEncryptionKeys Element Call's media keys ({@code io.element.call.encryption_keys})
   *     by status code
   * @param minutes per minute with to-device traffic: type, code, count
   */
  public record Ke2(
      Map<String, Map<String, Long>> toDevice,
      Map<String, Long> callEncryptionKeys,
      List<Ke2Minute> minutes) {}

  public record Ke2Minute(Instant minute, Map<String, Map<String, Long>> toDevice) {}

  /**
   * Delayed-event requests (MSC4140) from the access lines.
   *
   * @param requests delayed-event requests by action and status code
   * @param disconnects requests the client abandoned (status logged with {@code !}: {@code 200!},
   *     {@code 499!})
   */
  public record Ke4(
      Map<String, Map<String, Long>> requests,
      long disconnects,
      double p50Seconds,
      double p99Seconds) {}
}
