package dev.e2ee.exporter.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class UtcTimeConverterTest {
  private final UtcTimeConverter converter = new UtcTimeConverter();

  @Test
  void everyAcceptedFormIsOneInstant() {
    Instant t = Instant.parse("2026-11-25T21:00:00Z");
    assertThat(converter.convert("2026-11-25T21:00:00Z")).isEqualTo(t);
    assertThat(converter.convert("2026-11-25T21:00Z")).isEqualTo(t);
    assertThat(converter.convert("2026-11-25T22:00:00+01:00")).isEqualTo(t);
    assertThat(converter.convert("2026-11-25T21:00:00.000Z")).isEqualTo(t);
    assertThat(converter.convert("2026-11-25")).isEqualTo(Instant.parse("2026-11-25T00:00:00Z"));
  }

  @Test
  void anythingElseNamesTheAcceptedForms() {
    for (String bad : new String[] {"yesterday", "2026-11-25 21:00", "2026-11-25T21:00:00", ""}) {
      assertThatThrownBy(() -> converter.convert(bad))
          .isInstanceOf(TypeConversionException.class)
          .hasMessage("'" + bad + "' is not a time: " + UtcTimeConverter.FORMS);
    }
  }
}
