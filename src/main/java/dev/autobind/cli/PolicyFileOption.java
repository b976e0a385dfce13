package dev.autobind.cli;

import dev.autobind.kinds.ShippedKinds;
import dev.autobind.policy.PolicyFile;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** The {@code --policy FILE} option every command shares, with the same default as the function. */
final class PolicyFileOption {

  @Option(names = "--policy", paramLabel = "FILE",
      description = "The policy file; the default is $AUTOBIND_POLICY when it is set, else function.yaml in the"
          + " working directory.")
  Path policy;

  /** The file to read: the option, else {@code AUTOBIND_POLICY}, else {@code function.yaml}. */
  Path path(Map<String, String> environment) {
    return PolicyFile.locate(java.util.Optional.ofNullable(policy), environment);
  }

  /**
   * Loads and validates the file.
   *
   * @throws dev.autobind.policy.PolicyException listing every problem
   */
  PolicyFile load(Map<String, String> environment) {
    return PolicyFile.load(path(environment), ShippedKinds.registry());
  }
}
