package dev.autobind.cli;

import dev.autobind.kinds.ShippedKinds;
import dev.autobind.deploy.DeployPlan;
import dev.autobind.deploy.DeployPlanner;
import dev.autobind.deploy.StepFormat;
import dev.autobind.policy.FunctionConfig;
import dev.autobind.policy.PolicyFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code deploy-plan}: prints the idempotent steps that deploy autobind as function.yaml describes. */
@Command(name = "deploy-plan", mixinStandardHelpOptions = true,
    description = {
      "Prints the gcloud steps that deploy autobind as the function: section of function.yaml describes it,"
          + " with least-privilege grants for the function's own service account. Runs nothing.",
      "Formats: shell prints each step as a '# reason' line and one runnable line (CHECK >/dev/null 2>&1 ||"
          + " COMMAND); run the lines in order in one bash shell, from the repository root.",
      "tsv prints NAME<TAB>SETS<TAB>CHECK<TAB>COMMAND per step, for scripts/deploy.sh: SETS names the shell"
          + " variable the command's output goes to, and CHECK succeeds when the step is already done; each is"
          + " '-' when absent."},
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {"0:plan printed", "2:invalid function.yaml, or a bad argument"})
final class DeployPlanCommand implements Callable<Integer> {

  @Mixin PolicyFileOption policyFile;

  @Mixin Formats.FormatOption format;

  @Option(names = "--source", paramLabel = "DIR", defaultValue = "target/deploy-source",
      description = "The directory to deploy; scripts/deploy.sh stages autobind.jar and function.yaml there "
          + "(default: ${DEFAULT-VALUE}).")
  String source;

  @Mixin ExampleValuesOption exampleValues;

  @Spec CommandSpec spec;

  Map<String, String> environment = System.getenv();

  @Override
  public Integer call() {
    return Formats.printSteps(spec, format, policyFile, environment, (file, stepFormat, err) -> {
      List<String> examples = exampleValues.check(file);
      DeployPlan plan = DeployPlanner.plan(file.requireFunction(), file.policy(), source, ShippedKinds.registry());
      if (stepFormat == StepFormat.TSV) {
        plan.warnings().forEach(w -> err.println("warning: " + w));
      }
      List<String> warnings = new ArrayList<>(plan.warnings());
      warnings.addAll(examples);
      return stepFormat.render(plan.steps(), header(file, plan.function(), source), warnings);
    });
  }

  private static List<String> header(PolicyFile file, FunctionConfig fn, String source) {
    String grants = fn.access().governedScope().isEmpty() ? "projects/" + fn.project()
        : String.join(", ", fn.access().governedScope());
    return List.of(
        "autobind deployment from " + file.source() + ": function " + fn.name() + " in " + fn.project() + " ("
            + fn.region() + "), trigger " + fn.trigger().id() + ", grants on " + grants
            + fn.sinkScope().map(s -> ", sink on " + s).orElse("") + ".",
        "Run the lines in order in one bash shell" + (Path.of(source).isAbsolute() ? "" : " from the repository root")
            + "; each is safe to run again.");
  }
}
