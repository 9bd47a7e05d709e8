package dev.e2ee.exporter.log.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One JSON object a line, field by field: Synapse's TerseJsonFormatter record of the Synapse
 * 1.160.0 log's banner, and what is not exactly one object.
 */
class JsonLineTest {
  static final String RECORD =
      "{\"log\":\"***** STARTING SERVER *****\",\"namespace\":\"synapse.config.logger\","
          + "\"level\":\"WARNING\",\"time\":1796540097.562,\"request\":null,"
          + "\"scope\":{\"x\":[1,2]},\"tags\":[\"a\"]}";

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          the banner record          | %s                                  | true  | log=***** STARTING SERVER ***** namespace=synapse.config.logger level=WARNING time=1796540097.562 request=null scope=null tags=null
          an empty object            | {}                                  | true  | ''
          cut off                    | {"log":"***** STARTING SERVER       | false | ''
          two objects on one line    | {"log":"a"}{"log":"b"}              | false | log=a
          an array                   | ["log","a"]                         | false | ''
          not JSON                   | Traceback (most recent call last):  | false | ''
          a traceback's last line    | psycopg2.errors.QueryCanceled: canceling statement due to statement timeout | false | ''
          indented, still an object  | '  {"log":"a"}'                     | true  | log=a
          only blanks                | '   '                               | false | ''
          a blank line               | ''                                  | false | ''
          """)
  void aLineIsOneObjectAndEachTopLevelFieldIsReadOnce(
      String what, String line, boolean whole, String fields) {
    List<String> seen = new ArrayList<>();
    boolean read =
        JsonLine.read(
            line.replace("%s", RECORD),
            (name, value, p) -> seen.add(name + "=" + JsonLine.text(value, p)));
    assertThat(read).isEqualTo(whole);
    assertThat(String.join(" ", seen)).isEqualTo(fields);
  }
}
