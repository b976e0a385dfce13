package dev.autobind.localcloud;

import com.google.iam.v1.Policy;
import com.google.iam.v1.SetIamPolicyRequest;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The simulated cloud: projects with their service accounts, clusters, models and IAM policies.
 * Not thread-safe by itself: every caller holds the world's monitor (see {@link Rpc#unary}).
 */
final class World {

  private static final Pattern USER_MANAGED_ACCOUNT =
      Pattern.compile("[^@]+@([a-z][a-z0-9-]{4,28}[a-z0-9])\\.iam\\.gserviceaccount\\.com");

  private final Clock clock;
  private final Map<String, Project> projects = new LinkedHashMap<>();
  /** Each folder's parent; the default folder is always there. */
  private final Map<String, String> folders = new LinkedHashMap<>();
  private final TrainingResources training = new TrainingResources();
  /** The clusters' Kubernetes APIs; a reload starts them afresh, as new clusters. */
  final ClusterApis kubernetes = new ClusterApis();
  private Duration visibilityDelay = Duration.ZERO;
  private Optional<AuditTrail> audit = Optional.empty();
  private long etagSequence;
  private long uniqueIdSequence;

  World(Clock clock) {
    this.clock = clock;
  }

  /** Replaces everything with the seed's world. Etags keep counting so old etags stay stale. */
  void load(Seed seed) {
    projects.clear();
    folders.clear();
    folders.put(Seed.DEFAULT_FOLDER, Seed.ORGANIZATION);
    seed.folders().forEach(f -> folders.put(f.id(), f.parent()));
    training.clear();
    kubernetes.reset();
    uniqueIdSequence = 0;
    visibilityDelay = seed.visibilityDelay();
    for (Seed.Project p : seed.projects()) {
      Project project = new Project(p.id(), p.number(), stored(p.iamPolicy()), p.parent());
      projects.put(p.id(), project);
      for (Seed.ServiceAccount a : p.serviceAccounts()) {
        addAccount(project, a.accountId(), a.displayName(), a.description(), Instant.MIN, a.iamPolicy());
      }
      project.clusters.addAll(p.clusters());
      for (Seed.Model m : p.models()) {
        project.models.add(new Model(project, m.location(), m.id(), m.displayName(), m.labels(), stored(m.iamPolicy())));
      }
      for (Seed.Training t : p.training()) {
        training.create(project, TrainingResources.Collection.of(t.collection()), t.location(), t.id(),
            t.displayName(), t.labels(), stored(t.iamPolicy()));
      }
    }
  }

  Clock clock() {
    return clock;
  }

  /** The training kinds' resources. */
  TrainingResources training() {
    return training;
  }

  /** Where each change of an IAM policy is recorded as the audit entry the platform would write. */
  void audit(AuditTrail trail) {
    audit = Optional.of(trail);
  }

  Duration visibilityDelay() {
    return visibilityDelay;
  }

  void visibilityDelay(Duration delay) {
    if (delay.isNegative()) {
      throw new IllegalArgumentException("visibility delay must not be negative: " + delay);
    }
    visibilityDelay = delay;
  }

  Collection<Project> projects() {
    return projects.values();
  }

  /** The project with this id or number, if any. */
  Optional<Project> findProject(String idOrNumber) {
    Project byId = projects.get(idOrNumber);
    if (byId != null) {
      return Optional.of(byId);
    }
    return projects.values().stream().filter(p -> Long.toString(p.number).equals(idOrNumber)).findFirst();
  }

  /** The parent of folder {@code name} ({@code folders/N}), or NOT_FOUND. */
  String folderParent(String name) {
    String parent = folders.get(name);
    if (parent == null) {
      throw Rpc.notFound("Folder " + name + " not found.");
    }
    return parent;
  }

  /** The project with this id or number, or NOT_FOUND. */
  Project project(String idOrNumber) {
    return findProject(idOrNumber).orElseThrow(() -> Rpc.notFound("Project " + idOrNumber + " not found."));
  }

  /** Any service account with this email, visible or not. */
  Optional<Account> findAccount(String email) {
    String key = email.toLowerCase(Locale.ROOT);
    return projects.values().stream().map(p -> p.accounts.get(key)).filter(a -> a != null).findFirst();
  }

  boolean isVisible(Account account) {
    return !clock.instant().isBefore(account.visibleAt);
  }

  /**
   * The visible account that {@code projects/SELECTOR/serviceAccounts/KEY} names, or NOT_FOUND.
   * SELECTOR is {@code -} or the account's project id or number; KEY is its email or unique id.
   */
  Account account(String selector, String key) {
    Optional<Account> found = key.contains("@") ? findAccount(key)
        : projects.values().stream().flatMap(p -> p.accounts.values().stream())
            .filter(a -> a.uniqueId.equals(key)).findFirst();
    return found
        .filter(a -> selector.equals("-") || selector.equals(a.project.id)
            || selector.equals(Long.toString(a.project.number)))
        .filter(this::isVisible)
        .orElseThrow(() -> Rpc.notFound("Service account projects/" + selector + "/serviceAccounts/" + key
            + " not found."));
  }

  List<Account> visibleAccounts(Project project) {
    return project.accounts.values().stream().filter(this::isVisible).toList();
  }

  /** Creates an account that stays invisible for the visibility delay; ALREADY_EXISTS if taken. */
  Account createAccount(Project project, String accountId, String displayName, String description) {
    String email = accountId + "@" + project.id + ".iam.gserviceaccount.com";
    if (project.accounts.containsKey(email)) {
      throw Rpc.alreadyExists("Service account " + accountId + " already exists within project projects/"
          + project.id + ".");
    }
    return addAccount(project, accountId, displayName, description, clock.instant().plus(visibilityDelay),
        Policy.getDefaultInstance());
  }

  private Account addAccount(Project project, String accountId, String displayName, String description,
      Instant visibleAt, Policy bindingsOnly) {
    String email = accountId + "@" + project.id + ".iam.gserviceaccount.com";
    String uniqueId = String.format(Locale.ROOT, "1%020d", ++uniqueIdSequence);
    Account account = new Account(project, accountId, email, uniqueId, displayName, description, visibleAt,
        stored(bindingsOnly));
    project.accounts.put(email, account);
    return account;
  }

  /**
   * Whether a {@code serviceAccount:} member may be granted: a user-managed account
   * ({@code ID@PROJECT.iam.gserviceaccount.com}) must exist and be visible; Google-managed ones
   * (other domains, {@code gcp-sa-*} service agents) are taken on trust.
   */
  boolean acceptsAccountMember(String email) {
    Matcher m = USER_MANAGED_ACCOUNT.matcher(email.toLowerCase(Locale.ROOT));
    if (!m.matches() || m.group(1).startsWith("gcp-sa-")) {
      return true;
    }
    return findAccount(email).filter(this::isVisible).isPresent();
  }

  /** The model at this project (id or number), location and id, or NOT_FOUND. */
  Model model(String projectKey, String location, String id) {
    return findProject(projectKey).stream().flatMap(p -> p.models.stream())
        .filter(m -> m.location.equals(location) && m.id.equals(id)).findFirst()
        .orElseThrow(() -> Rpc.notFound("Model projects/" + projectKey + "/locations/" + location + "/models/"
            + id + " not found."));
  }

  Policy policy(PolicyHolder holder, int requestedVersion) {
    return PolicyRules.view(holder.policy, requestedVersion);
  }

  Policy setPolicy(PolicyHolder holder, SetIamPolicyRequest request) {
    Policy before = holder.policy;
    holder.policy = PolicyRules.write(holder.policy, request, holder.target(), this::acceptsAccountMember,
        this::nextEtag);
    audit.ifPresent(a -> a.policyChanged(holder, before, holder.policy, a.caller()));
    return PolicyRules.view(holder.policy, 3);
  }

  /**
   * Removes {@code member} from every binding of {@code role} on {@code holder}, as a person would in the
   * console, and records the change as made by {@code principal}.
   *
   * @throws IllegalArgumentException when no binding of the role holds the member
   */
  void removeMember(PolicyHolder holder, String role, String member, String principal) {
    removeMember(holder, role, member, principal, AuditTrail.Form.GCLOUD);
  }

  /** As above, its audit entry naming a service account in {@code form}. */
  void removeMember(PolicyHolder holder, String role, String member, String principal, AuditTrail.Form form) {
    Policy before = holder.policy;
    Policy.Builder after = before.toBuilder().clearBindings();
    boolean removed = false;
    for (com.google.iam.v1.Binding b : before.getBindingsList()) {
      if (b.getRole().equals(role) && b.getMembersList().contains(member)) {
        removed = true;
        List<String> kept = b.getMembersList().stream().filter(m -> !m.equals(member)).toList();
        if (!kept.isEmpty()) {
          after.addBindings(b.toBuilder().clearMembers().addAllMembers(kept));
        }
      } else {
        after.addBindings(b);
      }
    }
    if (!removed) {
      throw new IllegalArgumentException("no binding of " + role + " holds " + member);
    }
    holder.policy = after.setEtag(nextEtag()).build();
    audit.ifPresent(a -> a.policyChanged(holder, before, holder.policy, principal, form));
  }

  private Policy stored(Policy bindingsOnly) {
    return bindingsOnly.toBuilder().setVersion(PolicyRules.versionOf(bindingsOnly)).setEtag(nextEtag()).build();
  }

  private ByteString nextEtag() {
    etagSequence++;
    return ByteString.copyFrom(ByteBuffer.allocate(8).putShort((short) 0x0706).putShort((short) 0)
        .putInt((int) etagSequence).array());
  }

  /** Something that carries an IAM policy. */
  abstract static class PolicyHolder {
    Policy policy;

    PolicyHolder(Policy policy) {
      this.policy = policy;
    }

    abstract PolicyRules.Target target();
  }

  /** A project and what lives in it. */
  static final class Project extends PolicyHolder {
    final String id;
    final long number;
    final String parent;
    final Map<String, Account> accounts = new LinkedHashMap<>();
    final List<Seed.Cluster> clusters = new ArrayList<>();
    final List<Model> models = new ArrayList<>();

    Project(String id, long number, Policy policy, String parent) {
      super(policy);
      this.id = id;
      this.number = number;
      this.parent = parent;
    }

    @Override
    PolicyRules.Target target() {
      return PolicyRules.Target.PROJECT;
    }
  }

  /** A user-managed service account; invisible to reads until {@code visibleAt}. */
  static final class Account extends PolicyHolder {
    final Project project;
    final String accountId;
    final String email;
    final String uniqueId;
    final String displayName;
    final String description;
    final Instant visibleAt;

    Account(Project project, String accountId, String email, String uniqueId, String displayName,
        String description, Instant visibleAt, Policy policy) {
      super(policy);
      this.project = project;
      this.accountId = accountId;
      this.email = email;
      this.uniqueId = uniqueId;
      this.displayName = displayName;
      this.description = description;
      this.visibleAt = visibleAt;
    }

    @Override
    PolicyRules.Target target() {
      return PolicyRules.Target.SERVICE_ACCOUNT;
    }
  }

  /** A Vertex AI model. */
  static final class Model extends PolicyHolder {
    final Project project;
    final String location;
    final String id;
    final String displayName;
    final Map<String, String> labels;

    Model(Project project, String location, String id, String displayName, Map<String, String> labels,
        Policy policy) {
      super(policy);
      this.project = project;
      this.location = location;
      this.id = id;
      this.displayName = displayName;
      this.labels = labels;
    }

    @Override
    PolicyRules.Target target() {
      return PolicyRules.Target.MODEL;
    }
  }
}
