package dev.autobind.apply;

import dev.autobind.event.ResourceEvent;
import dev.autobind.policy.Policy;
import dev.autobind.policy.PolicyFile;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one function instance (or one CLI run) keeps between events: the loaded policy, the clients
 * and the applier with its per-target locks. The clients are created on the first event that needs
 * them, not here, so a bad event costs no connection.
 */
public final class Engine implements AutoCloseable {
  private final Policy policy;
  private final Applier applier;
  private final AutoCloseable resources;

  public Engine(Policy policy, Applier applier, AutoCloseable resources) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.applier = Objects.requireNonNull(applier, "applier");
    this.resources = Objects.requireNonNull(resources, "resources");
  }

  /**
   * The engine the environment describes: the policy from {@code AUTOBIND_POLICY} (default
   * {@code function.yaml}), {@code AUTOBIND_DRY_RUN}, and {@code AUTOBIND_EMULATOR_HOST}.
   *
   * @throws dev.autobind.policy.PolicyException when the policy does not load, naming every problem
   */
  public static Engine fromEnvironment(Map<String, String> env) {
    return over(PolicyFile.load(PolicyFile.locate(Optional.empty(), env)).policy(), CloudClients.fromEnvironment(env),
        ApplySettings.fromEnvironment(env));
  }

  /** An engine over the given policy and clients, with real time and real sleeping. */
  public static Engine over(Policy policy, CloudClients clients, ApplySettings settings) {
    Applier applier = new Applier(Gateways.over(clients), settings, RetryLoop.system(), new TargetLocks(),
        Clock.systemUTC());
    return new Engine(policy, applier, clients);
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
