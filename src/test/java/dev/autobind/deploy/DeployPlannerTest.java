package dev.autobind.deploy;

import static dev.autobind.deploy.DeployCases.only;
import static dev.autobind.deploy.DeployCases.starting;
import static dev.autobind.deploy.DeployCases.value;
import static dev.autobind.deploy.DeployCases.values;
import static org.assertj.core.api.Assertions.assertThat;

import dev.autobind.deploy.DeployCases.Case;
import dev.autobind.kind.AuditMethod;
import dev.autobind.kinds.GkeCluster;
import dev.autobind.kind.KindRegistry;
import dev.autobind.kinds.ShippedKinds;
import dev.autobind.policy.Fixtures;
import dev.autobind.policy.FunctionAccess;
import dev.autobind.policy.FunctionConfig;
import dev.autobind.policy.GrantScope;
import dev.autobind.policy.Policy;
import dev.autobind.policy.PolicyFile;
import dev.autobind.policy.Trigger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DeployPlannerTest {

  static List<Case> all() {
    return DeployCases.all();
  }

  static List<Case> pubsub() {
    return DeployCases.pubsub();
  }

  /** Roles the function's account must never hold: each can do far more than autobind needs. */
  static final Set<String> BROAD = Set.of("roles/owner", "roles/editor", "roles/viewer", "roles/iam.securityAdmin",
      "roles/iam.serviceAccountAdmin", "roles/aiplatform.admin", "roles/resourcemanager.organizationAdmin",
      "roles/resourcemanager.folderAdmin", "roles/iam.serviceAccountTokenCreator");

  /** The folders and projects a case's grants must sit on. */
  static List<Scope> governed(Case c) {
    FunctionConfig fn = c.file().requireFunction();
    return fn.trigger() == Trigger.EVENTARC ? List.of(Scope.project(fn.project()))
        : fn.access().governedScope().stream().map(Scope::parse).toList();
  }

  /** Every add-iam-policy-binding on a folder, project or organization, with the node it is on. */
  static List<Command> hierarchyGrants(Case c) {
    return DeployCases.commands(c.plan().steps()).stream()
        .filter(cmd -> cmd.words().contains("add-iam-policy-binding") && !cmd.words().contains("pubsub")
            && !cmd.words().get(1).equals("iam") && !readsDecisionLog(cmd))
        .filter(cmd -> toFunction(c.file().requireFunction(), cmd)).toList();
  }

  /** The one grant outside the governed scope: reading the function's own decision log view, in its project. */
  static boolean readsDecisionLog(Command grant) {
    return values(grant, "--role").contains(DeployPlanner.VIEW_ACCESSOR);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("all")
  void theFunctionReadsOnlyItsOwnDecisionLogViewAndUndeployRemovesBoth(Case c) {
    FunctionConfig fn = c.file().requireFunction();
    List<Step> steps = c.plan().steps();
    String view = "projects/" + fn.project() + "/locations/global/buckets/_Default/views/" + fn.name() + "-decisions";
    Command create = only(steps, "gcloud logging views create");
    Step grant = steps.stream().filter(s -> readsDecisionLog(s.run())).collect(Collectors.collectingAndThen(
        Collectors.toList(), l -> {
          assertThat(l).hasSize(1);
          return l.get(0);
        }));

    assertThat(create.words()).contains(fn.name() + "-decisions", "--bucket=_Default", "--location=global",
        "--project=" + fn.project(), "--log-filter=source(\"projects/" + fn.project() + "\") AND resource.type ="
            + " \"cloud_run_revision\" AND log_id(\"run.googleapis.com/stdout\")");
    assertThat(grant.run().words()).containsSequence("gcloud", "projects", "add-iam-policy-binding", fn.project());
    assertThat(value(grant.run(), "--member")).contains("serviceAccount:" + fn.serviceAccountEmail());
    assertThat(value(grant.run(), "--condition")).contains("^;^expression=resource.name == \"" + view
        + "\";title=" + fn.name() + " reads only its decision log view");
    assertThat(steps.indexOf(grant)).isGreaterThan(indexOf(steps.stream().map(Step::name).toList(),
        "create log view"));
    assertThat(grant.undo()).isInstanceOf(Undo.Remove.class);
    assertThat(steps.stream().filter(s -> s.name().equals("create log view " + fn.name() + "-decisions")))
        .singleElement().satisfies(s -> assertThat(s.undo()).isInstanceOf(Undo.Remove.class));
  }

  /** Whether a grant is to the function's own account (the platform's agents get grants of their own). */
  static boolean toFunction(FunctionConfig fn, Command grant) {
    return value(grant, "--member").equals(Optional.of("serviceAccount:" + fn.serviceAccountEmail()));
  }

  /** The node's id a hierarchy grant is on, as a scope name. */
  static String node(Command grant) {
    List<String> w = grant.words();
    String kind = w.get(1).equals("organizations") ? "organizations" : w.get(1).equals("projects") ? "projects" : "folders";
    return kind + "/" + w.get(w.indexOf("add-iam-policy-binding") + 1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("all")
  void eachIamWritingGrantIsBoundByItsOwnScopesAllowlist(Case c) {
    Policy policy = c.file().policy();
    Map<String, List<String>> expected = new HashMap<>();
    String name = c.file().requireFunction().name();
    expected.put(LeastPrivilege.PROJECT_POLICY.id(name), policy.roles(GrantScope.PROJECT));
    expected.put(LeastPrivilege.ACCOUNT_POLICY.id(name), policy.roles(GrantScope.SERVICE_ACCOUNT));
    expected.put(LeastPrivilege.RESOURCE_POLICY.id(name), policy.roles(GrantScope.RESOURCE));
    List<Command> grants = hierarchyGrants(c);

    assertThat(grants).isNotEmpty();
    for (Command g : grants) {
      String role = value(g, "--role").orElseThrow();
      String key = role.startsWith("roles/") ? role : role.substring(role.lastIndexOf('/') + 1);
      String condition = value(g, "--condition").orElseThrow();
      if (!expected.containsKey(key)) {
        assertThat(condition).as(role).isEqualTo("None");
        continue;
      }
      assertThat(condition).as(role).startsWith("^;^expression=api.getAttribute('iam.googleapis.com/modifiedGrantsByRole',"
          + " [])" + ".hasOnly([").contains(";title=autobind grants only the ").contains(";description=");
      List<String> allowed = DeployCases.allowlist(condition);
      assertThat(allowed).as(role).doesNotHaveDuplicates().isSorted().hasSizeLessThanOrEqualTo(10)
          .isEqualTo(expected.get(key)).isNotEmpty();
    }
  }

  @Test
  void theShippedPlanBoundsProjectAndAccountPolicyWritesToTheirOwnRoles() {
    List<Command> grants = hierarchyGrants(DeployCases.ORGANIZATION);
    Command admin = grants.stream().filter(g -> value(g, "--role").orElseThrow()
        .endsWith("/roles/" + LeastPrivilege.PROJECT_POLICY.id("autobind"))).findFirst().orElseThrow();
    String setsAccountPolicies = DeployCases.commands(DeployCases.ORGANIZATION.plan().steps()).stream()
        .filter(cmd -> cmd.words().containsAll(List.of("roles", "create")))
        .filter(cmd -> value(cmd, "--permissions").orElseThrow().contains("iam.serviceAccounts.setIamPolicy"))
        .map(cmd -> cmd.words().get(4)).collect(Collectors.collectingAndThen(Collectors.toList(), l -> {
          assertThat(l).hasSize(1);
          return l.get(0);
        }));
    List<Command> accountGrants = grants.stream()
        .filter(g -> value(g, "--role").orElseThrow().endsWith("/roles/" + setsAccountPolicies)).toList();

    assertThat(DeployCases.allowlist(value(admin, "--condition").orElseThrow())).containsExactly(
        "roles/aiplatform.user", "roles/artifactregistry.reader", "roles/container.developer",
        "roles/logging.logWriter", "roles/monitoring.metricWriter", "roles/storage.objectViewer", "roles/tpu.viewer");
    assertThat(accountGrants).hasSize(2).allSatisfy(g -> assertThat(DeployCases.allowlist(
        value(g, "--condition").orElseThrow())).containsExactly("roles/iam.serviceAccountUser"));
    assertThat(grants).extracting(g -> value(g, "--role").orElseThrow()).doesNotContain(LeastPrivilege.PROJECT_IAM_ADMIN);
  }

  @Test
  void aPolicyWithoutServiceAccountGrantsDefinesNoRoleThatSetsAccountPolicies() {
    Case c = DeployCases.PROJECT;
    List<String> permissions = DeployCases.commands(c.plan().steps()).stream()
        .flatMap(cmd -> values(cmd, "--permissions").stream()).flatMap(p -> List.of(p.split(",")).stream()).toList();

    assertThat(c.file().policy().roles(GrantScope.SERVICE_ACCOUNT)).isEmpty();
    assertThat(permissions).containsExactlyInAnyOrder("resourcemanager.projects.get",
        "resourcemanager.projects.getIamPolicy", "resourcemanager.projects.setIamPolicy", "resourcemanager.projects.get",
        "resourcemanager.projects.getIamPolicy", "resourcemanager.projects.setIamPolicy",
        "aiplatform.locations.list", "aiplatform.models.get",
        "aiplatform.locations.list", "aiplatform.models.get", "aiplatform.models.list",
        "aiplatform.models.getIamPolicy", "aiplatform.models.setIamPolicy",
        "aiplatform.models.list", "aiplatform.models.getIamPolicy", "aiplatform.models.setIamPolicy");
    assertThat(hierarchyGrants(c)).extracting(g -> value(g, "--role").orElseThrow())
        .noneMatch(r -> r.endsWith("/roles/" + LeastPrivilege.ACCOUNT_POLICY.id(c.file().requireFunction().name())))
        .doesNotContain(GkeCluster.KIND.deployment().viewerRole().orElseThrow().role());
  }

  @Test
  void aGkeOnlyPolicyDefinesOnlyTheProjectPolicyRole() {
    PolicyFile file = Fixtures.policy("deploy/long-name.yaml");
    FunctionConfig fn = file.requireFunction();
    List<Step> steps = DeployPlanner.plan(fn, file.policy(), "src", ShippedKinds.registry()).steps();

    assertThat(steps).extracting(Step::name).filteredOn(n -> n.startsWith("create custom role"))
        .containsExactly("create custom role projects/" + fn.project() + "/roles/"
            + LeastPrivilege.PROJECT_POLICY.id(fn.name()));
    assertThat(DeployCases.commands(steps)).filteredOn(cmd -> cmd.words().contains("add-iam-policy-binding"))
        .filteredOn(cmd -> toFunction(fn, cmd)).flatExtracting(cmd -> values(cmd, "--role"))
        .containsExactly("projects/" + fn.project() + "/roles/" + LeastPrivilege.PROJECT_POLICY.id(fn.name()),
            LeastPrivilege.SERVICE_ACCOUNT_CREATOR, GkeCluster.KIND.deployment().viewerRole().orElseThrow().role(),
            DeployPlanner.VIEW_ACCESSOR);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("all")
  void grantsGoToTheFunctionAccountOnEachGovernedNodeAndNoneIsBroad(Case c) {
    FunctionConfig fn = c.file().requireFunction();
    List<Command> grants = hierarchyGrants(c);

    assertThat(grants).allSatisfy(g -> assertThat(value(g, "--member"))
        .contains("serviceAccount:" + fn.serviceAccountEmail()));
    Set<String> nodes = new HashSet<>(governed(c).stream().map(Scope::name).toList());
    if (fn.trigger() == Trigger.EVENTARC) {
      nodes.add("projects/" + fn.project());
    }
    assertThat(grants).extracting(DeployPlannerTest::node).containsOnlyElementsOf(nodes)
        .noneMatch(n -> n.startsWith("organizations/"));
    long perNode = LeastPrivilege.grants(fn.name(), c.file().policy(),
        governed(c).stream().anyMatch(node -> node.kind() == Scope.Kind.FOLDER)).stream()
        .filter(g -> g.holder() == LeastPrivilege.Holder.RUNTIME).count();
    for (Scope node : governed(c)) {
      assertThat(grants).filteredOn(g -> node(g).equals(node.name())).hasSize((int) perNode);
    }
    // The one token-creator grant is on the Kubernetes account's own policy: see the Kubernetes test below.
    List<String> everyRole = DeployCases.commands(c.plan().steps()).stream().filter(cmd -> !cmd.words()
            .contains("remove-iam-policy-binding") && !cmd.words().contains("get-iam-policy")
            && !cmd.words().get(1).equals("iam"))
        .filter(cmd -> value(cmd, "--member").equals(Optional.of("serviceAccount:" + fn.serviceAccountEmail())))
        .flatMap(cmd -> values(cmd, "--role").stream()).toList();
    assertThat(everyRole).doesNotContainAnyElementsOf(BROAD);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pubsub")
  void theFunctionsOwnProjectAndExcludedProjectsAreOutsideItsWriteReach(Case c) {
    FunctionConfig fn = c.file().requireFunction();
    List<Step> grants = c.plan().steps().stream().filter(s -> s.name().startsWith("grant ")
        && !s.name().contains(" on topic ") && toFunction(fn, s.run()) && !s.run().words().contains("iam")
        && !readsDecisionLog(s.run())).toList();

    assertThat(grants).extracting(s -> node(s.run())).doesNotContain("projects/" + fn.project());
    for (Step g : grants) {
      if (node(g.run()).startsWith("folders/")) {
        assertThat(g.reason()).contains("keep the function's own project " + fn.project());
        c.file().policy().projects().exclude().forEach(x -> assertThat(g.reason()).contains(x.pattern()));
      } else {
        assertThat(g.reason()).endsWith("On " + node(g.run()) + " only.");
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pubsub")
  void theSinkFilterCoversEveryWatchedMethod(Case c) {
    FunctionConfig fn = c.file().requireFunction();
    Scope scope = Scope.parse(fn.sinkScope().orElseThrow());
    Command sink = only(c.plan().steps(), "gcloud logging sinks create");

    String filter = value(sink, "--log-filter").orElseThrow();
    assertThat(filter).startsWith("log_id(\"cloudaudit.googleapis.com/activity\") AND (");
    for (AuditMethod m : ShippedKinds.registry().routedMethods()) {
      assertThat(filter).contains("protoPayload.methodName=\"" + m.methodName() + "\"");
    }
    assertThat(filter.split(" OR ")).hasSize(ShippedKinds.registry().routedMethods().size());
    assertThat(sink.words()).containsSubsequence(fn.name(),
        "pubsub.googleapis.com/projects/" + fn.project() + "/topics/" + fn.topic().orElseThrow(), scope.flag());
    assertThat(sink.words().contains("--include-children")).isEqualTo(scope.kind() != Scope.Kind.PROJECT);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pubsub")
  void onlyTheSinkPublishesToTheAuditTopicAndOnlyOperatorsTheSchedulerAndTheFunctionToTheBackfillTopic(Case c) {
    FunctionConfig fn = c.file().requireFunction();
    List<Command> publishers = starting(c.plan().steps(), "gcloud pubsub topics add-iam-policy-binding");
    Command retain = only(c.plan().steps(), "gcloud pubsub subscriptions update");
    String backfill = fn.access().backfillTopic().orElseThrow();

    List<List<String>> expected = new ArrayList<>();
    expected.add(List.of("gcloud", "pubsub", "topics", "add-iam-policy-binding", fn.topic().orElseThrow(),
        "--project=" + fn.project(), "--member=${SINK_WRITER}", "--role=roles/pubsub.publisher"));
    fn.access().operators().forEach(op -> expected.add(List.of("gcloud", "pubsub", "topics", "add-iam-policy-binding",
        backfill, "--project=" + fn.project(), "--member=" + op, "--role=roles/pubsub.publisher")));
    expected.add(List.of("gcloud", "pubsub", "topics", "add-iam-policy-binding", backfill, "--project=" + fn.project(),
        "--member=serviceAccount:" + fn.serviceAccountEmail(), "--role=roles/pubsub.publisher"));
    expected.add(List.of("gcloud", "pubsub", "topics", "add-iam-policy-binding", backfill, "--project=" + fn.project(),
        "--member=serviceAccount:service-${PROJECT_NUMBER}@gcp-sa-cloudscheduler.iam.gserviceaccount.com",
        "--role=roles/pubsub.publisher"));
    assertThat(publishers).extracting(Command::words).containsExactlyElementsOf(expected);
    assertThat(backfill).isNotEqualTo(fn.topic().orElseThrow());
    assertThat(retain.words()).containsExactly("gcloud", "pubsub", "subscriptions", "update",
        "${TRIGGER_SUBSCRIPTION}", "--retain-acked-messages", "--message-retention-duration=7d");
    assertThat(c.plan().steps().get(c.plan().steps().size() - 1).run()).isEqualTo(retain);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pubsub")
  void aSchedulerJobAsksTheFunctionToReconcileThroughTheBackfillTopic(Case c) {
    FunctionConfig fn = c.file().requireFunction();
    Step job = c.plan().steps().stream().filter(s -> s.run().words().size() > 3
        && s.run().words().subList(0, 4).equals(List.of("gcloud", "scheduler", "jobs", "create"))).findFirst().orElseThrow();
    List<String> names = c.plan().steps().stream().map(Step::name).toList();

    assertThat(job.check().orElseThrow().words()).containsExactly("gcloud", "scheduler", "jobs", "describe",
        fn.name() + "-reconcile", "--location=" + fn.region(), "--project=" + fn.project());
    assertThat(job.run().words()).containsExactly("gcloud", "scheduler", "jobs", "create", "pubsub",
        fn.name() + "-reconcile", "--location=" + fn.region(), "--project=" + fn.project(), "--schedule=0 3 * * *",
        "--topic=" + fn.access().backfillTopic().orElseThrow(),
        "--message-body={\"schema\":\"autobind.backfill/v1\",\"reconcile\":\"scheduled\"}", "--time-zone=Etc/UTC",
        "--description=autobind: reconcile the governed scope of function " + fn.name());
    List<String> enable = only(c.plan().steps(), "gcloud services enable").words();
    assertThat(enable).contains("cloudscheduler.googleapis.com");
    assertThat(enable.subList(3, enable.size() - 1)).isSorted();
    assertThat(indexOf(names, "grant roles/pubsub.publisher on topic " + fn.access().backfillTopic().orElseThrow()
        + " to the Cloud Scheduler service agent")).isLessThan(names.indexOf(job.name()))
        .isGreaterThan(indexOf(names, "read the project number"));
  }

  /** The plans with the reconcile job turned off ({@code reconcile: false}) and in eventarc mode: no job, no API. */
  static Stream<FunctionConfig> withoutReconcile() {
    FunctionConfig on = DeployCases.FOLDER.file().requireFunction();
    FunctionAccess a = on.access();
    FunctionConfig off = new FunctionConfig(on.name(), on.project(), on.region(), on.runtime(), on.trigger(), on.topic(),
        on.sinkScope(), on.serviceAccount(), on.maxInstances(), on.timeoutSeconds(), on.retry(),
        new FunctionAccess(a.governedScope(), a.backfillTopic(), a.operators(), Optional.empty()), on.instances());
    return Stream.of(off, DeployCases.EVENTARC.file().requireFunction());
  }

  @ParameterizedTest
  @MethodSource("withoutReconcile")
  void withoutReconcileThereIsNoJob(FunctionConfig fn) {
    List<Step> steps = DeployPlanner.plan(fn, DeployCases.FOLDER.file().policy(), DeployCases.SOURCE, ShippedKinds.registry()).steps();

    assertThat(steps).extracting(Step::name).noneMatch(n -> n.contains("Cloud Scheduler"));
    assertThat(only(steps, "gcloud services enable").words()).doesNotContain("cloudscheduler.googleapis.com");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pubsub")
  void theFunctionReadsTheBackfillTopicThroughASecondTrigger(Case c) {
    FunctionConfig fn = c.file().requireFunction();
    Command trigger = only(c.plan().steps(), "gcloud eventarc triggers create");
    Command deploy = only(c.plan().steps(), "gcloud functions deploy");

    assertThat(value(deploy, "--trigger-topic")).isEqualTo(fn.topic());
    assertThat(trigger.words()).containsExactly("gcloud", "eventarc", "triggers", "create", fn.name() + "-backfill",
        "--location=" + fn.region(), "--project=" + fn.project(), "--destination-run-service=" + fn.name(),
        "--destination-run-region=" + fn.region(), "--event-filters=type=google.cloud.pubsub.topic.v1.messagePublished",
        "--transport-topic=projects/" + fn.project() + "/topics/" + fn.access().backfillTopic().orElseThrow(),
        "--service-account=" + DeployPlanner.Identities.of(fn).invoker());
    assertThat(c.plan().steps().stream().map(Step::name).toList())
        .containsSubsequence("create topic " + fn.access().backfillTopic().orElseThrow(), "deploy function " + fn.name(),
            "create Eventarc trigger " + fn.name() + "-backfill");
  }

  @Test
  void theBackfillTriggerIdFitsEventarcsLimit() {
    String name = "autobind-a-very-long-function-name-that-uses-all-sixty-three-ch";

    assertThat(DeployPlanner.backfillTriggerName(name)).hasSize(63).endsWith("-backfill")
        .isEqualTo("autobind-a-very-long-function-name-that-uses-all-sixty-backfill");
    assertThat(DeployPlanner.backfillTriggerName("autobind-research-")).isEqualTo("autobind-research-backfill");
  }

  @Test
  void eventarcModeHasOneTriggerPerWatchedMethodAndNoSink() {
    List<Step> steps = DeployCases.EVENTARC.plan().steps();
    Command deploy = only(steps, "gcloud functions deploy");
    List<Command> triggers = steps.stream().map(Step::run)
        .filter(r -> String.join(" ", r.words()).startsWith("gcloud eventarc triggers create ")).toList();

    List<String> methods = new ArrayList<>(values(deploy, "--trigger-event-filters").stream()
        .filter(f -> f.startsWith("methodName=")).map(f -> f.substring("methodName=".length())).toList());
    triggers.forEach(t -> methods.addAll(values(t, "--event-filters").stream()
        .filter(f -> f.startsWith("methodName=")).map(f -> f.substring("methodName=".length())).toList()));
    assertThat(methods).containsExactlyInAnyOrderElementsOf(ShippedKinds.registry().routedMethods().stream()
        .map(AuditMethod::methodName).toList());
    assertThat(values(deploy, "--trigger-event-filters")).containsExactly("type=google.cloud.audit.log.v1.written",
        "serviceName=container.googleapis.com", "methodName=google.container.v1.ClusterManager.CreateCluster");
    assertThat(value(deploy, "--trigger-location")).contains("global");
    for (Command t : triggers) {
      String method = values(t, "--event-filters").get(2).substring("methodName=".length());
      AuditMethod watched = ShippedKinds.registry().routedMethods().stream().filter(m -> m.methodName().equals(method)).findFirst()
          .orElseThrow();
      assertThat(values(t, "--event-filters")).containsExactly("type=google.cloud.audit.log.v1.written",
          "serviceName=" + watched.serviceName(), "methodName=" + method);
      assertThat(t.words()).contains("--destination-run-service=autobind", "--destination-run-region=europe-west4",
          "--service-account=autobind-fn-invoker@ml-train-prod.iam.gserviceaccount.com", "--location=global");
    }
    assertThat(DeployCases.commands(steps)).noneMatch(c -> c.words().contains("sinks") || c.words().contains("topics"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("all")
  void theFunctionIsDeployedWithItsSettings(Case c) {
    FunctionConfig fn = c.file().requireFunction();
    Command deploy = only(c.plan().steps(), "gcloud functions deploy");

    assertThat(deploy.words().subList(0, 5)).containsExactly("gcloud", "functions", "deploy", fn.name(), "--gen2");
    assertThat(deploy.words()).contains("--runtime=java21", "--region=" + fn.region(), "--project=" + fn.project(),
        "--entry-point=dev.autobind.AutobindFunction", "--source=" + DeployCases.SOURCE,
        "--service-account=" + fn.serviceAccountEmail(),
        "--trigger-service-account=" + DeployPlanner.Identities.of(fn).invoker(), "--no-allow-unauthenticated",
        "--build-service-account=projects/" + fn.project() + "/serviceAccounts/" + DeployPlanner.Identities.of(fn).build(),
        "--max-instances=" + fn.maxInstances().getAsInt(), "--timeout=" + fn.timeoutSeconds().getAsInt() + "s");
    assertThat(deploy.words()).doesNotContain("--allow-unauthenticated");
    assertThat(deploy.words().contains("--retry")).isEqualTo(fn.retry());
    assertThat(value(deploy, "--trigger-topic")).isEqualTo(fn.topic());
  }

  @Test
  void settingsThatFunctionYamlLeavesOutAreLeftOut() {
    PolicyFile file = Fixtures.policy("policies/good/eventarc.yaml");
    Command deploy = only(DeployPlanner.plan(file.requireFunction(), file.policy(), "src", ShippedKinds.registry()).steps(),
        "gcloud functions deploy");

    assertThat(deploy.words()).contains("--runtime=java21", "--retry", "--source=src")
        .noneMatch(w -> w.startsWith("--max-instances") || w.startsWith("--timeout"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("all")
  void everyVariableIsSetBeforeItIsRead(Case c) {
    Set<Variable> set = new HashSet<>();
    for (Step step : c.plan().steps()) {
      assertThat(set).as(step.name()).containsAll(step.run().reads());
      step.check().ifPresent(check -> assertThat(set).as(step.name()).containsAll(check.reads()));
      step.run().output().ifPresent(set::add);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("all")
  void everyCreateIsCheckedWithDescribeFirst(Case c) {
    for (Step step : c.plan().steps()) {
      List<String> words = step.run().words();
      if (step.removal()) {
        assertThat(step.check()).as(step.name()).isPresent();
        assertThat(words).as(step.name()).containsAnyOf("remove-iam-policy-binding", "delete");
      } else if (words.contains("create")) {
        List<String> check = step.check().orElseThrow(() -> new AssertionError(step.name() + " has no check"))
            .words();
        int verb = words.indexOf("create");
        if (words.subList(0, verb).equals(List.of("gcloud", "alpha", "monitoring", "policies"))) {
          // Cloud Monitoring names an alert policy itself, so it is found by display name (see Alerts).
          assertThat(check.subList(0, 2)).isEqualTo(List.of("bash", "-c"));
          assertThat(check.get(2)).contains("$(gcloud alpha monitoring policies list ");
          continue;
        }
        assertThat(check.subList(0, verb)).as(step.name()).isEqualTo(words.subList(0, verb));
        assertThat(check.get(verb)).isIn("describe", "get");
      } else {
        assertThat(step.check()).as(step.name()).isEmpty();
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("all")
  void stepsComeInAnOrderThatWorks(Case c) {
    List<String> names = c.plan().steps().stream().map(Step::name).toList();
    FunctionConfig fn = c.file().requireFunction();

    assertThat(names).hasSize(c.steps());
    assertThat(names.get(0)).isEqualTo("enable APIs in " + fn.project());
    assertThat(names.get(1)).isEqualTo("create service account " + fn.serviceAccountEmail());
    int firstGrant = indexOf(names, "grant ");
    assertThat(indexOf(names, "create custom role")).isLessThan(firstGrant);
    assertThat(indexOf(names, "deploy function")).isGreaterThan(firstGrant)
        .isLessThan(indexOf(names, "allow the triggers to invoke"));
    assertThat(indexOf(names, "remove stale grant")).isLessThan(firstGrant);
    if (fn.trigger() == Trigger.PUBSUB) {
      assertThat(List.of(indexOf(names, "create topic"), indexOf(names, "create log sink"),
          indexOf(names, "read the writer identity"), indexOf(names, "grant roles/pubsub.publisher"),
          indexOf(names, "deploy function"), indexOf(names, "find the trigger"),
          indexOf(names, "find the subscription"), indexOf(names, "retain acknowledged"))).isSorted();
    }
  }

  @Test
  void aFolderScopeDefinesTheCustomRolesOnItsOrganization() {
    List<Step> steps = DeployCases.FOLDER.plan().steps();
    int at = indexOf(steps.stream().map(Step::name).toList(), "find the organization of");
    Step lookup = steps.get(at);

    assertThat(lookup.run().output()).contains(Variable.ROLE_ORGANIZATION);
    assertThat(lookup.run().words()).containsExactly("gcloud", "resource-manager", "folders",
        "get-ancestors-iam-policy", "345678901234", "--filter=type=organization", "--format=value(id)");
    String name = DeployCases.FOLDER.file().requireFunction().name();
    String reader = LeastPrivilege.READER.id(name);
    Step create = steps.stream().filter(s -> s.name().endsWith("/roles/" + reader) && s.check().isPresent())
        .findFirst().orElseThrow();
    assertThat(create.check().orElseThrow().words()).containsExactly("gcloud", "iam", "roles", "describe",
        reader, "--organization=${ROLE_ORGANIZATION}");
    assertThat(create.run().words()).contains("--organization=${ROLE_ORGANIZATION}",
        "--permissions=aiplatform.locations.list,aiplatform.models.get,aiplatform.models.list,"
            + "resourcemanager.folders.get", "--stage=GA");
    assertThat(steps.get(steps.indexOf(create) + 1).run().words()).containsSubsequence("gcloud", "iam", "roles",
        "update", reader, "--organization=${ROLE_ORGANIZATION}")
        .contains("--permissions=aiplatform.locations.list,aiplatform.models.get,aiplatform.models.list,"
            + "resourcemanager.folders.get");
    assertThat(hierarchyGrants(DeployCases.FOLDER)).extracting(g -> value(g, "--role").orElseThrow())
        .contains("organizations/${ROLE_ORGANIZATION}/roles/" + LeastPrivilege.ACCOUNT_POLICY.id(name));
  }

  @Test
  void aRoleWithAPlaceholderIsKeptAndWarnedAbout() {
    PolicyFile file = Fixtures.policy("deploy/placeholder-role.yaml");
    DeployPlan plan = DeployPlanner.plan(file.requireFunction(), file.policy(), "src", ShippedKinds.registry());

    assertThat(plan.warnings()).containsExactly("projects/${project}/roles/trainingLauncher has a placeholder,"
        + " which an IAM condition cannot match: the function will be denied when it grants this role");
    Command admin = starting(plan.steps(), "gcloud projects add-iam-policy-binding ml-train-prod").get(0);
    assertThat(value(admin, "--role")).contains("projects/ml-train-prod/roles/"
        + LeastPrivilege.PROJECT_POLICY.id(file.requireFunction().name()));
    assertThat(DeployCases.allowlist(value(admin, "--condition").orElseThrow()))
        .containsExactly("projects/${project}/roles/trainingLauncher", "roles/aiplatform.user");
    assertThat(DeployCases.EVENTARC.plan().warnings()).isEmpty();
  }

  @Test
  void triggerIdsFitEventarcsLimitForTheLongestFunctionName() {
    PolicyFile file = Fixtures.policy("deploy/long-name.yaml");
    List<String> ids = DeployPlanner.plan(file.requireFunction(), file.policy(), "src", ShippedKinds.registry()).steps().stream()
        .map(Step::run).filter(r -> r.words().contains("triggers") && r.words().contains("create"))
        .map(r -> r.words().get(4)).toList();

    assertThat(file.requireFunction().name()).hasSize(63);
    assertThat(ids).hasSize(ShippedKinds.registry().routedMethods().size() - 1).allSatisfy(id -> assertThat(id).hasSizeLessThanOrEqualTo(63)
        .matches("[a-z][-a-z0-9]*[a-z0-9]").doesNotContain("--")).doesNotHaveDuplicates();
    assertThat(ids.get(0)).isEqualTo("autobind-a-very-long-function-n-container-v1beta1-createcluster");
  }

  @Test
  void aBlankSourceIsRefused() {
    FunctionConfig fn = DeployCases.EVENTARC.file().requireFunction();

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> DeployPlanner.plan(fn, DeployCases.EVENTARC.file().policy(), " ", ShippedKinds.registry()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("the source directory is blank");
  }

  private static int indexOf(List<String> names, String prefix) {
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).startsWith(prefix)) {
        return i;
      }
    }
    throw new AssertionError("no step starts with " + prefix + " in " + names);
  }

  /** GKE permissions that reach inside clusters: only the kubernetes: section's custom role may hold them. */
  private static boolean kubernetesObjectPermission(String word) {
    return word.matches(".*container\\.(namespaces|serviceAccounts|roleBindings|clusterRoleBindings|roles|clusterRoles)\\..*");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("all")
  void aKubernetesSectionGetsOneCustomRoleHeldByTheKubernetesAccountAloneAndNoSectionNone(Case c) {
    List<Command> commands = DeployCases.commands(c.plan().steps());
    Optional<dev.autobind.policy.ClusterSetup> setup = c.file().policy().kubernetes();
    String id = LeastPrivilege.KUBERNETES_OBJECTS.id(c.file().requireFunction().name());
    List<Command> roles = commands.stream().filter(cmd -> String.join(" ", cmd.words())
        .startsWith("gcloud iam roles create " + id + " ")).toList();
    DeployPlanner.Identities ids = DeployPlanner.Identities.of(c.file().requireFunction());
    List<Command> grants = commands.stream().filter(cmd -> cmd.words().contains("add-iam-policy-binding")).toList();

    if (setup.isEmpty()) {
      assertThat(roles).isEmpty();
      assertThat(commands).flatExtracting(Command::words).noneMatch(DeployPlannerTest::kubernetesObjectPermission)
          .noneMatch(w -> w.contains(id)).noneMatch(w -> w.contains(ids.kubernetes()));
    } else {
      assertThat(roles).singleElement().satisfies(role -> assertThat(value(role, "--permissions").orElseThrow())
          .isEqualTo(String.join(",", KubernetesPermissions.of(setup.get()))));
      assertThat(grants).filteredOn(g -> value(g, "--role").orElseThrow().endsWith("/roles/" + id))
          .hasSize(governed(c).size())
          .allSatisfy(g -> assertThat(value(g, "--member")).contains("serviceAccount:" + ids.kubernetes()));
      assertThat(grants).filteredOn(g -> value(g, "--member").orElseThrow().endsWith(ids.kubernetes()))
          .hasSize(governed(c).size());
      assertThat(grants).filteredOn(g -> g.words().contains(ids.kubernetes()))
          .singleElement().satisfies(g -> assertThat(g.words()).contains("--member=serviceAccount:" + ids.runtime(),
              "--role=" + LeastPrivilege.TOKEN_CREATOR));
      assertThat(commands).filteredOn(cmd -> cmd.words().containsAll(List.of("roles", "create"))
          && !cmd.words().contains(id)).flatExtracting(cmd -> values(cmd, "--permissions"))
          .noneMatch(p -> p.contains(".bind"));
    }
  }
}
