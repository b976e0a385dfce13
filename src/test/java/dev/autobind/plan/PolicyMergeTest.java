package dev.autobind.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.iam.v1.AuditConfig;
import com.google.iam.v1.Binding;
import com.google.iam.v1.Policy;
import com.google.protobuf.ByteString;
import com.google.type.Expr;
import dev.autobind.kind.PolicyHolder;
import dev.autobind.policy.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PolicyMergeTest {

  private static final PolicyHolder PROJECT = PolicyHolder.project("demo-train");
  private static final ByteString ETAG = ByteString.copyFromUtf8("BwWKmjvelug=");
  private static final Condition UNTIL_2030 = new Condition("until 2030", Optional.empty(),
      "request.time < timestamp(\"2030-01-01T00:00:00Z\")");
  private static final Condition UNTIL_2030_DESCRIBED = new Condition("until 2030", Optional.of("temporary"),
      "request.time < timestamp(\"2030-01-01T00:00:00Z\")");
  private static final Condition DATASETS = new Condition("datasets", Optional.of("the datasets bucket"),
      "resource.name.startsWith(\"projects/_/buckets/demo-train-datasets\")");

  /** A current policy, additions, and the expected result (empty for "unchanged"). */
  record Case(String name, Policy current, List<BindingChange> additions, Optional<Policy> expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    Binding viewers = binding("roles/container.viewer", Optional.empty(), "group:ml@example.com", "deleted:user:bob@example.com?uid=1");
    Binding conditional = binding("roles/container.viewer", Optional.of(UNTIL_2030), "user:carol@example.com");
    return Stream.of(
        new Case("adds a binding to an empty policy", policy(0),
            List.of(add("roles/aiplatform.user", "user:alice@example.com", Optional.empty())),
            Optional.of(policy(0, binding("roles/aiplatform.user", Optional.empty(), "user:alice@example.com")))),
        new Case("appends a member to the binding with the same role, keeping deleted members", policy(1, viewers),
            List.of(add("roles/container.viewer", "user:alice@example.com", Optional.empty())),
            Optional.of(policy(1, binding("roles/container.viewer", Optional.empty(), "group:ml@example.com",
                "deleted:user:bob@example.com?uid=1", "user:alice@example.com")))),
        new Case("leaves a policy that already has the member", policy(1, viewers),
            List.of(add("roles/container.viewer", "group:ml@example.com", Optional.empty())), Optional.empty()),
        new Case("compares emails without regard to case", policy(1, viewers),
            List.of(add("roles/container.viewer", "group:ML@Example.com", Optional.empty())), Optional.empty()),
        new Case("compares principal identifiers exactly",
            policy(1, binding("roles/aiplatform.user", Optional.empty(), "principal://goog/subject/Alice")),
            List.of(add("roles/aiplatform.user", "principal://goog/subject/alice", Optional.empty())),
            Optional.of(policy(1, binding("roles/aiplatform.user", Optional.empty(), "principal://goog/subject/Alice",
                "principal://goog/subject/alice")))),
        new Case("an unconditional grant does not join a conditional binding", policy(3, conditional),
            List.of(add("roles/container.viewer", "user:carol@example.com", Optional.empty())),
            Optional.of(policy(3, conditional, binding("roles/container.viewer", Optional.empty(), "user:carol@example.com")))),
        new Case("a conditional grant joins the binding with the same condition", policy(3, viewers, conditional),
            List.of(add("roles/container.viewer", "user:dan@example.com", Optional.of(UNTIL_2030))),
            Optional.of(policy(3, viewers, binding("roles/container.viewer", Optional.of(UNTIL_2030),
                "user:carol@example.com", "user:dan@example.com")))),
        new Case("a condition differing only in description is another binding", policy(3, conditional),
            List.of(add("roles/container.viewer", "user:carol@example.com", Optional.of(UNTIL_2030_DESCRIBED))),
            Optional.of(policy(3, conditional,
                binding("roles/container.viewer", Optional.of(UNTIL_2030_DESCRIBED), "user:carol@example.com")))),
        new Case("the first conditional grant raises the version to 3", policy(1, viewers),
            List.of(add("roles/storage.objectViewer", "user:alice@example.com", Optional.of(DATASETS))),
            Optional.of(policy(3, viewers, binding("roles/storage.objectViewer", Optional.of(DATASETS), "user:alice@example.com")))),
        new Case("several additions to one target in one result", policy(1, viewers), List.of(
            add("roles/container.viewer", "user:alice@example.com", Optional.empty()),
            add("roles/container.viewer", "group:ml@example.com", Optional.empty()),
            add("roles/logging.logWriter", "user:alice@example.com", Optional.empty()),
            add("roles/logging.logWriter", "user:alice@example.com", Optional.empty())),
            Optional.of(policy(1, binding("roles/container.viewer", Optional.empty(), "group:ml@example.com",
                "deleted:user:bob@example.com?uid=1", "user:alice@example.com"),
                binding("roles/logging.logWriter", Optional.empty(), "user:alice@example.com")))),
        new Case("a member in a later binding with the same key counts as present", policy(1, viewers,
            binding("roles/container.viewer", Optional.empty(), "user:erin@example.com")),
            List.of(add("roles/container.viewer", "user:erin@example.com", Optional.empty())), Optional.empty()),
        new Case("no additions change nothing", policy(1, viewers), List.of(), Optional.empty()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void mergesAdditively(Case c) {
    assertThat(PolicyMerge.merge(c.current(), c.additions())).isEqualTo(c.expected());
  }

  @Test
  void keepsAuditConfigsAndTheEtag() {
    Policy current = policy(1).toBuilder()
        .addAuditConfigs(AuditConfig.newBuilder().setService("allServices").build()).build();

    Policy merged = PolicyMerge.merge(current, List.of(add("roles/aiplatform.user", "user:a@example.com", Optional.empty())))
        .orElseThrow();

    assertThat(merged.getEtag()).isEqualTo(ETAG);
    assertThat(merged.getAuditConfigsList()).isEqualTo(current.getAuditConfigsList());
  }

  @Test
  void refusesAdditionsForSeveralTargets() {
    List<BindingChange> mixed = List.of(add("roles/aiplatform.user", "user:a@example.com", Optional.empty()),
        new BindingChange(PolicyHolder.project("other"), "roles/aiplatform.user", "user:a@example.com", Optional.empty(), "r"));

    assertThatThrownBy(() -> PolicyMerge.merge(policy(1), mixed)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("additions for more than one target");
  }

  @Test
  void countsMembersAsIamDoes() {
    assertThat(PolicyMerge.memberCount(policy(3, binding("roles/a.b", Optional.empty(), "user:a@example.com", "user:b@example.com"),
        binding("roles/a.c", Optional.of(DATASETS), "user:a@example.com")))).isEqualTo(3);
  }

  // Properties over random policies and additions. Each seed is fixed, so a failure names a case that reproduces.

  private static final int RUNS = 500;
  private static final List<String> ROLES = List.of("roles/container.viewer", "roles/aiplatform.user",
      "roles/logging.logWriter", "roles/storage.objectViewer", "projects/demo-train/roles/custom");
  private static final List<String> MEMBERS = List.of("user:alice@example.com", "user:Alice@example.com",
      "group:ml@example.com", "serviceAccount:ml-trainer@demo-train.iam.gserviceaccount.com",
      "serviceAccount:demo-train.svc.id.goog[training/trainer]", "deleted:user:bob@example.com?uid=1",
      "principal://goog/subject/alice", "domain:example.com");
  private static final List<Optional<Condition>> CONDITIONS =
      List.of(Optional.empty(), Optional.empty(), Optional.of(UNTIL_2030), Optional.of(UNTIL_2030_DESCRIBED), Optional.of(DATASETS));

  @Test
  void mergingTheSameAdditionsAgainChangesNothing() {
    Random random = new Random(20261120L);
    for (int run = 0; run < RUNS; run++) {
      Policy current = randomPolicy(random);
      List<BindingChange> additions = randomAdditions(random);

      Policy once = PolicyMerge.merge(current, additions).orElse(current);

      assertThat(PolicyMerge.merge(once, additions)).as("run %d", run).isEmpty();
      List<BindingChange> twice = new ArrayList<>(additions);
      twice.addAll(additions);
      assertThat(PolicyMerge.merge(current, twice).orElse(current)).as("run %d", run).isEqualTo(once);
    }
  }

  @Test
  void nothingIsRemovedOrReordered() {
    Random random = new Random(7L);
    for (int run = 0; run < RUNS; run++) {
      Policy current = randomPolicy(random);

      Policy merged = PolicyMerge.merge(current, randomAdditions(random)).orElse(current);

      assertThat(merged.getBindingsCount()).isGreaterThanOrEqualTo(current.getBindingsCount());
      for (int i = 0; i < current.getBindingsCount(); i++) {
        Binding before = current.getBindings(i);
        Binding after = merged.getBindings(i);
        assertThat(after.getRole()).as("run %d binding %d", run, i).isEqualTo(before.getRole());
        assertThat(after.getCondition()).as("run %d binding %d", run, i).isEqualTo(before.getCondition());
        assertThat(after.getMembersList().subList(0, before.getMembersCount()))
            .as("run %d binding %d", run, i).isEqualTo(before.getMembersList());
      }
      assertThat(merged.getEtag()).isEqualTo(current.getEtag());
    }
  }

  @Test
  void conditionalBindingsSurviveAndEveryAdditionIsPresent() {
    Random random = new Random(42L);
    for (int run = 0; run < RUNS; run++) {
      Policy current = randomPolicy(random);
      List<BindingChange> additions = randomAdditions(random);

      Policy merged = PolicyMerge.merge(current, additions).orElse(current);

      for (Binding before : current.getBindingsList()) {
        if (before.hasCondition()) {
          assertThat(merged.getBindingsList()).as("run %d", run).anyMatch(after -> after.getRole().equals(before.getRole())
              && after.hasCondition() && after.getCondition().equals(before.getCondition())
              && after.getMembersList().containsAll(before.getMembersList()));
        }
      }
      for (BindingChange add : additions) {
        Optional<Expr> expr = add.condition().map(PolicyMerge::expr);
        assertThat(merged.getBindingsList()).as("run %d: %s", run, add).anyMatch(b -> b.getRole().equals(add.role())
            && b.hasCondition() == expr.isPresent() && expr.map(b.getCondition()::equals).orElse(true)
            && b.getMembersList().stream().anyMatch(m -> PolicyMerge.sameMember(m, add.member())));
      }
    }
  }

  @Test
  void versionIsThreeWheneverAConditionIsPresentAndKeptOtherwise() {
    Random random = new Random(1500L);
    for (int run = 0; run < RUNS; run++) {
      Policy current = randomPolicy(random);

      Optional<Policy> merged = PolicyMerge.merge(current, randomAdditions(random));

      if (merged.isPresent()) {
        boolean conditional = merged.get().getBindingsList().stream().anyMatch(Binding::hasCondition);
        assertThat(merged.get().getVersion()).as("run %d", run).isEqualTo(conditional ? 3 : current.getVersion());
      }
    }
  }

  @Test
  void unchangedExactlyWhenEveryAdditionIsAlreadyThere() {
    Random random = new Random(99L);
    for (int run = 0; run < RUNS; run++) {
      Policy current = randomPolicy(random);
      List<BindingChange> additions = randomAdditions(random);

      boolean allPresent = additions.stream().allMatch(add -> current.getBindingsList().stream().anyMatch(b ->
          b.getRole().equals(add.role())
              && b.hasCondition() == add.condition().isPresent()
              && add.condition().map(c -> PolicyMerge.expr(c).equals(b.getCondition())).orElse(true)
              && b.getMembersList().stream().anyMatch(m -> PolicyMerge.sameMember(m, add.member()))));

      assertThat(PolicyMerge.merge(current, additions).isEmpty()).as("run %d", run).isEqualTo(allPresent);
    }
  }

  private static Policy randomPolicy(Random random) {
    List<Binding> bindings = new ArrayList<>();
    int count = random.nextInt(7);
    for (int i = 0; i < count; i++) {
      Binding.Builder b = Binding.newBuilder().setRole(pick(random, ROLES));
      pick(random, CONDITIONS).map(PolicyMerge::expr).ifPresent(b::setCondition);
      int members = random.nextInt(5);
      for (int m = 0; m < members; m++) {
        b.addMembers(pick(random, MEMBERS));
      }
      bindings.add(b.build());
    }
    int version = bindings.stream().anyMatch(Binding::hasCondition) ? 3 : pick(random, List.of(0, 1, 3));
    return Policy.newBuilder().setVersion(version).setEtag(ByteString.copyFromUtf8("etag-" + random.nextInt(1000)))
        .addAllBindings(bindings).build();
  }

  private static List<BindingChange> randomAdditions(Random random) {
    List<BindingChange> additions = new ArrayList<>();
    int count = random.nextInt(6);
    for (int i = 0; i < count; i++) {
      additions.add(add(pick(random, ROLES), pick(random, MEMBERS), pick(random, CONDITIONS)));
    }
    return additions;
  }

  private static <T> T pick(Random random, List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  private static BindingChange add(String role, String member, Optional<Condition> condition) {
    return new BindingChange(PROJECT, role, member, condition, "test-rule");
  }

  private static Binding binding(String role, Optional<Condition> condition, String... members) {
    Binding.Builder b = Binding.newBuilder().setRole(role).addAllMembers(List.of(members));
    condition.map(PolicyMerge::expr).ifPresent(b::setCondition);
    return b.build();
  }

  private static Policy policy(int version, Binding... bindings) {
    return Policy.newBuilder().setVersion(version).setEtag(ETAG).addAllBindings(List.of(bindings)).build();
  }
}
