package dev.e2ee.exporter.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@code reason} label of a failed query, from PostgreSQL's own SQLSTATEs and messages (as the
 * server sends them) and from the client's connection and timeout failures.
 */
class QueryErrorsTest {
  static PgException pg(String sqlState, String message) {
    return new PgException(message, "ERROR", sqlState, null);
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(
      value = {
        "57014 | canceling statement due to statement timeout | statement_timeout",
        "57014 | canceling statement due to user request | cancelled",
        "55P03 | canceling statement due to lock timeout | lock_timeout",
        "42P01 | relation \"e2e_one_time_keys_json\" does not exist | missing_table",
        "42703 | column \"key_json\" does not exist | missing_column",
        "42501 | permission denied for table devices | permission_denied",
        "25006 | cannot execute INSERT in a read-only transaction | read_only_violation",
        "40001 | canceling statement due to conflict with recovery | recovery_conflict",
        "28P01 | password authentication failed for user \"exporter\" | authentication",
        "28000 | no pg_hba.conf entry for host | authentication",
        "3D000 | database \"synapse\" does not exist | missing_database",
        "57P01 | terminating connection due to administrator command | connection",
        "08P01 | invalid startup packet layout | connection",
        "53300 | sorry, too many clients already | sql_53",
        "22P02 | invalid input syntax for type bigint | sql_22",
      },
      delimiter = '|')
  void postgresErrorsByTheirSqlState(String sqlState, String message, String reason) {
    assertThat(QueryErrors.reason(pg(sqlState, message))).isEqualTo(reason);
    assertThat(QueryErrors.REASONS.contains(reason) || reason.startsWith("sql_")).isTrue();
  }

  static Stream<Arguments> clientFailures() {
    return Stream.of(
        Arguments.of(new TimeoutException("no answer"), "timeout"),
        Arguments.of(new VertxException("Timeout waiting for connection", true), "timeout"),
        Arguments.of(new ConnectException("Connection refused: /127.0.0.1:5432"), "connection"),
        Arguments.of(new ClosedChannelException(), "connection"),
        Arguments.of(new VertxException("Pool closed", true), "connection"),
        Arguments.of(new IOException("could not connect to server"), "connection"),
        Arguments.of(new IOException("read timed out"), "timeout"),
        Arguments.of(new IllegalStateException("row has no column 'x'"), "other"),
        // The cause is walked: what the pool wraps still tells the reason.
        Arguments.of(
            new RuntimeException("poll failed", pg("42P01", "relation does not exist")),
            "missing_table"),
        Arguments.of(
            new RuntimeException("poll failed", new TimeoutException("no answer")), "timeout"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("clientFailures")
  void clientFailuresAndWrappedCauses(Throwable error, String reason) {
    assertThat(QueryErrors.reason(error)).isEqualTo(reason);
  }

  @Test
  void describeLeadsWithTheReason() {
    assertThat(
            QueryErrors.describe(pg("42501", "permission denied for table e2e_one_time_keys_json")))
        .startsWith("permission_denied: ")
        .contains("permission denied for table e2e_one_time_keys_json");
  }
}
