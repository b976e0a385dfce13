package dev.autobind.plan;

import java.util.Objects;

/** A rule, or part of one, that planned nothing, and why: it does not apply, or a fact it needs is unknown. */
public record SkippedRule(String rule, String reason) {

  public SkippedRule {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(reason, "reason");
  }
}
