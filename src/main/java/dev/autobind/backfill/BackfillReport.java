package dev.autobind.backfill;

import dev.autobind.admit.Admission;
import dev.autobind.admit.Subject;
import dev.autobind.admit.Verdict;
import dev.autobind.event.Outcome;
import dev.autobind.kind.ResourceKind;
import dev.autobind.policy.ProjectScope;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * What one backfill run found, skipped, handled and failed. It also admits each found resource:
 * once only, and only in a project the policy governs. Safe to update from many threads.
 */
public final class BackfillReport {

  /** A resource that could not be handled, and why. */
  public record Failure(String resource, String reason) {
    public Failure {
      Objects.requireNonNull(resource, "resource");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * The counts at one moment.
   *
   * @param found resources admitted (in governed projects, without repeats)
   * @param foundByKind admitted resources per kind
   * @param foundByProject admitted resources per project id, then per kind
   * @param skippedProjects projects outside the policy, with the policy's reason
   * @param skippedResources resources found in those projects
   * @param outcomes handled resources per outcome, e.g. {@code published}
   * @param failures resources that could not be handled
   * @param problems discovery failures: listings that could not be completed
   * @param apiOff {@code PROJECT: API} for each API that is not enabled in a project, so holds nothing
   * @param discovering whether discovery is still running
   * @param passing how many of the failures and problems may pass by themselves: a transient failure still
   *     failing after the run's own retries, a resource the deadline left undone, a listing the service did
   *     not answer
   */
  public record Snapshot(long found, Map<ResourceKind, Long> foundByKind,
      Map<String, Map<ResourceKind, Long>> foundByProject, Map<String, String> skippedProjects,
      long skippedResources, Map<String, Long> outcomes, List<Failure> failures, List<String> problems,
      List<String> apiOff, boolean discovering, long passing) {
    public Snapshot {
      apiOff = List.copyOf(apiOff);
      foundByKind = Map.copyOf(foundByKind);
      foundByProject = Map.copyOf(foundByProject);
      skippedProjects = Map.copyOf(skippedProjects);
      outcomes = Map.copyOf(outcomes);
      failures = List.copyOf(failures);
      problems = List.copyOf(problems);
    }

    /** Resources handled, whatever the outcome. */
    public long handled() {
      return outcomes.values().stream().mapToLong(Long::longValue).sum();
    }

    /** True when every admitted resource was handled and every listing completed. */
    public boolean complete() {
      return failures.isEmpty() && problems.isEmpty() && !discovering && handled() == found;
    }

    /** Whether another try may do what this one could not: some failure or problem may pass by itself. */
    public boolean mayPass() {
      return passing > 0;
    }
  }

  private final Function<String, Verdict> judge;
  private final BiConsumer<GovernedProject, String> located;
  private final Map<String, Verdict> decided = new HashMap<>();
  private final Set<String> seen = new HashSet<>();
  private final Map<ResourceKind, Long> foundByKind = new HashMap<>();
  private final Map<String, Map<ResourceKind, Long>> foundByProject = new TreeMap<>();
  private final Map<String, String> skippedProjects = new TreeMap<>();
  private final Map<String, Long> outcomes = new TreeMap<>();
  private final List<Failure> failures = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();
  private final Set<String> apiOff = new TreeSet<>();
  private long found;
  private long skippedResources;
  private long passing;
  private boolean discovering = true;

  /** A report that admits the projects {@code scope} governs (publish mode: the function gates each message). */
  public BackfillReport(ProjectScope scope) {
    this(Objects.requireNonNull(scope, "scope")::refusal);
  }

  /**
   * A report that admits the projects {@code refusal} does not refuse, asked once per project: the admission
   * gate, for a run that writes itself (direct backfill and the reconcile), so a project outside the governed
   * scope or exempt is skipped before any of its resources is listed.
   */
  public BackfillReport(Function<String, Optional<String>> refusal) {
    this(project -> refusal.apply(project).map(reason -> new Verdict(Optional.of(Outcome.IGNORED), reason,
            Optional.<String>empty()))
        .orElseGet(() -> new Verdict(Optional.empty(), "admitted", Optional.empty())),
        (project, parent) -> { });
  }

  /**
   * A report that admits the projects {@code admission} admits, telling it first where each project a search
   * returned sits, so the gate proves a found project's ancestry without reading the project again. A project
   * the gate could not judge now (Resource Manager did not answer) is skipped as a failure that may pass.
   */
  public BackfillReport(Admission admission) {
    this(project -> admission.admit(Optional.empty(), new Subject.Project(project)),
        (project, parent) -> admission.located(project.id(), project.number(), parent));
  }

  private BackfillReport(Function<String, Verdict> judge, BiConsumer<GovernedProject, String> located) {
    this.judge = Objects.requireNonNull(judge, "judge");
    this.located = located;
  }

  /**
   * Counts {@code resource} and says whether to handle it: false for a repeat, and for a resource in a
   * project the policy does not govern (that project is then counted as skipped).
   */
  public synchronized boolean admit(FoundResource resource) {
    if (!seen.add(resource.fullName())) {
      return false;
    }
    if (skipped(resource.project())) {
      skippedResources++;
      return false;
    }
    found++;
    foundByKind.merge(resource.kind(), 1L, Long::sum);
    foundByProject.computeIfAbsent(resource.project(), p -> new HashMap<>())
        .merge(resource.kind(), 1L, Long::sum);
    return true;
  }

  /** Whether the policy governs {@code projectId}; a project it does not govern is counted as skipped. */
  public synchronized boolean governs(String projectId) {
    return !skipped(projectId);
  }

  /**
   * As {@link #governs(String)} for a project a Resource Manager search returned under {@code parent}: the gate
   * is told where it sits before it is asked.
   */
  synchronized boolean governs(GovernedProject project, String parent) {
    if (!decided.containsKey(project.id())) {
      located.accept(project, parent);
    }
    return governs(project.id());
  }

  public synchronized void handled(String outcome) {
    outcomes.merge(outcome, 1L, Long::sum);
  }

  public synchronized void failed(FoundResource resource, String reason) {
    failures.add(new Failure(resource.fullName(), reason));
  }

  /**
   * A resource that could not be handled for a reason that may pass by itself: a transient failure that the
   * run's own retries did not get past, or the run's deadline.
   */
  public synchronized void failedForNow(FoundResource resource, String reason) {
    failed(resource, reason);
    passing++;
  }

  /** A resource that was found but not even named properly, or whose project could not be resolved. */
  public synchronized void failed(String resource, String reason) {
    failures.add(new Failure(resource, reason));
  }

  /** A listing that could not be completed: some resources may be missing from this run. */
  public synchronized void problem(String message) {
    problems.add(message);
  }

  /** A listing that could not be completed for a reason that may pass by itself: the service did not answer. */
  public synchronized void passingProblem(String message) {
    problem(message);
    passing++;
  }

  /** An API that is not enabled in {@code project}: the project holds none of its resources. */
  public synchronized void apiOff(String project, String api) {
    apiOff.add(project + ": " + api);
  }

  public synchronized void discoveryEnded() {
    discovering = false;
  }

  public synchronized Snapshot snapshot() {
    Map<String, Map<ResourceKind, Long>> byProject = new TreeMap<>();
    foundByProject.forEach((p, kinds) -> byProject.put(p, Map.copyOf(kinds)));
    return new Snapshot(found, foundByKind, byProject, skippedProjects, skippedResources, outcomes, failures,
        problems, List.copyOf(apiOff), discovering, passing);
  }

  private boolean skipped(String projectId) {
    Verdict verdict = decided.computeIfAbsent(projectId, judge);
    if (verdict.admitted()) {
      return false;
    }
    if (skippedProjects.putIfAbsent(projectId, verdict.reason()) == null && verdict.refusal().equals(Optional.of(Outcome.RETRY))) {
      passingProblem("project " + projectId + " was not judged: " + verdict.reason());
    }
    return true;
  }
}
