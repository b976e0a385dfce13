package dev.autobind.deploy;

import dev.autobind.kind.AuditMethod;
import dev.autobind.kind.KindDeployment;
import dev.autobind.kind.KindRegistry;
import dev.autobind.kind.ResourceKind;
import dev.autobind.policy.FunctionConfig;
import dev.autobind.policy.InstanceSettings;
import dev.autobind.policy.Policy;
import dev.autobind.policy.Trigger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Turns function.yaml into the ordered, idempotent steps that deploy autobind with least privilege.
 * Pure: it builds commands and runs none.
 */
public final class DeployPlanner {

  /** The class the Functions Framework calls. */
  public static final String ENTRY_POINT = "dev.autobind.AutobindFunction";
  /** Audit-log triggers in {@code global} see creations in every region. */
  public static final String TRIGGER_LOCATION = "global";
  public static final String AUDIT_EVENT_TYPE = "google.cloud.audit.log.v1.written";
  /** What a Pub/Sub trigger delivers; Eventarc may use an existing topic as its transport for it. */
  public static final String PUBSUB_EVENT_TYPE = "google.cloud.pubsub.topic.v1.messagePublished";
  /** How long the trigger subscription keeps acknowledged messages for replay: the Pub/Sub maximum. */
  public static final String RETENTION = "7d";
  /** Java with four gRPC clients does not fit the 256 MiB default. */
  public static final String MEMORY = "512Mi";
  /** The Pub/Sub service agent's role on the function's account, so that it can sign the push requests. */
  public static final String TOKEN_CREATOR = "roles/iam.serviceAccountTokenCreator";
  /** The role the build's account needs to build the function (Custom Service Account for Cloud Build). */
  public static final String BUILDER = "roles/cloudbuild.builds.builder";
  /** Eventarc trigger ids are at most this long. */
  static final int MAX_TRIGGER_NAME = 63;

  /** The APIs the function, its build and its trigger need whatever kinds it governs. */
  private static final List<String> BASE_APIS = List.of(
      "artifactregistry.googleapis.com",
      "cloudbuild.googleapis.com",
      "cloudfunctions.googleapis.com",
      "cloudresourcemanager.googleapis.com",
      "eventarc.googleapis.com",
      "iam.googleapis.com",
      "logging.googleapis.com",
      "pubsub.googleapis.com",
      "run.googleapis.com");

  /** The APIs the function, its build, its trigger and its own calls need in its project, sorted. */
  public static final List<String> APIS = Stream.concat(BASE_APIS.stream(),
      KindRegistry.SHIPPED.kinds().stream().flatMap(k -> k.deployment().apis().stream()))
      .distinct().sorted().toList();

  /** Every watched method, creations then policy changes; the first gets the function's own trigger. */
  private static final List<AuditMethod> WATCHED = KindRegistry.SHIPPED.routedMethods();

  /** The API the reconcile job needs, enabled only when the job is deployed. */
  public static final String SCHEDULER_API = "cloudscheduler.googleapis.com";

  /** What the reconcile job publishes; the function reads it as a backfill message of the reconcile variant. */
  public static final String RECONCILE_MESSAGE = "{\"schema\":\"autobind.backfill/v1\",\"reconcile\":\"scheduled\"}";

  private final FunctionConfig fn;
  private final Policy policy;
  private final String source;
  private final Scope scope;
  private final List<Scope> governed;
  private final List<Step> steps = new ArrayList<>();

  private DeployPlanner(FunctionConfig fn, Policy policy, String source) {
    this.fn = Objects.requireNonNull(fn, "function");
    this.policy = Objects.requireNonNull(policy, "policy");
    ShellSyntax.requirePrintable(source);
    if (source.isBlank()) {
      throw new IllegalArgumentException("the source directory is blank");
    }
    this.source = source;
    this.scope = fn.trigger() == Trigger.PUBSUB ? Scope.parse(sinkScope(fn)) : Scope.project(fn.project());
    this.governed = fn.trigger() == Trigger.PUBSUB ? governedScope(fn) : List.of(Scope.project(fn.project()));
  }

  /**
   * The steps for {@code function}, granting at most {@code policy}'s roles.
   *
   * @param source the directory to deploy: autobind.jar and function.yaml, nothing else
   */
  public static DeployPlan plan(FunctionConfig function, Policy policy, String source) {
    return new DeployPlanner(function, policy, source).plan();
  }

  private DeployPlan plan() {
    steps.add(enableApis());
    steps.add(serviceAccount());
    grants();
    if (fn.trigger() == Trigger.PUBSUB) {
      topicAndSink();
      serviceAgentGrants();
      steps.add(deploy(List.of(Arg.of("--trigger-topic=" + topic(fn)))));
      steps.add(invoker());
      steps.add(backfillTrigger());
      fn.access().reconcileSchedule().ifPresent(this::reconcileJob);
      steps.addAll(TriggerLookup.steps(fn));
      steps.add(retainAcked());
    } else {
      serviceAgentGrants();
      steps.add(deploy(auditTrigger(WATCHED.get(0))));
      steps.add(invoker());
      WATCHED.subList(1, WATCHED.size()).forEach(m -> steps.add(eventarcTrigger(m)));
    }
    return new DeployPlan(fn, steps, warnings());
  }

  private Step enableApis() {
    List<String> argv = new ArrayList<>(List.of("gcloud", "services", "enable"));
    argv.addAll(Stream.concat(APIS.stream(), fn.access().reconcileSchedule().map(s -> SCHEDULER_API).stream())
        .sorted().toList());
    argv.add("--project=" + fn.project());
    return Step.always("enable APIs in " + fn.project(),
        "The function, its build, its trigger and its API calls need these services in " + fn.project() + ".",
        Command.of(argv.toArray(String[]::new)));
  }

  private Step serviceAccount() {
    return Step.unless("create service account " + fn.serviceAccountEmail(),
        "The function's own identity: it runs as this account, which holds every grant below and nothing else.",
        Command.of("gcloud", "iam", "service-accounts", "describe", fn.serviceAccountEmail(),
            "--project=" + fn.project()),
        Command.of("gcloud", "iam", "service-accounts", "create", fn.serviceAccount(), "--project=" + fn.project(),
            "--display-name=autobind function",
            "--description=Runs the autobind Cloud Function " + fn.name() + "; granted only what autobind needs"));
  }

  /**
   * The grants the platform's own accounts need, named by the project number. The Pub/Sub service agent signs
   * each push to the function with a token for the function's account (projects whose agent predates April
   * 2021 lack this by default), so it gets the token creator role on that one account. Builds of 2nd gen
   * functions run as the Compute Engine default account, which new projects no longer grant the builder role.
   */
  private void serviceAgentGrants() {
    steps.add(Step.always("read the project number of " + fn.project(),
        "The Pub/Sub service agent and the build's account are named by the project number.",
        Command.of("gcloud", "projects", "describe", fn.project(), "--format=value(projectNumber)")
            .into(Variable.PROJECT_NUMBER)));
    steps.add(Step.always("grant " + TOKEN_CREATOR + " on " + fn.serviceAccountEmail() + " to the Pub/Sub service"
        + " agent", "Let Pub/Sub sign the requests that deliver events as the function's account, and no other.",
        Command.of(List.of(Arg.of("gcloud"), Arg.of("iam"), Arg.of("service-accounts"),
            Arg.of("add-iam-policy-binding"), Arg.of(fn.serviceAccountEmail()), Arg.of("--project=" + fn.project()),
            Arg.of("--member=serviceAccount:service-", Variable.PROJECT_NUMBER, "@gcp-sa-pubsub.iam.gserviceaccount.com"),
            Arg.of("--role=" + TOKEN_CREATOR), Arg.of("--condition=None")))));
    steps.add(Step.always("grant " + BUILDER + " on " + fn.project() + " to the build's account",
        "Cloud Build builds the function as the Compute Engine default account, which needs this role to build.",
        Command.of(List.of(Arg.of("gcloud"), Arg.of("projects"), Arg.of("add-iam-policy-binding"),
            Arg.of(fn.project()), Arg.of("--member=serviceAccount:", Variable.PROJECT_NUMBER,
                "-compute@developer.gserviceaccount.com"), Arg.of("--role=" + BUILDER), Arg.of("--condition=None")))));
  }

  /**
   * Where autobind's custom roles are defined: an organization or a project (never a folder), as the
   * flag that names it, and the organization variable when a lookup finds it.
   */
  private record RoleHome(Arg parentFlag, Optional<Variable> organization, String parent) {
    Arg roleFlag(String id) {
      return organization.map(v -> Arg.of("--role=organizations/", v, "/roles/" + id))
          .orElseGet(() -> Arg.of("--role=" + parent + "/roles/" + id));
    }

    String shown(String id) {
      return organization.map(v -> "organizations/${" + v.name() + "}").orElse(parent) + "/roles/" + id;
    }
  }

  private RoleHome roleHome() {
    return switch (scope.kind()) {
      case ORGANIZATION -> new RoleHome(Arg.of("--organization=" + scope.id()), Optional.empty(), scope.name());
      case PROJECT -> new RoleHome(Arg.of("--project=" + scope.id()), Optional.empty(), scope.name());
      case FOLDER -> folderRoleHome();
    };
  }

  /** Folders cannot hold custom roles: the roles go on the organization above the sink's folder. */
  private RoleHome folderRoleHome() {
    Variable org = Variable.ROLE_ORGANIZATION;
    steps.add(Step.always("find the organization of " + scope.name(),
        "Custom roles cannot be defined on a folder, so they are defined on the organization that holds "
            + scope.name() + ".",
        Command.of("gcloud", "resource-manager", "folders", "get-ancestors-iam-policy", scope.id(),
            "--filter=type=organization", "--format=value(id)").into(org)));
    return new RoleHome(Arg.of("--organization=", org, ""), Optional.of(org), "");
  }

  private void customRole(RoleHome home, LeastPrivilege.CustomRole role, List<String> permissions) {
    List<Arg> describe = args("gcloud", "iam", "roles", "describe", role.id());
    describe.add(home.parentFlag());
    List<Arg> create = args("gcloud", "iam", "roles", "create", role.id());
    create.add(home.parentFlag());
    create.addAll(args("--title=" + role.title(), "--description=" + role.description(),
        "--permissions=" + String.join(",", permissions), "--stage=GA"));
    steps.add(Step.unless("create custom role " + home.shown(role.id()),
        "No narrow predefined role holds just these permissions, so autobind defines a role with them: "
            + String.join(", ", permissions) + ".",
        Command.of(describe), Command.of(create)));
  }

  /** Every grant the policy needs, on every governed node; custom roles are defined first. */
  private void grants() {
    List<LeastPrivilege.FunctionGrant> needed = LeastPrivilege.grants(policy);
    Optional<RoleHome> home = needed.stream().anyMatch(g -> g.custom().isPresent())
        ? Optional.of(roleHome()) : Optional.empty();
    needed.forEach(g -> g.custom().ifPresent(role -> customRole(home.orElseThrow(), role, g.permissions())));
    for (Scope node : governed) {
      for (LeastPrivilege.FunctionGrant g : needed) {
        Arg role = g.custom().isPresent() ? home.orElseThrow().roleFlag(g.role()) : Arg.of("--role=" + g.role());
        String shown = g.custom().isPresent() ? home.orElseThrow().shown(g.role()) : g.role();
        steps.add(grant(node, role, shown, g.bound(), g.reason() + " " + reach(node)));
      }
    }
    if (fn.trigger() == Trigger.EVENTARC) {
      steps.add(grant(Scope.project(fn.project()), Arg.of("--role=" + LeastPrivilege.EVENT_RECEIVER),
          LeastPrivilege.EVENT_RECEIVER, Optional.empty(),
          "The Eventarc triggers run as the function's account, which must be allowed to receive their events."));
    }
  }

  /** What a grant on {@code node} reaches, and what must stay outside it. */
  private String reach(Scope node) {
    if (fn.trigger() == Trigger.EVENTARC) {
      return "Eventarc mode: the function's own project " + fn.project() + " is the governed project.";
    }
    String excluded = policy.projects().exclude().stream().map(g -> g.pattern()).collect(Collectors.joining(", "));
    return node.hasChildren()
        ? "On " + node.name() + " and every project under it: keep the function's own project " + fn.project()
            + (excluded.isEmpty() ? "" : " and the projects policy.projects.exclude names (" + excluded + ")")
            + " outside it."
        : "On " + node.name() + " only.";
  }

  private Step grant(Scope node, Arg role, String shown, Optional<LeastPrivilege.Allowlist> bound, String reason) {
    List<Arg> argv = new ArrayList<>(node.addBinding());
    argv.add(Arg.of("--member=" + member()));
    argv.add(role);
    argv.add(Arg.of(bound.map(LeastPrivilege::conditionFlag).orElse("--condition=None")));
    return Step.always("grant " + shown + (bound.isPresent() ? " (conditional)" : "") + " on " + node.name(), reason,
        Command.of(argv));
  }

  private void topicAndSink() {
    String topic = topic(fn);
    String backfill = backfillTopic(fn);
    steps.add(topic(topic, "The Log Router sink publishes the watched audit-log entries to this topic; it triggers"
        + " the function, and only the sink may publish to it."));
    steps.add(topic(backfill, "Backfill publishes existing resources to this topic, apart from the sink's; the"
        + " operators function.yaml names may publish to it."));
    List<String> create = new ArrayList<>(List.of("gcloud", "logging", "sinks", "create", fn.name(),
        "pubsub.googleapis.com/projects/" + fn.project() + "/topics/" + topic, scope.flag()));
    if (scope.hasChildren()) {
      create.add("--include-children");
    }
    create.add("--log-filter=" + sinkFilter());
    create.add("--description=autobind: creations of " + String.join(" and ",
        KindRegistry.SHIPPED.kinds().stream().map(ResourceKind::title).toList()) + ", for function " + fn.name());
    steps.add(Step.unless("create log sink " + fn.name() + " on " + scope.name(),
        "Route the Admin Activity entries of every watched method from " + scope.name()
            + (scope.hasChildren() ? " and everything under it" : "") + " to the topic.",
        Command.of("gcloud", "logging", "sinks", "describe", fn.name(), scope.flag()),
        Command.of(create.toArray(String[]::new))));
    steps.add(Step.always("read the writer identity of log sink " + fn.name(),
        "The sink writes as its own service identity; the next step needs it.",
        Command.of("gcloud", "logging", "sinks", "describe", fn.name(), scope.flag(),
            "--format=value(writerIdentity)").into(Variable.SINK_WRITER)));
    steps.add(publisher(topic, Arg.of("--member=", Variable.SINK_WRITER, ""), "the sink",
        "Let the sink's writer identity publish to the audit topic; nobody else may."));
    for (String operator : fn.access().operators()) {
      steps.add(publisher(backfill, Arg.of("--member=" + operator), operator,
          "An operator named in function.operators may publish backfill messages; the function looks every"
              + " resource up before acting, so a message only says which resource to check."));
    }
    steps.add(publisher(backfill, Arg.of("--member=serviceAccount:" + fn.serviceAccountEmail()), "the function",
        "The scheduled reconcile fans out: the function publishes one message per governed project to its"
            + " backfill topic, and this topic only, so each project is reconciled in its own invocation."));
  }

  private Step topic(String topic, String reason) {
    return Step.unless("create topic " + topic, reason,
        Command.of("gcloud", "pubsub", "topics", "describe", topic, "--project=" + fn.project()),
        Command.of("gcloud", "pubsub", "topics", "create", topic, "--project=" + fn.project()));
  }

  private Step publisher(String topic, Arg member, String who, String reason) {
    return Step.always("grant " + LeastPrivilege.PUBLISHER + " on topic " + topic + " to " + who, reason,
        Command.of(List.of(Arg.of("gcloud"), Arg.of("pubsub"), Arg.of("topics"), Arg.of("add-iam-policy-binding"),
            Arg.of(topic), Arg.of("--project=" + fn.project()), member, Arg.of("--role=" + LeastPrivilege.PUBLISHER))));
  }

  /** The function's second trigger: messages on the backfill topic, delivered to the same function. */
  private Step backfillTrigger() {
    String name = backfillTriggerName(fn.name());
    String topic = "projects/" + fn.project() + "/topics/" + backfillTopic(fn);
    return Step.unless("create Eventarc trigger " + name,
        "The function also reads the backfill topic: a Pub/Sub trigger on the existing topic " + topic + ".",
        Command.of("gcloud", "eventarc", "triggers", "describe", name, "--location=" + fn.region(),
            "--project=" + fn.project()),
        Command.of("gcloud", "eventarc", "triggers", "create", name, "--location=" + fn.region(),
            "--project=" + fn.project(), "--destination-run-service=" + fn.name(),
            "--destination-run-region=" + fn.region(), "--event-filters=type=" + PUBSUB_EVENT_TYPE,
            "--transport-topic=" + topic, "--service-account=" + fn.serviceAccountEmail()));
  }

  /**
   * The safety net for missed events: a Cloud Scheduler job that publishes the reconcile message to the
   * backfill topic on {@code schedule}, and the one grant it needs. A job with a Pub/Sub target publishes as
   * the project's Cloud Scheduler service agent (service-PROJECT_NUMBER@gcp-sa-cloudscheduler), and the topic
   * must be in the job's project (Cloud Scheduler's PubsubTarget reference).
   */
  private void reconcileJob(String schedule) {
    String backfill = backfillTopic(fn);
    String job = reconcileJobName(fn.name());
    steps.add(publisher(backfill, Arg.of("--member=serviceAccount:service-", Variable.PROJECT_NUMBER,
        "@gcp-sa-cloudscheduler.iam.gserviceaccount.com"), "the Cloud Scheduler service agent",
        "The reconcile job publishes as the Cloud Scheduler service agent; the message names no resource, so it can"
            + " only ask the function to reconcile the governed scope its own function.yaml names."));
    steps.add(Step.unless("create Cloud Scheduler job " + job,
        "The safety net: on " + schedule + " (UTC) ask the function to reconcile every governed resource, so that a"
            + " missed event is repaired by the next run. Change the schedule with gcloud scheduler jobs update pubsub.",
        Command.of("gcloud", "scheduler", "jobs", "describe", job, "--location=" + fn.region(),
            "--project=" + fn.project()),
        Command.of("gcloud", "scheduler", "jobs", "create", "pubsub", job, "--location=" + fn.region(),
            "--project=" + fn.project(), "--schedule=" + schedule, "--topic=" + backfill,
            "--message-body=" + RECONCILE_MESSAGE, "--time-zone=Etc/UTC",
            "--description=autobind: reconcile the governed scope of function " + fn.name())));
  }

  /** The reconcile job's id: the function name and {@code -reconcile}. */
  static String reconcileJobName(String function) {
    return function + "-reconcile";
  }

  /** The backfill trigger's id: the function name and {@code -backfill}, cut to fit Eventarc's limit. */
  static String backfillTriggerName(String function) {
    String suffix = "-backfill";
    String prefix = function.substring(0, Math.min(function.length(), MAX_TRIGGER_NAME - suffix.length()));
    return prefix.replaceAll("-+$", "") + suffix;
  }

  /** The sink's filter: Admin Activity audit entries of every watched method. */
  public static String sinkFilter() {
    return "logName:\"cloudaudit.googleapis.com%2Factivity\" AND ("
        + WATCHED.stream().map(m -> "protoPayload.methodName=\"" + m.methodName() + "\"")
            .collect(Collectors.joining(" OR "))
        + ")";
  }

  private Step deploy(List<Arg> trigger) {
    List<Arg> argv = args("gcloud", "functions", "deploy", fn.name(), "--gen2", "--runtime=" + fn.runtime(),
        "--region=" + fn.region(), "--project=" + fn.project(), "--entry-point=" + ENTRY_POINT,
        "--source=" + source, "--service-account=" + fn.serviceAccountEmail(),
        "--trigger-service-account=" + fn.serviceAccountEmail(), "--ingress-settings=internal-only",
        "--memory=" + fn.instances().memory().orElse(MEMORY));
    fn.instances().cpu().ifPresent(c -> argv.add(Arg.of("--cpu=" + c)));
    fn.instances().minInstances().ifPresent(n -> argv.add(Arg.of("--min-instances=" + n)));
    argv.add(Arg.of("--set-env-vars=" + environment(fn.instances())));
    fn.maxInstances().ifPresent(n -> argv.add(Arg.of("--max-instances=" + n)));
    fn.timeoutSeconds().ifPresent(s -> argv.add(Arg.of("--timeout=" + s + "s")));
    if (fn.retry()) {
      argv.add(Arg.of("--retry"));
    }
    argv.addAll(trigger);
    String how = fn.trigger() == Trigger.PUBSUB ? "a Pub/Sub trigger on topic " + topic(fn)
        : "an audit-log trigger for " + WATCHED.get(0).methodName();
    return Step.always("deploy function " + fn.name(),
        "Deploy " + source + " (autobind.jar and its function.yaml) as a 2nd gen function with " + how + ".",
        Command.of(argv));
  }

  /**
   * The function's environment, every variable each time: {@code --set-env-vars} replaces all of them, so a
   * setting removed from function.yaml is removed from the function too. Values that hold a comma use gcloud's
   * other delimiter ({@code ^;^}, gcloud topic escaping); validation keeps ';' out of them.
   */
  static String environment(InstanceSettings instances) {
    Map<String, String> vars = new LinkedHashMap<>();
    vars.put(InstanceSettings.DRY_RUN_VARIABLE, Boolean.toString(instances.dryRun()));
    instances.maxEventAge().ifPresent(age -> vars.put(InstanceSettings.MAX_EVENT_AGE_VARIABLE, age.toString()));
    instances.jvmOptions().ifPresent(options -> vars.put(InstanceSettings.JVM_OPTIONS_VARIABLE, options));
    boolean comma = vars.values().stream().anyMatch(v -> v.contains(","));
    String pairs = vars.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(comma ? ";" : ","));
    return comma ? "^;^" + pairs : pairs;
  }

  private static List<Arg> auditTrigger(AuditMethod method) {
    return args("--trigger-event-filters=type=" + AUDIT_EVENT_TYPE,
        "--trigger-event-filters=serviceName=" + method.serviceName(),
        "--trigger-event-filters=methodName=" + method.methodName(), "--trigger-location=" + TRIGGER_LOCATION);
  }

  private Step invoker() {
    return Step.always("allow the trigger to invoke " + fn.name(),
        "The trigger calls the function as the function's own account; only that account may invoke it.",
        Command.of("gcloud", "functions", "add-invoker-policy-binding", fn.name(), "--region=" + fn.region(),
            "--project=" + fn.project(), "--member=" + member()));
  }

  private Step retainAcked() {
    return Step.always("retain acknowledged messages for " + RETENTION,
        "Keep delivered events for " + RETENTION + " so that scripts/replay.sh can seek back and deliver them again.",
        Command.of(List.of(Arg.of("gcloud"), Arg.of("pubsub"), Arg.of("subscriptions"), Arg.of("update"),
            Arg.of("", Variable.TRIGGER_SUBSCRIPTION, ""), Arg.of("--retain-acked-messages"),
            Arg.of("--message-retention-duration=" + RETENTION))));
  }

  private Step eventarcTrigger(AuditMethod method) {
    String name = triggerName(fn.name(), method);
    List<Arg> create = args("gcloud", "eventarc", "triggers", "create", name, "--location=" + TRIGGER_LOCATION,
        "--project=" + fn.project(), "--destination-run-service=" + fn.name(),
        "--destination-run-region=" + fn.region(), "--event-filters=type=" + AUDIT_EVENT_TYPE,
        "--event-filters=serviceName=" + method.serviceName(), "--event-filters=methodName=" + method.methodName(),
        "--service-account=" + fn.serviceAccountEmail());
    return Step.unless("create Eventarc trigger " + name,
        "Eventarc filters match exactly, so " + method.methodName() + " needs a trigger of its own.",
        Command.of("gcloud", "eventarc", "triggers", "describe", name, "--location=" + TRIGGER_LOCATION,
            "--project=" + fn.project()),
        Command.of(create));
  }

  /** The trigger for one method: the function name and the method's slug, cut to fit Eventarc's limit. */
  static String triggerName(String function, AuditMethod method) {
    String slug = "-" + method.slug();
    String prefix = function.substring(0, Math.min(function.length(), MAX_TRIGGER_NAME - slug.length()));
    return prefix.replaceAll("-+$", "") + slug;
  }

  private List<String> warnings() {
    List<String> conditioned = LeastPrivilege.grants(policy).stream().flatMap(g -> g.bound().stream())
        .flatMap(a -> a.roles().stream()).distinct().sorted().toList();
    return conditioned.stream().filter(r -> r.contains("${"))
        .map(r -> r + " has a placeholder, which an IAM condition cannot match:"
            + " the function will be denied when it grants this role")
        .toList();
  }

  private String member() {
    return "serviceAccount:" + fn.serviceAccountEmail();
  }

  private static List<Arg> args(String... words) {
    List<Arg> out = new ArrayList<>();
    for (String w : words) {
      out.add(Arg.of(w));
    }
    return out;
  }

  static String topic(FunctionConfig fn) {
    return fn.topic().orElseThrow(() -> new IllegalArgumentException(
        "function.topic is required when trigger is pubsub"));
  }

  static String backfillTopic(FunctionConfig fn) {
    return fn.access().backfillTopic().orElseThrow(() -> new IllegalArgumentException(
        "function.backfillTopic is required when trigger is pubsub"));
  }

  private static List<Scope> governedScope(FunctionConfig fn) {
    if (fn.access().governedScope().isEmpty()) {
      throw new IllegalArgumentException("function.governedScope is required when trigger is pubsub");
    }
    return fn.access().governedScope().stream().map(Scope::parse).toList();
  }

  private static String sinkScope(FunctionConfig fn) {
    return fn.sinkScope().orElseThrow(() -> new IllegalArgumentException(
        "function.sinkScope is required when trigger is pubsub"));
  }
}
