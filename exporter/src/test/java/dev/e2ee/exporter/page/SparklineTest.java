package dev.e2ee.exporter.page;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.console.DeviceHistory;
import dev.e2ee.exporter.domain.DeviceRef;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One hour as an SVG: x is ten units a minute (the newest at 590), y runs from 37 (zero) up to 3
 * (the highest value, or 1 when all are zero); runs of observed minutes are lines, a lone minute a
 * dot, and unobserved minutes draw nothing.
 */
class SparklineTest {
  private static final long NOW = Instant.parse("2026-12-06T06:00:00Z").toEpochMilli();
  private static final DeviceRef DEVICE = new DeviceRef("@alice:example.org", "PHONE");

  /** {@code observations}: "minutesAgo:value" pairs, oldest first. */
  private static String svg(String observations) {
    DeviceHistory history = new DeviceHistory(5, 3_600_000);
    for (String pair : observations.split(" ", -1)) {
      String[] p = pair.split(":", -1);
      history.pending(DEVICE, Long.parseLong(p[1]), NOW - Long.parseLong(p[0]) * 60_000);
    }
    return Sparkline.svg(history.pending(DEVICE, NOW).orElseThrow());
  }

  private static String shapes(String svg) {
    Matcher m = Pattern.compile("<(polyline|circle)[^>]*/>").matcher(svg);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      out.append(out.isEmpty() ? "" : " | ").append(m.group());
    }
    return out.toString();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = ';',
      value = {
        "0:5; <circle r=\"2\" cx=\"590\" cy=\"3.0\"/> | <polyline points=\"590,3.0\"/>",
        "1:0 0:0; <polyline points=\"580,37.0 590,37.0\"/>",
        "1:1 0:0; <polyline points=\"580,3.0 590,37.0\"/>",
        "2:10 1:20 0:40; <polyline points=\"570,28.5 580,20.0 590,3.0\"/>",
        "59:3 0:3; <circle r=\"2\" cx=\"0\" cy=\"3.0\"/> | <polyline points=\"0,3.0\"/>"
            + " | <circle r=\"2\" cx=\"590\" cy=\"3.0\"/> | <polyline points=\"590,3.0\"/>",
        "5:7 4:7 2:7 1:7; <polyline points=\"540,3.0 550,3.0\"/>"
            + " | <polyline points=\"570,3.0 580,3.0\"/>",
        "3:300 2:100; <polyline points=\"560,3.0 570,25.7\"/>",
      })
  void observedRunsAreLinesAndGapsAreLeftOut(String observations, String expected) {
    assertThat(shapes(svg(observations))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = ';',
      value = {
        "2:10 1:20 0:40; 3; 3 minutes observed, highest 40, latest 40",
        "3:300 2:100; 2; 2 minutes observed, highest 300, latest 100",
        "0:0; 1; 1 minutes observed, highest 0, latest 0",
      })
  void theFrameAndItsLabelSayWhatWasSeen(String observations, int drawn, String label) {
    String svg = svg(observations);
    assertThat(svg)
        .startsWith("<svg class=\"spark\" viewBox=\"0 0 590 40\"")
        .contains("data-points=\"" + drawn + "\"", "data-minutes=\"60\"")
        .contains("<title>KE-2 messages waiting over the last 60 minutes: " + label + "</title>")
        .contains("aria-label=\"KE-2 messages waiting over the last 60 minutes: " + label + "\"")
        .contains("<line class=\"unseen\" x1=\"0\" y1=\"37\" x2=\"590\" y2=\"37\"/>")
        .endsWith("</svg>");
  }
}
