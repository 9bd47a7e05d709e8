package dev.e2ee.exporter.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeyValuesTest {
  @Test
  void bothValuesReadAreComparedAndAMissingOneIsUnreadable() {
    assertThat(KeyValues.compare("a", "b")).isEqualTo(KeyValues.DIFFER);
    assertThat(KeyValues.compare("a", "a")).isEqualTo(KeyValues.SAME);
    assertThat(KeyValues.compare(null, "a")).isEqualTo(KeyValues.UNREADABLE);
    assertThat(KeyValues.compare("a", null)).isEqualTo(KeyValues.UNREADABLE);
  }

  @Test
  void jsonKeepsTheFindingsPagesTrueFalseOrNull() {
    assertThat(KeyValues.DIFFER.asJson()).isTrue();
    assertThat(KeyValues.SAME.asJson()).isFalse();
    assertThat(KeyValues.UNREADABLE.asJson()).isNull();
  }
}
