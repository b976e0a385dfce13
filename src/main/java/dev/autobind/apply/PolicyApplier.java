package dev.autobind.apply;

import dev.autobind.admit.Admission;
import dev.autobind.admit.Ancestry;
import dev.autobind.admit.GateReadFailed;
import dev.autobind.admit.Charter;
import dev.autobind.admit.MemoryRestoreLedger;
import dev.autobind.event.ResourceEvent;
import dev.autobind.kind.ResourceRef;
import dev.autobind.policy.FunctionConfig;
import dev.autobind.policy.Policy;
import dev.autobind.policy.PolicyFile;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Applies the loaded policy to one resource at a time. It is what one function instance (or one CLI run)
 * keeps between events: the policy, the clients and the applier with its per-target locks. The clients are created on the first event that needs
 * them, not here, so a bad event costs no connection.
 */
public final class PolicyApplier implements AutoCloseable {
  private final Policy policy;
  private final Reconciler applier;
  private final AutoCloseable resources;
  private final Optional<Drift> drift;
  private final Admission admission;

  /** The ancestry of an applier built without clients: its charter declares no governed scope to read it for. */
  private static final Ancestry NO_CLIENTS = (project, enough) -> {
    throw new GateReadFailed("this applier has no Resource Manager client to read project " + project
        + " with", false, null);
  };

  /**
   * What drift repair and the reconcile need beyond the applier: the clients and kinds they list resources
   * with, the function's own account (whose changes drift never acts on), the clock its exemptions are judged
   * by, and whether it may write.
   */
  public record Drift(CloudClients clients, KindPlugins kinds, Optional<String> ownAccount, Clock clock,
      boolean dryRun) {
    public Drift {
      Objects.requireNonNull(clients, "clients");
      Objects.requireNonNull(kinds, "kinds");
      Objects.requireNonNull(ownAccount, "ownAccount");
      Objects.requireNonNull(clock, "clock");
    }
  }

  public PolicyApplier(Policy policy, Reconciler applier, AutoCloseable resources) {
    this(policy, applier, resources, Optional.empty());
  }

  /** An applier whose gate knows only the policy: no topics, no governed scope (a policy file without function:). */
  public PolicyApplier(Policy policy, Reconciler applier, AutoCloseable resources, Optional<Drift> drift) {
    this(policy, applier, resources, drift, new Admission(Charter.of(Optional.empty(), policy), NO_CLIENTS,
        new MemoryRestoreLedger(), Clock.systemUTC()));
  }

  /** @param admission the gate in front of every write this applier makes */
  public PolicyApplier(Policy policy, Reconciler applier, AutoCloseable resources, Optional<Drift> drift,
      Admission admission) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.applier = Objects.requireNonNull(applier, "applier");
    this.resources = Objects.requireNonNull(resources, "resources");
    this.drift = Objects.requireNonNull(drift, "drift");
    this.admission = Objects.requireNonNull(admission, "admission");
  }

  /**
   * The policy applier the environment describes: the policy from {@code AUTOBIND_POLICY} (default
   * {@code function.yaml}), {@code AUTOBIND_DRY_RUN}, and {@code AUTOBIND_EMULATOR_HOST}.
   *
   * @throws dev.autobind.policy.PolicyException when the policy does not load, naming every problem
   */
  public static PolicyApplier fromEnvironment(Map<String, String> env, KindPlugins kinds) {
    PolicyFile file = PolicyFile.load(PolicyFile.locate(Optional.empty(), env), kinds.registry());
    return over(file, CloudClients.fromEnvironment(env), ApplySettings.fromEnvironment(env), kinds);
  }

  /**
   * A policy applier for a whole function.yaml: its gate checks deliveries against the file's topics and
   * projects against its governed scope, read through Resource Manager with real time.
   */
  public static PolicyApplier over(PolicyFile file, CloudClients clients, ApplySettings settings, KindPlugins kinds) {
    Clock clock = Clock.systemUTC();
    PolicyApplier engine = over(file.policy(), clients, settings, kinds,
        file.function().map(FunctionConfig::serviceAccountEmail));
    Admission admission = new Admission(Charter.of(file.function(), file.policy()),
        ResourceManagerAncestry.over(clients, clock), LoggingRestoreLedger.orMemory(clients, file.function()), clock);
    return new PolicyApplier(engine.policy, engine.applier, engine.resources, engine.drift, admission);
  }

  /** A policy applier over the given policy and clients, with real time and real sleeping. */
  public static PolicyApplier over(Policy policy, CloudClients clients, ApplySettings settings, KindPlugins kinds) {
    return over(policy, clients, settings, kinds, Optional.empty());
  }

  /** As {@link #over(Policy, CloudClients, ApplySettings, KindPlugins)}, knowing the function's own account for drift repair. */
  public static PolicyApplier over(Policy policy, CloudClients clients, ApplySettings settings, KindPlugins kinds,
      Optional<String> ownAccount) {
    Reconciler applier = new Reconciler(Gateways.over(clients, kinds), settings, RetryLoop.system(), new TargetLocks(),
        Clock.systemUTC());
    return new PolicyApplier(policy, applier, clients,
        Optional.of(new Drift(clients, kinds, ownAccount, Clock.systemUTC(), settings.dryRun())));
  }

  /** What drift repair needs, when this applier was built over real clients. */
  public Optional<Drift> drift() {
    return drift;
  }

  public Policy policy() {
    return policy;
  }

  /** The admission gate in front of every write this applier makes. */
  public Admission admission() {
    return admission;
  }

  /** The mapping step for a delivered resource: its age judged, then reconciled; see {@link EventMapping}. */
  public ApplyResult apply(ResourceEvent event) {
    return EventMapping.reconcile(applier, event, policy);
  }

  /** Reconciles what {@code selection} picks of the plan for {@code ref}; see {@link Reconciler#reconcile}. */
  public ApplyResult reconcile(ResourceRef ref, Selection selection) {
    return applier.reconcile(ref, policy, selection);
  }

  /** Where a reconcile run begins: see {@link Reconciler#tick()}. */
  public long tick() {
    return applier.tick();
  }

  /** How deliveries are judged by age; see {@link DeliveryAge}. */
  public DeliveryAge deliveryAge() {
    return applier.deliveryAge();
  }

  @Override
  public void close() throws Exception {
    resources.close();
  }
}
