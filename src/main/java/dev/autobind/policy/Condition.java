package dev.autobind.policy;

import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** An IAM condition on a binding: a title, an optional description and a CEL expression. */
public record Condition(String title, Optional<String> description, String expression) {

  public Condition {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(expression, "expression");
  }

  /** This condition with {@code edit} applied to each of its texts (used to fill in placeholders). */
  public Condition map(UnaryOperator<String> edit) {
    return new Condition(edit.apply(title), description.map(edit), edit.apply(expression));
  }

  /** Every text of the condition, for checks that apply to all of them. */
  public String allText() {
    return title + "\n" + description.orElse("") + "\n" + expression;
  }
}
