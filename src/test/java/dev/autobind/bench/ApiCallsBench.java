package dev.autobind.bench;

import dev.autobind.event.Outcome;
import dev.autobind.apply.ApplyResult;
import dev.autobind.apply.ApplyResult.AccountStatus;
import dev.autobind.apply.ApplyResult.TargetStatus;
import dev.autobind.apply.ApplySettings;
import dev.autobind.apply.CloudClients;
import dev.autobind.apply.PolicyApplier;
import dev.autobind.apply.Gateways;
import dev.autobind.event.EventDecoder;
import dev.autobind.event.Intake;
import dev.autobind.event.ResourceEvent;
import dev.autobind.kinds.ShippedKinds;
import dev.autobind.localcloud.LocalCloud;
import dev.autobind.localcloud.Seed;
import dev.autobind.policy.Placeholder;
import dev.autobind.policy.Policy;
import dev.autobind.policy.PolicyFile;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Figure 3: API calls for one GKE event, counted by the local cloud, for a project that does not
 * comply yet and for one that does; beside the minimum any correct applier needs and a naive loop
 * that does one read-modify-write per binding.
 */
public final class ApiCallsBench {
  /** The methods that change state; every other call is a read. */
  static final Set<String> WRITES = Set.of(
      "google.cloud.resourcemanager.v3.Projects/SetIamPolicy",
      "google.iam.admin.v1.IAM/SetIamPolicy",
      "google.iam.v1.IAMPolicy/SetIamPolicy",
      "google.iam.admin.v1.IAM/CreateServiceAccount");

  /** Reads and writes of one event. */
  record Calls(long reads, long writes) {
    long total() {
      return reads + writes;
    }

    @Override
    public String toString() {
      return reads + "R+" + writes + "W=" + total();
    }

    static Calls between(Map<String, Long> before, Map<String, Long> after) {
      long reads = 0;
      long writes = 0;
      for (Map.Entry<String, Long> e : after.entrySet()) {
        long n = e.getValue() - before.getOrDefault(e.getKey(), 0L);
        if (WRITES.contains(e.getKey())) {
          writes += n;
        } else {
          reads += n;
        }
      }
      return new Calls(reads, writes);
    }
  }

  public static void main(String[] args) throws Exception {
    Policy policy = PolicyFile.load(BenchEvents.POLICY, ShippedKinds.registry()).policy();
    ResourceEvent event = gkeEvent();
    try (LocalCloud cloud = LocalCloud.start(Seed.fromResource(BenchEvents.SEED));
        CloudClients clients = CloudClients.forEmulator(cloud.host())) {
      PolicyApplier engine = PolicyApplier.over(policy, clients, ApplySettings.defaults(), ShippedKinds.plugins());
      NaiveApplier naive = new NaiveApplier(Gateways.over(clients, ShippedKinds.plugins()));

      cloud.reset();
      Map<String, Long> before = new HashMap<>(cloud.calls());
      ApplyResult first = engine.apply(event);
      Calls autobindNew = Calls.between(before, cloud.calls());
      require(first, Outcome.APPLIED);
      before = new HashMap<>(cloud.calls());
      ApplyResult again = engine.apply(event);
      Calls autobindCompliant = Calls.between(before, cloud.calls());
      require(again, Outcome.COMPLIANT);

      cloud.reset();
      before = new HashMap<>(cloud.calls());
      naive.apply(event, policy);
      Calls naiveNew = Calls.between(before, cloud.calls());
      before = new HashMap<>(cloud.calls());
      naive.apply(event, policy);
      Calls naiveCompliant = Calls.between(before, cloud.calls());

      boolean projectRead = event.ref().name().projectIsNumber() || policy.uses(Placeholder.PROJECT_NUMBER);
      print("3a", "3b", "API calls, GKE event, not yet compliant", naiveNew, autobindNew,
          minimum(first, projectRead));
      print("3c", "3d", "API calls, GKE event, already compliant", naiveCompliant, autobindCompliant,
          minimum(again, projectRead));
    }
  }

  /**
   * What any correct applier must call: the resource (and the project, when its number is needed), one
   * read per target policy (which also proves a service account exists), one create for an absent
   * account, one write per target that lacks something.
   */
  static Calls minimum(ApplyResult result, boolean projectRead) {
    long targets = result.plan().orElseThrow().targets().size();
    long reads = 1 + (projectRead ? 1 : 0) + targets;
    long writes = (result.account() == AccountStatus.CREATED ? 1 : 0)
        + result.targets().stream().filter(t -> t.status() == TargetStatus.ADDED).count();
    return new Calls(reads, writes);
  }

  private static void print(String naiveLabel, String minimumLabel, String figure, Calls naive, Calls autobind,
      Calls minimum) {
    Row.counted(naiveLabel + " " + figure + " (vs naive loop)", "naive " + naive,
        autobind.toString(), (double) autobind.total() / naive.total(), 1).print();
    Row.counted(minimumLabel + "   same, vs the minimum possible", "minimum " + minimum, autobind.toString(),
        (double) autobind.total() / minimum.total(), 1).print();
  }

  private static void require(ApplyResult result, Outcome status) {
    if (result.status() != status) {
      throw new IllegalStateException("expected " + status + ", got " + result.status() + ": " + result.reason());
    }
  }

  static ResourceEvent gkeEvent() throws Exception {
    byte[] json = BenchEvents.JSON.writeValueAsBytes(BenchEvents.fresh(BenchEvents.GKE, Instant.now()));
    Intake intake = new EventDecoder(ShippedKinds.registry()).decodeStructured(json);
    if (!(intake instanceof Intake.Resource resource)) {
      throw new IllegalStateException("the GKE benchmark event did not decode: " + intake);
    }
    return resource.event();
  }
}
