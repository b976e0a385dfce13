package dev.autobind.cli;

import dev.autobind.kinds.ShippedKinds;
import dev.autobind.policy.PolicyException;
import dev.autobind.policy.PolicyFile;
import dev.autobind.policy.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code validate [FILE]}: checks function.yaml and prints every problem, one per line. */
@Command(name = "validate", mixinStandardHelpOptions = true,
    description = "Checks function.yaml and prints every problem on its own line, as FILE:LINE: field.path: message.",
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {"0:valid", "2:invalid, or a bad argument"})
final class ValidateCommand implements Callable<Integer> {

  @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", defaultValue = "function.yaml",
      description = "The file to check (default: ${DEFAULT-VALUE}), or - for standard input.")
  String file;

  InputStream stdin = System.in;

  /** How problems name standard input. */
  static final String STDIN = "<stdin>";

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try {
      PolicyFile policy = load();
      policy.warnings().stream().map(Problem::text).forEach(out::println);
      out.println(summary(policy));
      return 0;
    } catch (PolicyException e) {
      e.problems().stream().map(Problem::text).forEach(out::println);
      return Main.EXIT_INVALID;
    } finally {
      out.flush();
    }
  }

  /** The file, or standard input for {@code -}, which problems then name as {@code <stdin>}. */
  private PolicyFile load() {
    if (!"-".equals(file)) {
      return PolicyFile.load(Path.of(file), ShippedKinds.registry());
    }
    try {
      byte[] bytes = stdin.readNBytes(PolicyFile.MAX_BYTES + 1);
      return PolicyFile.parse(STDIN, new String(bytes, StandardCharsets.UTF_8), ShippedKinds.registry());
    } catch (IOException e) {
      throw new PolicyException(List.of(new Problem(STDIN, 0, "", "cannot read standard input: " + e.getMessage())));
    }
  }

  private static String summary(PolicyFile file) {
    int rules = file.policy().rules().size();
    int roles = file.policy().roles().size();
    return file.source() + ": valid; " + rules + (rules == 1 ? " rule" : " rules") + " granting "
        + roles + (roles == 1 ? " role" : " roles")
        + file.policy().kubernetes().map(k -> ", " + objects(k) + " inside each new GKE cluster").orElse("")
        + (file.function().isPresent() ? ", deployed as " + file.function().get().name() : "");
  }

  private static String objects(dev.autobind.policy.ClusterSetup k) {
    int count = k.namespaces().size() + k.serviceAccounts().size() + k.bindings().size();
    return count + (count == 1 ? " Kubernetes object" : " Kubernetes objects");
  }
}
