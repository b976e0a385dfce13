package dev.autobind.policy;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Kubernetes' naming rules, in one place: namespaces are DNS-1123 labels, object names DNS-1123
 * subdomains, RBAC role names path segments. Names end up in URLs and IAM principal identifiers, so
 * anything outside these rules is refused rather than escaped.
 */
public final class KubernetesNames {

  /** The annotation that ties a Kubernetes service account to a Google service account (Workload Identity). */
  public static final String GCP_SERVICE_ACCOUNT_ANNOTATION = "iam.gke.io/gcp-service-account";

  static final int MAX_LABEL = 63;
  static final int MAX_SUBDOMAIN = 253;
  static final int MAX_SUBJECT = 256;

  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  /** Role names are path segments; the built-in ones also use ':' (e.g. system:aggregate-to-edit). */
  private static final Pattern ROLE = Pattern.compile("[a-z0-9]([-a-z0-9.:]*[a-z0-9])?");
  /** Label keys: an optional DNS subdomain prefix and a name of letters, digits, '-', '_' and '.'. */
  private static final Pattern LABEL_KEY_NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
  private static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");

  private KubernetesNames() {}

  /** Why {@code value} is not a namespace name (a DNS-1123 label), or empty when it is one. */
  public static Optional<String> namespaceProblem(String value) {
    return label(value) ? Optional.empty() : Optional.of(Problems.shown(value)
        + " is not a namespace name; use up to 63 lowercase letters, digits and '-', starting and ending with a"
        + " letter or digit");
  }

  /** Why {@code value} is not an object name (a DNS-1123 subdomain), or empty when it is one. */
  public static Optional<String> nameProblem(String value) {
    return subdomain(value) ? Optional.empty() : Optional.of(Problems.shown(value)
        + " is not a Kubernetes object name; use up to 253 lowercase letters, digits, '-' and '.', starting and"
        + " ending with a letter or digit");
  }

  /** Why {@code value} is not a Role or ClusterRole name, or empty when it is one. */
  static Optional<String> roleProblem(String value) {
    return value.length() <= MAX_SUBDOMAIN && ROLE.matcher(value).matches() ? Optional.empty()
        : Optional.of(Problems.shown(value) + " is not a role name; use up to 253 lowercase letters, digits, '-',"
            + " '.' and ':', starting and ending with a letter or digit");
  }

  /** Why {@code value} cannot name an RBAC user or group, or empty when it can. */
  static Optional<String> subjectProblem(String value) {
    if (value.length() > MAX_SUBJECT) {
      return Optional.of("is " + value.length() + " characters long; the limit is " + MAX_SUBJECT);
    }
    if (value.chars().anyMatch(c -> c <= ' ' || c >= 0x7f)) {
      return Optional.of(Problems.shown(value) + " contains whitespace, control or non-ASCII characters");
    }
    return Optional.empty();
  }

  /** Why {@code key} is not a label or annotation key ({@code [PREFIX/]NAME}), or empty when it is one. */
  static Optional<String> keyProblem(String key) {
    int slash = key.lastIndexOf('/');
    String prefix = slash < 0 ? "" : key.substring(0, slash);
    String name = key.substring(slash + 1);
    boolean ok = LABEL_KEY_NAME.matcher(name).matches() && (slash < 0 || subdomain(prefix));
    return ok ? Optional.empty() : Optional.of(Problems.shown(key) + " is not a label key; use [PREFIX/]NAME with"
        + " a DNS subdomain PREFIX and a NAME of up to 63 letters, digits, '-', '_' and '.'");
  }

  /** Why {@code value} is not a label value, or empty when it is one. */
  static Optional<String> labelValueProblem(String value) {
    return LABEL_VALUE.matcher(value).matches() ? Optional.empty() : Optional.of(Problems.shown(value)
        + " is not a label value; use up to 63 letters, digits, '-', '_' and '.', starting and ending with a"
        + " letter or digit");
  }

  /** True for the namespaces Kubernetes reserves for itself: {@code kube-system}, {@code kube-public}, every {@code kube-*}. */
  public static boolean systemNamespace(String namespace) {
    return namespace.startsWith("kube-");
  }

  /** True for RBAC users and groups of the Kubernetes system itself, {@code system:*}. */
  public static boolean systemSubject(String name) {
    return name.startsWith("system:");
  }

  static boolean label(String value) {
    return value.length() <= MAX_LABEL && LABEL.matcher(value).matches();
  }

  static boolean subdomain(String value) {
    return value.length() <= MAX_SUBDOMAIN && SUBDOMAIN.matcher(value).matches();
  }
}
