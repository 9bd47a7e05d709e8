package dev.e2ee.exporter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code --help} reads as sentences: every option and parameter of every command is described, and
 * the one line each command gets in its parent's list is a whole sentence (picocli shows only the
 * first description line there, so a description wrapped mid-sentence was cut).
 */
class CommandHelpTest {
  @Test
  void everyOptionAndParameterIsDescribed() {
    assertThat(undescribed(new CommandLine(new Main()))).as("undescribed").isEmpty();
  }

  @Test
  void eachCommandsSummaryLineIsAWholeSentence() {
    assertThat(cutSummaries(new CommandLine(new Main()))).as("cut mid-sentence").isEmpty();
  }

  @CommandLine.Command(
      name = "bare",
      description = {"Does something with a description that", "goes on."})
  static final class Bare {
    @CommandLine.Option(names = "--plain")
    String plain = "";

    @Override
    public String toString() {
      return plain;
    }
  }

  @Test
  void theChecksFindAnUndescribedOptionAndACutSummary() {
    CommandLine bare = new CommandLine(new Bare());
    assertThat(undescribed(bare)).containsExactly("bare --plain");
    assertThat(cutSummaries(bare))
        .containsExactly("bare: 'Does something with a description that'");
  }

  static List<String> undescribed(CommandLine root) {
    List<String> found = new ArrayList<>();
    for (CommandSpec command : commands(root)) {
      List<ArgSpec> args = new ArrayList<>(command.options());
      args.addAll(command.positionalParameters());
      for (ArgSpec arg : args) {
        if (!arg.hidden() && String.join(" ", arg.description()).isBlank()) {
          found.add(
              command.qualifiedName()
                  + " "
                  + (arg.isOption() ? ((OptionSpec) arg).longestName() : arg.paramLabel()));
        }
      }
    }
    return found;
  }

  static List<String> cutSummaries(CommandLine root) {
    List<String> found = new ArrayList<>();
    for (CommandSpec command : commands(root)) {
      if (command.usageMessage().hidden()) {
        continue;
      }
      String[] header = command.usageMessage().header();
      String[] description = command.usageMessage().description();
      String summary = header.length > 0 ? header[0] : description.length > 0 ? description[0] : "";
      if (!summary.strip().endsWith(".")) {
        found.add(command.qualifiedName() + ": '" + summary + "'");
      }
    }
    return found;
  }

  private static List<CommandSpec> commands(CommandLine root) {
    List<CommandSpec> all = new ArrayList<>();
    all.add(root.getCommandSpec());
    root.getSubcommands().values().stream().distinct().forEach(sub -> all.addAll(commands(sub)));
    return all;
  }
}
