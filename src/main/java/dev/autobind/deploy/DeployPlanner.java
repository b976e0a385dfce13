package dev.autobind.deploy;

import dev.autobind.apply.KubernetesClusterGateway;
import dev.autobind.deploy.LeastPrivilege.FunctionGrant;
import dev.autobind.deploy.LeastPrivilege.Holder;
import dev.autobind.kind.AuditMethod;
import dev.autobind.kind.KindDeployment;
import dev.autobind.kind.KindRegistry;
import dev.autobind.kind.ResourceKind;
import dev.autobind.policy.DecisionLogView;
import dev.autobind.policy.FunctionConfig;
import dev.autobind.policy.GrantScope;
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
  /** The Pub/Sub service agent's role on the invoker account, so that it can sign the push requests. */
  public static final String TOKEN_CREATOR = LeastPrivilege.TOKEN_CREATOR;
  /** The role the build's account needs to build the function (Custom Service Account for Cloud Build). */
  public static final String BUILDER = "roles/cloudbuild.builds.builder";
  /** Reads log entries through log views; granted only under a condition naming the function's own view. */
  public static final String VIEW_ACCESSOR = "roles/logging.viewAccessor";
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
      "iamcredentials.googleapis.com",
      "logging.googleapis.com",
      "pubsub.googleapis.com",
      "run.googleapis.com");


  /** The API the reconcile job needs, enabled only when the job is deployed. */
  public static final String SCHEDULER_API = "cloudscheduler.googleapis.com";

  /**
   * The token-minting permissions the deny policy takes from the function's account and from principals
   * outside the organization, in the deny-policy format {@code SERVICE_FQDN/RESOURCE.VERB}.
   */
  public static final List<String> TOKEN_MINTING = List.of(
      "iam.googleapis.com/serviceAccounts.getAccessToken", "iam.googleapis.com/serviceAccounts.getOpenIdToken",
      "iam.googleapis.com/serviceAccounts.signBlob", "iam.googleapis.com/serviceAccounts.signJwt",
      "iam.googleapis.com/serviceAccounts.implicitDelegation", "iam.googleapis.com/serviceAccounts.actAs",
      "iam.googleapis.com/serviceAccountKeys.create");

  /** What the reconcile job publishes; the function reads it as a backfill message of the reconcile variant. */
  public static final String RECONCILE_MESSAGE = "{\"schema\":\"autobind.backfill/v1\",\"reconcile\":\"scheduled\"}";

  private final FunctionConfig fn;
  private final Policy policy;
  private final KindRegistry kinds;
  private final String source;
  private final Scope scope;
  private final List<Scope> governed;
  private final Identities ids;
  private final List<FunctionGrant> needed;
  private final List<Step> steps = new ArrayList<>();
  private Optional<RoleHome> home = Optional.empty();

  private DeployPlanner(FunctionConfig fn, Policy policy, String source, KindRegistry kinds) {
    this.fn = Objects.requireNonNull(fn, "function");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.kinds = Objects.requireNonNull(kinds, "kinds");
    ShellSyntax.requirePrintable(source);
    if (source.isBlank()) {
      throw new IllegalArgumentException("the source directory is blank");
    }
    this.source = source;
    this.scope = fn.trigger() == Trigger.PUBSUB ? Scope.parse(sinkScope(fn)) : Scope.project(fn.project());
    this.governed = fn.trigger() == Trigger.PUBSUB ? governedScope(fn) : List.of(Scope.project(fn.project()));
    this.ids = Identities.of(fn);
    this.needed = LeastPrivilege.grants(fn.name(), policy,
        governed.stream().anyMatch(node -> node.kind() == Scope.Kind.FOLDER));
  }

  /**
   * autobind's own accounts, all in the function's project: the one it runs as; the one it impersonates for
   * Kubernetes calls, which alone holds the Kubernetes role; the one its triggers invoke it as; and the one
   * its build runs as.
   */
  record Identities(String runtime, String kubernetes, String invoker, String build) {
    /** Account ids are 6 to 30 characters: the function's id is cut to make room for each suffix. */
    static final int MAX_ACCOUNT_ID = 30;

    static Identities of(FunctionConfig fn) {
      return new Identities(fn.serviceAccountEmail(), email(fn, "-k8s"), email(fn, "-invoker"), email(fn, "-build"));
    }

    static String accountId(String base, String suffix) {
      String cut = base.substring(0, Math.min(base.length(), MAX_ACCOUNT_ID - suffix.length()));
      return cut.replaceAll("-+$", "") + suffix;
    }

    private static String email(FunctionConfig fn, String suffix) {
      return accountId(fn.serviceAccount(), suffix) + "@" + fn.project() + ".iam.gserviceaccount.com";
    }
  }

  /**
   * The steps for {@code function}, granting at most {@code policy}'s roles.
   *
   * @param source the directory to deploy: autobind.jar and function.yaml, nothing else
   * @param kinds the governed kinds, whose methods are routed and whose APIs are enabled
   */
  public static DeployPlan plan(FunctionConfig function, Policy policy, String source, KindRegistry kinds) {
    return new DeployPlanner(function, policy, source, kinds).plan();
  }

  /** The APIs the function, its build, its trigger and its own calls need in its project, sorted. */
  public static List<String> apis(KindRegistry kinds) {
    return Stream.concat(BASE_APIS.stream(), kinds.kinds().stream().flatMap(k -> k.deployment().apis().stream()))
        .distinct().sorted().toList();
  }

  private DeployPlan plan() {
    steps.add(enableApis());
    accounts();
    grants();
    decisionLogView();
    steps.addAll(Alerts.steps(fn));
    if (fn.trigger() == Trigger.PUBSUB) {
      denyTokenMinting();
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
      List<AuditMethod> watched = kinds.routedMethods();
      steps.add(deploy(auditTrigger(watched.get(0))));
      steps.add(invoker());
      watched.subList(1, watched.size()).forEach(m -> steps.add(eventarcTrigger(m)));
    }
    return new DeployPlan(fn, steps, warnings());
  }

  private Step enableApis() {
    List<String> argv = new ArrayList<>(List.of("gcloud", "services", "enable"));
    argv.addAll(Stream.concat(apis(kinds).stream(), fn.access().reconcileSchedule().map(s -> SCHEDULER_API).stream())
        .sorted().toList());
    argv.add("--project=" + fn.project());
    return Step.always("enable APIs in " + fn.project(),
        "The function, its build, its trigger and its API calls need these services in " + fn.project() + ".",
        Command.of(argv.toArray(String[]::new)))
        .kept("the APIs enabled in " + fn.project(), "other things in the project may use them");
  }

  /** autobind's accounts: the runtime one always; the Kubernetes one when the policy has a kubernetes: section. */
  private void accounts() {
    steps.add(account(ids.runtime(), "The function's own identity: it runs as this account, which holds every"
        + " grant below but the Kubernetes role, and nothing else.", "Runs the autobind Cloud Function " + fn.name()
        + "; granted only what autobind needs"));
    if (kubernetes()) {
      steps.add(account(ids.kubernetes(), "The function's Kubernetes identity: it holds the Kubernetes role alone,"
          + " and the function reaches it only by short-lived impersonation.", "Kubernetes calls of the autobind"
          + " function " + fn.name() + "; holds only the Kubernetes role"));
    }
    steps.add(account(ids.invoker(), "The triggers' identity: it may invoke the function and nothing else, so the"
        + " runtime account need not be able to call itself.", "Invokes the autobind function " + fn.name()
        + " for its triggers; nothing else"));
    steps.add(account(ids.build(), "The build's identity: Cloud Build builds the function as this account rather"
        + " than the Compute Engine default account.", "Builds the autobind function " + fn.name()));
  }

  private Step account(String email, String reason, String description) {
    String id = email.substring(0, email.indexOf('@'));
    return Step.unless("create service account " + email, reason,
        Command.of("gcloud", "iam", "service-accounts", "describe", email, "--project=" + fn.project()),
        Command.of("gcloud", "iam", "service-accounts", "create", id, "--project=" + fn.project(),
            "--display-name=autobind " + id, "--description=" + description))
        .undoneBy(Step.whilePresent("delete service account " + email, "autobind's own accounts go last, once"
            + " nothing they hold is left.",
            Command.of("gcloud", "iam", "service-accounts", "describe", email, "--project=" + fn.project(),
                "--format=value(email)"),
            Command.of("gcloud", "iam", "service-accounts", "delete", email, "--project=" + fn.project(), "--quiet")));
  }

  private boolean kubernetes() {
    return needed.stream().anyMatch(g -> g.holder() == Holder.KUBERNETES);
  }

  /**
   * The grants the platform's own accounts need, named by the project number. The Pub/Sub service agent signs
   * each push to the function with a token for the invoker account (projects whose agent predates April 2021
   * lack this by default), so it gets the token creator role on that one account. The build account gets the
   * builder role on the function's project.
   */
  private void serviceAgentGrants() {
    steps.add(Step.always("read the project number of " + fn.project(),
        "The Pub/Sub service agent is named by the project number.",
        Command.of("gcloud", "projects", "describe", fn.project(), "--format=value(projectNumber)")
            .into(Variable.PROJECT_NUMBER)).undoneWithout("a lookup"));
    BindingTarget invoker = BindingTarget.serviceAccount(ids.invoker(), fn.project());
    Arg agent = Arg.of("serviceAccount:service-", Variable.PROJECT_NUMBER, "@gcp-sa-pubsub.iam.gserviceaccount.com");
    steps.add(Step.always("grant " + TOKEN_CREATOR + " on " + ids.invoker() + " to the Pub/Sub service agent",
        "Let Pub/Sub sign the requests that deliver events as the invoker account, and no other.",
        invoker.add(agent, Arg.of(TOKEN_CREATOR), Optional.of("--condition=None")))
        .undoneWithout("it goes with the invoker account"));
    steps.add(grantTo(Scope.project(fn.project()).bindings(), ids.build(), Arg.of(BUILDER), BUILDER,
        Optional.empty(), "Cloud Build builds the function as the build account, which needs this role to build."));
  }

  /**
   * Where autobind's custom roles are defined: an organization or a project (never a folder), as the
   * flag that names it, and the organization variable when a lookup finds it.
   */
  private record RoleHome(Arg parentFlag, Optional<Variable> organization, String parent) {
    Arg roleValue(String id) {
      return organization.map(v -> Arg.of("organizations/", v, "/roles/" + id))
          .orElseGet(() -> Arg.of(parent + "/roles/" + id));
    }

    String shown(String id) {
      return organization.map(v -> "organizations/${" + v.name() + "}").orElse(parent) + "/roles/" + id;
    }
  }

  private RoleHome roleHome() {
    if (home.isEmpty()) {
      home = Optional.of(switch (scope.kind()) {
        case ORGANIZATION -> new RoleHome(Arg.of("--organization=" + scope.id()), Optional.empty(), scope.name());
        case PROJECT -> new RoleHome(Arg.of("--project=" + scope.id()), Optional.empty(), scope.name());
        case FOLDER -> folderRoleHome();
      });
    }
    return home.get();
  }

  /** Folders cannot hold custom roles: the roles go on the organization above the sink's folder. */
  private RoleHome folderRoleHome() {
    Variable org = Variable.ROLE_ORGANIZATION;
    steps.add(Step.always("find the organization of " + scope.name(),
        "Custom roles cannot be defined on a folder, so they are defined on the organization that holds "
            + scope.name() + ".",
        Command.of("gcloud", "resource-manager", "folders", "get-ancestors-iam-policy", scope.id(),
            "--filter=type=organization", "--format=value(id)").into(org)).undoneWithout("a lookup"));
    return new RoleHome(Arg.of("--organization=", org, ""), Optional.of(org), "");
  }

  /**
   * One of this deployment's custom roles: created when missing, then brought to exactly {@code permissions}
   * on every deploy, so a role changed by hand or by an older plan is put right.
   */
  private void customRole(RoleHome home, LeastPrivilege.CustomRole role, List<String> permissions) {
    String id = role.id(fn.name());
    String list = String.join(",", permissions);
    List<Arg> describe = args("gcloud", "iam", "roles", "describe", id);
    describe.add(home.parentFlag());
    List<Arg> create = args("gcloud", "iam", "roles", "create", id);
    create.add(home.parentFlag());
    create.addAll(args("--title=" + role.title(), "--description=" + role.description(), "--permissions=" + list,
        "--stage=GA"));
    List<Arg> list1 = args("gcloud", "iam", "roles", "list");
    list1.add(home.parentFlag());
    list1.addAll(args("--filter=name:" + id, "--format=value(name)"));
    List<Arg> delete = args("gcloud", "iam", "roles", "delete", id);
    delete.add(home.parentFlag());
    delete.add(Arg.of("--quiet"));
    steps.add(Step.unless("create custom role " + home.shown(id),
        "No narrow predefined role holds just these permissions, so this deployment defines its own role with"
            + " them: " + String.join(", ", permissions) + ".",
        Command.of(describe), Command.of(create))
        .undoneBy(Step.whilePresent("delete custom role " + id, "This deployment's own role; nothing else holds"
            + " it. A deleted role blocks its id for 7 days; gcloud iam roles undelete brings it back.",
            Command.of(list1), Command.of(delete))));
    List<Arg> update = args("gcloud", "iam", "roles", "update", id);
    update.add(home.parentFlag());
    update.addAll(args("--title=" + role.title(), "--description=" + role.description(), "--permissions=" + list,
        "--stage=GA", "--quiet"));
    steps.add(Step.always("set the permissions of " + home.shown(id),
        "Bring the role to exactly the plan's permissions, whatever an earlier deploy or a hand edit left.",
        Command.of(update)).undoneWithout("the role itself is deleted"));
  }

  /**
   * Every grant the policy needs, on every governed node: custom roles are defined first; on each node the
   * function account's grants the plan no longer makes are removed, then each grant is made, after removing
   * any binding of its role under another condition (an older, wider allowlist).
   */
  private void grants() {
    boolean custom = needed.stream().anyMatch(g -> g.custom().isPresent());
    if (custom) {
      RoleHome h = roleHome();
      needed.forEach(g -> g.custom().ifPresent(role -> customRole(h, role, g.permissions())));
    }
    for (Scope node : governed) {
      staleGrants(node);
      for (FunctionGrant g : needed) {
        String email = g.holder() == Holder.KUBERNETES ? ids.kubernetes() : ids.runtime();
        g.bound().ifPresent(b -> steps.add(olderConditions(node.bindings(), email, roleArg(g.role()),
            shownRole(g.role()), LeastPrivilege.condition(b.roles()))));
        steps.add(grantTo(node.bindings(), email, roleArg(g.role()), shownRole(g.role()),
            g.bound().map(LeastPrivilege::conditionFlag), g.reason() + " " + reach(node)));
      }
    }
    if (kubernetes()) {
      steps.add(grantTo(BindingTarget.serviceAccount(ids.kubernetes(), fn.project()), ids.runtime(),
          Arg.of(LeastPrivilege.TOKEN_CREATOR), LeastPrivilege.TOKEN_CREATOR, Optional.empty(),
          "The function mints short-lived tokens for the Kubernetes account (IAM Credentials generateAccessToken)"
              + " on this one account only."));
    }
    if (fn.trigger() == Trigger.EVENTARC) {
      steps.add(grantTo(Scope.project(fn.project()).bindings(), ids.invoker(), Arg.of(LeastPrivilege.EVENT_RECEIVER),
          LeastPrivilege.EVENT_RECEIVER, Optional.empty(),
          "The Eventarc triggers run as the invoker account, which must be allowed to receive their events."));
    }
  }

  /**
   * The restore cap counts the function's own {@code repaired} records in Cloud Logging ({@code
   * apply/LoggingRestoreLedger}): a log view over Cloud Run's standard output in the function's project, and
   * {@code roles/logging.viewAccessor} on that project under a condition naming that one view, instead of
   * {@code roles/logging.viewer} on every log of the project.
   */
  private void decisionLogView() {
    String view = DecisionLogView.id(fn);
    List<String> where = List.of("--bucket=" + DecisionLogView.BUCKET_ID,
        "--location=" + DecisionLogView.BUCKET_LOCATION, "--project=" + fn.project());
    steps.add(Step.unless("create log view " + view, "The function reads its own repaired decisions through this"
            + " view, to count a binding's restores across instances and restarts (policy.drift.maxRestoresPerDay).",
        logViews("describe", view, where),
        logViews("create", view, where, "--description=Cloud Run standard output in " + fn.project()
            + ", where " + fn.name() + " logs its decisions; read by its restore cap",
            "--log-filter=" + DecisionLogView.filter(fn)))
        .undoneBy(Step.whilePresent("delete log view " + view, "Nothing reads through it once the grant on it is"
                + " gone.", logViews("describe", view, where, "--format=value(name)"),
            logViews("delete", view, where, "--quiet"))));
    steps.add(grantTo(Scope.project(fn.project()).bindings(), ids.runtime(), Arg.of(VIEW_ACCESSOR), VIEW_ACCESSOR,
        Optional.of("--condition=^;^expression=resource.name == \"" + DecisionLogView.name(fn)
            + "\";title=" + fn.name() + " reads only its decision log view"),
        "Read log entries through the log view " + view + " only (entries.list), to count restores: no other view,"
            + " bucket or log of the project."));
  }

  private static Command logViews(String verb, String view, List<String> where, String... more) {
    List<String> argv = new ArrayList<>(List.of("gcloud", "logging", "views", verb, view));
    argv.addAll(where);
    argv.addAll(List.of(more));
    return Command.of(argv.toArray(String[]::new));
  }

  /** A custom role id as the role flag's value; a predefined role as it is. */
  private Arg roleArg(String role) {
    return role.startsWith("roles/") ? Arg.of(role) : roleHome().roleValue(role);
  }

  private String shownRole(String role) {
    return role.startsWith("roles/") ? role : roleHome().shown(role);
  }

  /** Removes, on {@code node}, each role the function's account may hold from an earlier plan but not this one. */
  private void staleGrants(Scope node) {
    List<String> kept = needed.stream().filter(g -> g.holder() == Holder.RUNTIME).map(FunctionGrant::role).toList();
    for (String role : LeastPrivilege.everyRuntimeRole(fn.name())) {
      if (!kept.contains(role)) {
        steps.add(node.bindings().removal("remove stale grant " + shownRole(role) + " on " + node.name(),
            "The function's account holds no " + shownRole(role) + " in this plan: remove it where an earlier"
                + " deploy granted it.", Arg.of("serviceAccount:" + ids.runtime()), roleArg(role))
            .undoneWithout("it removes a grant"));
      }
    }
  }

  /** Removes {@code email}'s bindings of {@code role} whose condition is not {@code expression}, when there is one. */
  private Step olderConditions(BindingTarget target, String email, Arg role, String shown, String expression) {
    Arg member = Arg.of("serviceAccount:" + email);
    return Step.whilePresent("remove other conditions of " + shown + " for " + email + " on " + target.shown(),
        "A binding of this role under an older or wider condition would outlast this plan; remove it before"
            + " granting under the plan's condition.", target.probe(member, role, Optional.of(expression)),
        target.remove(member, role)).undoneWithout("it removes a grant");
  }

  /** A grant to one of autobind's own accounts, undone by removing that account's bindings of the role. */
  private Step grantTo(BindingTarget target, String email, Arg role, String shown, Optional<String> condition,
      String reason) {
    Arg member = Arg.of("serviceAccount:" + email);
    return Step.always("grant " + shown + (condition.isPresent() ? " (conditional)" : "") + " on " + target.shown()
            + " to " + email, reason, target.add(member, role, Optional.of(condition.orElse("--condition=None"))))
        .undoneBy(target.removal("remove " + shown + " on " + target.shown() + " from " + email,
            "Granted by deploy.sh: " + reason, member, role));
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

  /**
   * When the policy grants on service accounts' own policies, the function's account can set any account's
   * policy under the governed folders (IAM conditions see no account names; see docs/deploy.md). An IAM deny
   * policy on each governed node then keeps the function's account, and every principal outside the
   * organization, from the permissions that mint tokens or act as an account, whatever a policy grants them.
   */
  private void denyTokenMinting() {
    if (policy.roles(GrantScope.SERVICE_ACCOUNT).isEmpty()) {
      return;
    }
    Arg organization = organization();
    steps.add(Step.always("read the customer id of the organization",
        "The deny policy's exception names the organization's own principals by its Cloud Identity customer id.",
        Command.of(List.of(Arg.of("gcloud"), Arg.of("organizations"), Arg.of("describe"), organization,
            Arg.of("--format=value(owner.directoryCustomerId)"))).into(Variable.CUSTOMER_ID))
        .undoneWithout("a lookup"));
    String file = denyPolicyFile();
    steps.add(Step.always("write the deny policy to " + file,
        "gcloud iam policies create reads the policy from a file.",
        Command.of(List.of(Arg.of("printf"), Arg.of("%s\\n"), denyPolicy(organization))).writing(file))
        .undoneWithout("a file beside the staged source"));
    String id = denyPolicyId(fn.name());
    for (Scope node : governed) {
      List<String> where = List.of("--attachment-point=" + node.attachmentPoint(), "--kind=denypolicies");
      List<String> get = new ArrayList<>(List.of("gcloud", "iam", "policies", "get", id));
      get.addAll(where);
      List<String> create = new ArrayList<>(List.of("gcloud", "iam", "policies", "create", id));
      create.addAll(where);
      create.add("--policy-file=" + file);
      List<String> probe = new ArrayList<>(get);
      probe.add("--format=value(name)");
      List<String> delete = new ArrayList<>(List.of("gcloud", "iam", "policies", "delete", id));
      delete.addAll(where);
      delete.add("--quiet");
      steps.add(Step.unless("create deny policy " + id + " on " + node.name(),
          "Deny " + ids.runtime() + ", and principals outside the organization, the permissions that mint tokens"
              + " for or act as service accounts under " + node.name() + ": " + String.join(", ", TOKEN_MINTING) + ".",
          Command.of(get.toArray(String[]::new)), Command.of(create.toArray(String[]::new)))
          .undoneBy(Step.whilePresent("delete deny policy " + id + " on " + node.name(),
              "The deny policy goes with the grants it guards.", Command.of(probe.toArray(String[]::new)),
              Command.of(delete.toArray(String[]::new)))));
    }
  }

  /** The organization above the sink scope, as literal text or as the variable a lookup fills. */
  private Arg organization() {
    return switch (scope.kind()) {
      case ORGANIZATION -> Arg.of(scope.id());
      case FOLDER -> {
        roleHome();
        yield Arg.of("", Variable.ROLE_ORGANIZATION, "");
      }
      case PROJECT -> {
        steps.add(Step.always("find the organization of " + scope.name(),
            "The deny policy names the organization's own principals, found above " + scope.name() + ".",
            Command.of("gcloud", "projects", "get-ancestors-iam-policy", scope.id(), "--filter=type=organization",
                "--format=value(id)").into(Variable.ROLE_ORGANIZATION)).undoneWithout("a lookup"));
        yield Arg.of("", Variable.ROLE_ORGANIZATION, "");
      }
    };
  }

  /**
   * The deny policy (IAM v2 JSON): one rule for the function's own account, one for everyone but the
   * organization's Cloud Identity principals, its service accounts and the Google service agents of its
   * projects (Vertex AI, GKE, Pub/Sub and Cloud Scheduler mint tokens for the accounts they run as).
   */
  private Arg denyPolicy(Arg organization) {
    String permissions = TOKEN_MINTING.stream().map(p -> "\"" + p + "\"").collect(Collectors.joining(","));
    return Arg.joined("{\"displayName\":\"autobind " + fn.name() + ": no token minting\",\"rules\":["
        + "{\"description\":\"the function's own account\",\"denyRule\":{\"deniedPrincipals\":["
        + "\"principal://iam.googleapis.com/projects/-/serviceAccounts/" + ids.runtime() + "\"],"
        + "\"deniedPermissions\":[" + permissions + "]}},"
        + "{\"description\":\"principals outside the organization\",\"denyRule\":{\"deniedPrincipals\":["
        + "\"principalSet://goog/public:all\"],\"exceptionPrincipals\":[\"principalSet://goog/cloudIdentityCustomerId/",
        Arg.of("", Variable.CUSTOMER_ID, ""),
        Arg.of("\",\"principalSet://cloudresourcemanager.googleapis.com/organizations/"), organization,
        Arg.of("/type/ServiceAccount\",\"principalSet://cloudresourcemanager.googleapis.com/organizations/"),
        organization, Arg.of("/type/ServiceAgent\"],\"deniedPermissions\":[" + permissions + "]}}]}"));
  }

  /** Where the deny policy is written: beside the staged source, never inside what is deployed. */
  private String denyPolicyFile() {
    return source.replaceAll("/+$", "") + ".deny-policy.json";
  }

  /** The deny policy's id: the function name and {@code -no-token-minting}, cut to 63 characters. */
  static String denyPolicyId(String function) {
    String suffix = "-no-token-minting";
    return function.substring(0, Math.min(function.length(), 63 - suffix.length())).replaceAll("-+$", "") + suffix;
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
    create.add("--log-filter=" + sinkFilter(kinds));
    create.add("--description=autobind: creations of " + String.join(" and ",
        kinds.kinds().stream().map(ResourceKind::title).toList()) + ", for function " + fn.name());
    steps.add(Step.unless("create log sink " + fn.name() + " on " + scope.name(),
        "Route the Admin Activity entries of every watched method from " + scope.name()
            + (scope.hasChildren() ? " and everything under it" : "") + " to the topic.",
        Command.of("gcloud", "logging", "sinks", "describe", fn.name(), scope.flag()),
        Command.of(create.toArray(String[]::new)))
        .undoneBy(Step.whilePresent("delete log sink " + fn.name(), "Stop routing audit-log entries to the topic.",
            Command.of("gcloud", "logging", "sinks", "describe", fn.name(), scope.flag(), "--format=value(name)"),
            Command.of("gcloud", "logging", "sinks", "delete", fn.name(), scope.flag(), "--quiet"))));
    steps.add(Step.always("read the writer identity of log sink " + fn.name(),
        "The sink writes as its own service identity; the next step needs it.",
        Command.of("gcloud", "logging", "sinks", "describe", fn.name(), scope.flag(),
            "--format=value(writerIdentity)").into(Variable.SINK_WRITER)).undoneWithout("a lookup"));
    steps.add(publisher(topic, Arg.of("", Variable.SINK_WRITER, ""), "the sink",
        "Let the sink's writer identity publish to the audit topic; nobody else may."));
    for (String operator : fn.access().operators()) {
      steps.add(publisher(backfill, Arg.of(operator), operator,
          "An operator named in function.operators may publish backfill messages; the function looks every"
              + " resource up before acting, so a message only says which resource to check."));
    }
    steps.add(publisher(backfill, Arg.of("serviceAccount:" + ids.runtime()), "the function",
        "The scheduled reconcile fans out: the function publishes one message per governed project to its"
            + " backfill topic, and this topic only, so each project is reconciled in its own invocation."));
  }

  private Step topic(String topic, String reason) {
    return Step.unless("create topic " + topic, reason,
        Command.of("gcloud", "pubsub", "topics", "describe", topic, "--project=" + fn.project()),
        Command.of("gcloud", "pubsub", "topics", "create", topic, "--project=" + fn.project()))
        .undoneBy(Step.whilePresent("delete topic " + topic, "The topic goes, and with it who may publish to it.",
            Command.of("gcloud", "pubsub", "topics", "describe", topic, "--project=" + fn.project(),
                "--format=value(name)"),
            Command.of("gcloud", "pubsub", "topics", "delete", topic, "--project=" + fn.project(), "--quiet")));
  }

  private Step publisher(String topic, Arg member, String who, String reason) {
    return Step.always("grant " + LeastPrivilege.PUBLISHER + " on topic " + topic + " to " + who, reason,
        BindingTarget.topic(topic, fn.project()).add(member, Arg.of(LeastPrivilege.PUBLISHER), Optional.empty()))
        .undoneWithout("it goes with the topic");
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
            "--transport-topic=" + topic, "--service-account=" + ids.invoker()))
        .undoneBy(triggerRemoval(name, fn.region()));
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
    steps.add(publisher(backfill, Arg.of("serviceAccount:service-", Variable.PROJECT_NUMBER,
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
            "--description=autobind: reconcile the governed scope of function " + fn.name()))
        .undoneBy(Step.whilePresent("delete Cloud Scheduler job " + job, "Stop asking the function to reconcile.",
            Command.of("gcloud", "scheduler", "jobs", "describe", job, "--location=" + fn.region(),
                "--project=" + fn.project(), "--format=value(name)"),
            Command.of("gcloud", "scheduler", "jobs", "delete", job, "--location=" + fn.region(),
                "--project=" + fn.project(), "--quiet"))));
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

  /**
   * The sink's filter: Admin Activity audit entries of every watched method. {@code log_id} matches the log
   * exactly; a substring of {@code logName} would also match any log whose name merely contains it.
   */
  public static String sinkFilter(KindRegistry kinds) {
    return "log_id(\"cloudaudit.googleapis.com/activity\") AND ("
        + kinds.routedMethods().stream().map(m -> "protoPayload.methodName=\"" + m.methodName() + "\"")
            .collect(Collectors.joining(" OR "))
        + ")";
  }

  private Step deploy(List<Arg> trigger) {
    List<Arg> argv = args("gcloud", "functions", "deploy", fn.name(), "--gen2", "--runtime=" + fn.runtime(),
        "--region=" + fn.region(), "--project=" + fn.project(), "--entry-point=" + ENTRY_POINT,
        "--source=" + source, "--service-account=" + ids.runtime(), "--trigger-service-account=" + ids.invoker(),
        "--build-service-account=projects/" + fn.project() + "/serviceAccounts/" + ids.build(),
        "--no-allow-unauthenticated", "--ingress-settings=internal-only",
        "--memory=" + fn.instances().memory().orElse(MEMORY));
    fn.instances().cpu().ifPresent(c -> argv.add(Arg.of("--cpu=" + c)));
    fn.instances().minInstances().ifPresent(n -> argv.add(Arg.of("--min-instances=" + n)));
    argv.add(Arg.of("--set-env-vars=" + environment(fn.instances(),
        kubernetes() ? Optional.of(ids.kubernetes()) : Optional.empty())));
    fn.maxInstances().ifPresent(n -> argv.add(Arg.of("--max-instances=" + n)));
    fn.timeoutSeconds().ifPresent(s -> argv.add(Arg.of("--timeout=" + s + "s")));
    if (fn.retry()) {
      argv.add(Arg.of("--retry"));
    }
    argv.addAll(trigger);
    String how = fn.trigger() == Trigger.PUBSUB ? "a Pub/Sub trigger on topic " + topic(fn)
        : "an audit-log trigger for " + kinds.routedMethods().get(0).methodName();
    return Step.always("deploy function " + fn.name(),
        "Deploy " + source + " (autobind.jar and its function.yaml) as a 2nd gen function with " + how + ";"
            + " only the invoker account may call it.",
        Command.of(argv))
        .undoneBy(Step.whilePresent("delete function " + fn.name(), "The function stops acting first; its trigger"
            + " and the trigger's subscription go with it.",
            Command.of("gcloud", "functions", "describe", fn.name(), "--gen2", "--region=" + fn.region(),
                "--project=" + fn.project(), "--format=value(name)"),
            Command.of("gcloud", "functions", "delete", fn.name(), "--gen2", "--region=" + fn.region(),
                "--project=" + fn.project(), "--quiet")));
  }

  /**
   * The function's environment, every variable each time: {@code --set-env-vars} replaces all of them, so a
   * setting removed from function.yaml is removed from the function too. Values that hold a comma use gcloud's
   * other delimiter ({@code ^;^}, gcloud topic escaping); validation keeps ';' out of them.
   */
  static String environment(InstanceSettings instances, Optional<String> kubernetesAccount) {
    Map<String, String> vars = new LinkedHashMap<>();
    kubernetesAccount.ifPresent(a -> vars.put(KubernetesClusterGateway.ACCOUNT_VARIABLE, a));
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
    return Step.always("allow the triggers to invoke " + fn.name(),
        "The triggers call the function as the invoker account, which may do nothing else; only it may invoke it.",
        Command.of("gcloud", "functions", "add-invoker-policy-binding", fn.name(), "--region=" + fn.region(),
            "--project=" + fn.project(), "--member=serviceAccount:" + ids.invoker()))
        .undoneWithout("it goes with the function");
  }

  private Step retainAcked() {
    return Step.always("retain acknowledged messages for " + RETENTION,
        "Keep delivered events for " + RETENTION + " so that scripts/replay.sh can seek back and deliver them again.",
        Command.of(List.of(Arg.of("gcloud"), Arg.of("pubsub"), Arg.of("subscriptions"), Arg.of("update"),
            Arg.of("", Variable.TRIGGER_SUBSCRIPTION, ""), Arg.of("--retain-acked-messages"),
            Arg.of("--message-retention-duration=" + RETENTION))))
        .undoneWithout("the trigger's subscription goes with the function");
  }

  private Step eventarcTrigger(AuditMethod method) {
    String name = triggerName(fn.name(), method);
    List<Arg> create = args("gcloud", "eventarc", "triggers", "create", name, "--location=" + TRIGGER_LOCATION,
        "--project=" + fn.project(), "--destination-run-service=" + fn.name(),
        "--destination-run-region=" + fn.region(), "--event-filters=type=" + AUDIT_EVENT_TYPE,
        "--event-filters=serviceName=" + method.serviceName(), "--event-filters=methodName=" + method.methodName(),
        "--service-account=" + ids.invoker());
    return Step.unless("create Eventarc trigger " + name,
        "Eventarc filters match exactly, so " + method.methodName() + " needs a trigger of its own.",
        Command.of("gcloud", "eventarc", "triggers", "describe", name, "--location=" + TRIGGER_LOCATION,
            "--project=" + fn.project()),
        Command.of(create))
        .undoneBy(triggerRemoval(name, TRIGGER_LOCATION));
  }

  private Step triggerRemoval(String name, String location) {
    return Step.whilePresent("delete Eventarc trigger " + name, "Stop delivering " + name + "'s events.",
        Command.of("gcloud", "eventarc", "triggers", "describe", name, "--location=" + location,
            "--project=" + fn.project(), "--format=value(name)"),
        Command.of("gcloud", "eventarc", "triggers", "delete", name, "--location=" + location,
            "--project=" + fn.project(), "--quiet"));
  }

  /** The trigger for one method: the function name and the method's slug, cut to fit Eventarc's limit. */
  static String triggerName(String function, AuditMethod method) {
    String slug = "-" + method.slug();
    String prefix = function.substring(0, Math.min(function.length(), MAX_TRIGGER_NAME - slug.length()));
    return prefix.replaceAll("-+$", "") + slug;
  }

  private List<String> warnings() {
    List<String> conditioned = needed.stream().flatMap(g -> g.bound().stream())
        .flatMap(a -> a.roles().stream()).distinct().sorted().toList();
    return conditioned.stream().filter(r -> r.contains("${"))
        .map(r -> r + " has a placeholder, which an IAM condition cannot match:"
            + " the function will be denied when it grants this role")
        .toList();
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
