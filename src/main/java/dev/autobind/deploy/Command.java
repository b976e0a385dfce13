package dev.autobind.deploy;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One command as its argument vector; when {@code output} is set, its standard output is stored in
 * that variable for later steps, and when {@code file} is set, it is written to that file instead.
 */
public record Command(List<Arg> argv, Optional<Variable> output, Optional<String> file) {

  public Command {
    argv = List.copyOf(argv);
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(file, "file");
    file.ifPresent(ShellSyntax::requirePrintable);
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("a command needs at least a program name");
    }
    if (output.isPresent() && file.isPresent()) {
      throw new IllegalArgumentException("a command's output goes to a variable or a file, not both");
    }
  }

  public Command(List<Arg> argv, Optional<Variable> output) {
    this(argv, output, Optional.empty());
  }

  /** This command with its standard output written to {@code path}, replacing what was there. */
  public Command writing(String path) {
    return new Command(argv, Optional.empty(), Optional.of(path));
  }

  /** Whether this command writes a file rather than calling anything. */
  public boolean writesFile() {
    return file.isPresent();
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
    if (file.isPresent()) {
      return line + " >" + ShellSyntax.quote(file.get());
    }
    return output.map(v -> v.name() + "=$(" + line + ")").orElse(line);
  }
}
