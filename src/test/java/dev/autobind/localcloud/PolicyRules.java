package dev.autobind.localcloud;

import com.google.iam.v1.Binding;
import com.google.iam.v1.Policy;
import com.google.iam.v1.SetIamPolicyRequest;
import com.google.protobuf.ByteString;
import com.google.type.Expr;
import dev.autobind.policy.RoleCatalog;
import dev.cel.common.CelValidationResult;
import dev.cel.parser.CelParser;
import dev.cel.parser.CelParserFactory;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** Google's IAM policy rules as the local cloud enforces them: versions, conditions, etags, limits. */
final class PolicyRules {

  static final int MAX_MEMBERS = 1500;
  static final String CONCURRENT_CHANGE =
      "There were concurrent policy changes. Please retry the whole read-modify-write with exponential backoff.";
  static final String WITHCOND = "_withcond_";

  private static final Set<String> BASIC_ROLES = Set.of("roles/owner", "roles/editor", "roles/viewer");
  private static final Pattern ROLE = Pattern.compile(
      "(roles|projects/[a-z][a-z0-9-]{4,28}[a-z0-9]/roles|organizations/[0-9]{1,20}/roles)/[A-Za-z0-9_.]{1,100}");
  private static final String EMAIL = "[A-Za-z0-9._%+'-]{1,64}@[A-Za-z0-9-]{1,63}(\\.[A-Za-z0-9-]{1,63})+";
  private static final String DOMAIN = "[A-Za-z0-9-]{1,63}(\\.[A-Za-z0-9-]{1,63})+";
  private static final String KUBERNETES_NAME = "[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?";
  private static final Pattern WORKLOAD_IDENTITY = Pattern.compile(
      "[a-z][a-z0-9-]{4,28}[a-z0-9]\\.svc\\.id\\.goog\\[" + KUBERNETES_NAME + "/" + KUBERNETES_NAME + "]");
  private static final Pattern MEMBER = Pattern.compile(String.join("|",
      "allUsers",
      "allAuthenticatedUsers",
      "(user|group|serviceAccount):" + EMAIL,
      "deleted:(user|group|serviceAccount):" + EMAIL + "\\?uid=[0-9]{1,30}",
      "domain:" + DOMAIN,
      "(projectOwner|projectEditor|projectViewer):[a-z][a-z0-9-]{4,28}[a-z0-9]",
      "principal(Set)?://[A-Za-z0-9._~:/@\\[\\]*-]{1,500}"));
  /** IAM parses every condition on a write and refuses one that is not CEL; the checking is validate's. */
  private static final CelParser CEL = CelParserFactory.standardCelParserBuilder().build();
  private static final Set<String> MASK_PATHS = Set.of("bindings", "etag", "audit_configs", "auditConfigs");

  private PolicyRules() {}

  /** Which kind of resource a policy sits on; some roles are refused on some kinds. */
  enum Target { PROJECT, SERVICE_ACCOUNT, MODEL, RESOURCE }

  /** Whether a member string has one of the forms IAM accepts. */
  static boolean isValidMember(String member) {
    return MEMBER.matcher(member).matches() || isWorkloadIdentity(member);
  }

  /** Whether a role name is well formed and writable. */
  static boolean isValidRole(String role) {
    return ROLE.matcher(role).matches() && !role.contains(WITHCOND);
  }

  /** The email of a {@code serviceAccount:} member that names a real account, if it is one. */
  static Optional<String> serviceAccountEmail(String member) {
    if (!member.startsWith("serviceAccount:") || isWorkloadIdentity(member)) {
      return Optional.empty();
    }
    return Optional.of(member.substring("serviceAccount:".length()));
  }

  private static boolean isWorkloadIdentity(String member) {
    return member.startsWith("serviceAccount:")
        && WORKLOAD_IDENTITY.matcher(member.substring("serviceAccount:".length())).matches();
  }

  /** The version a stored policy is reported at: 3 only when it holds a conditional binding. */
  static int versionOf(Policy policy) {
    return hasConditions(policy) ? 3 : 1;
  }

  static boolean hasConditions(Policy policy) {
    return policy.getBindingsList().stream().anyMatch(Binding::hasCondition);
  }

  /** The stored policy as a reader asking for {@code requestedVersion} sees it. */
  static Policy view(Policy stored, int requestedVersion) {
    if (requestedVersion != 0 && requestedVersion != 1 && requestedVersion != 3) {
      throw Rpc.invalid("Invalid requested policy version " + requestedVersion + "; use 1 or 3.");
    }
    Policy.Builder view = stored.toBuilder().setVersion(versionOf(stored));
    if (requestedVersion == 3 || !hasConditions(stored)) {
      return view.build();
    }
    view.clearBindings().setVersion(1);
    for (Binding binding : stored.getBindingsList()) {
      view.addBindings(binding.hasCondition()
          ? binding.toBuilder().setRole(binding.getRole() + WITHCOND + conditionHash(binding.getCondition()))
              .clearCondition().build()
          : binding);
    }
    return view.build();
  }

  private static String conditionHash(Expr condition) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      String text = condition.getTitle() + "\n" + condition.getExpression() + "\n" + condition.getDescription();
      return HexFormat.of().formatHex(sha.digest(text.getBytes(StandardCharsets.UTF_8))).substring(0, 20);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /**
   * Checks a SetIamPolicy request against the stored policy and returns the policy to store.
   * Every refusal is a gRPC status with Google's code.
   */
  static Policy write(Policy stored, SetIamPolicyRequest request, Target target,
      Predicate<String> accountExists, Supplier<ByteString> nextEtag) {
    Policy wanted = request.getPolicy();
    checkVersion(wanted.getVersion());
    if (!wanted.getEtag().isEmpty() && !wanted.getEtag().equals(stored.getEtag())) {
      throw Rpc.aborted(CONCURRENT_CHANGE);
    }
    if (wanted.getVersion() < 3 && !wanted.getEtag().isEmpty() && hasConditions(stored)) {
      throw Rpc.invalid("A policy with conditional role bindings cannot be overwritten at version "
          + wanted.getVersion() + " with an etag; read and write it at version 3.");
    }
    List<String> paths = request.getUpdateMask().getPathsList();
    paths.stream().filter(p -> !MASK_PATHS.contains(p)).findFirst().ifPresent(p -> {
      throw Rpc.invalid("Invalid update mask path '" + p + "'.");
    });
    boolean updateBindings = paths.isEmpty() || paths.contains("bindings");
    boolean updateAudit = paths.contains("audit_configs") || paths.contains("auditConfigs");
    List<Binding> bindings = updateBindings ? checkedBindings(wanted, target) : stored.getBindingsList();
    checkMemberCount(bindings);
    checkNewAccountsExist(stored, bindings, accountExists);
    Policy.Builder result = Policy.newBuilder()
        .addAllBindings(bindings)
        .addAllAuditConfigs(updateAudit ? wanted.getAuditConfigsList() : stored.getAuditConfigsList())
        .setEtag(nextEtag.get());
    return result.setVersion(versionOf(result.build())).build();
  }

  private static void checkVersion(int version) {
    if (version != 0 && version != 1 && version != 3) {
      throw Rpc.invalid("Invalid policy version " + version + "; use 1 or 3.");
    }
  }

  private static List<Binding> checkedBindings(Policy wanted, Target target) {
    for (Binding binding : wanted.getBindingsList()) {
      checkBinding(binding, wanted.getVersion(), target);
    }
    return normalized(wanted.getBindingsList());
  }

  private static void checkBinding(Binding binding, int version, Target target) {
    String role = binding.getRole();
    if (role.contains(WITHCOND)) {
      throw Rpc.invalid("Role " + role + " is the version 1 view of a conditional binding and cannot be written;"
          + " read and write the policy at version 3.");
    }
    if (!ROLE.matcher(role).matches()) {
      throw Rpc.invalid("Invalid role name '" + role + "'.");
    }
    if (role.startsWith("roles/") && !RoleCatalog.shipped().known(role)) {
      throw Rpc.invalid("Role (" + role + ") does not exist in the resource's hierarchy.");
    }
    if (target == Target.SERVICE_ACCOUNT && BASIC_ROLES.contains(role)) {
      throw Rpc.invalid("Role " + role + " is not supported for this resource.");
    }
    if (binding.hasCondition()) {
      if (version < 3) {
        throw Rpc.invalid("Conditional role bindings require policy version 3; the policy has version "
            + version + ".");
      }
      if (binding.getCondition().getExpression().isBlank()) {
        throw Rpc.invalid("The condition on role " + role + " has no expression.");
      }
      CelValidationResult parsed = CEL.parse(binding.getCondition().getExpression());
      if (parsed.hasError()) {
        throw Rpc.invalid("The condition expression on role " + role + " is not valid CEL: "
            + parsed.getErrors().get(0).getMessage());
      }
    }
    for (String member : binding.getMembersList()) {
      if (!isValidMember(member)) {
        throw Rpc.invalid("Invalid member '" + member + "' for role " + role + ".");
      }
    }
  }

  /** Merges bindings that share role and condition, drops repeated members and empty bindings. */
  static List<Binding> normalized(List<Binding> bindings) {
    Map<List<Object>, LinkedHashSet<String>> merged = new LinkedHashMap<>();
    Map<List<Object>, Binding> first = new LinkedHashMap<>();
    for (Binding binding : bindings) {
      List<Object> key = List.of(binding.getRole(), binding.hasCondition(), binding.getCondition());
      merged.computeIfAbsent(key, k -> new LinkedHashSet<>()).addAll(binding.getMembersList());
      first.putIfAbsent(key, binding);
    }
    List<Binding> result = new ArrayList<>();
    merged.forEach((key, members) -> {
      if (!members.isEmpty()) {
        result.add(first.get(key).toBuilder().clearMembers().addAllMembers(members).build());
      }
    });
    return result;
  }

  private static void checkMemberCount(List<Binding> bindings) {
    int count = bindings.stream().mapToInt(Binding::getMembersCount).sum();
    if (count > MAX_MEMBERS) {
      throw Rpc.invalid(String.format(Locale.ROOT,
          "The number of members in the policy (%,d) is larger than the maximum allowed size %,d.",
          count, MAX_MEMBERS));
    }
  }

  private static void checkNewAccountsExist(Policy stored, List<Binding> bindings, Predicate<String> exists) {
    Set<String> before = new HashSet<>();
    stored.getBindingsList().forEach(b -> before.addAll(b.getMembersList()));
    for (Binding binding : bindings) {
      for (String member : binding.getMembersList()) {
        Optional<String> email = serviceAccountEmail(member);
        if (!before.contains(member) && email.isPresent() && !exists.test(email.get())) {
          throw Rpc.invalid("Service account " + email.get() + " does not exist.");
        }
      }
    }
  }
}
