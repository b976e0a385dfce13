package dev.autobind.deploy;

import static dev.autobind.deploy.DeployCases.only;
import static dev.autobind.deploy.DeployCases.value;
import static org.assertj.core.api.Assertions.assertThat;

import dev.autobind.deploy.DeployCases.Case;
import dev.autobind.kinds.ShippedKinds;
import dev.autobind.policy.PolicyFile;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the deploy plan passes on from function.yaml's instance settings, the platform grants it makes
 * before deploying, and the example values it names.
 */
class DeploySettingsTest {

  private static DeployPlan plan(String functionLines) {
    PolicyFile file = file(functionLines);
    return DeployPlanner.plan(file.requireFunction(), file.policy(), "SOURCE", ShippedKinds.registry());
  }

  /** A deployable function.yaml with none of the example's values, and {@code functionLines} added. */
  private static PolicyFile file(String functionLines) {
    return PolicyFile.parse("function.yaml", """
        function:
          name: autobind
          project: corp-ops
          region: us-central1
          trigger: pubsub
          topic: audit
          sinkScope: organizations/42
          governedScope: [folders/7]
          serviceAccount: autobind-fn
          maxInstances: 4
        %spolicy:
          projects: {include: ["ml-*"]}
          serviceAccount: {accountId: ml-trainer}
          rules: [{name: a, resources: [gke-cluster], grant: {project: [{role: roles/aiplatform.user,
            members: ["group:ml@corp.test"]}]}}]
        """.formatted(functionLines), ShippedKinds.registry());
  }

  /** Instance settings and the deploy flags they must become. */
  record Flags(String name, String settings, String memory, Optional<String> cpu, Optional<String> minInstances,
      String environment) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Flags> flags() {
    return Stream.of(
        new Flags("nothing set", "", DeployPlanner.MEMORY, Optional.empty(), Optional.empty(), "AUTOBIND_DRY_RUN=false"),
        new Flags("every setting", """
              minInstances: 1
              cpu: "2"
              memory: 2Gi
              jvmOptions: -XX:TieredStopAtLevel=1 -XX:+UseSerialGC
              dryRun: true
              maxEventAge: P3D
            """, "2Gi", Optional.of("2"), Optional.of("1"),
            "AUTOBIND_DRY_RUN=true,AUTOBIND_MAX_EVENT_AGE=PT72H,JAVA_TOOL_OPTIONS=-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"),
        new Flags("a JVM option with a comma", "  jvmOptions: -Xlog:gc*,safepoint\n", DeployPlanner.MEMORY,
            Optional.empty(), Optional.empty(), "^;^AUTOBIND_DRY_RUN=false;JAVA_TOOL_OPTIONS=-Xlog:gc*,safepoint"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("flags")
  void theDeployCommandCarriesTheSettings(Flags f) {
    Command deploy = only(plan(f.settings()).steps(), "gcloud functions deploy");

    assertThat(value(deploy, "--memory")).contains(f.memory());
    assertThat(value(deploy, "--cpu")).isEqualTo(f.cpu());
    assertThat(value(deploy, "--min-instances")).isEqualTo(f.minInstances());
    assertThat(value(deploy, "--set-env-vars")).contains(f.environment());
    assertThat(value(deploy, "--max-instances")).contains("4");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.autobind.deploy.DeployCases#all")
  void thePlatformAccountsAreGrantedWhatTheyNeedBeforeTheFunctionIsDeployed(Case c) {
    List<Step> steps = c.plan().steps();
    List<String> names = steps.stream().map(Step::name).toList();
    String project = c.file().requireFunction().project();
    String account = c.file().requireFunction().serviceAccountEmail();
    int lookup = names.indexOf("read the project number of " + project);
    Step tokenCreator = steps.get(lookup + 1);
    Step builder = steps.get(lookup + 2);

    assertThat(steps.get(lookup).run().output()).contains(Variable.PROJECT_NUMBER);
    assertThat(tokenCreator.run().words()).containsExactly("gcloud", "iam", "service-accounts",
        "add-iam-policy-binding", account, "--project=" + project,
        "--member=serviceAccount:service-${PROJECT_NUMBER}@gcp-sa-pubsub.iam.gserviceaccount.com",
        "--role=roles/iam.serviceAccountTokenCreator", "--condition=None");
    assertThat(builder.run().words()).containsExactly("gcloud", "projects", "add-iam-policy-binding", project,
        "--member=serviceAccount:${PROJECT_NUMBER}-compute@developer.gserviceaccount.com",
        "--role=roles/cloudbuild.builds.builder", "--condition=None");
    assertThat(lookup + 2).isLessThan(names.indexOf("deploy function " + c.file().requireFunction().name()));
  }

  @Test
  void theShippedExampleIsNamedValueByValue() {
    PolicyFile shipped = DeployCases.ORGANIZATION.file();

    assertThat(ExampleValues.found(shipped.requireFunction(), shipped.policy())).containsExactly(
        "function.sinkScope: organizations/123456789012 is the example's organization; set yours (gcloud"
            + " organizations list shows its number)",
        "function.project: ml-platform-ops is the example's project; set the project the function is to run in"
            + " (and exclude it in policy.projects)",
        "policy.rules: 3 members are in the example's domain example.com (group:ml-engineers@example.com,"
            + " group:ml-reviewers@example.com, group:ml-serving@example.com); name your own groups");
    PolicyFile real = file("");
    assertThat(ExampleValues.found(real.requireFunction(), real.policy())).isEmpty();
  }
}
