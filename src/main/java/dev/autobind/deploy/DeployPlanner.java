package dev.autobind.deploy;

import dev.autobind.kind.AuditMethod;
import dev.autobind.kind.KindDeployment;
import dev.autobind.kind.KindRegistry;
import dev.autobind.policy.FunctionConfig;
import dev.autobind.policy.Policy;
import dev.autobind.policy.Trigger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
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
  /** How long the trigger subscription keeps acknowledged messages for replay: the Pub/Sub maximum. */
  public static final String RETENTION = "7d";
  /** Java with four gRPC clients does not fit the 256 MiB default. */
  public static final String MEMORY = "512Mi";
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

  /** Every watched method; the first gets the function's own trigger. */
  private static final List<AuditMethod> WATCHED = KindRegistry.SHIPPED.methods();

  private final FunctionConfig fn;
  private final Policy policy;
  private final String source;
  private final Scope scope;
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
    CustomRole role = customRole();
    grants(role);
    if (fn.trigger() == Trigger.PUBSUB) {
      topicAndSink();
      steps.add(deploy(List.of(Arg.of("--trigger-topic=" + topic(fn)))));
      steps.add(invoker());
      steps.addAll(TriggerLookup.steps(fn));
      steps.add(retainAcked());
    } else {
      steps.add(deploy(auditTrigger(WATCHED.get(0))));
      steps.add(invoker());
      WATCHED.subList(1, WATCHED.size()).forEach(m -> steps.add(eventarcTrigger(m)));
    }
    return new DeployPlan(fn, steps, warnings());
  }

  private Step enableApis() {
    List<String> argv = new ArrayList<>(List.of("gcloud", "services", "enable"));
    argv.addAll(APIS);
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

  /** Where the custom role lives, as the flag that names its parent and as the role name in bindings. */
  private record CustomRole(Arg parentFlag, Arg roleFlag, String shown) {}

  private CustomRole customRole() {
    CustomRole role = switch (scope.kind()) {
      case ORGANIZATION -> literalRole("--organization=" + scope.id(), "organizations/" + scope.id());
      case PROJECT -> literalRole("--project=" + scope.id(), "projects/" + scope.id());
      case FOLDER -> folderRole();
    };
    List<Arg> describe = args("gcloud", "iam", "roles", "describe", LeastPrivilege.CUSTOM_ROLE_ID);
    describe.add(role.parentFlag());
    List<Arg> create = args("gcloud", "iam", "roles", "create", LeastPrivilege.CUSTOM_ROLE_ID);
    create.add(role.parentFlag());
    create.addAll(args("--title=" + LeastPrivilege.CUSTOM_ROLE_TITLE,
        "--description=" + LeastPrivilege.CUSTOM_ROLE_DESCRIPTION,
        "--permissions=" + String.join(",", LeastPrivilege.CUSTOM_ROLE_PERMISSIONS), "--stage=GA"));
    steps.add(Step.unless("create custom role " + role.shown(),
        "Only broad predefined roles hold these permissions, so autobind defines a role with just them: "
            + String.join(", ", LeastPrivilege.CUSTOM_ROLE_PERMISSIONS) + ".",
        Command.of(describe), Command.of(create)));
    return role;
  }

  private static CustomRole literalRole(String parentFlag, String parent) {
    String name = parent + "/roles/" + LeastPrivilege.CUSTOM_ROLE_ID;
    return new CustomRole(Arg.of(parentFlag), Arg.of("--role=" + name), name);
  }

  /** Folders cannot hold custom roles: the role goes on the organization above the folder. */
  private CustomRole folderRole() {
    Variable org = Variable.ROLE_ORGANIZATION;
    steps.add(Step.always("find the organization of " + scope.name(),
        "Custom roles cannot be defined on a folder, so the role is defined on the organization that holds "
            + scope.name() + ".",
        Command.of("gcloud", "resource-manager", "folders", "get-ancestors-iam-policy", scope.id(),
            "--filter=type=organization", "--format=value(id)").into(org)));
    String suffix = "/roles/" + LeastPrivilege.CUSTOM_ROLE_ID;
    return new CustomRole(Arg.of("--organization=", org, ""), Arg.of("--role=organizations/", org, suffix),
        "organizations/${" + org.name() + "}" + suffix);
  }

  private void grants(CustomRole role) {
    String under = scope.name() + (scope.hasChildren() ? " and every project under it" : "");
    steps.add(grant(Arg.of("--role=" + LeastPrivilege.PROJECT_IAM_ADMIN), LeastPrivilege.PROJECT_IAM_ADMIN, true,
        "Read and change the IAM policies of projects in " + under
            + ", but only bindings for the roles function.yaml grants (IAM condition)."));
    steps.add(grant(Arg.of("--role=" + LeastPrivilege.SERVICE_ACCOUNT_CREATOR), LeastPrivilege.SERVICE_ACCOUNT_CREATOR,
        false, "Create the standard service account in each governed project; it cannot delete or change accounts."));
    for (KindDeployment.ViewerRole viewer : LeastPrivilege.VIEWER_ROLES) {
      steps.add(grant(Arg.of("--role=" + viewer.role()), viewer.role(), false, viewer.reason()));
    }
    steps.add(grant(role.roleFlag(), role.shown(), true,
        "Read Vertex AI models and set the IAM policies of standard service accounts and models,"
            + " under the same condition."));
    if (fn.trigger() == Trigger.EVENTARC) {
      steps.add(grant(Arg.of("--role=" + LeastPrivilege.EVENT_RECEIVER), LeastPrivilege.EVENT_RECEIVER, false,
          "The Eventarc triggers run as the function's account, which must be allowed to receive their events."));
    }
  }

  private Step grant(Arg role, String shown, boolean conditional, String reason) {
    List<Arg> argv = new ArrayList<>(scope.addBinding());
    argv.add(Arg.of("--member=" + member()));
    argv.add(role);
    argv.add(Arg.of(conditional ? LeastPrivilege.conditionFlag(policy.roles()) : "--condition=None"));
    return Step.always("grant " + shown + (conditional ? " (conditional)" : "") + " on " + scope.name(), reason,
        Command.of(argv));
  }

  private void topicAndSink() {
    String topic = topic(fn);
    steps.add(Step.unless("create topic " + topic,
        "The Log Router sink publishes the watched audit-log entries to this topic; it triggers the function.",
        Command.of("gcloud", "pubsub", "topics", "describe", topic, "--project=" + fn.project()),
        Command.of("gcloud", "pubsub", "topics", "create", topic, "--project=" + fn.project())));
    List<String> create = new ArrayList<>(List.of("gcloud", "logging", "sinks", "create", fn.name(),
        "pubsub.googleapis.com/projects/" + fn.project() + "/topics/" + topic, scope.flag()));
    if (scope.hasChildren()) {
      create.add("--include-children");
    }
    create.add("--log-filter=" + sinkFilter());
    create.add("--description=autobind: creations of GKE clusters and Vertex AI models, for function " + fn.name());
    steps.add(Step.unless("create log sink " + fn.name() + " on " + scope.name(),
        "Route the Admin Activity entries of every watched method from " + scope.name()
            + (scope.hasChildren() ? " and everything under it" : "") + " to the topic.",
        Command.of("gcloud", "logging", "sinks", "describe", fn.name(), scope.flag()),
        Command.of(create.toArray(String[]::new))));
    steps.add(Step.always("read the writer identity of log sink " + fn.name(),
        "The sink writes as its own service identity; the next step needs it.",
        Command.of("gcloud", "logging", "sinks", "describe", fn.name(), scope.flag(),
            "--format=value(writerIdentity)").into(Variable.SINK_WRITER)));
    steps.add(Step.always("grant " + LeastPrivilege.PUBLISHER + " on topic " + topic + " to the sink",
        "Let the sink's writer identity publish to this one topic, and nothing else.",
        Command.of(List.of(Arg.of("gcloud"), Arg.of("pubsub"), Arg.of("topics"), Arg.of("add-iam-policy-binding"),
            Arg.of(topic), Arg.of("--project=" + fn.project()), Arg.of("--member=", Variable.SINK_WRITER, ""),
            Arg.of("--role=" + LeastPrivilege.PUBLISHER)))));
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
        "--memory=" + MEMORY);
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
    return policy.roles().stream().filter(r -> r.contains("${"))
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

  private static String sinkScope(FunctionConfig fn) {
    return fn.sinkScope().orElseThrow(() -> new IllegalArgumentException(
        "function.sinkScope is required when trigger is pubsub"));
  }
}
