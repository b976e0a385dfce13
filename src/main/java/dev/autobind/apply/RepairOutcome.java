package dev.autobind.apply;

import java.util.Objects;

/**
 * How drift repair ended for one policy change: the apply stage's result, and whether a declared exemption
 * was the reason nothing was restored (the decision record then says {@code exempt}).
 */
public record RepairOutcome(ApplyResult result, boolean exempt) {
  public RepairOutcome {
    Objects.requireNonNull(result, "result");
  }
}
