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
      "sinkScope", "serviceAccount", "maxInstances", "timeoutSeconds", "retry"),
      FunctionAccessSection.KEYS.stream()).toList();

  static final Set<String> RUNTIMES = Set.of("java17", "java21", "java25");
  /** Cloud Run functions cap event-driven functions at 9 minutes. */
  static final int MAX_TIMEOUT_SECONDS = 540;
  static final int MAX_INSTANCES = 1000;

  private static final Pattern NAME = Pattern.compile("[a-z]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Pattern REGION = Pattern.compile("[a-z]+(-[a-z]+)+[0-9]{1,2}");
  private static final Pattern TOPIC = Pattern.compile("[A-Za-z][-A-Za-z0-9_.~+%]{2,254}");
  private static final Pattern SINK_SCOPE =
      Pattern.compile("organizations/[0-9]{1,19}|folders/[0-9]{1,19}|projects/" + Identifiers.PROJECT_ID.pattern());

  private final TreeReader in;
  private final Optional<ProjectScope> governed;

  /** @param governed the policy's project scope, when it was read */
  FunctionSection(TreeReader in, Optional<ProjectScope> governed) {
    this.in = in;
    this.governed = governed;
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
    if (Stream.of(name, project, region, runtime, trigger, account, retry, access).anyMatch(Optional::isEmpty)) {
      return Optional.empty();
    }
    return Optional.of(new FunctionConfig(name.get(), project.get(), region.get(), runtime.get(), trigger.get(),
        topic, sinkScope, account.get(), maxInstances, timeout, retry.get(), access.get()));
  }

  /** The governed scope, backfill topic and operators: pubsub mode needs them, eventarc mode has no use for them. */
  private Optional<FunctionAccess> access(Field field, YamlNode.Mapping m, Optional<Trigger> trigger,
      Optional<String> project, Optional<String> sinkScope, Optional<String> topic) {
    if (trigger.isPresent() && trigger.get() == Trigger.PUBSUB) {
      return new FunctionAccessSection(in, governed).read(field, m, project, sinkScope, topic);
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
