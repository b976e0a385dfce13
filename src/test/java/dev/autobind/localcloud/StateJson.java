package dev.autobind.localcloud;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.iam.v1.Binding;
import com.google.iam.v1.Policy;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders the world in the {@code /state} format other tools read:
 * projects with their policy, service accounts, clusters and models. Field order is fixed.
 */
final class StateJson {

  static final ObjectMapper JSON = new ObjectMapper();

  private StateJson() {}

  /** The whole world; the caller holds the world's lock. */
  static ObjectNode of(World world) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode projects = root.putArray("projects");
    world.projects().forEach(p -> projects.add(project(world, p)));
    return root;
  }

  private static ObjectNode project(World world, World.Project project) {
    ObjectNode node = JSON.createObjectNode();
    node.put("id", project.id);
    node.put("number", project.number);
    node.set("iamPolicy", policy(project.policy));
    ArrayNode accounts = node.putArray("serviceAccounts");
    for (World.Account account : project.accounts.values()) {
      ObjectNode a = accounts.addObject();
      a.put("email", account.email);
      a.put("accountId", account.accountId);
      a.put("uniqueId", account.uniqueId);
      a.put("displayName", account.displayName);
      a.set("iamPolicy", policy(account.policy));
    }
    ArrayNode clusters = node.putArray("clusters");
    for (Seed.Cluster cluster : project.clusters) {
      ObjectNode c = clusters.addObject();
      c.put("location", cluster.location());
      c.put("name", cluster.name());
      c.put("workloadPool", cluster.workloadPool());
      c.set("labels", labels(cluster.labels()));
    }
    ArrayNode models = node.putArray("models");
    for (World.Model model : project.models) {
      ObjectNode m = models.addObject();
      m.put("location", model.location);
      m.put("id", model.id);
      m.put("displayName", model.displayName);
      m.set("labels", labels(model.labels));
      m.set("iamPolicy", policy(model.policy));
    }
    training(node, world, project);
    return node;
  }

  /** The training kinds' resources, one list per collection; only collections the project has. */
  private static void training(ObjectNode node, World world, World.Project project) {
    for (TrainingResources.Collection collection : TrainingResources.Collection.values()) {
      List<TrainingResources.Resource> resources = world.training().list(world, collection, project.id, "-");
      if (resources.isEmpty()) {
        continue;
      }
      ArrayNode list = node.putArray(collection.segment);
      for (TrainingResources.Resource resource : resources) {
        ObjectNode r = list.addObject();
        r.put("location", resource.location);
        r.put("id", resource.id);
        r.put("displayName", resource.displayName);
        r.set("labels", labels(resource.labels));
        if (collection == TrainingResources.Collection.ENDPOINTS) {
          r.set("iamPolicy", policy(resource.policy));
        }
      }
    }
  }

  /** A stored policy as {@code {"version","etag","bindings":[{"role","members","condition"?}]}}. */
  static ObjectNode policy(Policy policy) {
    ObjectNode node = JSON.createObjectNode();
    node.put("version", PolicyRules.versionOf(policy));
    node.put("etag", Base64.getEncoder().encodeToString(policy.getEtag().toByteArray()));
    ArrayNode bindings = node.putArray("bindings");
    for (Binding binding : policy.getBindingsList()) {
      ObjectNode b = bindings.addObject();
      b.put("role", binding.getRole());
      ArrayNode members = b.putArray("members");
      binding.getMembersList().forEach(members::add);
      if (binding.hasCondition()) {
        ObjectNode condition = b.putObject("condition");
        condition.put("title", binding.getCondition().getTitle());
        condition.put("expression", binding.getCondition().getExpression());
        if (!binding.getCondition().getDescription().isEmpty()) {
          condition.put("description", binding.getCondition().getDescription());
        }
      }
    }
    return node;
  }

  private static ObjectNode labels(Map<String, String> labels) {
    ObjectNode node = JSON.createObjectNode();
    new TreeMap<>(labels).forEach(node::put);
    return node;
  }
}
