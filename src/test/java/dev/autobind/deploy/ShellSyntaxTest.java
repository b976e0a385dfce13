package dev.autobind.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every argument reaches the command exactly as written once bash reads the rendered line. */
class ShellSyntaxTest {

  /**
   * One argument and how it should be rendered.
   *
   * @param name the case name
   * @param text the argument
   * @param rendered the expected shell word
   */
  record Word(String name, String text, String rendered) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Word> words() {
    return List.of(
        new Word("plain flag", "--project=ml-platform-ops", "--project=ml-platform-ops"),
        new Word("email and colon", "--member=serviceAccount:a@p.iam.gserviceaccount.com",
            "--member=serviceAccount:a@p.iam.gserviceaccount.com"),
        new Word("space in a flag value", "--title=autobind function", "--title='autobind function'"),
        new Word("space in a positional", "two words", "'two words'"),
        new Word("empty", "", "''"),
        new Word("CEL with single quotes", "--condition=^;^expression=a.hasOnly(['r/x', 'r/y']);title=t",
            "--condition=\"^;^expression=a.hasOnly(['r/x', 'r/y']);title=t\""),
        new Word("log filter with double quotes", "--log-filter=logName:\"a%2Fb\" AND (x=\"y\")",
            "--log-filter='logName:\"a%2Fb\" AND (x=\"y\")'"),
        new Word("format with parentheses", "--format=value(writerIdentity)", "--format='value(writerIdentity)'"),
        new Word("dollar and single quote", "it's $HOME", "'it'\\''s $HOME'"),
        new Word("backtick and single quote", "'`id`'", "''\\''`id`'\\'''"),
        new Word("history bang and single quote", "don't!", "'don'\\''t!'"),
        new Word("command substitution", "$(touch /tmp/x)", "'$(touch /tmp/x)'"),
        new Word("glob", "*.jar", "'*.jar'"),
        new Word("leading tilde", "~/x", "'~/x'"),
        new Word("semicolon and ampersand", "a;b&c", "'a;b&c'"),
        new Word("backslash", "a\\b", "'a\\b'"),
        new Word("unicode", "modèle ✓", "'modèle ✓'"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("words")
  void rendersEachArgumentAsOneWordBashReadsBackExactly(Word w) throws Exception {
    Command command = Command.of("printf", "%s\\0", w.text());

    assertThat(Arg.of(w.text()).shell()).isEqualTo(w.rendered());
    assertThat(bash(command.shell(), Map.of())).isEqualTo(w.text() + "\0");
  }

  @Test
  void aVariableIsSplicedInQuotedAndMustBeSet() throws Exception {
    Command command = Command.of(List.of(Arg.of("printf"), Arg.of("%s\\0"),
        Arg.of("--member=", Variable.SINK_WRITER, "/x y")));

    assertThat(command.shell()).isEqualTo("printf '%s\\0' --member=\"${SINK_WRITER:?}\"'/x y'");
    assertThat(command.words()).containsExactly("printf", "%s\\0", "--member=${SINK_WRITER}/x y");
    assertThat(command.reads()).containsExactly(Variable.SINK_WRITER);
    assertThat(bash(command.shell(), Map.of("SINK_WRITER", "serviceAccount:a b$c")))
        .isEqualTo("--member=serviceAccount:a b$c/x y\0");
    assertThat(bash(command.shell() + " || echo refused", Map.of())).isEqualTo("");
  }

  @Test
  void anOutputGoesIntoItsVariable() throws Exception {
    Command command = Command.of("echo", "it's").into(Variable.FUNCTION_TRIGGER);

    assertThat(command.shell()).isEqualTo("FUNCTION_TRIGGER=$(echo \"it's\")");
    assertThat(bash(command.shell() + "; printf %s \"$FUNCTION_TRIGGER\"", Map.of())).isEqualTo("it's");
  }

  @Test
  void aCheckedStepRunsItsCommandOnlyWhenTheCheckFails() throws Exception {
    Step step = Step.unless("n", "r", Command.of("test", "-n", "${X}"), Command.of("echo", "ran"));

    assertThat(step.shell()).isEqualTo("test -n '${X}' >/dev/null 2>&1 || echo ran");
    assertThat(bash(Step.unless("n", "r", Command.of("false"), Command.of("echo", "ran")).shell(), Map.of()))
        .isEqualTo("ran\n");
    assertThat(bash(Step.unless("n", "r", Command.of("true"), Command.of("echo", "ran")).shell(), Map.of()))
        .isEmpty();
  }

  static List<String> unprintable() {
    return List.of("a\tb", "a\nb", "a\rb", "a\u0000b", "a\u001bb", "a\u007fb");
  }

  @ParameterizedTest
  @MethodSource("unprintable")
  void refusesTextThatOneLineCannotCarry(String text) {
    assertThatThrownBy(() -> Arg.of(text)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("command text must be printable; found U+").hasMessageEndingWith(" at 1 in a?b");
  }

  @Test
  void aStepCannotBeMadeOfNothingOrHideAVariableInItsCheck() {
    assertThatThrownBy(() -> Command.of(List.of())).hasMessage("a command needs at least a program name");
    assertThatThrownBy(() -> new Arg(List.of())).hasMessage("an argument needs at least one piece");
    assertThatThrownBy(() -> Step.unless("lookup", "r", Command.of("true").into(Variable.SINK_WRITER),
        Command.of("true"))).hasMessage("lookup: a check command cannot set a variable");
    assertThatThrownBy(() -> Step.always("two\nlines", "r", Command.of("true")))
        .hasMessageStartingWith("command text must be printable");
  }

  /** What bash prints for {@code line}, with {@code variables} set and nothing else inherited. */
  static String bash(String line, Map<String, String> variables) throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>(List.of("bash", "--noprofile", "--norc", "-c", line));
    ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(false);
    builder.environment().keySet().removeIf(k -> !k.equals("PATH"));
    builder.environment().putAll(variables);
    builder.redirectError(ProcessBuilder.Redirect.DISCARD);
    Process process = builder.start();
    byte[] out = process.getInputStream().readAllBytes();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("bash did not finish: " + line);
    }
    return new String(out, StandardCharsets.UTF_8);
  }
}
