package dev.autobind.drift;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.iam.admin.v1.ServiceAccount;
import dev.autobind.apply.ApplyResult;
import dev.autobind.event.Outcome;
import dev.autobind.apply.CloudClients;
import dev.autobind.apply.DeliveryAge;
import dev.autobind.apply.PolicyApplier;
import dev.autobind.apply.RepairOutcome;
import dev.autobind.apply.Selection;
import dev.autobind.backfill.ProjectResources;
import dev.autobind.event.IamChange;
import dev.autobind.kind.PolicyHolder;
import dev.autobind.kind.ResourceKind;
import dev.autobind.kind.ResourceRef;
import dev.autobind.policy.Exemption;
import dev.autobind.policy.Policy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Carries out drift repair for one policy change: the pure {@link DriftPlanner} decides what could be
 * restored, then each governed resource that still exists is reconciled by its reference, selecting only the
 * removed bindings its plan grants, which are put back through the same etag-guarded merge.
 */
public final class DriftRepair {

  private final Policy policy;
  private final Optional<String> ownAccount;
  private final BiFunction<ResourceRef, Selection, ApplyResult> restorer;
  private final DeliveryAge age;
  private final ProjectResources resources;
  private final Function<String, String> projectIdOfNumber;
  private final Function<String, ServiceAccount> account;
  private final Clock clock;
  private final boolean dryRun;

  /**
   * @param restorer reconciles one resource, writing only the bindings its {@link Selection.Bindings} accepts
   * @param age judges the change's age: an expired change restores nothing
   * @param projectIdOfNumber the project id for a project number, read through the API
   * @param account the service account {@code projects/-/serviceAccounts/UNIQUE_ID} names, read through IAM
   *     (GetServiceAccount)
   */
  public DriftRepair(Policy policy, Optional<String> ownAccount,
      BiFunction<ResourceRef, Selection, ApplyResult> restorer, DeliveryAge age, ProjectResources resources,
      Function<String, String> projectIdOfNumber, Function<String, ServiceAccount> account, Clock clock,
      boolean dryRun) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.ownAccount = Objects.requireNonNull(ownAccount, "ownAccount");
    this.restorer = Objects.requireNonNull(restorer, "restorer");
    this.age = Objects.requireNonNull(age, "age");
    this.resources = Objects.requireNonNull(resources, "resources");
    this.projectIdOfNumber = Objects.requireNonNull(projectIdOfNumber, "projectIdOfNumber");
    this.account = Objects.requireNonNull(account, "account");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.dryRun = dryRun;
  }

  /**
   * The repair an engine over real clients carries out.
   *
   * @throws IllegalStateException when the engine was built without clients (a test engine)
   */
  public static DriftRepair over(PolicyApplier engine) {
    PolicyApplier.Drift drift = engine.drift().orElseThrow(() -> new IllegalStateException(
        "this engine was built without the clients drift repair lists resources with"));
    CloudClients clients = drift.clients();
    return new DriftRepair(engine.policy(), drift.ownAccount(), engine::reconcile, engine.deliveryAge(),
        new ProjectResources(clients, drift.kinds()),
        number -> clients.projects().getProject("projects/" + number).getProjectId(),
        name -> clients.iam().getServiceAccount(name), drift.clock(), drift.dryRun());
  }

  /** Decides on one change and restores what it removed that autobind owns; never throws for API failures it knows. */
  public RepairOutcome repair(IamChange change) {
    int reads = 0;
    IamChange named = change;
    if (change.target() instanceof PolicyHolder.ServiceAccount byId && byId.namedByUniqueId()) {
      Resolved resolved = resolve(change);
      if (resolved.named().isEmpty()) {
        return new RepairOutcome(resolved.failure().orElseThrow().withEarlierReads(1), false);
      }
      return decided(resolved.named().get(), 1);
    }
    if (change.target().projectIsNumber()) {
      reads++;
      try {
        named = withProjectId(change, projectIdOfNumber.apply(change.target().project()));
      } catch (ApiException e) {
        return new RepairOutcome(failed(e, "reading project " + change.target().project()), false);
      }
    }
    return decided(named, reads);
  }

  /** The change with its account named by email, or why it cannot be: the account is read first, whoever it is. */
  private record Resolved(Optional<IamChange> named, Optional<ApplyResult> failure) {}

  /**
   * Resolves an account named by unique id through IAM (GetServiceAccount accepts
   * {@code projects/-/serviceAccounts/UNIQUE_ID}); the email the entry's labels carry is never read.
   */
  private Resolved resolve(IamChange change) {
    String uniqueId = ((PolicyHolder.ServiceAccount) change.target()).account();
    ServiceAccount found;
    try {
      found = account.apply("projects/-/serviceAccounts/" + uniqueId);
    } catch (ApiException e) {
      return new Resolved(Optional.empty(), Optional.of(failed(e, "reading service account " + uniqueId)));
    }
    String selector = change.target().project();
    boolean agrees = selector.equals("-") || selector.equals(found.getProjectId())
        || selector.chars().allMatch(Character::isDigit);
    if (!agrees || found.getEmail().isEmpty() || found.getProjectId().isEmpty()) {
      return new Resolved(Optional.empty(), Optional.of(untouched(Outcome.IGNORED, "service account " + uniqueId
          + " is " + found.getEmail() + " in project " + found.getProjectId() + ", not in project " + selector
          + " as the entry says")));
    }
    return new Resolved(Optional.of(new IamChange(PolicyHolder.serviceAccount(found.getProjectId(), found.getEmail()),
        change.deltas(), change.method(), change.principal(), change.time(), change.path(), change.eventId())),
        Optional.empty());
  }

  private RepairOutcome decided(IamChange named, int reads) {
    DriftDecision decision = DriftPlanner.decide(named, policy, ownAccount);
    if (decision instanceof DriftDecision.Leave leave) {
      return new RepairOutcome(untouched(Outcome.IGNORED, leave.reason()).withEarlierReads(reads), leave.exempt());
    }
    return restore(named, (DriftDecision.Restore) decision, reads);
  }

  private RepairOutcome restore(IamChange change, DriftDecision.Restore restore, int earlierReads) {
    int reads = earlierReads;
    List<String> passed = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    Optional<Exemption> exempting = Optional.empty();
    // Kind by kind, so a project whose first cluster justifies the repair lists no models.
    for (List<ResourceKind> kinds : batches(change, restore)) {
      Candidates candidates = candidates(change, restore.project(), kinds);
      problems.addAll(candidates.problems());
      for (ResourceRef candidate : candidates.refs()) {
        // A resource no path may write to cannot justify a write to the policy around it either.
        Optional<Exemption> exemption =
            Exemption.covering(policy.exemptions(), restore.project(), candidate.name().full(), clock.instant());
        if (exemption.isPresent()) {
          exempting = exempting.or(() -> exemption);
          continue;
        }
        Optional<ApplyResult> expired = age.expired(change.time());
        if (expired.isPresent()) {
          return new RepairOutcome(expired.get().withEarlierReads(reads), false);
        }
        ApplyResult result = restorer.apply(candidate,
            new Selection.Bindings(b -> DriftPlanner.restores(b, restore), age.recent(change.time())));
        if (result.status() != Outcome.IGNORED) {
          return new RepairOutcome(result.withEarlierReads(reads).withReason(reason(result, candidate)), false);
        }
        reads += result.calls().reads();
        passed.add(candidate.name().full() + " (" + result.reason() + ")");
      }
    }
    if (!problems.isEmpty()) {
      return new RepairOutcome(untouched(Outcome.RETRY, "listing the governed resources of project "
          + restore.project() + " failed: " + String.join("; ", problems)).withEarlierReads(reads), false);
    }
    if (exempting.isPresent() && passed.isEmpty()) {
      return new RepairOutcome(untouched(Outcome.IGNORED, "exempt by " + exempting.get().describe())
          .withEarlierReads(reads), true);
    }
    return new RepairOutcome(untouched(Outcome.IGNORED, nothingGrants(change, restore, passed)).withEarlierReads(reads),
        false);
  }

  /**
   * The governed resources whose plans may grant the removed bindings. Listing calls are not counted in the
   * decision record's apiCalls, which count the lookups and policy calls.
   */
  private record Candidates(List<ResourceRef> refs, List<String> problems) {}

  /** The kinds to list, one at a time; a resource's own policy needs no listing. */
  private static List<List<ResourceKind>> batches(IamChange change, DriftDecision.Restore restore) {
    if (change.target() instanceof PolicyHolder.Resource) {
      return List.of(List.of());
    }
    return restore.kinds().stream().map(List::of).toList();
  }

  private Candidates candidates(IamChange change, String project, List<ResourceKind> kinds) {
    Optional<ResourceRef> resource = change.target() instanceof PolicyHolder.Resource held
        ? Optional.of(held.ref()) : Optional.empty();
    if (resource.isPresent()) {
      return new Candidates(List.of(resource.get()), List.of());
    }
    ProjectResources.Listing listing = resources.list(project, new LinkedHashSet<>(kinds));
    return new Candidates(listing.found().stream().map(found -> found.ref()).toList(), listing.problems());
  }

  private static String reason(ApplyResult result, ResourceRef governing) {
    int restored = result.added().size();
    String why = " that the policy grants for " + governing.name().full();
    return switch (result.status()) {
      case APPLIED -> (result.dryRun() ? "would restore " : "restored ") + restored + " removed binding"
          + (restored == 1 ? "" : "s") + why;
      case COMPLIANT -> "the removed binding is already back" + why;
      default -> result.reason();
    };
  }

  private static String nothingGrants(IamChange change, DriftDecision.Restore restore, List<String> passed) {
    String what = restore.removals().stream().map(r -> r.role() + " for " + r.member()).distinct()
        .reduce((a, b) -> a + ", " + b).orElse("");
    if (passed.isEmpty()) {
      return "project " + restore.project() + " has no governed resource ("
          + String.join(", ", restore.kinds().stream().map(ResourceKind::id).toList())
          + ") that could justify " + what + " on " + change.target().fullName();
    }
    return "no governed resource's plan grants " + what + " on " + change.target().fullName() + "; checked "
        + String.join(", ", passed);
  }

  private ApplyResult untouched(Outcome status, String reason) {
    return ApplyResult.untouched(status, reason, dryRun);
  }

  private ApplyResult failed(ApiException e, String what) {
    StatusCode.Code code = e.getStatusCode().getCode();
    if (code == StatusCode.Code.NOT_FOUND || code == StatusCode.Code.PERMISSION_DENIED) {
      return untouched(Outcome.IGNORED, what + " failed (" + code + "): it is gone or not visible");
    }
    return untouched(Outcome.RETRY, what + " failed: " + code + ": " + e.getMessage());
  }

  private static IamChange withProjectId(IamChange change, String projectId) {
    return new IamChange(change.target().withProjectId(projectId), change.deltas(), change.method(),
        change.principal(), change.time(), change.path(), change.eventId());
  }
}
