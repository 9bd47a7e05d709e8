package dev.e2ee.exporter.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.Test;

/** Query parameters are kept one per value, arrays included (what {@code Tuple.of} gets wrong). */
class ParamsTest {
  @Test
  void twoArraysAreTwoParameters() {
    String[] users = {"@alice:example.org", "@bob:example.org", "@carol:example.org"};
    String[] devices = {"PHONE", "LAPTOP", "TABLET"};
    Tuple tuple = Params.of(users, devices);
    assertThat(tuple.size()).isEqualTo(2);
    assertThat(tuple.getArrayOfStrings(0)).containsExactly(users);
    assertThat(tuple.getArrayOfStrings(1)).containsExactly(devices);
  }

  @Test
  void scalarsAndNullsKeepTheirPlaces() {
    Tuple tuple = Params.of(1_764_064_800_000L, null, "public.devices", 0.5f);
    assertThat(tuple.size()).isEqualTo(4);
    assertThat(tuple.getLong(0)).isEqualTo(1_764_064_800_000L);
    assertThat(tuple.getValue(1)).isNull();
    assertThat(tuple.getString(2)).isEqualTo("public.devices");
    assertThat(tuple.getFloat(3)).isEqualTo(0.5f);
    assertThat(Params.of().size()).isZero();
  }
}
