package dev.e2ee.exporter.log.parse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The steps the access-line grammar takes through a line of the Synapse 1.160.0 log
 * (replay/real-synapse/homeserver.log): each moves only on a hit, and never past the end it was
 * given, even when the text goes on.
 */
class CursorTest {
  static final String ACCESS =
      "127.0.0.1 - 18108 - {@storm:compat.test} Processed request: 0.072sec/0.000sec"
          + " ru=(0.005sec, 0.001sec) db=(0.005sec/0.060sec/12) 47B 200"
          + " \"POST /_matrix/client/v3/keys/upload HTTP/1.1\" \"Element/1.11.0\" [0 dbevts]";

  @Test
  void theStepsOfAnAccessLine() {
    Cursor c = new Cursor(ACCESS, 0, ACCESS.length());
    assertThat(c.skipPast("Processed request: ")).isTrue();
    assertThat(c.secondsUntil("sec/")).isEqualTo(0.072);
    assertThat(c.secondsUntil("sec")).isEqualTo(0.0);
    assertThat(c.skipPast(" db=(")).isTrue();
    assertThat(c.skipPast('/')).isTrue();
    assertThat(c.secondsUntil("sec/")).isEqualTo(0.060);
    assertThat(c.skipPast("B ")).isTrue();
    assertThat(c.threeDigits()).isEqualTo(200);
    assertThat(c.expect(' ')).isTrue();
    assertThat(c.expect("\"POST ")).isTrue();
    assertThat(ACCESS.substring(c.position())).startsWith("/_matrix/client/v3/keys/upload");
  }

  @Test
  void aMissDoesNotMove() {
    Cursor c = new Cursor(ACCESS, 0, ACCESS.length());
    int start = c.position();
    assertThat(c.skipPast("Processed response")).isFalse();
    assertThat(c.skipPast('~')).isFalse();
    assertThat(c.expect("128.")).isFalse();
    assertThat(c.expect('x')).isFalse();
    assertThat(c.threeDigits()).isEqualTo(127);
    assertThat(c.threeDigits()).isEqualTo(-1); // ".0." is no status
    assertThat(c.position()).isEqualTo(start + 3);
    assertThat(c.secondsUntil(" - ")).isNaN(); // ".0.0.1" is no number
    assertThat(c.position()).isEqualTo(start + 3);
  }

  @Test
  void nothingIsFoundPastTheEnd() {
    int end = ACCESS.indexOf(" Processed");
    Cursor c = new Cursor(ACCESS, 0, end);
    assertThat(c.skipPast("Processed")).isFalse();
    assertThat(c.skipPast('P')).isFalse();
    assertThat(c.skipPast("{@storm:compat.test}")).isTrue();
    assertThat(c.position()).isEqualTo(end);
    assertThat(c.expect(' ')).isFalse();
    assertThat(c.threeDigits()).isEqualTo(-1);
    assertThat(new Cursor(ACCESS, 0, 2).threeDigits()).isEqualTo(-1);
    int status = ACCESS.indexOf(" 200 ") + 1;
    assertThat(new Cursor(ACCESS, status, status + 3).threeDigits())
        .as("a status that ends the range")
        .isEqualTo(200);
    assertThat(new Cursor(ACCESS, status, status + 3).expect("200")).isTrue();
    assertThat(new Cursor(ACCESS, status, status + 2).expect("200")).isFalse();
    assertThat(new Cursor(ACCESS, 0, ACCESS.indexOf("sec/") + 2).secondsUntil("sec/")).isNaN();
  }
}
