package dev.autobind.apply;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.iam.v1.Policy;
import dev.autobind.apply.ApplyResult.AccountStatus;
import dev.autobind.apply.ApplyResult.ObjectResult;
import dev.autobind.apply.ApplyResult.ObjectStatus;
import dev.autobind.event.Outcome;
import dev.autobind.apply.ApplyResult.TargetResult;
import dev.autobind.apply.ApplyResult.TargetStatus;
import dev.autobind.plan.BindingChange;
import dev.autobind.kind.ClusterEndpoint;
import dev.autobind.plan.ClusterObject;
import dev.autobind.plan.Plan;
import dev.autobind.plan.PlanOutcome;
import dev.autobind.plan.Planner;
import dev.autobind.plan.PolicyMerge;
import dev.autobind.kind.ResourceFacts;
import dev.autobind.kind.ResourceRef;
import dev.autobind.plan.ServiceAccountSpec;
import dev.autobind.kind.PolicyHolder;
import dev.autobind.policy.Placeholder;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Reconciles one resource, named by its reference: looks it up, plans purely, ensures the standard service
 * account, then converges each target's IAM policy with one etag-guarded write per target. It sees no delivery:
 * a delivery's age is judged before (see {@link DeliveryAge}), and its id, principal and path go only to the
 * decision record.
 *
 * <p>Round trips, not CPU, set how soon a resource complies, so independent calls overlap. The standard
 * account's own policy is read while the resource is looked up: that read proves the account exists
 * (NOT_FOUND when it does not, so no GetServiceAccount is needed) and is the first read of the account
 * policy's read-modify-write. After the account is ensured the targets converge at once, each under its
 * own {@link TargetLocks} lock. A new account is not polled for: a call that finds it not yet visible
 * (a NOT_FOUND, or a write's "does not exist") is redone within the visibility backoff.
 */
public final class Reconciler {
  /** Google's limit on principals in one allow policy. */
  public static final int MAX_MEMBERS = 1_500;
  /**
   * The most tasks one applier runs on its pool at once, across every event it is carrying out. A converging
   * task waits for its target's lock on a pool thread, so the pool is sized for every target of the deliveries
   * an instance takes at once (16 deliveries of 3 targets each, and their probes): blocked waiters then never
   * queue the calls that would let them proceed (BurstBench, figure 4g).
   */
  static final int PARALLEL_CALLS = 64;
  /** The reason of a filtered apply whose plan holds none of the bindings asked for. */
  public static final String NOTHING_SELECTED = "the plan holds none of the bindings asked for";

  private final Gateways gateways;
  private final ApplySettings settings;
  private final RetryLoop retry;
  private final TargetLocks locks;
  private final Clock clock;
  private final ExecutorService pool = boundedPool();
  /**
   * The standard accounts this instance created or is creating, by email, each with the {@link TargetLocks#tick()}
   * its creation ended at: resources whose probe found no account before that wait for it instead of creating again.
   */
  private final java.util.concurrent.ConcurrentHashMap<String, CompletableFuture<Long>> creations =
      new java.util.concurrent.ConcurrentHashMap<>();
  /** The account probes of reconcile runs, keyed by run and account, so a run's resources share one. */
  private final com.google.common.cache.Cache<String, CompletableFuture<AccountProbe>> runProbes =
      com.google.common.cache.CacheBuilder.newBuilder().maximumSize(TargetLocks.REMEMBERED_TARGETS).build();

  public Reconciler(Gateways gateways, ApplySettings settings, RetryLoop retry, TargetLocks locks, Clock clock) {
    this.gateways = Objects.requireNonNull(gateways, "gateways");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.retry = Objects.requireNonNull(retry, "retry");
    this.locks = Objects.requireNonNull(locks, "locks");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * The one entry: reads the resource {@code ref} names, plans {@code policy} for it purely, and converges what
   * {@code selection} picks of the plan. Never throws for API failures. When a {@link Selection.Bindings} or
   * {@link Selection.ClusterObjects} selection accepts nothing of the plan, nothing is written and the result is
   * IGNORED with {@link #NOTHING_SELECTED} as its reason.
   */
  public ApplyResult reconcile(ResourceRef ref, dev.autobind.policy.Policy policy, Selection selection) {
    Run run = new Run(selection instanceof Selection.Listed listed ? OptionalLong.of(listed.runBegan())
        : OptionalLong.empty());
    Optional<String> outOfScope = ref.name().projectIsNumber() ? Optional.empty()
        : policy.projects().refusal(ref.name().project());
    if (outOfScope.isPresent()) {
      return run.end(Outcome.IGNORED, outOfScope.get());
    }
    if (selection instanceof Selection.ClusterObjects objects) {
      return reconcileObjects(ref, policy, objects, run);
    }
    // The standard account's email needs only the project id, so its probe overlaps the lookup even when the
    // policy needs the project number (the lookup reads the project then).
    boolean projectKnown = !ref.name().projectIsNumber();
    Optional<ServiceAccountSpec> early = projectKnown
        ? Optional.of(Planner.standardAccount(policy, ref.name().project())) : Optional.empty();
    Optional<CompletableFuture<AccountProbe>> probe = early.map(spec -> probeFor(spec, run));
    Optional<ResourceFacts> listed = selection instanceof Selection.Listed l ? Optional.of(l.facts()) : Optional.empty();
    Optional<ResourceFacts> known = listed.filter(f -> complete(f, ref, policy));
    ResourceFacts facts;
    try {
      facts = known.isPresent() ? known.get() : listed.filter(f -> f.projectNumber().isPresent())
          .map(f -> run.calls.read(() -> gateways.resources().facts(ref.kind(), ref.name(), f.projectNumber())))
          .orElseGet(() -> new ResourceLookup(gateways.resources(), run.calls).facts(ref, needsProjectNumber(policy)));
    } catch (ApiException e) {
      probe.ifPresent(Reconciler::await);
      return lookupFailed(ref, e, selection.recent(), run);
    }
    PlanOutcome outcome = selection instanceof Selection.Everything all && all.creating()
        ? Planner.planWhileCreating(ref, policy, facts) : Planner.plan(ref, policy, facts);
    if (outcome instanceof PlanOutcome.Ignored ignored) {
      probe.ifPresent(Reconciler::await);
      return run.end(Outcome.IGNORED, ignored.reason());
    }
    run.clusterEndpoint = facts.clusterEndpoint();
    Plan plan = (Plan) outcome;
    Optional<AccountProbe> probed = probe.map(Reconciler::await);
    if (selection instanceof Selection.Bindings only) {
      List<BindingChange> selected = plan.bindings().stream().filter(only.only()).toList();
      if (selected.isEmpty()) {
        return run.end(Outcome.IGNORED, NOTHING_SELECTED);
      }
      // A repair restores only the selected bindings; it never applies the cluster's Kubernetes objects.
      plan = new Plan(plan.ref(), plan.serviceAccount(), selected, plan.skipped(), List.of());
    }
    boolean sameAccount = early.map(plan.serviceAccount()::equals).orElse(false);
    return carryOut(plan, sameAccount ? probed.get() : await(probeFor(plan.serviceAccount(), run)), run);
  }

  /** A point in this reconciler's order of calls: where a reconcile run begins. */
  public long tick() {
    return locks.tick();
  }

  /** How the deliveries this reconciler serves are judged by age: its clock and limits. */
  public DeliveryAge deliveryAge() {
    return new DeliveryAge(settings, clock);
  }

  /**
   * Whether listed facts are all the plan needs: the project number when the policy uses it, and the cluster's
   * endpoint when the plan applies Kubernetes objects (GKE's list response carries it; a listing may not).
   */
  private static boolean complete(ResourceFacts listed, ResourceRef ref, dev.autobind.policy.Policy policy) {
    if (needsProjectNumber(policy) && listed.projectNumber().isEmpty()) {
      return false;
    }
    return listed.clusterEndpoint().isPresent()
        || !(Planner.plan(ref, policy, listed) instanceof Plan plan && !plan.clusterObjects().isEmpty());
  }

  /**
   * Puts back, inside the cluster {@code ref} names, the objects of its plan that {@code selection} accepts, as at
   * creation: additive, never forced. Nothing else is written: no binding, no service account.
   */
  private ApplyResult reconcileObjects(ResourceRef ref, dev.autobind.policy.Policy policy,
      Selection.ClusterObjects selection, Run run) {
    ResourceFacts facts;
    try {
      facts = new ResourceLookup(gateways.resources(), run.calls).facts(ref, needsProjectNumber(policy));
    } catch (ApiException e) {
      return lookupFailed(ref, e, selection.recent(), run);
    }
    PlanOutcome outcome = Planner.plan(ref, policy, facts);
    if (outcome instanceof PlanOutcome.Ignored ignored) {
      return run.end(Outcome.IGNORED, ignored.reason());
    }
    Plan plan = (Plan) outcome;
    List<ClusterObject> selected = plan.clusterObjects().stream().filter(selection.only()).toList();
    if (selected.isEmpty()) {
      return run.end(Outcome.IGNORED, NOTHING_SELECTED);
    }
    run.plan = Optional.of(new Plan(plan.ref(), plan.serviceAccount(), List.of(), plan.skipped(), selected));
    run.objects.addAll(new ClusterApplier(gateways.clusters(), run.calls, settings.dryRun())
        .apply(selected, facts.clusterEndpoint()));
    return run.end(summaryStatus(run), summaryReason(run));
  }

  private ApplyResult lookupFailed(ResourceRef ref, ApiException e, boolean recent, Run run) {
    Fault fault = Fault.of(e, Optional.empty());
    String resource = ref.name().full();
    if (fault == Fault.NOT_FOUND) {
      return recent
          ? run.end(Outcome.RETRY, resource + " is not readable yet; retrying by redelivery")
          : run.end(Outcome.IGNORED, "resource no longer exists: " + resource);
    }
    Outcome status = fault == Fault.PERMANENT ? Outcome.FAILED : Outcome.RETRY;
    return run.end(status, "looking up " + resource + " failed: " + describe(e));
  }

  private ApplyResult carryOut(Plan plan, AccountProbe probe, Run run) {
    run.plan = Optional.of(plan);
    try {
      run.account = ensureAccount(plan.serviceAccount(), probe, run);
    } catch (ApiException e) {
      run.account = AccountStatus.FAILED;
      Fault fault = Fault.of(e, run.newAccount);
      plan.targets().forEach(t -> run.targets.add(notReached(t)));
      Outcome status = fault == Fault.PERMANENT ? Outcome.FAILED : Outcome.RETRY;
      return run.end(status, "ensuring service account " + plan.serviceAccount().email() + " failed: " + describe(e));
    }
    PolicyHolder account = plan.serviceAccount().target();
    List<CompletableFuture<TargetResult>> converging = plan.targets().stream()
        .map(t -> async(() -> converge(t, plan.bindingsFor(t), run,
            t.equals(account) ? probe.read() : rememberedInRun(t, run))))
        .toList();
    converging.forEach(result -> run.targets.add(await(result)));
    if (!plan.clusterObjects().isEmpty()) {
      run.objects.addAll(new ClusterApplier(gateways.clusters(), run.calls, settings.dryRun())
          .apply(plan.clusterObjects(), run.clusterEndpoint));
    }
    return run.end(summaryStatus(run), summaryReason(run));
  }

  /**
   * A target's policy read before its lock was taken, and the {@link TargetLocks#tick()} taken before the read;
   * or, {@code ofRun}, the policy a call in this reconcile run saw, {@code began} being the run's beginning.
   */
  private record EarlyRead(Policy policy, long began, boolean ofRun) {}

  /** The standard account's policy, or why it could not be read (NOT_FOUND: the account does not exist). */
  private record AccountProbe(Optional<EarlyRead> read, Optional<ApiException> failure, long began) {}

  /** Reads the account's own policy, which proves the account exists; never throws for API failures. */
  private AccountProbe probe(ServiceAccountSpec spec, Run run) {
    HeldPolicy gateway = gateways.policy(spec.target());
    long began = locks.tick();
    try {
      Policy policy = call(run, () -> run.calls.read(() -> gateway.read()));
      return new AccountProbe(Optional.of(new EarlyRead(policy, began, false)), Optional.empty(), began);
    } catch (ApiException e) {
      return new AccountProbe(Optional.empty(), Optional.of(e), began);
    }
  }

  /**
   * The account probe: at once outside a reconcile run; within one, what the run already saw of the account's
   * policy, else the one probe the run's resources share.
   */
  private CompletableFuture<AccountProbe> probeFor(ServiceAccountSpec spec, Run run) {
    Optional<EarlyRead> seen = rememberedInRun(spec.target(), run);
    if (seen.isPresent()) {
      return CompletableFuture.completedFuture(new AccountProbe(seen, Optional.empty(), seen.get().began()));
    }
    if (run.runBegan.isEmpty()) {
      return async(() -> probe(spec, run));
    }
    try {
      return runProbes.get(run.runBegan.getAsLong() + " " + spec.target().fullName(), () -> async(() -> probe(spec, run)));
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("starting the account probe failed", e.getCause());
    }
  }

  /**
   * Under the target's lock, on the first attempt only: what a call in this reconcile run saw of the target
   * (another resource of the run may have read or written it while this one waited).
   */
  private static Optional<EarlyRead> seenInRun(TargetLocks.Holder holder, Run run) {
    return run.runBegan.isEmpty() ? Optional.empty() : holder.seenAfter(run.runBegan.getAsLong())
        .map(policy -> new EarlyRead(policy, run.runBegan.getAsLong(), true));
  }

  /** The policy of {@code target} a call in this reconcile run saw, if any. */
  private Optional<EarlyRead> rememberedInRun(PolicyHolder target, Run run) {
    return run.runBegan.isEmpty() ? Optional.empty() : locks.remembered(target, run.runBegan.getAsLong())
        .map(policy -> new EarlyRead(policy, run.runBegan.getAsLong(), true));
  }

  /** Creates the account when the probe found none; a compliant project makes no write here. */
  private AccountStatus ensureAccount(ServiceAccountSpec spec, AccountProbe probe, Run run) {
    if (probe.read().isPresent()) {
      return AccountStatus.EXISTED;
    }
    ApiException failure = probe.failure().orElseThrow();
    if (Fault.of(failure, Optional.empty()) != Fault.NOT_FOUND) {
      throw failure;
    }
    run.newAccount = Optional.of(spec.email());
    if (settings.dryRun()) {
      return AccountStatus.WOULD_CREATE;
    }
    CompletableFuture<Long> mine = new CompletableFuture<>();
    CompletableFuture<Long> first = creations.compute(spec.email(),
        (email, known) -> known != null && (!known.isDone() || endedAfter(known, probe.began())) ? known : mine);
    if (first != mine && createdElsewhere(first)) {
      // Another resource of this instance created it after this probe began (two clusters of one new project):
      // as after ALREADY_EXISTS, it may still be invisible to the calls that follow.
      return AccountStatus.EXISTED;
    }
    AccountStatus status = AccountStatus.CREATED;
    try {
      call(run, () -> run.calls.write(() -> gateways.accounts().create(
          spec.project(), spec.accountId(), spec.displayName(), spec.description())));
    } catch (ApiException e) {
      if (e.getStatusCode().getCode() != StatusCode.Code.ALREADY_EXISTS) {
        mine.completeExceptionally(e);
        throw e;
      }
      // Another event created it a moment ago; it may still be invisible to the calls that follow.
      status = AccountStatus.EXISTED;
    }
    mine.complete(locks.tick());
    return status;
  }

  /** Whether a creation this instance made ended after {@code tick}; false while it runs or when it failed. */
  private static boolean endedAfter(CompletableFuture<Long> creation, long tick) {
    return creation.isDone() && !creation.isCompletedExceptionally() && creation.join() > tick;
  }

  /** Waits for another resource's creation of the account: true when it succeeded, false when this one must try. */
  private static boolean createdElsewhere(CompletableFuture<Long> creation) {
    try {
      creation.join();
      return true;
    } catch (CompletionException | java.util.concurrent.CancellationException e) {
      return false;
    }
  }

  /**
   * Converges one target under its lock. {@code early} is a policy read for this event before the lock
   * was taken (the account probe); it stands in for the first attempt's read only.
   */
  private TargetResult converge(PolicyHolder target, List<BindingChange> additions, Run run, Optional<EarlyRead> early) {
    if (settings.dryRun() && run.account == AccountStatus.WOULD_CREATE && target.equals(run.plan.get().serviceAccount().target())) {
      return new TargetResult(target, TargetStatus.WOULD_ADD, additions, Optional.empty(), false);
    }
    AtomicReference<Optional<EarlyRead>> unused = new AtomicReference<>(early);
    AtomicBoolean first = new AtomicBoolean(true);
    AtomicReference<List<BindingChange>> written = new AtomicReference<>(List.of());
    try {
      return locks.withLock(target, holder -> retry.run(settings.visibility(),
          () -> retry.run(settings.conflicts(),
              () -> convergeOnce(target, additions, run, holder, unused.getAndSet(Optional.empty())
                  .or(() -> first.getAndSet(false) ? seenInRun(holder, run) : Optional.empty()), written),
              e -> e instanceof ApiException api && Fault.of(api, run.newAccount) == Fault.CONFLICT, run.calls::retried),
          e -> e instanceof ApiException api && isNotVisible(api, run), run.calls::retried));
    } catch (ApiException e) {
      Fault fault = Fault.of(e, run.newAccount);
      return new TargetResult(target, TargetStatus.FAILED, List.of(), Optional.of(describe(e)), fault != Fault.PERMANENT);
    } catch (PolicyTooLarge e) {
      return new TargetResult(target, TargetStatus.FAILED, List.of(), Optional.of(e.getMessage()), false);
    }
  }

  /**
   * One read-modify-write: read at version 3, merge, write only if something changed. A policy that
   * another event saw after this one began waiting for the target saves the read when it already
   * holds every addition; it is never written from, since its etag may be stale. An early read stands
   * in for the read unless a call in this instance has seen the target since it began (a write may
   * have changed it).
   */
  private TargetResult convergeOnce(PolicyHolder target, List<BindingChange> additions, Run run, TargetLocks.Holder holder,
      Optional<EarlyRead> early, AtomicReference<List<BindingChange>> written) {
    Optional<Policy> newer = holder.seenSinceRequest().or(() -> early.flatMap(e -> holder.seenAfter(e.began())));
    if (newer.map(seen -> PolicyMerge.merge(seen, additions).isEmpty()).orElse(false)) {
      return inPlace(target, written.get());
    }
    HeldPolicy gateway = gateways.policy(target);
    // What the run saw may have been replaced by a later call in it; the etag still guards the write.
    Optional<Policy> stillCurrent = early.filter(e -> e.ofRun() || !holder.seenEndingAfter(e.began()))
        .map(e -> e.ofRun() ? holder.seenAfter(e.began()).orElse(e.policy()) : e.policy());
    Policy current = stillCurrent.isPresent() ? stillCurrent.get()
        : holder.observe(() -> call(run, () -> run.calls.read(() -> gateway.read())));
    Optional<Policy> merged = PolicyMerge.merge(current, additions);
    if (merged.isEmpty()) {
      return inPlace(target, written.get());
    }
    List<BindingChange> missing = missing(current, additions);
    int members = PolicyMerge.memberCount(merged.get());
    if (members > MAX_MEMBERS) {
      throw new PolicyTooLarge("policy of " + target.fullName() + " would hold " + members
          + " members, over Google's limit of " + MAX_MEMBERS + "; nothing was written to it");
    }
    if (settings.dryRun()) {
      return new TargetResult(target, TargetStatus.WOULD_ADD, missing, Optional.empty(), false);
    }
    written.set(missing);
    holder.observe(() -> call(run, () -> run.calls.write(() -> gateway.write(merged.get()))));
    return new TargetResult(target, TargetStatus.ADDED, missing, Optional.empty(), false);
  }

  /**
   * Every addition is in place. When an earlier attempt of this run wrote {@code written} and its answer was lost
   * (the write failed, was retried, and the retry finds the grants), that write committed: they were added by
   * this run, not found, so the record says so.
   */
  private static TargetResult inPlace(PolicyHolder target, List<BindingChange> written) {
    return written.isEmpty() ? new TargetResult(target, TargetStatus.COMPLIANT, List.of(), Optional.empty(), false)
        : new TargetResult(target, TargetStatus.ADDED, written, Optional.empty(), false);
  }

  /** The additions not yet in {@code current}, each judged by the same pure merge. */
  static List<BindingChange> missing(Policy current, List<BindingChange> additions) {
    return additions.stream().filter(a -> PolicyMerge.merge(current, List.of(a)).isPresent()).toList();
  }

  /** One API call, retried on passing faults (UNAVAILABLE and the like) within the call backoff. */
  private <T> T call(Run run, Supplier<T> body) {
    return retry.run(settings.calls(), body,
        e -> e instanceof ApiException api && Fault.of(api, Optional.empty()) == Fault.TRANSIENT, run.calls::retried);
  }

  /** Runs {@code body} on the pool. */
  private <T> CompletableFuture<T> async(Supplier<T> body) {
    return CompletableFuture.supplyAsync(body, pool);
  }

  /** The result of {@code future}; what it threw is rethrown as it was, not wrapped. */
  private static <T> T await(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }

  /**
   * At most {@link #PARALLEL_CALLS} threads, idle ones ending after a few seconds, as daemons so an
   * applier never keeps a JVM alive. A task never waits for a queued task (a lock is only ever held by
   * a running one), so a full pool delays calls but cannot deadlock.
   */
  private static ExecutorService boundedPool() {
    AtomicInteger threads = new AtomicInteger();
    ThreadFactory factory = body -> {
      Thread thread = new Thread(body, "autobind-apply-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
    ThreadPoolExecutor pool = new ThreadPoolExecutor(PARALLEL_CALLS, PARALLEL_CALLS, 5, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), factory);
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  private static boolean isNotVisible(ApiException e, Run run) {
    Fault fault = Fault.of(e, run.newAccount);
    return fault == Fault.ACCOUNT_NOT_VISIBLE || (run.newAccount.isPresent() && fault == Fault.NOT_FOUND);
  }

  private static boolean needsProjectNumber(dev.autobind.policy.Policy policy) {
    return policy.uses(Placeholder.PROJECT_NUMBER);
  }

  private static TargetResult notReached(PolicyHolder target) {
    return new TargetResult(target, TargetStatus.NOT_REACHED, List.of(), Optional.empty(), false);
  }

  private static Outcome summaryStatus(Run run) {
    if (run.targets.stream().anyMatch(t -> t.status() == TargetStatus.FAILED && t.transientError())
        || run.objects.stream().anyMatch(o -> o.status() == ObjectStatus.FAILED && o.transientError())) {
      return Outcome.RETRY;
    }
    if (run.targets.stream().anyMatch(t -> t.status() == TargetStatus.FAILED)
        || run.objects.stream().anyMatch(o -> o.status() == ObjectStatus.FAILED)) {
      return Outcome.FAILED;
    }
    boolean changed = run.account == AccountStatus.CREATED || run.account == AccountStatus.WOULD_CREATE
        || run.targets.stream().anyMatch(t -> !t.added().isEmpty())
        || run.objects.stream().anyMatch(o -> o.status().changed());
    return changed ? Outcome.APPLIED : Outcome.COMPLIANT;
  }

  private String summaryReason(Run run) {
    return iamReason(run) + clusterReason(run);
  }

  private String iamReason(Run run) {
    long failed = run.targets.stream().filter(t -> t.status() == TargetStatus.FAILED).count();
    int added = run.targets.stream().mapToInt(t -> t.added().size()).sum();
    String verb = settings.dryRun() ? "would add " : "added ";
    if (failed > 0) {
      return failed + " of " + counted(run.targets.size(), "target") + " failed; " + verb + counted(added, "grant")
          + " elsewhere";
    }
    boolean clusterChanged = run.objects.stream().anyMatch(o -> o.status().changed());
    // A grant is one member in one role binding, as targets[].added lists them.
    return added == 0 ? (clusterChanged ? "IAM already compliant" : "already compliant") : verb + counted(added, "grant")
        + " on " + counted(run.targets.stream().filter(t -> !t.added().isEmpty()).count(), "target");
  }

  /** {@code ; Kubernetes objects: 3 created, 1 present}, counting each status that occurred. */
  private static String clusterReason(Run run) {
    if (run.objects.isEmpty()) {
      return "";
    }
    java.util.Map<ObjectStatus, Long> counts = new java.util.EnumMap<>(ObjectStatus.class);
    run.objects.forEach(o -> counts.merge(o.status(), 1L, Long::sum));
    return "; Kubernetes objects: " + String.join(", ", counts.entrySet().stream()
        .map(e -> e.getValue() + " " + e.getKey().id()).toList());
  }

  /** {@code 1 target}, {@code 2 targets}: a count with its noun in the right number. */
  static String counted(long count, String noun) {
    return count + " " + noun + (count == 1 ? "" : "s");
  }

  static String describe(ApiException e) {
    return e.getStatusCode().getCode() + ": " + e.getMessage();
  }

  /**
   * The mutable state of one event while it is applied. The applying thread owns it; pool tasks only
   * count calls (atomically) and read the account fields, which are set before the tasks are started.
   */
  private final class Run {
    final ApiCalls calls = new ApiCalls();
    final OptionalLong runBegan;
    final List<TargetResult> targets = new ArrayList<>();
    Optional<Plan> plan = Optional.empty();
    AccountStatus account = AccountStatus.NOT_REACHED;
    Optional<String> newAccount = Optional.empty();
    final List<ObjectResult> objects = new ArrayList<>();
    Optional<ClusterEndpoint> clusterEndpoint = Optional.empty();

    Run(OptionalLong runBegan) {
      this.runBegan = runBegan;
    }

    ApplyResult end(Outcome status, String reason) {
      return new ApplyResult(status, reason, plan, account, targets, calls.counts(), calls.retries(), settings.dryRun(),
          objects);
    }
  }

  /** A merged policy over Google's member limit: permanent, and nothing is written. */
  private static final class PolicyTooLarge extends RuntimeException {
    PolicyTooLarge(String message) {
      super(message);
    }
  }
}
