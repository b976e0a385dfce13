package dev.autobind.localcloud;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.google.iam.v1.Binding;
import com.google.iam.v1.Policy;
import com.google.type.Expr;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/** Reads seed YAML into a {@link Seed}, failing on the first problem with its file and field path. */
final class SeedReader {

  private static final ObjectMapper YAML =
      new ObjectMapper(YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());
  private static final Pattern PROJECT_ID = Pattern.compile("[a-z][a-z0-9-]{4,28}[a-z0-9]");
  private static final Pattern ACCOUNT_ID = Pattern.compile("[a-z][a-z0-9-]{4,28}[a-z0-9]");
  private static final Pattern ZONE_OR_REGION = Pattern.compile("[a-z]{2,20}-[a-z]{2,20}[0-9]{1,2}(-[a-z])?");
  private static final Pattern REGION = Pattern.compile("[a-z]{2,20}-[a-z]{2,20}[0-9]{1,2}");
  private static final Pattern CLUSTER_NAME = Pattern.compile("[a-z]([a-z0-9-]{0,38}[a-z0-9])?");
  private static final Pattern ZONE = Pattern.compile("[a-z]{2,20}-[a-z]{2,20}[0-9]{1,2}-[a-z]");
  // The APIs' id rules: persistent resources and TPU nodes, endpoints (chosen or assigned), queued resources.
  private static final Pattern LOWER_ID = Pattern.compile("[a-z]([a-z0-9-]{0,61}[a-z0-9])?");
  private static final Pattern ENDPOINT_ID = Pattern.compile("[a-z]([a-z0-9-]{0,61}[a-z0-9])?|[1-9][0-9]{0,18}");
  private static final Pattern QUEUED_ID = Pattern.compile("(?!\\.{1,2}$)[A-Za-z0-9_.~+%-]{1,63}");
  private static final Pattern MODEL_ID = Pattern.compile("[a-z0-9]([a-z0-9_-]{0,126}[a-z0-9])?");
  private static final Pattern WORKLOAD_POOL = Pattern.compile("[a-z][a-z0-9-]{4,28}[a-z0-9]\\.svc\\.id\\.goog");
  private static final Pattern LABEL_KEY = Pattern.compile("[a-z][a-z0-9_-]{0,62}");
  private static final Pattern LABEL_VALUE = Pattern.compile("[a-z0-9_-]{0,63}");
  private static final Pattern FOLDER = Pattern.compile("folders/[1-9][0-9]{0,18}");
  private static final Pattern PARENT = Pattern.compile("(folders|organizations)/[1-9][0-9]{0,18}");
  private static final Pattern DIGITS = Pattern.compile("[1-9][0-9]{0,17}");
  private static final Pattern DISPLAY_TEXT = Pattern.compile("[^\\p{Cntrl}]{0,256}");

  private final String source;

  SeedReader(String source) {
    this.source = source;
  }

  Seed read(String yaml) {
    JsonNode root = parse(yaml);
    if (root == null || root.isMissingNode() || root.isNull()) {
      throw new SeedException(source + ": the seed is empty; expected a mapping with 'projects'");
    }
    fields(root, "", Set.of("visibilityDelayMs", "projects", "folders"));
    long delay = root.has("visibilityDelayMs") ? integer(root.get("visibilityDelayMs"), "visibilityDelayMs", 0) : 0;
    List<Seed.Folder> folders = list(root, "", "folders", this::folder);
    List<Seed.Project> projects = list(root, "", "projects", this::project);
    checkUnique(projects.stream().map(Seed.Project::id).toList(), "projects", "id");
    checkUnique(projects.stream().map(p -> Long.toString(p.number())).toList(), "projects", "number");
    checkUnique(folders.stream().map(Seed.Folder::id).toList(), "folders", "id");
    return new Seed(Duration.ofMillis(delay), projects, folders);
  }

  private Seed.Folder folder(JsonNode node, String path) {
    fields(node, path, Set.of("id", "parent"));
    String id = text(node, path, "id", FOLDER, "a folder: folders/ and 1-19 digits");
    return new Seed.Folder(id, text(node, path, "parent", PARENT, "folders/N or organizations/N"));
  }

  private JsonNode parse(String yaml) {
    try {
      return YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw new SeedException(source + ": not valid YAML" + where + ": " + e.getOriginalMessage(), e);
    }
  }

  private Seed.Project project(JsonNode node, String path) {
    fields(node, path, Set.of("id", "number", "iamPolicy", "serviceAccounts", "clusters", "models",
        "persistentResources", "endpoints", "nodes", "queuedResources", "parent"));
    String id = text(node, path, "id", PROJECT_ID, "a project id: 6-30 lowercase letters, digits or hyphens");
    long number = integer(required(node, path, "number"), path + ".number", 1);
    List<Seed.ServiceAccount> accounts = list(node, path, "serviceAccounts", this::serviceAccount);
    List<Seed.Cluster> clusters = list(node, path, "clusters", this::cluster);
    List<Seed.Model> models = list(node, path, "models", this::model);
    checkUnique(accounts.stream().map(Seed.ServiceAccount::accountId).toList(), path + ".serviceAccounts", "accountId");
    checkUnique(clusters.stream().map(c -> c.location() + "/" + c.name()).toList(), path + ".clusters", "location/name");
    checkUnique(models.stream().map(m -> m.location() + "/" + m.id()).toList(), path + ".models", "location/id");
    List<Seed.Training> training = new ArrayList<>();
    training.addAll(training(node, path, "persistentResources", REGION, "a region such as us-central1", LOWER_ID));
    training.addAll(training(node, path, "endpoints", REGION, "a region such as us-central1", ENDPOINT_ID));
    training.addAll(training(node, path, "nodes", ZONE, "a zone such as us-central2-b", LOWER_ID));
    training.addAll(training(node, path, "queuedResources", ZONE, "a zone such as us-central2-b", QUEUED_ID));
    String parent = node.has("parent") ? text(node, path, "parent", PARENT, "folders/N or organizations/N")
        : Seed.DEFAULT_FOLDER;
    return new Seed.Project(id, number, policy(node, path), accounts, clusters, models, training, parent);
  }

  /** One collection of a training kind, e.g. {@code nodes: [{location, id, labels}]}; only endpoints take a policy. */
  private List<Seed.Training> training(JsonNode project, String path, String collection, Pattern location,
      String locationText, Pattern idRule) {
    List<Seed.Training> resources = list(project, path, collection, (node, at) -> {
      fields(node, at, collection.equals("endpoints") ? Set.of("location", "id", "displayName", "labels", "iamPolicy")
          : Set.of("location", "id", "displayName", "labels"));
      String id = text(node, at, "id", idRule, "an id the API accepts in " + collection);
      return new Seed.Training(collection, text(node, at, "location", location, locationText), id,
          optionalText(node, at, "displayName", id), labels(node, at), policy(node, at));
    });
    checkUnique(resources.stream().map(r -> r.location() + "/" + r.id()).toList(), path + "." + collection,
        "location/id");
    return resources;
  }

  private Seed.ServiceAccount serviceAccount(JsonNode node, String path) {
    fields(node, path, Set.of("accountId", "displayName", "description", "iamPolicy"));
    String accountId = text(node, path, "accountId", ACCOUNT_ID,
        "an account id: 6-30 lowercase letters, digits or hyphens, starting with a letter");
    return new Seed.ServiceAccount(accountId, optionalText(node, path, "displayName", ""),
        optionalText(node, path, "description", ""), policy(node, path));
  }

  private Seed.Cluster cluster(JsonNode node, String path) {
    fields(node, path, Set.of("location", "name", "workloadPool", "labels"));
    String location = text(node, path, "location", ZONE_OR_REGION, "a zone or region such as us-central1-a");
    String name = text(node, path, "name", CLUSTER_NAME,
        "a cluster name: up to 40 lowercase letters, digits or hyphens, starting with a letter");
    String pool = node.has("workloadPool")
        ? text(node, path, "workloadPool", WORKLOAD_POOL, "a workload pool such as PROJECT.svc.id.goog")
        : "";
    return new Seed.Cluster(location, name, pool, labels(node, path));
  }

  private Seed.Model model(JsonNode node, String path) {
    fields(node, path, Set.of("location", "id", "displayName", "labels", "iamPolicy"));
    String location = text(node, path, "location", REGION, "a region such as us-central1");
    JsonNode idNode = required(node, path, "id");
    String id = idNode.isIntegralNumber() ? idNode.bigIntegerValue().toString()
        : text(node, path, "id", MODEL_ID, "a model id: lowercase letters, digits, hyphens or underscores");
    if (!MODEL_ID.matcher(id).matches()) {
      throw fail(path + ".id", "must be a model id: lowercase letters, digits, hyphens or underscores");
    }
    return new Seed.Model(location, id, optionalText(node, path, "displayName", id), labels(node, path),
        policy(node, path));
  }

  private Policy policy(JsonNode owner, String ownerPath) {
    if (!owner.has("iamPolicy")) {
      return Policy.getDefaultInstance();
    }
    String path = ownerPath + (ownerPath.isEmpty() ? "" : ".") + "iamPolicy";
    JsonNode node = owner.get("iamPolicy");
    fields(node, path, Set.of("bindings"));
    List<Binding> bindings = list(node, path, "bindings", this::binding);
    return Policy.newBuilder().addAllBindings(PolicyRules.normalized(bindings)).build();
  }

  private Binding binding(JsonNode node, String path) {
    fields(node, path, Set.of("role", "members", "condition"));
    String role = text(node, path, "role", null, null);
    if (!PolicyRules.isValidRole(role)) {
      throw fail(path + ".role", "'" + role + "' is not a valid role name such as roles/storage.admin");
    }
    List<String> members = list(node, path, "members", (member, at) -> member(member, at));
    if (members.isEmpty()) {
      throw fail(path + ".members", "must name at least one member");
    }
    Binding.Builder binding = Binding.newBuilder().setRole(role).addAllMembers(members);
    if (node.has("condition")) {
      binding.setCondition(condition(node.get("condition"), path + ".condition"));
    }
    return binding.build();
  }

  private String member(JsonNode node, String path) {
    if (!node.isTextual()) {
      throw fail(path, "must be a string such as user:ana@example.com");
    }
    if (!PolicyRules.isValidMember(node.textValue())) {
      throw fail(path, "'" + node.textValue() + "' is not a valid member such as user:ana@example.com");
    }
    return node.textValue();
  }

  private Expr condition(JsonNode node, String path) {
    fields(node, path, Set.of("title", "expression", "description"));
    return Expr.newBuilder()
        .setTitle(text(node, path, "title", DISPLAY_TEXT, "a title of at most 256 characters"))
        .setExpression(text(node, path, "expression", null, null))
        .setDescription(optionalText(node, path, "description", ""))
        .build();
  }

  private Map<String, String> labels(JsonNode owner, String ownerPath) {
    if (!owner.has("labels") || owner.get("labels").isNull()) {
      return Map.of();
    }
    String path = ownerPath + ".labels";
    JsonNode node = owner.get("labels");
    if (!node.isObject()) {
      throw fail(path, "must be a mapping of label keys to values");
    }
    Map<String, String> labels = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> label : node.properties()) {
      String at = path + "." + label.getKey();
      if (!LABEL_KEY.matcher(label.getKey()).matches()) {
        throw fail(at, "label keys are 1-63 lowercase letters, digits, '_' or '-', starting with a letter");
      }
      if (!label.getValue().isTextual() || !LABEL_VALUE.matcher(label.getValue().textValue()).matches()) {
        throw fail(at, "label values are quoted strings of up to 63 lowercase letters, digits, '_' or '-'");
      }
      labels.put(label.getKey(), label.getValue().textValue());
    }
    return labels;
  }

  private <T> List<T> list(JsonNode owner, String ownerPath, String field, BiFunction<JsonNode, String, T> item) {
    String path = ownerPath.isEmpty() ? field : ownerPath + "." + field;
    JsonNode node = owner.get(field);
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw fail(path, "must be a list");
    }
    List<T> items = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      String at = path + "[" + i + "]";
      JsonNode element = node.get(i);
      items.add(item.apply(element, at));
    }
    return items;
  }

  private void fields(JsonNode node, String path, Set<String> known) {
    if (!node.isObject()) {
      throw fail(path.isEmpty() ? "(top level)" : path, "must be a mapping");
    }
    for (String name : (Iterable<String>) node::fieldNames) {
      if (!known.contains(name)) {
        throw fail(path.isEmpty() ? name : path + "." + name,
            "unknown field; expected one of " + known.stream().sorted().toList());
      }
    }
  }

  private JsonNode required(JsonNode node, String path, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw fail(path + "." + field, "is required");
    }
    return value;
  }

  private String text(JsonNode node, String path, String field, Pattern rule, String ruleText) {
    JsonNode value = required(node, path, field);
    if (!value.isTextual() || value.textValue().isBlank()) {
      throw fail(path + "." + field, "must be a non-empty string");
    }
    if (rule != null && !rule.matcher(value.textValue()).matches()) {
      throw fail(path + "." + field, "'" + value.textValue() + "' is not " + ruleText);
    }
    return value.textValue();
  }

  private String optionalText(JsonNode node, String path, String field, String fallback) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isTextual() || !DISPLAY_TEXT.matcher(value.textValue()).matches()) {
      throw fail(path + "." + field, "must be a string of at most 256 characters without control characters");
    }
    return value.textValue();
  }

  private long integer(JsonNode value, String path, long min) {
    String digits = value.isIntegralNumber() ? value.bigIntegerValue().toString()
        : value.isTextual() ? value.textValue() : null;
    if (digits == null || !(DIGITS.matcher(digits).matches() || digits.equals("0"))
        || Long.parseLong(digits) < min) {
      throw fail(path, "must be an integer of at least " + min + ", got " + value);
    }
    return Long.parseLong(digits);
  }

  private void checkUnique(List<String> keys, String path, String what) {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < keys.size(); i++) {
      if (!seen.add(keys.get(i))) {
        throw fail(path + "[" + i + "]", "repeats the " + what + " '" + keys.get(i) + "'");
      }
    }
  }

  private SeedException fail(String path, String rule) {
    return new SeedException(source + ": " + path + ": " + rule);
  }
}
