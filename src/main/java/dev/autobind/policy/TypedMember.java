package dev.autobind.policy;

import dev.autobind.kind.ResourceKind;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A Kubernetes member written by its parts rather than as an IAM principal identifier:
 * {@code ksa: {namespace, name}} for one Kubernetes service account, {@code ksaSet: {namespace}} for
 * every account in a namespace, {@code ksaSet: {cluster[, location]}} for every account of one cluster.
 * Each expands to the documented {@code principal://} or {@code principalSet://} form with the project
 * number and the cluster's own pool filled in per resource ({@code ${projectNumber}}, {@code ${workloadPool}}).
 */
final class TypedMember {

  private static final String NUMBER = Placeholder.PROJECT_NUMBER.token();
  private static final String POOL = Placeholder.WORKLOAD_POOL.token();
  private static final Set<Placeholder> CLUSTER_PLACEHOLDERS = Set.of(Placeholder.NAME);
  private static final Set<Placeholder> LOCATION_PLACEHOLDERS = Set.of(Placeholder.LOCATION);

  private final TreeReader in;
  private final List<ResourceKind> kinds;

  TypedMember(TreeReader in, List<ResourceKind> kinds) {
    this.in = in;
    this.kinds = kinds;
  }

  /** The member the mapping {@code field} stands for, with placeholders, or empty after recording its problems. */
  Optional<String> read(Field field) {
    Optional<YamlNode.Mapping> m = in.mapping(field, List.of("ksa", "ksaSet"));
    if (m.isEmpty()) {
      return Optional.empty();
    }
    if (m.get().entries().size() != 1) {
      in.problems().add(field, "write a member as a string, or as exactly one of ksa: {namespace, name} and"
          + " ksaSet: {namespace} or {cluster}");
      return Optional.empty();
    }
    String key = m.get().entries().keySet().iterator().next();
    Field value = field.child(key, m.get().entries().get(key));
    return switch (key) {
      case "ksa" -> ksa(value);
      case "ksaSet" -> ksaSet(value);
      default -> Optional.empty(); // already refused as an unknown key
    };
  }

  private Optional<String> ksa(Field field) {
    Optional<YamlNode.Mapping> m = in.mapping(field, List.of("namespace", "name"));
    if (m.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> namespace = in.required(field, m.get(), "namespace").flatMap(this::namespace);
    Optional<String> name = in.required(field, m.get(), "name")
        .flatMap(f -> in.text(f).filter(n -> checked(f, KubernetesNames.nameProblem(n))));
    if (namespace.isEmpty() || name.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(WorkloadPrincipal.ksa(NUMBER, POOL, namespace.get(), name.get()));
  }

  private Optional<String> ksaSet(Field field) {
    Optional<YamlNode.Mapping> m = in.mapping(field, List.of("namespace", "cluster", "location"));
    if (m.isEmpty()) {
      return Optional.empty();
    }
    Optional<Field> namespace = in.optional(field, m.get(), "namespace");
    Optional<Field> cluster = in.optional(field, m.get(), "cluster");
    if (namespace.isPresent() == cluster.isPresent()) {
      in.problems().add(field, "name exactly one of namespace (every account in it, in every cluster of the project)"
          + " and cluster (every account of one cluster)");
      return Optional.empty();
    }
    if (namespace.isPresent()) {
      if (m.get().entries().containsKey("location")) {
        in.problems().add(field.line(), field.childPath("location"), "goes with cluster only");
        return Optional.empty();
      }
      return this.namespace(namespace.get()).map(ns -> WorkloadPrincipal.namespaceSet(NUMBER, POOL, ns));
    }
    Optional<String> name = in.text(cluster.get(), CLUSTER_PLACEHOLDERS).filter(c -> ofThisCluster(cluster.get(), c))
        .filter(c -> literal(cluster.get(), c, WorkloadPrincipal::clusterProblem));
    if (name.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> location = in.optional(field, m.get(), "location")
        .map(f -> in.text(f, LOCATION_PLACEHOLDERS).filter(l -> ofThisCluster(f, l))
            .filter(l -> literal(f, l, WorkloadPrincipal::locationProblem)))
        .orElseGet(() -> ofThisCluster(field, Placeholder.LOCATION.token())
            ? Optional.of(Placeholder.LOCATION.token()) : Optional.empty());
    if (location.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(WorkloadPrincipal.clusterSet(NUMBER, POOL, Placeholder.PROJECT.token(), location.get(), name.get()));
  }

  /** {@code ${name}} and {@code ${location}} name the new cluster only when the rule covers clusters alone. */
  private boolean ofThisCluster(Field field, String text) {
    boolean templated = !Placeholder.used(text).isEmpty();
    if (templated && !kinds.stream().allMatch(ResourceKind::hostsKubernetes)) {
      in.problems().add(field, "a cluster set with ${name} or ${location} (or no location) means the new cluster,"
          + " so the rule must cover gke-cluster only; name the cluster and its location");
      return false;
    }
    return true;
  }

  /** A value without placeholders must pass {@code rule}; one with them is checked once filled in. */
  private boolean literal(Field field, String text, java.util.function.Function<String, Optional<String>> rule) {
    return !Placeholder.used(text).isEmpty() || checked(field, rule.apply(text));
  }

  private Optional<String> namespace(Field field) {
    return in.text(field).filter(n -> checked(field, KubernetesNames.namespaceProblem(n)));
  }

  private boolean checked(Field field, Optional<String> problem) {
    problem.ifPresent(p -> in.problems().add(field, p));
    return problem.isEmpty();
  }
}
