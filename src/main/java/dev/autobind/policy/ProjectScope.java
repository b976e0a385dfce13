package dev.autobind.policy;

import java.util.List;
import java.util.Optional;

/** Which projects the policy governs: those matching an include glob and no exclude glob. */
public record ProjectScope(List<Glob> include, List<Glob> exclude) {

  public ProjectScope {
    include = List.copyOf(include);
    exclude = List.copyOf(exclude);
  }

  /** Why {@code projectId} is outside the scope, or empty when the policy governs it. */
  public Optional<String> refusal(String projectId) {
    if (include.stream().noneMatch(g -> g.matches(projectId))) {
      return Optional.of("project " + projectId + " is not in policy.projects.include");
    }
    return exclude.stream().filter(g -> g.matches(projectId)).findFirst()
        .map(g -> "project " + projectId + " is excluded by policy.projects.exclude " + g.pattern());
  }
}
