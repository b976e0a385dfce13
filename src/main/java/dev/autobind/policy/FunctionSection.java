package dev.autobind.policy;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Reads and checks the {@code function:} section. */
final class FunctionSection {

  static final List<String> KEYS = Stream.concat(Stream.of("name", "project", "region", "runtime", "trigger", "topic",
      "sinkScope", "serviceAccount", "maxInstances", "timeoutSeconds", "retry", "minInstances", "cpu", "memory",
      "jvmOptions", "dryRun", "maxEventAge", "alerts"), FunctionAccessSection.KEYS.stream()).toList();

  static final Set<String> RUNTIMES = Set.of("java17", "java21", "java25");
  /** Cloud Run functions cap event-driven functions at 9 minutes. */
  static final int MAX_TIMEOUT_SECONDS = 540;
  static final int MAX_INSTANCES = 1000;

  /** Cloud Run's CPU range for a function instance, in CPUs (gcloud functions deploy --help: --cpu). */
  static final double MIN_CPU = 0.08;
  static final double MAX_CPU = 8;
  /** gcloud's 2nd gen --memory form: a number and k, M, G, Ki, Mi or Gi (gcloud functions deploy --help). */
  private static final Pattern MEMORY = Pattern.compile("([1-9][0-9]{0,8})(k|M|G|Ki|Mi|Gi)");
  private static final Pattern CPU = Pattern.compile("[0-9]{1,2}(\\.[0-9]{1,3})?|\\.[0-9]{1,3}|[1-9][0-9]{0,4}m");
  static final long MIN_MEMORY_BYTES = 256L << 20;
  static final long MAX_MEMORY_BYTES = 32L << 30;
  static final int MAX_JVM_OPTIONS_CHARS = 1024;
  private static final Pattern JVM_OPTIONS = Pattern.compile("-[!-:<-~]+( +-[!-:<-~]+)*");

  private static final Pattern NAME = Pattern.compile("[a-z]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Pattern REGION = Pattern.compile("[a-z]+(-[a-z]+)+[0-9]{1,2}");
  private static final Pattern TOPIC = Pattern.compile("[A-Za-z][-A-Za-z0-9_.~+%]{2,254}");
  /** A Cloud Monitoring notification channel, as gcloud beta monitoring channels list names it. */
  private static final Pattern ALERT_CHANNEL =
      Pattern.compile("projects/" + Identifiers.PROJECT_ID.pattern() + "/notificationChannels/[0-9]{1,20}");
  private static final Pattern SINK_SCOPE =
      Pattern.compile("organizations/[0-9]{1,19}|folders/[0-9]{1,19}|projects/" + Identifiers.PROJECT_ID.pattern());

  private final TreeReader in;
  private final Optional<ProjectScope> governed;
  private final MemberDomains memberDomains;

  /**
   * @param governed the policy's project scope, when it was read
   * @param memberDomains the rule of policy.memberDomains, which the operators follow too
   */
  FunctionSection(TreeReader in, Optional<ProjectScope> governed, MemberDomains memberDomains) {
    this.in = in;
    this.governed = governed;
    this.memberDomains = memberDomains;
  }

  Optional<FunctionConfig> read(Field field) {
    Optional<YamlNode.Mapping> section = in.mapping(field, KEYS);
    if (section.isEmpty()) {
      return Optional.empty();
    }
    YamlNode.Mapping m = section.get();
    Optional<String> name = in.required(field, m, "name").flatMap(f -> in.text(f, NAME.asMatchPredicate(),
        "is not a function name; use 1-63 lowercase letters, digits and hyphens, starting with a letter"));
    Optional<String> project = in.required(field, m, "project")
        .flatMap(f -> in.text(f, Identifiers::projectId, Identifiers.PROJECT_ID_RULE));
    Optional<String> region = in.required(field, m, "region")
        .flatMap(f -> in.text(f, REGION.asMatchPredicate(), "is not a region, e.g. us-central1"));
    Optional<String> runtime = in.optional(field, m, "runtime").map(f -> in.text(f, RUNTIMES::contains,
        "is not a supported runtime; use java17, java21 or java25")).orElse(Optional.of(FunctionConfig.DEFAULT_RUNTIME));
    Optional<Trigger> trigger = in.required(field, m, "trigger").flatMap(f -> in.text(f,
        id -> Trigger.byId(id).isPresent(), "is not a trigger; use pubsub or eventarc")).flatMap(Trigger::byId);
    Optional<String> account = in.required(field, m, "serviceAccount")
        .flatMap(f -> in.text(f, Identifiers::accountId, Identifiers.ACCOUNT_ID_RULE));
    OptionalInt maxInstances = in.optional(field, m, "maxInstances")
        .map(f -> in.integer(f, 1, MAX_INSTANCES)).orElse(OptionalInt.empty());
    OptionalInt timeout = in.optional(field, m, "timeoutSeconds")
        .map(f -> in.integer(f, 1, MAX_TIMEOUT_SECONDS)).orElse(OptionalInt.empty());
    Optional<Boolean> retry = in.optional(field, m, "retry").map(in::bool).orElse(Optional.of(true));
    Optional<String> topic = pubsubOnly(field, m, trigger, "topic", f -> topic(in, f));
    Optional<String> sinkScope = pubsubOnly(field, m, trigger, "sinkScope", f -> in.text(f,
        SINK_SCOPE.asMatchPredicate(), "is not a sink scope; use organizations/N, folders/N or projects/PROJECT"));
    Optional<FunctionAccess> access = access(field, m, trigger, project, sinkScope, topic);
    Optional<InstanceSettings> instances = instances(field, m, maxInstances);
    Optional<Field> alertsField = in.optional(field, m, "alerts");
    Optional<String> alerts = alertsField.flatMap(f -> in.text(f, ALERT_CHANNEL.asMatchPredicate(),
        "is not a notification channel; use projects/PROJECT/notificationChannels/NUMBER"
            + " (gcloud beta monitoring channels list)"));
    if (Stream.of(name, project, region, runtime, trigger, account, retry, access, instances)
        .anyMatch(Optional::isEmpty) || alertsField.isPresent() && alerts.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new FunctionConfig(name.get(), project.get(), region.get(), runtime.get(), trigger.get(),
        topic, sinkScope, account.get(), maxInstances, timeout, retry.get(), access.get(), instances.get(), alerts));
  }

  /** The settings of each instance; empty when any of them is wrong (each problem is recorded). */
  private Optional<InstanceSettings> instances(Field field, YamlNode.Mapping m, OptionalInt maxInstances) {
    boolean ok = true;
    OptionalInt minInstances = OptionalInt.empty();
    Optional<Field> min = in.optional(field, m, "minInstances");
    if (min.isPresent()) {
      minInstances = in.integer(min.get(), 0, MAX_INSTANCES);
      ok = minInstances.isPresent();
      if (ok && maxInstances.isPresent() && minInstances.getAsInt() > maxInstances.getAsInt()) {
        in.problems().add(min.get(), minInstances.getAsInt() + " is more than maxInstances ("
            + maxInstances.getAsInt() + ")");
        ok = false;
      }
    }
    Optional<Field> cpuField = in.optional(field, m, "cpu");
    Optional<String> cpu = cpuField.flatMap(f -> in.text(f, FunctionSection::cpu, "is not a CPU count from "
        + MIN_CPU + " to " + (int) MAX_CPU + ", such as 1, 2 or 0.5 (or 500m)"));
    Optional<Field> memoryField = in.optional(field, m, "memory");
    Optional<String> memory = memoryField.flatMap(f -> in.text(f, FunctionSection::memory, "is not a memory size"
        + " from 256Mi to 32Gi: a number and k, M, G, Ki, Mi or Gi, such as 512Mi or 2Gi"));
    Optional<Field> jvmField = in.optional(field, m, "jvmOptions");
    Optional<String> jvmOptions = jvmField.flatMap(f -> in.text(f, FunctionSection::jvmOptions, "is not a list of"
        + " JVM options: words that start with -, separated by spaces, without ';', at most "
        + MAX_JVM_OPTIONS_CHARS + " characters").filter(text -> allowedJvmOptions(f, text)));
    Optional<Boolean> dryRun = in.optional(field, m, "dryRun").map(in::bool).orElse(Optional.of(false));
    Optional<Field> ageField = in.optional(field, m, "maxEventAge");
    Optional<java.time.Duration> maxEventAge = ageField.flatMap(f -> in.text(f,
        t -> InstanceSettings.eventAge(t).isPresent(), "is not a positive ISO-8601 duration such as PT23H or P3D"))
        .flatMap(InstanceSettings::eventAge);
    ok &= cpuField.isEmpty() || cpu.isPresent();
    ok &= memoryField.isEmpty() || memory.isPresent();
    ok &= jvmField.isEmpty() || jvmOptions.isPresent();
    ok &= ageField.isEmpty() || maxEventAge.isPresent();
    if (!ok || dryRun.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new InstanceSettings(minInstances, cpu, memory, jvmOptions, dryRun.get(), maxEventAge));
  }

  private static boolean cpu(String text) {
    if (!CPU.matcher(text).matches()) {
      return false;
    }
    double cpus = text.endsWith("m") ? Integer.parseInt(text.substring(0, text.length() - 1)) / 1000.0
        : Double.parseDouble(text);
    return cpus >= MIN_CPU && cpus <= MAX_CPU;
  }

  private static boolean memory(String text) {
    java.util.regex.Matcher m = MEMORY.matcher(text);
    if (!m.matches()) {
      return false;
    }
    long unit = switch (m.group(2)) {
      case "k" -> 1_000L;
      case "M" -> 1_000_000L;
      case "G" -> 1_000_000_000L;
      case "Ki" -> 1L << 10;
      case "Mi" -> 1L << 20;
      default -> 1L << 30;
    };
    long bytes = Long.parseLong(m.group(1)) * unit;
    return bytes >= MIN_MEMORY_BYTES && bytes <= MAX_MEMORY_BYTES;
  }

  /** Every word of jvmOptions must be on {@link JvmOptions}' allowlist; each refused one is reported. */
  private boolean allowedJvmOptions(Field field, String text) {
    boolean ok = true;
    for (String option : text.split(" +")) {
      Optional<String> problem = JvmOptions.problem(option);
      problem.ifPresent(p -> in.problems().add(field, p));
      ok &= problem.isEmpty();
    }
    return ok;
  }

  private static boolean jvmOptions(String text) {
    return text.length() <= MAX_JVM_OPTIONS_CHARS && JVM_OPTIONS.matcher(text).matches();
  }

  /**
   * Refuses an eventarc deployment whose project the policy cannot govern: its triggers see only the
   * function's own project, so such a policy would ignore every event it is sent. (In pubsub mode a sink on
   * one project must have that project as its governedScope, which FunctionAccessSection checks.)
   */
  static void requireGoverned(TreeReader in, Field field, FunctionConfig fn, ProjectScope projects) {
    if (fn.trigger() != Trigger.EVENTARC || !(field.node() instanceof YamlNode.Mapping m)) {
      return;
    }
    projects.refusal(fn.project()).ifPresent(refusal -> {
      YamlNode.Entry entry = m.entries().get("trigger");
      in.problems().add(entry == null ? field.line() : entry.line(), field.childPath("trigger"), "eventarc delivers"
          + " only the events of project " + fn.project() + " (function.project), and the policy governs nothing"
          + " there: " + refusal + "; govern it in policy.projects, or use trigger: pubsub with a sinkScope over"
          + " the governed projects");
    });
  }

  /**
   * Refuses grants on the standard account's own policy in eventarc mode: there the function's own project is
   * governed, so the write it would need could reach the function's own account too.
   */
  static void refuseAccountGrants(TreeReader in, Field field, FunctionConfig fn, Policy policy) {
    if (fn.trigger() != Trigger.EVENTARC || !(field.node() instanceof YamlNode.Mapping m)) {
      return;
    }
    List<String> rules = policy.rules().stream().filter(r -> !r.grant().in(GrantScope.SERVICE_ACCOUNT).isEmpty())
        .map(Rule::name).toList();
    if (!rules.isEmpty()) {
      YamlNode.Entry entry = m.entries().get("trigger");
      in.problems().add(entry == null ? field.line() : entry.line(), field.childPath("trigger"), "eventarc governs"
          + " the function's own project " + fn.project() + ", so grant.serviceAccount (in rule "
          + String.join(", ", rules) + ") would let the function set IAM on service accounts there, its own"
          + " included; use trigger: pubsub with the function's project outside governedScope, or drop the grant");
    }
  }

  /** The governed scope, backfill topic and operators: pubsub mode needs them, eventarc mode has no use for them. */
  private Optional<FunctionAccess> access(Field field, YamlNode.Mapping m, Optional<Trigger> trigger,
      Optional<String> project, Optional<String> sinkScope, Optional<String> topic) {
    if (trigger.isPresent() && trigger.get() == Trigger.PUBSUB) {
      return new FunctionAccessSection(in, governed, memberDomains).read(field, m, project, sinkScope, topic);
    }
    boolean clean = true;
    for (String key : FunctionAccessSection.KEYS) {
      Optional<Field> value = in.optional(field, m, key);
      if (value.isPresent() && trigger.isPresent()) {
        in.problems().add(value.get(), "applies only to trigger: pubsub; remove it for eventarc");
        clean = false;
      }
    }
    return clean ? Optional.of(FunctionAccess.NONE) : Optional.empty();
  }

  /** A Pub/Sub topic id. */
  static Optional<String> topic(TreeReader in, Field f) {
    Optional<String> topic = in.text(f, TOPIC.asMatchPredicate(),
        "is not a Pub/Sub topic id; use 3-255 letters, digits and - _ . ~ + %, starting with a letter");
    if (topic.isPresent() && topic.get().startsWith("goog")) {
      in.problems().add(f, "a topic id must not start with goog");
      return Optional.empty();
    }
    return topic;
  }

  /** A field that pubsub mode requires and eventarc mode has no use for. */
  private Optional<String> pubsubOnly(Field field, YamlNode.Mapping m, Optional<Trigger> trigger, String key,
      Function<Field, Optional<String>> read) {
    Optional<Field> value = in.optional(field, m, key);
    if (trigger.isEmpty()) {
      return value.flatMap(read);
    }
    if (trigger.get() == Trigger.PUBSUB && value.isEmpty()) {
      in.problems().add(field.line(), field.childPath(key), "is required when trigger is pubsub");
    }
    if (trigger.get() == Trigger.EVENTARC && value.isPresent()) {
      in.problems().add(value.get(), "applies only to trigger: pubsub; remove it for eventarc");
      return Optional.empty();
    }
    return value.flatMap(read);
  }
}
