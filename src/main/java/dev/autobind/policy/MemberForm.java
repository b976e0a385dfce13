package dev.autobind.policy;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The member forms autobind grants to, and why any other string is refused. */
public final class MemberForm {

  static final int MAX_LENGTH = 512;

  private static final String EMAIL =
      "[A-Za-z0-9][A-Za-z0-9._%+'-]{0,63}@[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?)+";
  private static final String DOMAIN = "[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?)+";
  /** A Kubernetes service account in GKE's Workload Identity pool: {@code PROJECT.svc.id.goog[NAMESPACE/KSA]}. */
  private static final Pattern WORKLOAD = Pattern.compile("([a-z][-a-z0-9.:]*\\.svc\\.id\\.goog)\\[([^/\\]]*)/([^/\\]]*)]");

  /** Every way of writing "anyone": {@code allUsers}, {@code allAuthenticatedUsers} and the principal set of the public. */
  private static final Set<String> PUBLIC = Set.of("allUsers", "allAuthenticatedUsers", "principalSet://goog/public:all");

  /** One accepted form: its prefix, the pattern of what follows, and how to write it. */
  private record Form(Pattern rest, String expected) {
    Form(String rest, String expected) {
      this(Pattern.compile(rest), expected);
    }
  }

  private static final Map<String, Form> FORMS = Map.of(
      "user:", new Form(EMAIL, "user:EMAIL"),
      "group:", new Form(EMAIL, "group:EMAIL"),
      "serviceAccount:", new Form(EMAIL + "|" + WORKLOAD.pattern(),
          "serviceAccount:EMAIL or serviceAccount:POOL.svc.id.goog[NAMESPACE/KSA]"),
      "domain:", new Form(DOMAIN, "domain:DOMAIN"));

  /** The pool principals, checked by {@link WorkloadPrincipal}. */
  private static final Set<String> POOL_PREFIXES = Set.of("principal://", "principalSet://");

  private MemberForm() {}

  /** The Kubernetes names inside {@code serviceAccount:POOL[NAMESPACE/KSA]}, checked by Kubernetes' own rules. */
  private static Optional<String> workloadKsaProblem(String name, String rest) {
    Matcher m = WORKLOAD.matcher(rest);
    if (!m.matches()) {
      return Optional.empty();
    }
    return KubernetesNames.namespaceProblem(m.group(2)).or(() -> KubernetesNames.nameProblem(m.group(3)))
        .map(p -> name + ": " + p);
  }

  /** Why {@code member} cannot be granted to, or empty when it can. */
  public static Optional<String> problem(String member) {
    return problem(member, member);
  }

  /**
   * Checks {@code checked} (the member with sample values put in for its placeholders) and words any
   * problem in terms of {@code shown}, the member as the user wrote it.
   */
  static Optional<String> problem(String shown, String checked) {
    String name = Problems.shown(shown);
    if (PUBLIC.contains(checked)) {
      return Optional.of(name + " makes the grant public; name users, groups or service accounts instead");
    }
    if (checked.length() > MAX_LENGTH) {
      return Optional.of("member is " + checked.length() + " characters long; the limit is " + MAX_LENGTH);
    }
    if (checked.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
      return Optional.of(name + " contains whitespace or control characters");
    }
    if (POOL_PREFIXES.stream().anyMatch(checked::startsWith)) {
      return WorkloadPrincipal.problem(name, checked);
    }
    int colon = checked.indexOf(':');
    Form form = colon < 0 ? null : FORMS.get(checked.substring(0, colon + 1));
    if (form == null) {
      return Optional.of(name + " is not a supported member; "
          + "use user:, group:, serviceAccount:, domain:, principal:// or principalSet://");
    }
    if (!form.rest().matcher(checked.substring(colon + 1)).matches()) {
      return Optional.of(name + " is not a valid member; expected " + form.expected());
    }
    return workloadKsaProblem(name, checked.substring(colon + 1));
  }
}
