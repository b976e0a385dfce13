package dev.autobind.policy;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The rule that keeps grants inside the organization ({@code policy.memberDomains}). A {@code user:},
 * {@code group:} or {@code domain:} member must be in a listed domain or one of its subdomains. A
 * {@code serviceAccount:} member passes when it is a user-managed account of a governed project
 * ({@code NAME@PROJECT.iam.gserviceaccount.com} with PROJECT in policy.projects, including
 * {@code ${serviceAccount}} and accounts in {@code ${project}}); any other account, such as a Google-managed
 * service agent or an account of another project, must have its domain listed
 * (e.g. {@code ci-project.iam.gserviceaccount.com}). Consumer domains are refused unless listed, even when
 * the key is absent. Pool principals are left to the Workload Identity rules.
 *
 * @param listed the domains, lowercase; empty when the key is absent
 * @param governed the governed projects, when they were read
 */
record MemberDomains(Optional<List<String>> listed, Optional<ProjectScope> governed) {

  static final Set<String> CONSUMER = Set.of("gmail.com", "googlemail.com");
  static final String ACCOUNT_DOMAIN = ".iam.gserviceaccount.com";
  /** Google-managed service agents live in gcp-sa-* pseudo-projects, which belong to no organization. */
  private static final String SERVICE_AGENT_PREFIX = "gcp-sa-";

  MemberDomains {
    listed = listed.map(List::copyOf);
  }

  /** Why {@code member} (as written, placeholders and all) is outside the organization, or empty. */
  Optional<String> problem(String member) {
    int colon = member.indexOf(':');
    String kind = colon < 0 ? "" : member.substring(0, colon);
    String rest = member.substring(colon + 1);
    return switch (kind) {
      case "user", "group" -> domainOf(member, rest.substring(rest.indexOf('@') + 1));
      case "domain" -> domainOf(member, rest);
      case "serviceAccount" -> rest.contains("[") ? Optional.empty() : account(member, rest);
      default -> Optional.empty();
    };
  }

  private Optional<String> account(String member, String email) {
    String domain = email.substring(email.indexOf('@') + 1);
    if (member.equals("serviceAccount:" + Placeholder.SERVICE_ACCOUNT.token())
        || domain.equals(Placeholder.PROJECT.token() + ACCOUNT_DOMAIN)) {
      return Optional.empty();
    }
    if (domain.endsWith(ACCOUNT_DOMAIN) && !domain.startsWith(SERVICE_AGENT_PREFIX) && governed.isPresent()
        && governed.get().refusal(domain.substring(0, domain.length() - ACCOUNT_DOMAIN.length())).isEmpty()) {
      return Optional.empty();
    }
    return domainOf(member, domain);
  }

  private Optional<String> domainOf(String member, String domain) {
    String name = Problems.shown(member);
    if (domain.contains("${")) {
      return Optional.of(name + ": its domain is known only per resource, so policy.memberDomains cannot vouch"
          + " for it; write the domain out");
    }
    String lower = domain.toLowerCase(Locale.ROOT);
    if (listed.isEmpty()) {
      return CONSUMER.contains(lower)
          ? Optional.of(name + " is a consumer account (" + lower + "), outside any organization; list " + lower
              + " under policy.memberDomains to allow it")
          : Optional.empty();
    }
    boolean inside = listed.get().stream().anyMatch(d -> lower.equals(d) || lower.endsWith("." + d));
    return inside ? Optional.empty() : Optional.of(name + " is outside policy.memberDomains ("
        + String.join(", ", listed.get()) + "); grant to members of the organization, or list " + lower + " there");
  }
}
