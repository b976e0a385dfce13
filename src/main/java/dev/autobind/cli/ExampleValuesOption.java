package dev.autobind.cli;

import dev.autobind.deploy.ExampleValues;
import dev.autobind.policy.PolicyFile;
import java.util.List;
import picocli.CommandLine.Option;

/** The {@code --refuse-example-values} option of the plans that change a project, and what it refuses. */
final class ExampleValuesOption {

  @Option(names = "--refuse-example-values", description = "Print nothing and exit 2 when function.yaml still holds"
      + " the shipped example's organization, project or example.com members, naming each; the scripts that"
      + " change things use it before their first change.")
  boolean refuse;

  /**
   * The example values {@code file} still holds, as warnings to print with the plan.
   *
   * @throws IllegalArgumentException naming each of them, when the option is given and there is one
   */
  List<String> check(PolicyFile file) {
    List<String> found = ExampleValues.found(file.requireFunction(), file.policy());
    if (refuse && !found.isEmpty()) {
      throw new IllegalArgumentException(file.source() + " still holds the shipped example's values:\n  "
          + String.join("\n  ", found));
    }
    return found.stream().map(e -> "the example's value, to be replaced before deploying: " + e).toList();
  }
}
