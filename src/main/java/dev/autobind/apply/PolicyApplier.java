package dev.autobind.apply;

import dev.autobind.event.ResourceEvent;
import dev.autobind.plan.BindingChange;
import dev.autobind.policy.FunctionConfig;
import dev.autobind.policy.Policy;
import dev.autobind.policy.PolicyFile;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Applies the loaded policy to one resource at a time. It is what one function instance (or one CLI run)
 * keeps between events: the policy, the clients and the applier with its per-target locks. The clients are created on the first event that needs
 * them, not here, so a bad event costs no connection.
 */
public final class PolicyApplier implements AutoCloseable {
  private final Policy policy;
  private final Applier applier;
  private final AutoCloseable resources;
  private final Optional<Drift> drift;

  /**
   * What drift repair needs beyond the applier: the clients it lists resources with, the function's own
   * account (whose changes it never acts on), the clock its exemptions are judged by, and whether it may write.
   */
  public record Drift(CloudClients clients, Optional<String> ownAccount, Clock clock, boolean dryRun) {
    public Drift {
      Objects.requireNonNull(clients, "clients");
      Objects.requireNonNull(ownAccount, "ownAccount");
      Objects.requireNonNull(clock, "clock");
    }
  }

  public PolicyApplier(Policy policy, Applier applier, AutoCloseable resources) {
    this(policy, applier, resources, Optional.empty());
  }

  public PolicyApplier(Policy policy, Applier applier, AutoCloseable resources, Optional<Drift> drift) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.applier = Objects.requireNonNull(applier, "applier");
    this.resources = Objects.requireNonNull(resources, "resources");
    this.drift = Objects.requireNonNull(drift, "drift");
  }

  /**
   * The policy applier the environment describes: the policy from {@code AUTOBIND_POLICY} (default
   * {@code function.yaml}), {@code AUTOBIND_DRY_RUN}, and {@code AUTOBIND_EMULATOR_HOST}.
   *
   * @throws dev.autobind.policy.PolicyException when the policy does not load, naming every problem
   */
  public static PolicyApplier fromEnvironment(Map<String, String> env) {
    PolicyFile file = PolicyFile.load(PolicyFile.locate(Optional.empty(), env));
    return over(file.policy(), CloudClients.fromEnvironment(env), ApplySettings.fromEnvironment(env),
        file.function().map(FunctionConfig::serviceAccountEmail));
  }

  /** A policy applier over the given policy and clients, with real time and real sleeping. */
  public static PolicyApplier over(Policy policy, CloudClients clients, ApplySettings settings) {
    return over(policy, clients, settings, Optional.empty());
  }

  /** As {@link #over(Policy, CloudClients, ApplySettings)}, knowing the function's own account for drift repair. */
  public static PolicyApplier over(Policy policy, CloudClients clients, ApplySettings settings,
      Optional<String> ownAccount) {
    Applier applier = new Applier(Gateways.over(clients), settings, RetryLoop.system(), new TargetLocks(),
        Clock.systemUTC());
    return new PolicyApplier(policy, applier, clients,
        Optional.of(new Drift(clients, ownAccount, Clock.systemUTC(), settings.dryRun())));
  }

  /** What drift repair needs, when this applier was built over real clients. */
  public Optional<Drift> drift() {
    return drift;
  }

  public Policy policy() {
    return policy;
  }

  /** Applies the policy to one resource; see {@link Applier#apply}. */
  public ApplyResult apply(ResourceEvent event) {
    return applier.apply(event, policy);
  }

  /** Applies the policy to one resource, carrying out only the bindings {@code only} accepts; see {@link Applier#apply}. */
  public ApplyResult apply(ResourceEvent event, Predicate<BindingChange> only) {
    return applier.apply(event, policy, only);
  }

  /** Puts back the cluster objects of the resource's plan that {@code only} accepts; see {@link Applier#applyObjects}. */
  public ApplyResult applyObjects(ResourceEvent event, Predicate<dev.autobind.plan.ClusterObject> only) {
    return applier.applyObjects(event, policy, only);
  }

  @Override
  public void close() throws Exception {
    resources.close();
  }
}
