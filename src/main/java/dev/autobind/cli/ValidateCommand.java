package dev.autobind.cli;

import dev.autobind.kinds.ShippedKinds;
import dev.autobind.policy.PolicyException;
import dev.autobind.policy.PolicyFile;
import dev.autobind.policy.Problem;
import java.io.PrintWriter;
import java.nio.file.Path;
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
      description = "The file to check (default: ${DEFAULT-VALUE}).")
  Path file;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try {
      PolicyFile policy = PolicyFile.load(file, ShippedKinds.registry());
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
