package dev.autobind.apply;

import dev.autobind.event.ResourceEvent;
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
  private final Applier applier;
  private final AutoCloseable resources;

  public PolicyApplier(Policy policy, Applier applier, AutoCloseable resources) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.applier = Objects.requireNonNull(applier, "applier");
    this.resources = Objects.requireNonNull(resources, "resources");
  }

  /**
   * The policy applier the environment describes: the policy from {@code AUTOBIND_POLICY} (default
   * {@code function.yaml}), {@code AUTOBIND_DRY_RUN}, and {@code AUTOBIND_EMULATOR_HOST}.
   *
   * @throws dev.autobind.policy.PolicyException when the policy does not load, naming every problem
   */
  public static PolicyApplier fromEnvironment(Map<String, String> env) {
    return over(PolicyFile.load(PolicyFile.locate(Optional.empty(), env)).policy(), CloudClients.fromEnvironment(env),
        ApplySettings.fromEnvironment(env));
  }

  /** A policy applier over the given policy and clients, with real time and real sleeping. */
  public static PolicyApplier over(Policy policy, CloudClients clients, ApplySettings settings) {
    Applier applier = new Applier(Gateways.over(clients), settings, RetryLoop.system(), new TargetLocks(),
        Clock.systemUTC());
    return new PolicyApplier(policy, applier, clients);
  }

  public Policy policy() {
    return policy;
  }

  /** Applies the policy to one resource; see {@link Applier#apply}. */
  public ApplyResult apply(ResourceEvent event) {
    return applier.apply(event, policy);
  }

  @Override
  public void close() throws Exception {
    resources.close();
  }
}
