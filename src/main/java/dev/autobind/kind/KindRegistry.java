package dev.autobind.kind;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one table of resource kinds autobind governs; every other table (watched methods, sink filter,
 * triggers, asset types, grantable roles, permissions, services) is read from it. It holds the kinds'
 * pure halves only; their I/O halves join them in {@code apply.KindPlugins}. The wiring builds it (the
 * shipped kinds are {@code kinds.ShippedKinds}) and passes it down; nothing below the wiring looks up a
 * static table, so a kind a test registers is seen everywhere.
 */
public final class KindRegistry {

  private final List<ResourceKind> kinds;
  private final Map<String, ResourceKind> byMethod;

  private KindRegistry(List<ResourceKind> kinds) {
    this.kinds = List.copyOf(kinds);
    Map<String, ResourceKind> methods = new LinkedHashMap<>();
    List<String> ids = new ArrayList<>();
    List<String> services = new ArrayList<>();
    for (ResourceKind kind : this.kinds) {
      require(!ids.contains(kind.id()), "kind " + kind.id() + " is in the registry twice");
      require(!services.contains(kind.service() + "/" + kind.collection()),
          "two kinds name " + kind.service() + " " + kind.collection());
      ids.add(kind.id());
      services.add(kind.service() + "/" + kind.collection());
      for (AuditMethod method : kind.methods()) {
        require(methods.put(method.methodName(), kind) == null,
            "method " + method.methodName() + " is in the registry twice");
      }
    }
    this.byMethod = java.util.Collections.unmodifiableMap(methods);
  }

  /** A registry over {@code kinds}, in their order; a kind, method or collection may appear once only. */
  public static KindRegistry of(List<ResourceKind> kinds) {
    return new KindRegistry(kinds);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  /** Every kind, in registry order. */
  public List<ResourceKind> kinds() {
    return kinds;
  }

  /** The kind named {@code id} in function.yaml. */
  public Optional<ResourceKind> byId(String id) {
    return kinds().stream().filter(k -> k.id().equals(id)).findFirst();
  }

  /** The kind an audit-log method creates. */
  public Optional<ResourceKind> byMethod(String methodName) {
    return Optional.ofNullable(byMethod.get(methodName));
  }

  /** The kinds whose full names start with {@code //service/}. */
  public List<ResourceKind> byService(String service) {
    return kinds().stream().filter(k -> k.service().equals(service)).toList();
  }

  /**
   * The kind a name under {@code service} with {@code collection} is meant to be: the one with that
   * collection, else the service's first kind (so a wrong collection is refused in that kind's terms);
   * empty when no kind is under the service.
   */
  public Optional<ResourceKind> closest(String service, String collection) {
    List<ResourceKind> under = byService(service);
    return under.stream().filter(k -> k.collection().equals(collection)).findFirst()
        .or(() -> under.stream().findFirst());
  }

  /** Every service that starts a governed kind's full names, sorted. */
  public List<String> services() {
    return kinds().stream().map(ResourceKind::service).distinct().sorted().toList();
  }

  /** Every watched audit-log method, in registry order: what the deployment routes to the function. */
  public List<AuditMethod> methods() {
    return kinds().stream().flatMap(k -> k.methods().stream()).toList();
  }

  /** The change of a project's policy, as Resource Manager's v1 API logs it (resourceName {@code projects/ID}). */
  public static final AuditMethod PROJECT_POLICY_CHANGE =
      new AuditMethod("cloudresourcemanager.googleapis.com", "SetIamPolicy");
  /** The change of a service account's own policy, as IAM logs it (cloud.google.com/iam/docs/audit-logging). */
  public static final AuditMethod ACCOUNT_POLICY_CHANGE =
      new AuditMethod("iam.googleapis.com", "google.iam.admin.v1.SetIAMPolicy");

  /**
   * Every audit-log method that changes a policy autobind governs, which drift repair watches: a project's,
   * a service account's, and each kind's own ({@link ResourceIam#policyChange()}), without repeats.
   */
  public List<AuditMethod> policyChangeMethods() {
    return java.util.stream.Stream.concat(java.util.stream.Stream.of(PROJECT_POLICY_CHANGE, ACCOUNT_POLICY_CHANGE),
        kinds().stream().flatMap(k -> k.resourceIam().flatMap(ResourceIam::policyChange).stream()))
        .distinct().toList();
  }

  /** The kinds whose own policy's changes {@code methodName} records, in registry order. */
  public List<ResourceKind> changedBy(String methodName) {
    return kinds().stream().filter(k -> k.resourceIam().flatMap(ResourceIam::policyChange)
        .map(m -> m.methodName().equals(methodName)).orElse(false)).toList();
  }

  /**
   * Every method the deployment routes to the function: the creations, the policy changes, then the changes of
   * objects autobind creates inside clusters ({@link ClusterObjectKind#changes()}).
   */
  public List<AuditMethod> routedMethods() {
    return java.util.stream.Stream.of(methods(), policyChangeMethods(), ClusterObjectKind.changes())
        .flatMap(List::stream).toList();
  }

  /** A registry of only {@code wanted}'s kinds, in this registry's order: for listing some kinds only. */
  public KindRegistry only(java.util.Collection<ResourceKind> wanted) {
    return of(kinds.stream().filter(wanted::contains).toList());
  }

  /** Every Cloud Asset Inventory type backfill searches for. */
  public List<String> assetTypes() {
    return kinds().stream().map(ResourceKind::assetType).toList();
  }

  /** The kind ids, joined for a message: {@code gke-cluster, vertex-model or tpu-node}. */
  public String ids(String conjunction) {
    return listed(kinds().stream().map(ResourceKind::id).toList(), conjunction);
  }

  /** Words joined for a message: {@code a}, {@code a and b}, {@code a, b and c}. */
  public static String listed(List<String> words, String conjunction) {
    if (words.size() < 2) {
      return String.join("", words);
    }
    return String.join(", ", words.subList(0, words.size() - 1)) + " " + conjunction + " " + words.get(words.size() - 1);
  }
}
