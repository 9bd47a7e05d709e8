package dev.e2ee.exporter.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A point in time on the command line ({@code replay --from/--to}, {@code capture
 * --since/--until}): ISO-8601 with {@code Z} or an offset, seconds optional, or a date for its
 * midnight UTC. Anything else is refused with the accepted forms, not Java's parser message.
 */
final class UtcTimeConverter implements ITypeConverter<Instant> {
  static final String FORMS =
      "write UTC as 2026-11-25T21:00:00Z (seconds optional: 2026-11-25T21:00Z), another offset"
          + " as 2026-11-25T22:00:00+01:00, or a date 2026-11-25 for its midnight UTC";

  @Override
  public Instant convert(String value) {
    String text = value.strip();
    try {
      if (text.length() == 10) {
        return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw new TypeConversionException("'" + value + "' is not a time: " + FORMS);
    }
  }
}
