package dev.autobind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Every command's help at 80 columns: no line is wider, no word is broken where picocli's line breaker
 * splits it (after a '.' or ':' inside {@code function.yaml} or {@code e.g.}), and each summary in the
 * command list is a whole sentence.
 */
class HelpTextTest {

  static Stream<String> commands() {
    return Stream.concat(Stream.of(""), Main.commandLine().getSubcommands().keySet().stream()
        .filter(name -> !name.equals("help")));
  }

  private static String help(String command, int width) {
    CommandLine top = Main.commandLine();
    CommandLine cl = command.isEmpty() ? top : top.getSubcommands().get(command);
    cl.setUsageHelpWidth(width);
    return cl.getUsageMessage(CommandLine.Help.Ansi.OFF);
  }

  @ParameterizedTest(name = "autobind {0} --help")
  @MethodSource("commands")
  void fitsEightyColumns(String command) {
    assertThat(help(command, Main.HELP_WIDTH).lines()).allSatisfy(line -> assertThat(line.length())
        .as(line).isLessThanOrEqualTo(Main.HELP_WIDTH));
  }

  @ParameterizedTest(name = "autobind {0} --help")
  @MethodSource("commands")
  void breaksLinesOnlyBetweenWords(String command) {
    // The same help without wrapping says which adjacent words were written without a space between them.
    String unwrapped = help(command, 2_000);
    List<String> lines = help(command, Main.HELP_WIDTH).lines().toList();
    List<String> broken = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      String[] before = lines.get(i - 1).trim().split("\\s+");
      String[] after = lines.get(i).trim().split("\\s+");
      String last = before[before.length - 1];
      String first = after[0];
      if (!last.isEmpty() && !first.isEmpty() && unwrapped.contains(last + first)
          && !unwrapped.contains(last + " " + first)) {
        broken.add(last + "|" + first);
      }
    }

    assertThat(broken).as("words split across lines").isEmpty();
  }

  @ParameterizedTest(name = "autobind {0}")
  @MethodSource("commands")
  void theSummaryInTheCommandListIsAWholeSentence(String command) {
    if (command.isEmpty()) {
      return;
    }
    String[] description = Main.commandLine().getSubcommands().get(command).getCommandSpec().usageMessage()
        .description();

    assertThat(description[0]).endsWith(".");
  }
}
