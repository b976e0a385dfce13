package dev.autobind.policy;

import dev.autobind.kind.NamingRules;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code principal://} and {@code principalSet://} members autobind grants to, checked strictly:
 * one bad member would fail every binding on its target. The accepted forms are the documented ones
 * (IAM "Principal identifiers" and GKE "Workload Identity Federation for GKE"): a workforce or workload
 * identity pool on {@code iam.googleapis.com}, the project by number, and for GKE's own pool
 * ({@code PROJECT_ID.svc.id.goog}) only the Kubernetes selectors: one service account
 * ({@code subject/ns/NS/sa/KSA}), a namespace ({@code namespace/NS}) or a cluster
 * ({@code kubernetes.cluster/https://container.googleapis.com/v1/projects/P/locations/L/clusters/C}).
 */
public final class WorkloadPrincipal {

  static final String IAM_HOST = "iam.googleapis.com";

  private static final Pattern WORKLOAD_POOL_PATH =
      Pattern.compile("projects/([^/]*)/locations/([^/]*)/workloadIdentityPools/([^/]*)/(.*)");
  private static final Pattern WORKFORCE_POOL_PATH = Pattern.compile("locations/([^/]*)/workforcePools/([^/]*)/(.*)");
  private static final Pattern PROJECT_NUMBER = Pattern.compile("[1-9][0-9]{0,18}");
  /** Workload identity pool ids: 4-32 lowercase letters, digits and hyphens. */
  private static final Pattern POOL_ID = Pattern.compile("[a-z0-9][-a-z0-9]{2,30}[a-z0-9]");
  /** Workforce pool ids: 6-63 lowercase letters, digits and hyphens, starting with a letter. */
  private static final Pattern WORKFORCE_POOL_ID = Pattern.compile("[a-z][-a-z0-9]{4,61}[a-z0-9]");
  private static final Pattern KSA_SUBJECT = Pattern.compile("subject/ns/([^/]*)/sa/([^/]*)");
  private static final Pattern CLUSTER_URL = Pattern.compile(
      "https://container\\.googleapis\\.com/v1/projects/([^/]*)/locations/([^/]*)/clusters/([^/]*)");
  private static final Pattern ATTRIBUTE = Pattern.compile("attribute\\.[a-z_][a-z0-9_]{0,99}/[\\x21-\\x7e]{1,256}");
  private static final Pattern PLAIN_VALUE = Pattern.compile("[\\x21-\\x7e]{1,256}");

  private WorkloadPrincipal() {}

  /** The member for one Kubernetes service account of a GKE cluster's pool. */
  static String ksa(String projectNumber, String pool, String namespace, String name) {
    return "principal://" + poolPath(projectNumber, pool) + "/subject/ns/" + namespace + "/sa/" + name;
  }

  /** The member for every Kubernetes service account in {@code namespace}, in every cluster that uses the pool. */
  static String namespaceSet(String projectNumber, String pool, String namespace) {
    return "principalSet://" + poolPath(projectNumber, pool) + "/namespace/" + namespace;
  }

  /** The member for every Kubernetes service account of one cluster. */
  static String clusterSet(String projectNumber, String pool, String project, String location, String cluster) {
    return "principalSet://" + poolPath(projectNumber, pool) + "/kubernetes.cluster/https://container.googleapis.com/v1/projects/"
        + project + "/locations/" + location + "/clusters/" + cluster;
  }

  private static String poolPath(String projectNumber, String pool) {
    return IAM_HOST + "/projects/" + projectNumber + "/locations/global/workloadIdentityPools/" + pool;
  }

  /** The namespace a GKE namespace set covers, when {@code member} is one. */
  static Optional<String> namespaceOfSet(String member) {
    Matcher m = WORKLOAD_POOL_PATH.matcher(member.startsWith("principalSet://" + IAM_HOST + "/")
        ? member.substring(("principalSet://" + IAM_HOST + "/").length()) : "");
    boolean gkePool = m.matches()
        && (m.group(3).endsWith(WorkloadPool.SUFFIX) || m.group(3).equals(Placeholder.WORKLOAD_POOL.token()));
    if (!gkePool || !m.group(4).startsWith("namespace/")) {
      return Optional.empty();
    }
    return Optional.of(m.group(4).substring("namespace/".length()));
  }

  /**
   * Why {@code checked} (a member starting {@code principal://} or {@code principalSet://}) cannot be
   * granted to, or empty when it can; {@code name} is the member as the user wrote it, for the message.
   */
  static Optional<String> problem(String name, String checked) {
    boolean set = checked.startsWith("principalSet://");
    String rest = checked.substring(set ? "principalSet://".length() : "principal://".length());
    if (checked.contains("*")) {
      return Optional.of(name + " has a wildcard; name one pool's subject, group, attribute or Kubernetes selector");
    }
    if (!rest.startsWith(IAM_HOST + "/")) {
      return Optional.of(name + " is not on " + IAM_HOST + "; only workload and workforce identity pool principals"
          + " are supported (use user:, group: or serviceAccount: for Google identities)");
    }
    String path = rest.substring(IAM_HOST.length() + 1);
    Matcher workload = WORKLOAD_POOL_PATH.matcher(path);
    if (workload.matches()) {
      return workloadProblem(name, set, workload);
    }
    Matcher workforce = WORKFORCE_POOL_PATH.matcher(path);
    if (workforce.matches()) {
      return workforceProblem(name, set, workforce);
    }
    return Optional.of(name + " is not a pool principal; expected " + IAM_HOST
        + "/projects/NUMBER/locations/global/workloadIdentityPools/POOL/... or " + IAM_HOST
        + "/locations/global/workforcePools/POOL/...");
  }

  private static Optional<String> workloadProblem(String name, boolean set, Matcher m) {
    if (!PROJECT_NUMBER.matcher(m.group(1)).matches()) {
      return Optional.of(name + ": projects/" + Problems.shown(m.group(1))
          + " must be the project number (digits), not the project id");
    }
    if (!m.group(2).equals("global")) {
      return Optional.of(name + ": workload identity pools are in locations/global, not " + Problems.shown(m.group(2)));
    }
    String pool = m.group(3);
    String selector = m.group(4);
    if (pool.endsWith(WorkloadPool.SUFFIX)) {
      if (!WorkloadPool.wellFormed(pool)) {
        return Optional.of(name + ": pool " + Problems.shown(pool) + " is not a GKE pool; GKE's pool is PROJECT_ID"
            + WorkloadPool.SUFFIX + " with a project id");
      }
      return set ? gkeSetProblem(name, selector) : gkeSubjectProblem(name, selector);
    }
    if (!POOL_ID.matcher(pool).matches()) {
      return Optional.of(name + ": " + Problems.shown(pool) + " is not a workload identity pool id"
          + " (4-32 lowercase letters, digits and hyphens) nor a GKE pool (PROJECT_ID" + WorkloadPool.SUFFIX + ")");
    }
    return poolSelectorProblem(name, set, selector);
  }

  private static Optional<String> workforceProblem(String name, boolean set, Matcher m) {
    if (!m.group(1).equals("global")) {
      return Optional.of(name + ": workforce pools are in locations/global, not " + Problems.shown(m.group(1)));
    }
    if (!WORKFORCE_POOL_ID.matcher(m.group(2)).matches()) {
      return Optional.of(name + ": " + Problems.shown(m.group(2)) + " is not a workforce pool id"
          + " (6-63 lowercase letters, digits and hyphens, starting with a letter)");
    }
    return poolSelectorProblem(name, set, m.group(3));
  }

  /** A non-GKE pool: {@code subject/VALUE} for one identity; {@code group/ID} or {@code attribute.NAME/VALUE} for a set. */
  private static Optional<String> poolSelectorProblem(String name, boolean set, String selector) {
    boolean ok = set
        ? (selector.startsWith("group/") && PLAIN_VALUE.matcher(selector.substring(6)).matches())
            || ATTRIBUTE.matcher(selector).matches()
        : selector.startsWith("subject/") && PLAIN_VALUE.matcher(selector.substring(8)).matches();
    return ok ? Optional.empty() : Optional.of(name + ": " + Problems.shown(selector) + " is not a selector of the pool;"
        + (set ? " a principalSet takes group/GROUP or attribute.NAME/VALUE" : " a principal takes subject/VALUE"));
  }

  private static Optional<String> gkeSubjectProblem(String name, String selector) {
    Matcher m = KSA_SUBJECT.matcher(selector);
    if (!m.matches()) {
      return Optional.of(name + ": " + Problems.shown(selector) + " is not a Kubernetes service account;"
          + " a GKE principal takes subject/ns/NAMESPACE/sa/NAME");
    }
    return KubernetesNames.namespaceProblem(m.group(1)).or(() -> KubernetesNames.nameProblem(m.group(2)))
        .map(p -> name + ": " + p);
  }

  /** Why {@code location} is not a GKE location (a region or a zone), or empty when it is one. */
  static Optional<String> locationProblem(String location) {
    return NamingRules.isLocation(location) ? Optional.empty()
        : Optional.of(Problems.shown(location) + " is not a region or zone such as us-central1 or us-central1-a");
  }

  /** Why {@code cluster} is not a GKE cluster name, or empty when it is one. */
  static Optional<String> clusterProblem(String cluster) {
    return NamingRules.isCluster(cluster) ? Optional.empty() : Optional.of(Problems.shown(cluster)
        + " is not a GKE cluster name; use up to 40 lowercase letters, digits and '-', starting with a letter");
  }

  private static Optional<String> gkeSetProblem(String name, String selector) {
    if (selector.startsWith("namespace/")) {
      return KubernetesNames.namespaceProblem(selector.substring("namespace/".length())).map(p -> name + ": " + p);
    }
    if (selector.startsWith("kubernetes.cluster/")) {
      Matcher m = CLUSTER_URL.matcher(selector.substring("kubernetes.cluster/".length()));
      if (!m.matches()) {
        return Optional.of(name + ": a cluster is named https://container.googleapis.com/v1/projects/PROJECT_ID"
            + "/locations/LOCATION/clusters/CLUSTER");
      }
      if (!Identifiers.projectId(m.group(1))) {
        return Optional.of(name + ": " + Problems.shown(m.group(1)) + " " + Identifiers.PROJECT_ID_RULE);
      }
      return locationProblem(m.group(2)).or(() -> clusterProblem(m.group(3))).map(p -> name + ": " + p);
    }
    return Optional.of(name + ": " + Problems.shown(selector) + " is not a GKE selector; a GKE principalSet takes"
        + " namespace/NAMESPACE or kubernetes.cluster/CLUSTER_URL");
  }
}
