package dev.autobind.cli;

import dev.autobind.kinds.ShippedKinds;
import dev.autobind.deploy.StepFormat;
import dev.autobind.deploy.UndeployPlanner;
import dev.autobind.policy.FunctionConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code undeploy-plan}: prints the idempotent steps that remove what deploy-plan's steps created. */
@Command(name = "undeploy-plan", mixinStandardHelpOptions = true,
    description = {
      "Prints the gcloud steps that remove what deploy-plan's steps create, in reverse order: the triggers and the"
          + " function, the sink and the topic, the function account's grants, its custom role and the account"
          + " itself. Runs nothing.",
      "Each removal runs only while its probe finds the thing, so running the steps again is safe. The standard"
          + " service accounts and the bindings autobind granted in governed projects stay, and so do the enabled"
          + " APIs; the plan says how to remove them. The formats are those of deploy-plan; in tsv, what stays is"
          + " listed on standard error."},
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {"0:plan printed", "2:invalid function.yaml, or a bad argument"})
final class UndeployPlanCommand implements Callable<Integer> {

  @Mixin PolicyFileOption policyFile;

  @Mixin Formats.FormatOption format;

  @Mixin ExampleValuesOption exampleValues;

  @Spec CommandSpec spec;

  Map<String, String> environment = System.getenv();

  @Override
  public Integer call() {
    return Formats.printSteps(spec, format, policyFile, environment, (file, stepFormat, err) -> {
      FunctionConfig fn = file.requireFunction();
      List<String> examples = exampleValues.check(file);
      UndeployPlanner.UndeployPlan plan = UndeployPlanner.plan(fn, file.policy(), ShippedKinds.registry());
      List<String> header = new ArrayList<>(List.of("autobind teardown from " + file.source() + ": function "
          + fn.name() + " in " + fn.project() + " (" + fn.region() + "), trigger " + fn.trigger().id() + ".",
          "Run the lines in order in one bash shell; each is safe to run again."));
      plan.kept().forEach(k -> header.add("kept: " + k.what() + ": " + k.why()));
      if (stepFormat == StepFormat.TSV) {
        plan.kept().forEach(k -> err.println("kept: " + k.what() + ": " + k.why()));
      }
      return stepFormat.render(plan.steps(), header, examples);
    });
  }
}
