package dev.autobind.deploy;

import dev.autobind.policy.FunctionConfig;
import dev.autobind.policy.GrantScope;
import dev.autobind.policy.Policy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The placeholders of the shipped function.yaml, which a real deployment must replace: its organization,
 * the function's project and the example.com members. A deployment that still holds one would either fail
 * half-way or, worse, grant to addresses nobody owns.
 */
public final class ExampleValues {
  /** The shipped example's organization. */
  public static final String ORGANIZATION = "organizations/123456789012";
  /** The shipped example's project for the function. */
  public static final String PROJECT = "ml-platform-ops";
  /** The domain of the shipped example's members (RFC 2606 reserves it for examples). */
  public static final String DOMAIN = "example.com";

  private ExampleValues() {}

  /** One line per example value still in {@code fn} and {@code policy}, naming the field; empty when none is. */
  public static List<String> found(FunctionConfig fn, Policy policy) {
    List<String> found = new ArrayList<>();
    if (fn.sinkScope().filter(ORGANIZATION::equals).isPresent()) {
      found.add("function.sinkScope: " + ORGANIZATION + " is the example's organization; set yours (gcloud"
          + " organizations list shows its number)");
    }
    if (fn.project().equals(PROJECT)) {
      found.add("function.project: " + PROJECT + " is the example's project; set the project the function is to"
          + " run in (and exclude it in policy.projects)");
    }
    List<String> members = policy.rules().stream()
        .flatMap(rule -> Arrays.stream(GrantScope.values()).flatMap(s -> rule.grant().in(s).stream()))
        .flatMap(grant -> grant.members().stream())
        .filter(member -> member.endsWith("@" + DOMAIN)).distinct().toList();
    if (!members.isEmpty()) {
      found.add("policy.rules: " + members.size() + (members.size() == 1 ? " member is" : " members are") + " in the"
          + " example's domain " + DOMAIN + " (" + String.join(", ", members) + "); name your own groups");
    }
    return List.copyOf(found);
  }
}
