package dev.e2ee.exporter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.testing.Commands;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code replay}'s own options, checked before any log is read, on Synapse 1.160.0's log
 * (replay/real-synapse/homeserver.log): what it accepts, the sentence each mistake gets, and the
 * exit code of an input that cannot be read.
 */
class ReplayCommandTest {
  static final String REAL_SYNAPSE = "/dev/e2ee/exporter/replay/real-synapse/homeserver.log";

  @TempDir Path dir;

  static String realLog() throws Exception {
    return Path.of(
            Objects.requireNonNull(ReplayCommandTest.class.getResource(REAL_SYNAPSE), REAL_SYNAPSE)
                .toURI())
        .toString();
  }

  /**
   * {@code replay} with the options (split at spaces, {@code CONFIG} for a config file) and logs.
   */
  Commands.Outcome replay(String options, String... logs) throws Exception {
    Path config = dir.resolve("config.yml");
    Files.writeString(
        config,
        "synapse: {server_name: example.org, log_timezone: UTC}\ndatabase: {enabled: false}\n");
    List<String> args =
        new ArrayList<>(List.of("replay", "--report", dir.resolve("r.md").toString()));
    for (String option : options.split(" ", -1)) {
      args.add(option.equals("CONFIG") ? config.toString() : option);
    }
    args.addAll(Arrays.asList(logs));
    return Commands.run(args.toArray(String[]::new));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          --step 7s          | error: --step must be at least 1s and divide a minute or be whole minutes, found '7s'
          --step 500ms       | error: --step must be at least 1s and divide a minute or be whole minutes, found '500ms'
          --step 90s         | error: --step must be at least 1s and divide a minute or be whole minutes, found '90s'
          --step soon        | error: --step:
          --from 2026-12-06T07:00:00Z --to 2026-12-06T06:00:00Z | error: --from must be before --to
          --from 2026-12-06T07:00:00Z --to 2026-12-06T07:00:00Z | error: --from must be before --to
          --confirm          | error: --confirm needs --config with a database section
          --config CONFIG --confirm | error: --confirm: database.enabled is false in the config: there is no database to ask
          --config CONFIG --server-name hs.example | error: with --config, set synapse.server_name and synapse.log_timezone there
          --config CONFIG --log-timezone UTC | error: with --config, set synapse.server_name and synapse.log_timezone there
          --log-timezone Mars/Olympus | error: --log-timezone Mars/Olympus: unknown time zone
          --server-name @alice:hs.example | error: the command line:2: key 'synapse.server_name': must be the bare server name
          --label job=other  | error:
          """)
  void aMistakeIsOneSentenceAndExitTwoBeforeAnyLogIsRead(String options, String sentence)
      throws Exception {
    Commands.Outcome o = replay(options, realLog());
    assertThat(o.exit()).as(o.err()).isEqualTo(2);
    assertThat(o.err()).startsWith(sentence).doesNotContain("Exception");
    assertThat(dir.resolve("r.md")).as("no report without a replay").doesNotExist();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "--step 1s",
    "--step 20s",
    "--step 2m",
    "--server-name o'brien.example",
    "--server-name hs.example:8448",
    "--log-timezone system",
    "--log-timezone Europe/Berlin",
    "--config CONFIG",
    "--from 2026-12-06 --to 2026-12-07",
    "--label homeserver=hs-a --job synapse --instance hs1",
  })
  void acceptedOptionsReplayTheLogIntoTheReport(String options) throws Exception {
    Commands.Outcome o = replay(options, realLog());
    assertThat(o.exit()).as(o.err()).isZero();
    assertThat(o.err()).doesNotContain("error").doesNotContain("replay:");
    assertThat(Files.readString(dir.resolve("r.md"))).startsWith("# Replay report");
  }

  @Test
  void anInputThatCannotBeReadIsNamedAndExitsOneWithTheReportOfTheRest() throws Exception {
    String missing = dir.resolve("homeserver.log.1").toString();
    Commands.Outcome o = replay("--step 15s", realLog(), missing);
    assertThat(o.exit()).isEqualTo(1);
    assertThat(o.err()).contains("replay: " + missing + ": cannot be read: no such file");
    assertThat(Files.readString(dir.resolve("r.md"))).contains(missing);
  }
}
