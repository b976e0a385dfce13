package dev.autobind.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autobind.event.Intake;
import dev.autobind.event.Outcome;
import dev.autobind.event.Phase;
import dev.autobind.event.ResourceEvent;
import dev.autobind.kind.PolicyHolder;
import dev.autobind.kind.ResourceFacts;
import dev.autobind.plan.BindingChange;
import dev.autobind.plan.ClusterObject;
import dev.autobind.plan.Plan;
import dev.autobind.plan.PlanOutcome;
import dev.autobind.plan.Planner;
import dev.autobind.plan.SkippedRule;
import dev.autobind.policy.Condition;
import dev.autobind.policy.PolicyException;
import dev.autobind.policy.PolicyFile;
import dev.autobind.policy.Problem;
import java.io.UncheckedIOException;
import java.util.List;

/** Renders what {@code plan} found for one decoded event, as text or as one JSON document. */
final class PlanReport {

  static final String OFFLINE_POOL_NOTE =
      "workload pool assumed PROJECT.svc.id.goog: GKE always names a project's pool so";
  static final String OFFLINE_NOTE = "offline: no API was called; project number and labels are unknown";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A rendering and the exit code that goes with it. */
  record Rendered(int exitCode, String text) {}

  private PlanReport() {}

  /** Plans a decoded event with offline facts and renders the result. */
  static Rendered render(Intake intake, PolicyFile policy, boolean json) {
    if (intake instanceof Intake.Invalid invalid) {
      return invalid(invalid.message(), List.of(), json);
    }
    if (intake instanceof Intake.Ignored ignored) {
      return ignored(ignored.reason(), json);
    }
    if (intake instanceof Intake.IamPolicyChanged changed) {
      return ignored("a policy change of " + changed.change().target().fullName() + " is decided by drift repair,"
          + " which reads the governed resources through the API; plan shows what a resource event grants", json);
    }
    if (intake instanceof Intake.KubernetesObjectChanged changed) {
      return ignored("a change of " + changed.change().object() + " inside a cluster is decided by drift repair,"
          + " which reads the cluster through the API; plan shows what a resource event grants", json);
    }
    if (intake instanceof Intake.Reconcile) {
      return ignored("a reconcile request is carried out by the function over its governed scope; backfill --dry-run"
          + " lists what it would find", json);
    }
    ResourceEvent event = ((Intake.Resource) intake).event();
    if (event.ref().name().projectIsNumber()) {
      return ignored("the event names project number " + event.project()
          + " only; its project id cannot be looked up offline (apply reads it from the API)", json);
    }
    ResourceFacts facts = ResourceFacts.offline(event.project());
    PlanOutcome outcome = event.phase() == Phase.FIRST ? Planner.planWhileCreating(event.ref(), policy.policy(), facts)
        : Planner.plan(event.ref(), policy.policy(), facts);
    if (outcome instanceof PlanOutcome.Ignored ignored) {
      return ignored(ignored.reason(), json);
    }
    Plan plan = (Plan) outcome;
    return new Rendered(0, json ? planJson(event, plan, facts) : planText(event, plan, facts));
  }

  /** The rendering for a policy file that failed validation. */
  static Rendered invalidPolicy(PolicyException e, boolean json) {
    return invalid("the policy is invalid", e.problems().stream().map(Problem::text).toList(), json);
  }

  static Rendered invalid(String error, List<String> problems, boolean json) {
    if (!json) {
      String text = problems.isEmpty() ? "invalid: " + error : String.join("\n", problems);
      return new Rendered(Outcome.INVALID.exitCode(), text);
    }
    ObjectNode out = JSON.createObjectNode().put("outcome", Outcome.INVALID.id()).put("error", error);
    if (!problems.isEmpty()) {
      problems.forEach(out.putArray("problems")::add);
    }
    return new Rendered(Outcome.INVALID.exitCode(), write(out));
  }

  private static Rendered ignored(String reason, boolean json) {
    String text = json ? write(JSON.createObjectNode().put("outcome", Outcome.IGNORED.id()).put("reason", reason))
        : Outcome.IGNORED.id() + ": " + reason;
    return new Rendered(Outcome.IGNORED.exitCode(), text);
  }

  private static String planJson(ResourceEvent e, Plan plan, ResourceFacts facts) {
    ObjectNode out = JSON.createObjectNode().put("outcome", "plan");
    out.putObject("event").put("kind", e.kind().id()).put("project", e.project()).put("location", e.location())
        .put("name", e.name()).put("phase", e.phase().id()).put("resource", e.resource());
    out.putObject("serviceAccount").put("email", plan.serviceAccount().email())
        .put("project", plan.serviceAccount().project()).put("accountId", plan.serviceAccount().accountId())
        .put("displayName", plan.serviceAccount().displayName())
        .put("description", plan.serviceAccount().description());
    ArrayNode bindings = out.putArray("bindings");
    plan.bindings().forEach(b -> binding(bindings.addObject(), b));
    ArrayNode objects = out.putArray("kubernetes");
    plan.clusterObjects().forEach(o -> clusterObject(objects.addObject(), o));
    ArrayNode skipped = out.putArray("skipped");
    plan.skipped().forEach(s -> skipped.addObject().put("rule", s.rule()).put("reason", s.reason()));
    ObjectNode known = out.putObject("facts");
    known.putNull("projectNumber");
    known.putNull("labels");
    known.put("workloadPool", facts.workloadPool().orElseThrow());
    known.putArray("notes").add(OFFLINE_NOTE).add(OFFLINE_POOL_NOTE);
    return write(out);
  }

  private static void clusterObject(ObjectNode node, ClusterObject o) {
    node.put("kind", o.kind().kind());
    o.namespace().ifPresentOrElse(ns -> node.put("namespace", ns), () -> node.putNull("namespace"));
    node.put("name", o.name());
    o.labels().forEach(node.putObject("labels")::put);
    o.annotations().forEach(node.putObject("annotations")::put);
    o.role().ifPresent(r -> node.put("role", r.toString()));
    if (o.role().isPresent()) {
      o.subjects().forEach(s -> node.withArray("subjects").add(ClusterObject.subject(s)));
    }
  }

  private static void binding(ObjectNode node, BindingChange b) {
    node.put("target", b.target().fullName()).put("role", b.role()).put("member", b.member());
    if (b.condition().isPresent()) {
      Condition c = b.condition().get();
      ObjectNode condition = node.putObject("condition").put("title", c.title());
      c.description().ifPresent(d -> condition.put("description", d));
      condition.put("expression", c.expression());
    } else {
      node.putNull("condition");
    }
    node.put("rule", b.rule());
  }

  private static String planText(ResourceEvent e, Plan plan, ResourceFacts facts) {
    StringBuilder out = new StringBuilder()
        .append("plan: ").append(e.kind().id()).append(' ').append(e.name()).append(" in ")
        .append(e.project()).append('/').append(e.location()).append(" (phase ").append(e.phase().id()).append(")\n")
        .append("  resource ").append(e.resource()).append('\n')
        .append("service account: ensure ").append(plan.serviceAccount().email()).append(" exists\n")
        .append("bindings to add:").append(plan.bindings().isEmpty() ? " none\n" : "\n");
    for (PolicyHolder target : plan.targets()) {
      out.append("  ").append(target.fullName()).append('\n');
      plan.bindingsFor(target).forEach(b -> out.append("    ").append(b.role()).append("  ").append(b.member())
          .append(b.condition().map(c -> "  if \"" + c.title() + "\"").orElse(""))
          .append("  (rule ").append(b.rule()).append(")\n"));
    }
    if (!plan.clusterObjects().isEmpty()) {
      out.append("kubernetes objects to apply in the cluster (server-side apply, field manager autobind):\n");
      plan.clusterObjects().forEach(o -> out.append("  ").append(o.describe()).append('\n'));
    }
    out.append("skipped:").append(plan.skipped().isEmpty() ? " none\n" : "\n");
    for (SkippedRule s : plan.skipped()) {
      out.append("  ").append(s.rule()).append(": ").append(s.reason()).append('\n');
    }
    return out.append("facts (").append(OFFLINE_NOTE).append("):\n")
        .append("  workload pool: ").append(facts.workloadPool().orElseThrow())
        .append(" (").append(OFFLINE_POOL_NOTE).append(")").toString();
  }

  private static String write(ObjectNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("rendering JSON failed", e);
    }
  }
}
