package dev.autobind.deploy;

import dev.autobind.policy.FunctionConfig;
import java.util.List;
import java.util.Objects;

/**
 * The ordered steps that deploy autobind as function.yaml describes it.
 *
 * @param function the deployment section the plan was made from
 * @param steps the steps, in the order they must run
 * @param warnings things the deployment cannot do as the policy asks, one line each
 */
public record DeployPlan(FunctionConfig function, List<Step> steps, List<String> warnings) {

  public DeployPlan {
    Objects.requireNonNull(function, "function");
    steps = List.copyOf(steps);
    warnings = List.copyOf(warnings);
  }
}
