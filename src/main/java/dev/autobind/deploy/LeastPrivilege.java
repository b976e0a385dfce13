package dev.autobind.deploy;

import dev.autobind.kind.KindDeployment;
import dev.autobind.kind.ResourceKind;
import dev.autobind.policy.CelLiteral;
import dev.autobind.policy.GrantScope;
import dev.autobind.policy.Policy;
import dev.autobind.policy.Rule;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * What the function's own service account is granted on each governed folder or project, and the IAM
 * condition that bounds each grant: one allowlist per grant scope, and nothing the policy does not need.
 */
public final class LeastPrivilege {

  /**
   * The predefined role an earlier autobind granted for project policies; it also carries principal access
   * boundary binding rights that no condition bounds, so {@link #PROJECT_POLICY} replaced it.
   */
  public static final String PROJECT_IAM_ADMIN = "roles/resourcemanager.projectIamAdmin";
  /** Creates and reads service accounts; it cannot delete, disable or change them, or make keys. */
  public static final String SERVICE_ACCOUNT_CREATOR = "roles/iam.serviceAccountCreator";
  /** Lets the trigger identity receive audit-log events from Eventarc (eventarc mode only). */
  public static final String EVENT_RECEIVER = "roles/eventarc.eventReceiver";
  /** Lets a member publish to one topic. */
  public static final String PUBLISHER = "roles/pubsub.publisher";
  /** Lets the function's account mint short-lived tokens for the Kubernetes account, granted on that account only. */
  public static final String TOKEN_CREATOR = "roles/iam.serviceAccountTokenCreator";

  /** The permissions that read and set a service account's own IAM policy. */
  static final List<String> ACCOUNT_POLICY_PERMISSIONS =
      List.of("iam.serviceAccounts.getIamPolicy", "iam.serviceAccounts.setIamPolicy");
  /** The permissions that read and set a project's IAM policy, and nothing else. */
  static final List<String> PROJECT_POLICY_PERMISSIONS = List.of("resourcemanager.projects.get",
      "resourcemanager.projects.getIamPolicy", "resourcemanager.projects.setIamPolicy");

  /**
   * What the admission gate's ancestry walk reads beyond GetProject (which serviceAccountCreator's
   * {@code resourcemanager.projects.get} covers): each folder between a project and the governed folder.
   */
  static final List<String> ANCESTRY_PERMISSIONS = List.of("resourcemanager.folders.get");

  /** Reads and sets project policies, only under the project-scope allowlist. */
  public static final CustomRole PROJECT_POLICY = new CustomRole("projectPolicy", "autobind project policies",
      "Read projects and read and set their IAM policies; granted to autobind only under a condition listing the"
          + " roles function.yaml grants on projects");
  /** Reads the resources autobind looks up before granting on them. */
  public static final CustomRole READER = new CustomRole("reader", "autobind reader",
      "Read the resources autobind grants on, and the folders between them and the governed folder; nothing else");
  /** Sets standard service accounts' own policies, only under the serviceAccount-scope allowlist. */
  public static final CustomRole ACCOUNT_POLICY = new CustomRole("accountPolicy",
      "autobind service account policies", "Read and set service account IAM policies; granted to autobind only"
          + " under a condition listing the roles function.yaml grants on its standard account");
  /** Sets resources' own policies (Vertex AI models and endpoints), under the resource-scope allowlist. */
  public static final CustomRole RESOURCE_POLICY = new CustomRole("resourcePolicy",
      "autobind resource policies", "Read and set the IAM policies of resources autobind governs; granted to"
          + " autobind only under a condition listing the roles function.yaml grants on them");
  /** Applies the kubernetes: section inside new GKE clusters: create, read and add to its objects, never delete. */
  public static final CustomRole KUBERNETES_OBJECTS = new CustomRole("kubernetes", "autobind Kubernetes objects",
      "Create, read and add to the namespaces, Kubernetes service accounts and role bindings function.yaml declares"
          + " inside new GKE clusters; never delete");

  /** Every custom role autobind defines, for finding the grants a plan no longer makes. */
  static final List<CustomRole> CUSTOM_ROLES =
      List.of(PROJECT_POLICY, READER, ACCOUNT_POLICY, RESOURCE_POLICY, KUBERNETES_OBJECTS);
  /**
   * The custom role ids earlier autobind deployments defined, before each deployment owned its own: their
   * bindings to the function's account are removed by the next deploy.
   */
  static final List<String> SHARED_ROLE_IDS =
      List.of("autobindReader", "autobindAccountPolicy", "autobindResourcePolicy", "autobindKubernetes");

  /** IAM custom role ids: letters, digits, '_' and '.', 3 to 64 characters. */
  static final int MAX_ROLE_ID = 64;

  /**
   * A custom role autobind defines, one per deployment: its id is the function's name (sanitized) and
   * {@code suffix}, so that no two deployments share a role.
   */
  public record CustomRole(String suffix, String title, String description) {
    public CustomRole {
      Objects.requireNonNull(suffix, "suffix");
      Objects.requireNonNull(title, "title");
      Objects.requireNonNull(description, "description");
    }

    /** The id of this role for the function named {@code function}. */
    public String id(String function) {
      return roleId(function, suffix);
    }
  }

  /**
   * The one home of IAM's custom role id rule: {@code function}, with every character other than a letter,
   * digit, '_' or '.' made '_', cut so that {@code _suffix} fits in 64 characters.
   */
  static String roleId(String function, String suffix) {
    String base = function.replaceAll("[^A-Za-z0-9_.]", "_");
    int room = MAX_ROLE_ID - suffix.length() - 1;
    if (room < 2 || base.isEmpty()) {
      throw new IllegalArgumentException("no custom role id fits function " + function + " and " + suffix);
    }
    return base.substring(0, Math.min(base.length(), room)) + "_" + suffix;
  }

  /** Which of autobind's identities holds a grant. */
  public enum Holder {
    /** The function's own account, which it runs as. */
    RUNTIME,
    /** The account the function impersonates for Kubernetes calls only. */
    KUBERNETES
  }

  /**
   * The condition on one grant: the roles a request may add or remove bindings for.
   *
   * @param title the condition's title (one per grant scope, so bindings stay apart)
   * @param roles the allowlist, sorted and without repeats; at most 10, Google's hasOnly limit
   */
  public record Allowlist(String title, List<String> roles) {
    public Allowlist {
      Objects.requireNonNull(title, "title");
      roles = List.copyOf(new TreeSet<>(roles));
    }
  }

  /**
   * One role one of autobind's identities holds on each governed node.
   *
   * @param role a predefined role ({@code roles/...}), or the custom role's id when {@code custom} is set
   * @param custom the custom role, with the permissions to define it with, when it is one
   * @param permissions the permissions of a custom role; empty for a predefined one
   * @param bound the condition, when the grant can write IAM policies
   * @param holder which identity holds it
   * @param reason one line saying why the function needs it
   */
  public record FunctionGrant(String role, Optional<CustomRole> custom, List<String> permissions,
      Optional<Allowlist> bound, Holder holder, String reason) {
    public FunctionGrant {
      Objects.requireNonNull(role, "role");
      Objects.requireNonNull(custom, "custom");
      permissions = List.copyOf(permissions);
      Objects.requireNonNull(bound, "bound");
      Objects.requireNonNull(holder, "holder");
      Objects.requireNonNull(reason, "reason");
    }
  }

  public static final String CONDITION_DESCRIPTION =
      "Requests may add or remove bindings only for these roles, reads and other requests are unaffected";

  private LeastPrivilege() {}

  /**
   * The grants {@code policy} needs on each governed node for the function named {@code function}, in order:
   * the project-policy role under the project-scope allowlist (only when the policy grants on projects),
   * serviceAccountCreator, the readers of the kinds the rules name, one custom role per further policy the
   * rules write (service accounts, resources), each under its own scope's allowlist, and the Kubernetes role,
   * held by the Kubernetes account alone.
   *
   * @param foldersGoverned whether a governed node is a folder: the reader then also reads the folders below it,
   *     which the admission gate walks from a project up to the governed folder
   */
  public static List<FunctionGrant> grants(String function, Policy policy, boolean foldersGoverned) {
    Set<ResourceKind> kinds = new LinkedHashSet<>();
    Set<ResourceKind> resourceKinds = new LinkedHashSet<>();
    for (Rule rule : policy.rules()) {
      kinds.addAll(rule.resources());
      if (!rule.grant().resource().isEmpty()) {
        resourceKinds.addAll(rule.resources());
      }
    }
    List<FunctionGrant> grants = new ArrayList<>();
    List<String> projectRoles = policy.roles(GrantScope.PROJECT);
    if (!projectRoles.isEmpty()) {
      grants.add(custom(function, PROJECT_POLICY, PROJECT_POLICY_PERMISSIONS,
          Optional.of(new Allowlist("autobind grants only the project roles in function.yaml", projectRoles)),
          Holder.RUNTIME, "Read project IAM policies and change bindings only for the roles function.yaml grants"
              + " at project scope: " + String.join(", ", PROJECT_POLICY_PERMISSIONS) + "."));
    }
    grants.add(new FunctionGrant(SERVICE_ACCOUNT_CREATOR, Optional.empty(), List.of(), Optional.empty(),
        Holder.RUNTIME,
        "Create and read the standard service account in each governed project; it cannot delete or change accounts."));
    kinds.stream().flatMap(k -> k.deployment().viewerRole().stream()).distinct().forEach(viewer ->
        grants.add(new FunctionGrant(viewer.role(), Optional.empty(), List.of(), Optional.empty(), Holder.RUNTIME,
            viewer.reason())));
    List<String> reads = new ArrayList<>(permissions(kinds, p -> !policyPermission(p)));
    if (foldersGoverned) {
      reads.addAll(ANCESTRY_PERMISSIONS);
    }
    if (!reads.isEmpty()) {
      grants.add(custom(function, READER, reads, Optional.empty(), Holder.RUNTIME, "Read each new resource before"
          + " granting on it" + (foldersGoverned ? ", and the folders between a project and the governed folder (the"
          + " admission gate's ancestry walk)" : "") + ": " + String.join(", ", reads) + "."));
    }
    List<String> accountRoles = policy.roles(GrantScope.SERVICE_ACCOUNT);
    if (!accountRoles.isEmpty()) {
      grants.add(custom(function, ACCOUNT_POLICY, ACCOUNT_POLICY_PERMISSIONS,
          Optional.of(new Allowlist("autobind grants only the service account roles in function.yaml", accountRoles)),
          Holder.RUNTIME, "Set the standard account's own policy, changing bindings only for the roles function.yaml"
              + " grants there. IAM conditions see no service account names, so it covers every account under the"
              + " grant; the deny policy below keeps the function and outsiders from minting tokens with it."));
    }
    List<String> resourceRoles = policy.roles(GrantScope.RESOURCE);
    if (!resourceRoles.isEmpty()) {
      grants.add(custom(function, RESOURCE_POLICY, permissions(resourceKinds, LeastPrivilege::policyPermission),
          Optional.of(new Allowlist("autobind grants only the resource roles in function.yaml", resourceRoles)),
          Holder.RUNTIME, "Set the IAM policies of new resources. The condition names the resource roles"
              + " function.yaml grants, but Vertex AI is not documented to evaluate modifiedGrantsByRole: see"
              + " docs/deploy.md."));
    }
    policy.kubernetes().map(KubernetesPermissions::of).filter(p -> !p.isEmpty()).ifPresent(permissions ->
        grants.add(custom(function, KUBERNETES_OBJECTS, permissions, Optional.empty(), Holder.KUBERNETES,
            "Apply the kubernetes: section inside each new cluster, as the Kubernetes account only: "
                + String.join(", ", permissions) + ". IAM cannot name single roles, so a bind permission covers"
                + " every role of its kind: see docs/deploy.md.")));
    return List.copyOf(grants);
  }

  private static FunctionGrant custom(String function, CustomRole role, List<String> permissions,
      Optional<Allowlist> bound, Holder holder, String reason) {
    return new FunctionGrant(role.id(function), Optional.of(role), permissions, bound, holder, reason);
  }

  /**
   * The roles an autobind deployment of {@code function} may have granted its own account on a governed node:
   * its custom roles but the Kubernetes one (which only the Kubernetes account holds), serviceAccountCreator, and
   * what earlier versions granted (projectIamAdmin, the shared custom roles, the Kubernetes one among them). A deploy removes those its plan no longer makes. Custom roles are ids; predefined ones
   * {@code roles/...}.
   */
  static List<String> everyRuntimeRole(String function) {
    List<String> roles = new ArrayList<>(List.of(PROJECT_IAM_ADMIN, SERVICE_ACCOUNT_CREATOR));
    CUSTOM_ROLES.stream().filter(r -> r != KUBERNETES_OBJECTS).forEach(r -> roles.add(r.id(function)));
    roles.addAll(SHARED_ROLE_IDS);
    return List.copyOf(roles);
  }

  /**
   * The custom-role permissions the kind registry declares for {@code kinds} ({@link
   * KindDeployment#permissions}: a kind's reads, and with resource IAM the two that read and set its
   * policy) that pass {@code which}, sorted.
   */
  private static List<String> permissions(Set<ResourceKind> kinds, Predicate<String> which) {
    return kinds.stream().flatMap(k -> k.deployment().permissions().stream()).filter(which).sorted().distinct()
        .toList();
  }

  /** True for a permission that reads or sets a resource's IAM policy, e.g. {@code aiplatform.models.setIamPolicy}. */
  static boolean policyPermission(String permission) {
    return permission.endsWith(".getIamPolicy") || permission.endsWith(".setIamPolicy");
  }

  /**
   * The IAM condition that lets a request change bindings only for {@code roles}:
   * {@code api.getAttribute('iam.googleapis.com/modifiedGrantsByRole', []).hasOnly([...])}.
   */
  public static String condition(List<String> roles) {
    String list = roles.stream().sorted().distinct().map(CelLiteral::quoted).collect(Collectors.joining(", "));
    return "api.getAttribute('iam.googleapis.com/modifiedGrantsByRole', []).hasOnly([" + list + "])";
  }

  /**
   * The {@code --condition} flag for gcloud. The expression holds commas, so it uses gcloud's
   * alternate delimiter syntax ({@code ^;^}, see {@code gcloud topic escaping}).
   */
  public static String conditionFlag(Allowlist allowlist) {
    String flag = "--condition=^;^expression=" + condition(allowlist.roles()) + ";title=" + allowlist.title()
        + ";description=" + CONDITION_DESCRIPTION;
    if (flag.chars().filter(c -> c == ';').count() != 3) {
      throw new IllegalArgumentException("a role holds ';', which the --condition delimiter cannot carry: "
          + allowlist.roles());
    }
    return flag;
  }
}
