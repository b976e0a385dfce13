package dev.autobind.deploy;

import dev.autobind.policy.ClusterSetup;
import dev.autobind.policy.FunctionConfig;
import dev.autobind.policy.GrantScope;
import dev.autobind.policy.Policy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The placeholders of the shipped function.yaml, which a real deployment must replace: its organization, the
 * function's project, the example folders and notification channel, and every member, operator and Kubernetes
 * subject in example.com (or a subdomain), which RFC 2606 reserves for examples. A deployment that still holds one would either fail half-way or,
 * worse, grant to addresses nobody owns. Each is named by its field, so that one run lists them all.
 */
public final class ExampleValues {
  /** The shipped example's organization. */
  public static final String ORGANIZATION = "organizations/123456789012";
  /** The shipped example's project for the function. */
  public static final String PROJECT = "ml-platform-ops";
  /** The domain of the shipped example's members (RFC 2606 reserves it for examples). */
  public static final String DOMAIN = "example.com";
  /** The shipped example's governed folders. */
  public static final List<String> FOLDERS = List.of("folders/234567890123", "folders/345678901234");
  /** The shipped example's notification channel for alerts. */
  public static final String ALERT_CHANNEL = "projects/" + PROJECT + "/notificationChannels/1234567890123456789";

  /** The domains RFC 2606 reserves for examples: no member there belongs to anyone. */
  private static final Pattern EXAMPLE_DOMAIN = Pattern.compile(".*@([a-z0-9.-]+\\.)?example\\.com",
      Pattern.CASE_INSENSITIVE);

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
    List<String> folders = fn.access().governedScope().stream().filter(FOLDERS::contains).toList();
    if (!folders.isEmpty()) {
      found.add("function.governedScope: " + String.join(", ", folders) + (folders.size() == 1 ? " is" : " are")
          + " the example's " + (folders.size() == 1 ? "folder" : "folders") + "; list your own (gcloud"
          + " resource-manager folders list --organization=N shows their numbers)");
    }
    inExampleDomain(found, "function.operators", fn.access().operators(), "name your own on-call group");
    fn.alerts().filter(ALERT_CHANNEL::equals).ifPresent(channel -> found.add("function.alerts: " + channel
        + " is the example's notification channel; set yours (gcloud beta monitoring channels list shows them)"));
    inExampleDomain(found, "policy.rules", policy.rules().stream()
        .flatMap(rule -> Arrays.stream(GrantScope.values()).flatMap(s -> rule.grant().in(s).stream()))
        .flatMap(grant -> grant.members().stream()).toList(), "name your own groups");
    inExampleDomain(found, "policy.kubernetes", policy.kubernetes().stream()
        .flatMap(k -> k.bindings().stream()).flatMap(b -> b.subjects().stream())
        .filter(subject -> subject.kind() != ClusterSetup.SubjectKind.SERVICE_ACCOUNT)
        .map(subject -> subject.kind().kind().toLowerCase(Locale.ROOT) + ":" + subject.name()).toList(), "name your own groups and users");
    return List.copyOf(found);
  }

  private static void inExampleDomain(List<String> found, String field, List<String> members, String advice) {
    List<String> example = members.stream().filter(m -> EXAMPLE_DOMAIN.matcher(m).matches()).distinct().toList();
    if (!example.isEmpty()) {
      found.add(field + ": " + example.size() + (example.size() == 1 ? " member is" : " members are") + " in the"
          + " example's domain " + DOMAIN + " (" + String.join(", ", example) + "); " + advice);
    }
  }
}
