package dev.autobind.policy;

import dev.autobind.kind.ResourceKind;
import java.util.List;
import java.util.Objects;

/** One named rule: which resources it covers, and what it grants for each. */
public record Rule(String name, List<ResourceKind> resources, Match match, Grant grant) {

  public Rule {
    Objects.requireNonNull(name, "name");
    resources = List.copyOf(resources);
    Objects.requireNonNull(match, "match");
    Objects.requireNonNull(grant, "grant");
  }

  public boolean covers(ResourceKind kind) {
    return resources.contains(kind);
  }
}
