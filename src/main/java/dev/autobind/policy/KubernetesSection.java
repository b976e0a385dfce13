package dev.autobind.policy;

import dev.autobind.policy.ClusterSetup.Binding;
import dev.autobind.policy.ClusterSetup.Namespace;
import dev.autobind.policy.ClusterSetup.RoleKind;
import dev.autobind.policy.ClusterSetup.ServiceAccount;
import dev.autobind.policy.ClusterSetup.Subject;
import dev.autobind.policy.ClusterSetup.SubjectKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads and checks {@code policy.kubernetes}, with its guardrails: no binding to {@code cluster-admin},
 * no {@code system:} role, no cluster-wide binding but to {@code view}, no {@code system:} user or group, no object in a {@code kube-*} namespace, unless {@code allow} says so.
 */
final class KubernetesSection {

  static final List<String> KEYS = List.of("namespaces", "serviceAccounts", "roleBindings", "clusterRoleBindings", "allow");
  static final List<String> ALLOW_KEYS = List.of("clusterAdmin", "systemSubjects", "systemNamespaces");
  /** Per list: a cluster's standard setup is a handful of objects, and each costs API calls on every new cluster. */
  static final int MAX_OBJECTS = 50;
  static final int MAX_SUBJECTS = 20;
  static final int MAX_LABELS = 20;
  static final String CLUSTER_ADMIN = "cluster-admin";
  /** The one role a clusterRoleBindings entry may name (besides cluster-admin, which allow.clusterAdmin opens). */
  static final String CLUSTER_WIDE_ROLE = "view";
  static final String SYSTEM_ROLE_PREFIX = "system:";

  private static final Set<Placeholder> ANNOTATION_PLACEHOLDERS = Set.of(Placeholder.SERVICE_ACCOUNT, Placeholder.PROJECT);
  private static final Set<Placeholder> SUBJECT_PLACEHOLDERS = Set.of(Placeholder.PROJECT);

  private final TreeReader in;
  private final MemberDomains memberDomains;
  private boolean allowClusterAdmin;
  private boolean allowSystemSubjects;
  private boolean allowSystemNamespaces;

  KubernetesSection(TreeReader in, MemberDomains memberDomains) {
    this.in = in;
    this.memberDomains = memberDomains;
  }

  Optional<ClusterSetup> read(Field field) {
    Optional<YamlNode.Mapping> section = in.mapping(field, KEYS);
    if (section.isEmpty()) {
      return Optional.empty();
    }
    YamlNode.Mapping m = section.get();
    boolean allowRead = in.optional(field, m, "allow").map(this::allow).orElse(true);
    Optional<List<Namespace>> namespaces = objects(field, m, "namespaces", this::namespace, Namespace::name);
    Optional<List<ServiceAccount>> accounts = objects(field, m, "serviceAccounts", this::serviceAccount,
        a -> a.namespace() + "/" + a.name());
    Optional<List<Binding>> roleBindings = objects(field, m, "roleBindings", f -> binding(f, true),
        b -> b.namespace().orElse("") + "/" + b.name());
    Optional<List<Binding>> clusterRoleBindings = objects(field, m, "clusterRoleBindings", f -> binding(f, false),
        Binding::name);
    if (!allowRead || namespaces.isEmpty() || accounts.isEmpty() || roleBindings.isEmpty()
        || clusterRoleBindings.isEmpty()) {
      return Optional.empty();
    }
    List<Binding> bindings = new ArrayList<>(roleBindings.get());
    bindings.addAll(clusterRoleBindings.get());
    if (namespaces.get().isEmpty() && accounts.get().isEmpty() && bindings.isEmpty()) {
      in.problems().add(field, "declares nothing; add namespaces, serviceAccounts, roleBindings or"
          + " clusterRoleBindings, or leave the section out");
      return Optional.empty();
    }
    return Optional.of(new ClusterSetup(namespaces.get(), accounts.get(), bindings));
  }

  private boolean allow(Field field) {
    Optional<YamlNode.Mapping> m = in.mapping(field, ALLOW_KEYS);
    if (m.isEmpty()) {
      return false;
    }
    Optional<Boolean> admin = flag(field, m.get(), "clusterAdmin");
    Optional<Boolean> subjects = flag(field, m.get(), "systemSubjects");
    Optional<Boolean> system = flag(field, m.get(), "systemNamespaces");
    allowClusterAdmin = admin.orElse(false);
    allowSystemSubjects = subjects.orElse(false);
    allowSystemNamespaces = system.orElse(false);
    return admin.isPresent() && subjects.isPresent() && system.isPresent();
  }

  private Optional<Boolean> flag(Field parent, YamlNode.Mapping m, String key) {
    return in.optional(parent, m, key).map(in::bool).orElse(Optional.of(false));
  }

  /** A list of objects, each read by {@code reader}; two with the same {@code identity} are refused. */
  private <T> Optional<List<T>> objects(Field parent, YamlNode.Mapping m, String key, Function<Field, Optional<T>> reader,
      Function<T, String> identity) {
    Optional<Field> field = in.optional(parent, m, key);
    if (field.isEmpty()) {
      return Optional.of(List.of());
    }
    Optional<List<Field>> items = in.list(field.get());
    if (items.isEmpty()) {
      return Optional.empty();
    }
    if (items.get().size() > MAX_OBJECTS) {
      in.problems().add(field.get(), "lists " + items.get().size() + " objects; the limit is " + MAX_OBJECTS);
      return Optional.empty();
    }
    List<T> objects = new ArrayList<>();
    Map<String, Integer> lines = new HashMap<>();
    boolean ok = true;
    for (Field item : items.get()) {
      Optional<T> object = reader.apply(item);
      if (object.isPresent()) {
        Integer first = lines.putIfAbsent(identity.apply(object.get()), item.line());
        if (first != null) {
          in.problems().add(item, identity.apply(object.get()) + " is declared twice; first on line " + first);
          ok = false;
        }
        objects.add(object.get());
      }
      ok &= object.isPresent();
    }
    return ok ? Optional.of(objects) : Optional.empty();
  }

  private Optional<Namespace> namespace(Field field) {
    Optional<YamlNode.Mapping> m = in.mapping(field, List.of("name", "labels"));
    if (m.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> name = in.required(field, m.get(), "name").flatMap(this::namespaceName);
    Optional<Map<String, String>> labels = in.optional(field, m.get(), "labels").map(this::labels)
        .orElse(Optional.of(Map.of()));
    if (name.isEmpty() || labels.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Namespace(name.get(), labels.get()));
  }

  private Optional<Map<String, String>> labels(Field field) {
    Optional<YamlNode.Mapping> m = in.anyMapping(field);
    if (m.isEmpty()) {
      return Optional.empty();
    }
    if (m.get().entries().size() > MAX_LABELS) {
      in.problems().add(field, "has " + m.get().entries().size() + " labels; the limit is " + MAX_LABELS);
      return Optional.empty();
    }
    Map<String, String> labels = new LinkedHashMap<>();
    boolean ok = true;
    for (Map.Entry<String, YamlNode.Entry> e : m.get().entries().entrySet()) {
      Field value = field.child(e.getKey(), e.getValue());
      Optional<String> keyProblem = KubernetesNames.keyProblem(e.getKey());
      keyProblem.ifPresent(p -> in.problems().add(value, p));
      Optional<String> text = value.node() instanceof YamlNode.Scalar s && s.isBlank() ? Optional.of("")
          : in.text(value).filter(v -> checked(value, KubernetesNames.labelValueProblem(v)));
      text.filter(t -> keyProblem.isEmpty()).ifPresent(v -> labels.put(e.getKey(), v));
      ok &= text.isPresent() && keyProblem.isEmpty();
    }
    return ok ? Optional.of(labels) : Optional.empty();
  }

  private Optional<ServiceAccount> serviceAccount(Field field) {
    Optional<YamlNode.Mapping> m = in.mapping(field, List.of("namespace", "name", "googleServiceAccount"));
    if (m.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> namespace = in.required(field, m.get(), "namespace").flatMap(this::namespaceName);
    Optional<String> name = in.required(field, m.get(), "name").flatMap(this::objectName);
    Optional<Optional<String>> google = in.optional(field, m.get(), "googleServiceAccount")
        .map(f -> googleAccount(f).map(Optional::of)).orElse(Optional.of(Optional.empty()));
    if (namespace.isEmpty() || name.isEmpty() || google.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new ServiceAccount(namespace.get(), name.get(), google.get()));
  }

  /** The annotation's value: a service account email, usually {@code ${serviceAccount}}. */
  private Optional<String> googleAccount(Field field) {
    return in.text(field, ANNOTATION_PLACEHOLDERS).filter(v -> {
      String sample = Placeholder.substitute(v, GrantSection.SAMPLES);
      boolean email = sample.endsWith(".gserviceaccount.com")
          && MemberForm.problem("serviceAccount:" + sample).isEmpty();
      if (!email) {
        in.problems().add(field, Problems.shown(v) + " is not a Google service account email;"
            + " write ${serviceAccount} for the standard account, or NAME@PROJECT.iam.gserviceaccount.com");
      }
      return email;
    });
  }

  private Optional<Binding> binding(Field field, boolean namespaced) {
    List<String> keys = namespaced ? List.of("namespace", "name", "role", "clusterRole", "subjects")
        : List.of("name", "clusterRole", "subjects");
    Optional<YamlNode.Mapping> m = in.mapping(field, keys);
    if (m.isEmpty()) {
      return Optional.empty();
    }
    Optional<Optional<String>> namespace = namespaced
        ? in.required(field, m.get(), "namespace").flatMap(this::namespaceName).map(Optional::of)
        : Optional.of(Optional.empty());
    Optional<String> name = in.required(field, m.get(), "name").flatMap(this::objectName);
    Optional<Map.Entry<RoleKind, String>> role = roleRef(field, m.get(), namespaced);
    Optional<List<Subject>> subjects = in.required(field, m.get(), "subjects").flatMap(this::subjects);
    if (namespace.isEmpty() || name.isEmpty() || role.isEmpty() || subjects.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Binding(namespace.get(), name.get(), role.get().getKey(), role.get().getValue(),
        subjects.get()));
  }

  /** Exactly one of {@code role} (a Role in the binding's namespace) and {@code clusterRole}. */
  private Optional<Map.Entry<RoleKind, String>> roleRef(Field parent, YamlNode.Mapping m, boolean namespaced) {
    Optional<Field> role = namespaced ? in.optional(parent, m, "role") : Optional.empty();
    Optional<Field> clusterRole = in.optional(parent, m, "clusterRole");
    if (role.isPresent() == clusterRole.isPresent()) {
      in.problems().add(parent.line(), parent.childPath(namespaced ? "role" : "clusterRole"), namespaced
          ? "name exactly one of role (a Role in the namespace) and clusterRole" : "is required");
      return Optional.empty();
    }
    Field field = role.orElseGet(clusterRole::get);
    RoleKind kind = role.isPresent() ? RoleKind.ROLE : RoleKind.CLUSTER_ROLE;
    return in.text(field).filter(r -> checked(field, KubernetesNames.roleProblem(r)))
        .filter(r -> notClusterAdmin(field, r)).filter(r -> notEscalating(field, r, namespaced))
        .map(r -> Map.entry(kind, r));
  }

  /**
   * A {@code system:} role is bound nowhere (some carry escalate, bind or node powers), and a cluster-wide
   * binding names {@code view} only: cluster-wide {@code edit} and {@code admin} reach every namespace's
   * Secrets and workloads. In a namespace, {@code view}, {@code edit} and {@code admin} stay.
   */
  private boolean notEscalating(Field field, String role, boolean namespaced) {
    if (role.startsWith(SYSTEM_ROLE_PREFIX)) {
      in.problems().add(field, role + " is a Kubernetes system role; some carry escalate, bind or node powers,"
          + " so autobind binds none of them");
      return false;
    }
    if (!namespaced && !role.equals(CLUSTER_WIDE_ROLE) && !role.equals(CLUSTER_ADMIN)) {
      in.problems().add(field, "a cluster-wide binding may name only the view role, not " + role
          + "; bind " + role + " in a namespace with roleBindings instead");
      return false;
    }
    return true;
  }

  private boolean notClusterAdmin(Field field, String role) {
    if (role.equals(CLUSTER_ADMIN) && !allowClusterAdmin) {
      in.problems().add(field, "cluster-admin grants every permission in every namespace;"
          + " bind a narrower role, or set policy.kubernetes.allow.clusterAdmin: true");
      return false;
    }
    return true;
  }

  private Optional<List<Subject>> subjects(Field field) {
    Optional<List<Field>> items = in.list(field);
    if (items.isEmpty()) {
      return Optional.empty();
    }
    if (items.get().isEmpty() || items.get().size() > MAX_SUBJECTS) {
      in.problems().add(field, "lists " + items.get().size() + " subjects; list 1 to " + MAX_SUBJECTS);
      return Optional.empty();
    }
    List<Subject> subjects = new ArrayList<>();
    for (Field item : items.get()) {
      Optional<Subject> subject = subject(item);
      if (subject.isPresent() && subjects.contains(subject.get())) {
        in.problems().add(item, "this subject is listed twice");
        return Optional.empty();
      }
      subject.ifPresent(subjects::add);
    }
    return subjects.size() == items.get().size() ? Optional.of(subjects) : Optional.empty();
  }

  /** One of {@code group: NAME}, {@code user: NAME} or {@code serviceAccount: {namespace, name}}. */
  private Optional<Subject> subject(Field field) {
    Optional<YamlNode.Mapping> m = in.mapping(field, List.of("group", "user", "serviceAccount"));
    if (m.isEmpty()) {
      return Optional.empty();
    }
    if (m.get().entries().size() != 1) {
      in.problems().add(field, "name exactly one of group, user and serviceAccount");
      return Optional.empty();
    }
    String key = m.get().entries().keySet().iterator().next();
    Field value = field.child(key, m.get().entries().get(key));
    if (key.equals("serviceAccount")) {
      return ksaSubject(value);
    }
    SubjectKind kind = key.equals("group") ? SubjectKind.GROUP : SubjectKind.USER;
    return in.text(value, SUBJECT_PLACEHOLDERS)
        .filter(n -> checked(value, KubernetesNames.subjectProblem(n)))
        .filter(n -> notSystemSubject(value, n))
        .filter(n -> !n.contains("@") || checked(value, memberDomains.problem(key + ":" + n)))
        .map(n -> new Subject(kind, n, Optional.empty()));
  }

  private Optional<Subject> ksaSubject(Field field) {
    Optional<YamlNode.Mapping> m = in.mapping(field, List.of("namespace", "name"));
    if (m.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> namespace = in.required(field, m.get(), "namespace").flatMap(this::namespaceName);
    Optional<String> name = in.required(field, m.get(), "name").flatMap(this::objectName);
    if (namespace.isEmpty() || name.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Subject(SubjectKind.SERVICE_ACCOUNT, name.get(), namespace));
  }

  private boolean notSystemSubject(Field field, String name) {
    if (KubernetesNames.systemSubject(name) && !allowSystemSubjects) {
      in.problems().add(field, Problems.shown(name) + " is a Kubernetes system identity;"
          + " bind people and workloads, or set policy.kubernetes.allow.systemSubjects: true");
      return false;
    }
    return true;
  }

  /** A namespace name: valid, and not a system namespace unless allowed. */
  private Optional<String> namespaceName(Field field) {
    Optional<String> name = in.text(field).filter(n -> checked(field, KubernetesNames.namespaceProblem(n)));
    if (name.isPresent() && KubernetesNames.systemNamespace(name.get()) && !allowSystemNamespaces) {
      in.problems().add(field, name.get() + " is a Kubernetes system namespace; autobind leaves kube-* alone"
          + " unless policy.kubernetes.allow.systemNamespaces is true");
      return Optional.empty();
    }
    return name;
  }

  private Optional<String> objectName(Field field) {
    return in.text(field).filter(n -> checked(field, KubernetesNames.nameProblem(n)));
  }

  /** Records {@code problem}, if any, against {@code field}; true when there is none. */
  private boolean checked(Field field, Optional<String> problem) {
    problem.ifPresent(p -> in.problems().add(field, p));
    return problem.isEmpty();
  }
}
