package dev.autobind.policy;

import java.util.List;
import java.util.stream.Collectors;

/** A policy file that cannot be used, with every problem found in it. */
public final class PolicyException extends RuntimeException {

  private final List<Problem> problems;

  public PolicyException(List<Problem> problems) {
    super(render(problems));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a PolicyException needs at least one problem");
    }
    this.problems = List.copyOf(problems);
  }

  public PolicyException(Problem problem, Throwable cause) {
    super(problem.text(), cause);
    this.problems = List.of(problem);
  }

  /** Every problem, in file order. */
  public List<Problem> problems() {
    return problems;
  }

  private static String render(List<Problem> problems) {
    return problems.stream().map(Problem::text).collect(Collectors.joining("\n"));
  }
}
