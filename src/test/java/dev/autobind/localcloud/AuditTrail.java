package dev.autobind.localcloud;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.iam.v1.Binding;
import com.google.iam.v1.Policy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Admin Activity audit entries the local cloud writes for each change of an IAM policy, shaped as the
 * platform writes them (the same shape as the iam-* fixtures under src/test/resources/events), kept in
 * order and, when a sink is set, delivered to it as Eventarc does: one binary-mode CloudEvent of type
 * {@code google.cloud.audit.log.v1.written} per entry, POSTed in the background so a caller that calls
 * back into the local cloud never waits on itself.
 */
final class AuditTrail {

  /** Who the gRPC callers are taken to be: the local cloud has no credentials to tell them apart. */
  static final String DEFAULT_CALLER = "local-caller@example.com";

  private final Clock clock;
  private final List<ObjectNode> entries = new ArrayList<>();
  private final AtomicLong sequence = new AtomicLong();
  private final ExecutorService delivery = Executors.newSingleThreadExecutor(r -> {
    Thread thread = new Thread(r, "local-cloud-audit-sink");
    thread.setDaemon(true);
    return thread;
  });
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private volatile Optional<URI> sink = Optional.empty();
  private volatile String caller = DEFAULT_CALLER;

  AuditTrail(Clock clock) {
    this.clock = clock;
  }

  /** Where entries are delivered from now on, and who gRPC callers are taken to be. */
  void deliverTo(Optional<URI> url, String callerEmail) {
    sink = url;
    caller = callerEmail;
  }

  String caller() {
    return caller;
  }

  /** Every entry written so far, oldest first. */
  synchronized List<ObjectNode> entries() {
    return entries.stream().map(ObjectNode::deepCopy).toList();
  }

  /**
   * How an entry names a service account. gcloud names it by email in {@code request.resource}; the console
   * and most client libraries by unique id there too, leaving the email only in {@code resource.labels.email_id}.
   */
  enum Form {
    GCLOUD, CONSOLE;

    /** The form a request names, {@code gcloud} or {@code console}. */
    static Form of(String name) {
      return switch (name) {
        case "gcloud" -> GCLOUD;
        case "console" -> CONSOLE;
        default -> throw new IllegalArgumentException("\"form\" must be gcloud or console, got '" + name + "'");
      };
    }
  }

  /** Records the change of {@code holder}'s policy from {@code before} to {@code after} by {@code principal}. */
  void policyChanged(World.PolicyHolder holder, Policy before, Policy after, String principal) {
    policyChanged(holder, before, after, principal, Form.GCLOUD);
  }

  /** As above, naming a service account in {@code form}. */
  void policyChanged(World.PolicyHolder holder, Policy before, Policy after, String principal, Form form) {
    ArrayNode deltas = StateJson.JSON.createArrayNode();
    Set<List<Object>> old = grants(before);
    Set<List<Object>> now = grants(after);
    old.stream().filter(g -> !now.contains(g)).forEach(g -> delta(deltas, "REMOVE", g));
    now.stream().filter(g -> !old.contains(g)).forEach(g -> delta(deltas, "ADD", g));
    if (deltas.isEmpty()) {
      return;
    }
    record(entry(named(holder, form), principal, deltas));
  }

  /**
   * Records the deletion of one object inside {@code cluster} ({@code projects/P/locations/L/clusters/C}) by
   * {@code principal}, as GKE writes it to the cluster's Admin Activity log: service {@code k8s.io}, resource
   * type {@code k8s_cluster}.
   */
  void kubernetesObjectDeleted(String cluster, String kind, Optional<String> namespace, String name,
      String principal) {
    String[] parts = cluster.split("/");
    String project = parts[1];
    ObjectNode entry = StateJson.JSON.createObjectNode();
    entry.put("insertId", "local" + sequence.incrementAndGet());
    entry.put("logName", "projects/" + project + "/logs/cloudaudit.googleapis.com%2Factivity");
    ObjectNode payload = entry.putObject("protoPayload");
    payload.put("@type", "type.googleapis.com/google.cloud.audit.AuditLog");
    payload.putObject("status");
    payload.putObject("authenticationInfo").put("principalEmail", principal);
    String plural = switch (kind) {
      case "Namespace" -> "namespaces";
      case "ServiceAccount" -> "serviceaccounts";
      case "RoleBinding" -> "rolebindings";
      case "ClusterRoleBinding" -> "clusterrolebindings";
      default -> throw new IllegalArgumentException("kind " + kind + " is not one autobind applies");
    };
    boolean rbac = kind.endsWith("RoleBinding");
    String group = rbac ? "rbac.authorization.k8s.io/v1/" : "core/v1/";
    payload.put("serviceName", "k8s.io")
        .put("methodName", (rbac ? "io.k8s.authorization.rbac.v1." : "io.k8s.core.v1.") + plural + ".delete")
        .put("resourceName", group + namespace.map(ns -> "namespaces/" + ns + "/").orElse("") + plural + "/" + name);
    payload.putObject("request").put("@type", "k8s.io/DeleteOptions").put("apiVersion", "v1")
        .put("kind", "DeleteOptions");
    entry.putObject("operation").put("id", "k8s-local" + sequence.get()).put("producer", "k8s.io")
        .put("first", true).put("last", true);
    entry.put("severity", "NOTICE");
    entry.put("timestamp", clock.instant().toString());
    entry.put("receiveTimestamp", clock.instant().toString());
    entry.putObject("resource").put("type", "k8s_cluster").putObject("labels").put("project_id", project)
        .put("location", parts[3]).put("cluster_name", parts[5]);
    record(entry);
  }

  private void record(ObjectNode entry) {
    synchronized (this) {
      entries.add(entry);
    }
    sink.ifPresent(url -> delivery.execute(() -> post(url, entry)));
  }

  /** Forgets the entries written so far, as a reset to the seed does. */
  synchronized void clear() {
    entries.clear();
  }

  void stop() {
    delivery.shutdownNow();
  }

  private static Set<List<Object>> grants(Policy policy) {
    Set<List<Object>> grants = new LinkedHashSet<>();
    for (Binding b : policy.getBindingsList()) {
      Optional<Object> condition = b.hasCondition() ? Optional.of(b.getCondition()) : Optional.empty();
      b.getMembersList().forEach(m -> grants.add(List.of(b.getRole(), m, condition)));
    }
    return grants;
  }

  private static void delta(ArrayNode deltas, String action, List<Object> grant) {
    ObjectNode delta = deltas.addObject().put("action", action).put("role", (String) grant.get(0))
        .put("member", (String) grant.get(1));
    ((Optional<?>) grant.get(2)).map(com.google.type.Expr.class::cast).ifPresent(c -> delta.putObject("condition")
        .put("title", c.getTitle()).put("description", c.getDescription()).put("expression", c.getExpression()));
  }

  private ObjectNode entry(Named named, String principal, ArrayNode deltas) {
    ObjectNode entry = StateJson.JSON.createObjectNode();
    entry.put("insertId", "local" + sequence.incrementAndGet());
    entry.put("logName", "projects/" + named.project() + "/logs/cloudaudit.googleapis.com%2Factivity");
    ObjectNode payload = entry.putObject("protoPayload");
    payload.put("@type", "type.googleapis.com/google.cloud.audit.AuditLog");
    payload.putObject("status");
    payload.putObject("authenticationInfo").put("principalEmail", principal);
    payload.put("serviceName", named.service()).put("methodName", named.method())
        .put("resourceName", named.resourceName());
    payload.putObject("request").put("@type", "type.googleapis.com/google.iam.v1.SetIamPolicyRequest")
        .put("resource", named.requestResource());
    ObjectNode serviceData = payload.putObject("serviceData");
    serviceData.put("@type", "type.googleapis.com/google.iam.v1.logging.AuditData");
    serviceData.putObject("policyDelta").set("bindingDeltas", deltas);
    entry.put("severity", "NOTICE");
    entry.put("timestamp", clock.instant().toString());
    entry.put("receiveTimestamp", clock.instant().toString());
    entry.set("resource", named.resource());
    return entry;
  }

  /** How the platform names one policy holder in its audit entries. */
  private record Named(String project, String service, String method, String resourceName, String requestResource,
      ObjectNode resource) {}

  private static Named named(World.PolicyHolder holder, Form form) {
    ObjectNode resource = StateJson.JSON.createObjectNode();
    ObjectNode labels = StateJson.JSON.createObjectNode();
    if (holder instanceof World.Project p) {
      resource.put("type", "project").set("labels", labels.put("project_id", p.id));
      return new Named(p.id, "cloudresourcemanager.googleapis.com", "SetIamPolicy", "projects/" + p.id, p.id,
          resource);
    }
    if (holder instanceof World.Account a) {
      resource.put("type", "service_account").set("labels", labels.put("email_id", a.email)
          .put("project_id", a.project.id).put("unique_id", a.uniqueId));
      String requested = form == Form.CONSOLE ? "projects/" + a.project.id + "/serviceAccounts/" + a.uniqueId
          : "projects/-/serviceAccounts/" + a.email;
      return new Named(a.project.id, "iam.googleapis.com", "google.iam.admin.v1.SetIAMPolicy",
          "projects/-/serviceAccounts/" + a.uniqueId, requested, resource);
    }
    // Every other policy holder is a regional resource whose service serves the IAMPolicy mixin.
    String project;
    String service;
    String name;
    if (holder instanceof World.Model m) {
      project = m.project.id;
      service = "aiplatform.googleapis.com";
      name = "projects/" + m.project.id + "/locations/" + m.location + "/models/" + m.id;
    } else {
      TrainingResources.Resource r = (TrainingResources.Resource) holder;
      project = r.project.id;
      service = r.collection.service;
      name = r.name(r.project.id);
    }
    String method = "google.iam.v1.IAMPolicy.SetIamPolicy";
    resource.put("type", "audited_resource").set("labels", labels.put("service", service)
        .put("method", method).put("project_id", project));
    return new Named(project, service, method, name, name, resource);
  }

  private void post(URI url, ObjectNode entry) {
    String project = entry.path("logName").asText().replaceFirst("/logs/.*", "");
    HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json")
        .header("ce-specversion", "1.0")
        .header("ce-type", "google.cloud.audit.log.v1.written")
        .header("ce-source", "//cloudaudit.googleapis.com/" + project + "/logs/activity")
        .header("ce-id", entry.path("logName").asText() + entry.path("insertId").asText())
        .header("ce-time", entry.path("timestamp").asText())
        .POST(HttpRequest.BodyPublishers.ofString(entry.toString())).build();
    try {
      http.send(request, HttpResponse.BodyHandlers.discarding());
    } catch (java.io.IOException e) {
      System.err.println("local-cloud: delivering audit entry " + entry.path("insertId").asText() + " to " + url
          + " failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
