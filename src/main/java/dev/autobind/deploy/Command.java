package dev.autobind.deploy;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One command as its argument vector; when {@code output} is set, its standard output is stored in
 * that variable for later steps.
 */
public record Command(List<Arg> argv, Optional<Variable> output) {

  public Command {
    argv = List.copyOf(argv);
    Objects.requireNonNull(output, "output");
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("a command needs at least a program name");
    }
  }

  /** A command of literal arguments. */
  public static Command of(String... argv) {
    return new Command(Arrays.stream(argv).map(Arg::of).toList(), Optional.empty());
  }

  /** A command of the given arguments. */
  public static Command of(List<Arg> argv) {
    return new Command(argv, Optional.empty());
  }

  /** This command with its standard output stored in {@code variable}. */
  public Command into(Variable variable) {
    return new Command(argv, Optional.of(variable));
  }

  /** The variables this command reads. */
  public List<Variable> reads() {
    return argv.stream().flatMap(a -> a.variables().stream()).distinct().toList();
  }

  /** The arguments that are plain text, in order, for inspection; variables show as {@code ${NAME}}. */
  public List<String> words() {
    return argv.stream().map(a -> a.literal().orElseGet(() -> a.pieces().stream()
        .map(p -> p instanceof Arg.Text t ? t.text() : "${" + ((Arg.Value) p).variable().name() + "}")
        .collect(Collectors.joining()))).toList();
  }

  /** The command as one line of bash, runnable as printed. */
  public String shell() {
    String line = argv.stream().map(Arg::shell).collect(Collectors.joining(" "));
    return output.map(v -> v.name() + "=$(" + line + ")").orElse(line);
  }
}
