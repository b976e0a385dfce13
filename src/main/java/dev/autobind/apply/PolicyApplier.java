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
  public static PolicyApplier fromEnvironment(Map<String, String> env, KindPlugins kinds) {
    PolicyFile file = PolicyFile.load(PolicyFile.locate(Optional.empty(), env), kinds.registry());
    return over(file.policy(), CloudClients.fromEnvironment(env), ApplySettings.fromEnvironment(env), kinds,
        file.function().map(FunctionConfig::serviceAccountEmail));
  }

  /** A policy applier over the given policy and clients, with real time and real sleeping. */
  public static PolicyApplier over(Policy policy, CloudClients clients, ApplySettings settings, KindPlugins kinds) {
    return over(policy, clients, settings, kinds, Optional.empty());
  }

  /** As {@link #over(Policy, CloudClients, ApplySettings, KindPlugins)}, knowing the function's own account for drift repair. */
  public static PolicyApplier over(Policy policy, CloudClients clients, ApplySettings settings, KindPlugins kinds,
      Optional<String> ownAccount) {
    Applier applier = new Applier(Gateways.over(clients, kinds), settings, RetryLoop.system(), new TargetLocks(),
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

  /** Applies the policy to one resource; see {@link Applier#apply}. */
  public ApplyResult apply(ResourceEvent event) {
    return applier.apply(event, policy);
  }

  /** Applies the policy to one resource, carrying out only the bindings {@code only} accepts; see {@link Applier#apply}. */
  public ApplyResult apply(ResourceEvent event, Predicate<BindingChange> only) {
    return applier.apply(event, policy, only);
  }

  @Override
  public void close() throws Exception {
    resources.close();
  }
}
