package dev.e2ee.exporter.page;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Everything shown may come from a log line or the database, so each markup character is escaped.
 */
class HtmlTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          plain text                     | plain text
          <script>alert(1)</script>      | &lt;script&gt;alert(1)&lt;/script&gt;
          a & b                          | a &amp; b
          &amp;                          | &amp;amp;
          `say "hi"`                   | say &quot;hi&quot;
          it's                           | it&#39;s
          `" onmouseover="x`           | &quot; onmouseover=&quot;x
          @alice:example.org DEVICEID    | @alice:example.org DEVICEID
          ключ 🔑                        | ключ 🔑
          """)
  void escapesMarkupAndKeepsTheRest(String text, String escaped) {
    assertThat(Html.escape(text)).isEqualTo(escaped);
  }

  @Test
  void nullAndEmptyAreEmpty() {
    assertThat(Html.escape(null)).isEmpty();
    assertThat(Html.escape("")).isEmpty();
  }
}
