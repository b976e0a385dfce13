package dev.autobind.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The section readers keep TreeReader's contract: a value they refuse is recorded as a problem on its field
 * and read as empty, so that nothing refused reaches a policy even if a later check forgot the problem list.
 * Through {@link PolicyFile} the two halves cannot be told apart (any problem refuses the file), so each
 * reader is called here on its own.
 */
class SectionReadersTest {
  /** No policy.memberDomains: every domain passes (validate warns once, elsewhere). */
  private static final MemberDomains ANY_DOMAIN = new MemberDomains(Optional.empty(), Optional.empty());

  private static final BiFunction<TreeReader, Field, Optional<?>> KUBERNETES = (in, f) -> new KubernetesSection(in, ANY_DOMAIN).read(f);
  private static final BiFunction<TreeReader, Field, Optional<?>> EXEMPTIONS = (in, f) -> new ExemptionSection(in).read(f);
  private static final BiFunction<TreeReader, Field, Optional<?>> GRANT =
      (in, f) -> new GrantSection(in, new Guardrails(Set.of(), Set.of(), ANY_DOMAIN), List.of()).read(f);
  private static final BiFunction<TreeReader, Field, Optional<?>> FUNCTION =
      (in, f) -> new FunctionSection(in, Optional.empty(), ANY_DOMAIN).read(f);
  /** A pubsub-mode function section, with {@code %s} for more settings. */
  private static final String PUBSUB = "{name: autobind, project: ml-platform-ops, region: us-central1, trigger: pubsub,"
      + " serviceAccount: autobind-fn, topic: autobind-audit, sinkScope: organizations/1, %s}";
  private static final BiFunction<TreeReader, Field, Optional<?>> TYPED = (in, f) -> new TypedMember(in, List.of()).read(f);
  private static final String BINDING = "{namespace: t, name: edit, clusterRole: edit, subjects: [%s]}";

  /** A section's YAML, its reader, and the fields it must refuse (none: it must be read). */
  record Case(String name, String yaml, BiFunction<TreeReader, Field, Optional<?>> reader, List<String> refused) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        refused("a namespace named badly", "{namespaces: [{name: Bad_NS}]}", "k.namespaces[0].name"),
        refused("a kube- namespace", "{namespaces: [{name: kube-system}]}", "k.namespaces[0].name"),
        refused("a label value with a space", "{namespaces: [{name: t, labels: {a: \"b c\"}}]}", "k.namespaces[0].labels.a"),
        refused("a label key with a space", "{namespaces: [{name: t, labels: {\"a b\": c}}]}", "k.namespaces[0].labels.a b"),
        refused("a label key and value both bad", "{namespaces: [{name: t, labels: {\"a b\": \"c d\"}}]}",
            "k.namespaces[0].labels.a b", "k.namespaces[0].labels.a b"),
        read("a blank label value", "{namespaces: [{name: t, labels: {a: }}]}"),
        refused("a Google service account that is not an email", "{serviceAccounts: [{namespace: t, name: s,"
            + " googleServiceAccount: trainer}]}", "k.serviceAccounts[0].googleServiceAccount"),
        read("the standard Google service account", "{serviceAccounts: [{namespace: t, name: s,"
            + " googleServiceAccount: \"${serviceAccount}\"}]}"),
        refused("a Kubernetes service account named badly", "{serviceAccounts: [{namespace: t, name: Bad_Name}]}",
            "k.serviceAccounts[0].name"),
        read("one account name in two namespaces", "{serviceAccounts: [{namespace: a, name: s}, {namespace: b, name: s}]}"),
        read("one binding name in two namespaces", "{roleBindings: [{namespace: a, name: e, clusterRole: edit,"
            + " subjects: [{user: u}]}, {namespace: b, name: e, clusterRole: edit, subjects: [{user: u}]}]}"),
        refused("a role named badly", "{roleBindings: [{namespace: t, name: e, role: \"Bad Role\", subjects: [{user: u}]}]}",
            "k.roleBindings[0].role"),
        refused("cluster-admin", "{clusterRoleBindings: [{name: a, clusterRole: cluster-admin, subjects: [{user: u}]}]}",
            "k.clusterRoleBindings[0].clusterRole"),
        read("cluster-admin when allowed", "{allow: {clusterAdmin: true}, clusterRoleBindings: [{name: a,"
            + " clusterRole: cluster-admin, subjects: [{user: u}]}]}"),
        refused("a user with a space", "{roleBindings: [" + String.format(BINDING, "{user: \"a b\"}") + "]}",
            "k.roleBindings[0].subjects[0].user"),
        refused("a system group", "{roleBindings: [" + String.format(BINDING, "{group: \"system:masters\"}") + "]}",
            "k.roleBindings[0].subjects[0].group"),
        read("a system group when allowed", "{allow: {systemSubjects: true}, roleBindings: ["
            + String.format(BINDING, "{group: \"system:masters\"}") + "]}"),
        refused("a subject's service account named badly", "{roleBindings: ["
            + String.format(BINDING, "{serviceAccount: {namespace: t, name: Bad_Name}}") + "]}",
            "k.roleBindings[0].subjects[0].serviceAccount.name"),
        refused("allow with a flag that is not a boolean", "{allow: {clusterAdmin: 1}, namespaces: [{name: t}]}",
            "k.allow.clusterAdmin"),
        refused("allow that is not a mapping", "{allow: all, namespaces: [{name: t}]}", "k.allow"),
        refused("an exemption with a bad date", "[{projects: [p], reason: r, expires: tomorrow}]", EXEMPTIONS,
            "k[0].expires"),
        refused("an exemption that names nothing", "[{reason: r, expires: 2027-01-01}]", EXEMPTIONS, "k[0]"),
        refused("the second of two exemptions with a bad glob", "[{projects: [p], reason: r, expires: 2027-01-01},"
            + " {projects: [\"P\"], reason: r, expires: 2027-01-01}]", EXEMPTIONS, "k[1].projects[0]"),
        refused("an exemption with a bad resource glob", "[{resources: [\"projects/p\"], reason: r, expires: 2027-01-01}]",
            EXEMPTIONS, "k[0].resources[0]"),
        refused("an exemption without a reason", "[{projects: [p], expires: 2027-01-01}]", EXEMPTIONS, "k[0].reason"),
        refused("a member that is not one", "{project: [{role: roles/aiplatform.user, members: [alice]}]}", GRANT,
            "k.project[0].members[0]"),
        refused("a condition with 13 logical operators", "{project: [{role: roles/aiplatform.user, members:"
            + " [\"user:a@example.com\"], condition: {title: t, expression: \"a && b && c && d && e && f && g && h && i"
            + " && j && k && l && m && n\"}}]}", GRANT, "k.project[0].condition.expression"),
        refused("a condition with a control character", "{project: [{role: roles/aiplatform.user, members:"
            + " [\"user:a@example.com\"], condition: {title: t, expression: \"a\\u0007\"}}]}", GRANT,
            "k.project[0].condition.expression"),
        refused("a condition on a service account", "{serviceAccount: [{role: roles/iam.workloadIdentityUser, members:"
            + " [\"user:a@example.com\"], condition: {title: t, expression: \"true\"}}]}", GRANT,
            "k.serviceAccount[0].condition"),
        read("a condition with 12 logical operators", "{project: [{role: roles/aiplatform.user, members:"
            + " [\"user:a@example.com\"], condition: {title: t, expression: \"true && true && true && true && true && true"
            + " && true && true && true && true && true && true && true\"}}]}", GRANT),
        read("a pubsub function", String.format(PUBSUB, "governedScope: [folders/1]"), FUNCTION),
        refused("a governed folder listed twice", String.format(PUBSUB, "governedScope: [folders/1, folders/1]"),
            FUNCTION, "k.governedScope[1]"),
        refused("the function's own project governed", String.format(PUBSUB, "governedScope: [projects/ml-platform-ops]"),
            FUNCTION, "k.governedScope[0]"),
        refused("a backfill topic that is the audit topic", String.format(PUBSUB, "governedScope: [folders/1],"
            + " backfillTopic: autobind-audit"), FUNCTION, "k.backfillTopic"),
        refused("an operator listed twice", String.format(PUBSUB, "governedScope: [folders/1], operators:"
            + " [\"user:a@example.com\", \"user:a@example.com\"]"), FUNCTION, "k.operators[1]"),
        refused("an operator that is not a member", String.format(PUBSUB, "governedScope: [folders/1], operators: [alice]"),
            FUNCTION, "k.operators[0]"),
        refused("a bad cpu", String.format(PUBSUB, "governedScope: [folders/1], cpu: 9"), FUNCTION, "k.cpu"),
        refused("a bad memory", String.format(PUBSUB, "governedScope: [folders/1], memory: 1Ti"), FUNCTION, "k.memory"),
        refused("bad JVM options", String.format(PUBSUB, "governedScope: [folders/1], jvmOptions: \"a;b\""), FUNCTION,
            "k.jvmOptions"),
        refused("a bad maxEventAge", String.format(PUBSUB, "governedScope: [folders/1], maxEventAge: PT0S"), FUNCTION,
            "k.maxEventAge"),
        read("a typed Kubernetes service account", "{ksa: {namespace: t, name: s}}", TYPED),
        refused("a typed Kubernetes service account named badly", "{ksa: {namespace: t, name: Bad_Name}}", TYPED,
            "k.ksa.name"),
        refused("a typed cluster set in a bad location", "{ksaSet: {cluster: c1, location: US}}", TYPED,
            "k.ksaSet.location"),
        refused("a typed cluster set of a badly named cluster", "{ksaSet: {cluster: Bad_Cluster, location: us-central1}}",
            TYPED, "k.ksaSet.cluster"),
        refused("a typed namespace set of a bad namespace", "{ksaSet: {namespace: Bad_NS}}", TYPED, "k.ksaSet.namespace"),
        read("an exemption by resource only", "[{resources: [\"//aiplatform.googleapis.com/projects/p/*\"], reason: r,"
            + " expires: 2027-01-01}]", EXEMPTIONS));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void aRefusedValueIsRecordedAndReadAsEmpty(Case c) {
    Problems problems = new Problems("function.yaml");
    YamlNode node = new YamlReader(problems).read(c.yaml()).orElseThrow();
    Optional<?> read = c.reader().apply(new TreeReader(problems), new Field("k", node.line(), node));

    assertThat(fields(problems)).containsExactlyElementsOf(c.refused());
    assertThat(read.isEmpty()).as("read as empty").isEqualTo(!c.refused().isEmpty());
  }

  /** A refused topic is recorded; the section is still read (FunctionConfig keeps topics optional). */
  @Test
  void aTopicStartingWithGoogIsRefused() {
    Problems problems = new Problems("function.yaml");
    YamlNode node = new YamlReader(problems).read(String.format(PUBSUB, "governedScope: [folders/1]")
        .replace("topic: autobind-audit", "topic: goog-audit")).orElseThrow();

    FUNCTION.apply(new TreeReader(problems), new Field("k", 1, node));

    assertThat(fields(problems)).containsExactly("k.topic");
  }

  @Test
  void eachSubjectKeepsItsKind() {
    Problems problems = new Problems("function.yaml");
    YamlNode node = new YamlReader(problems).read("{roleBindings: [" + String.format(BINDING,
        "{group: g@example.com}, {user: u@example.com}, {serviceAccount: {namespace: t, name: s}}") + "]}").orElseThrow();

    ClusterSetup setup = new KubernetesSection(new TreeReader(problems), ANY_DOMAIN).read(new Field("k", 1, node)).orElseThrow();

    assertThat(setup.bindings().get(0).subjects()).extracting(ClusterSetup.Subject::kind).containsExactly(
        ClusterSetup.SubjectKind.GROUP, ClusterSetup.SubjectKind.USER, ClusterSetup.SubjectKind.SERVICE_ACCOUNT);
  }

  private static List<String> fields(Problems problems) {
    try {
      problems.throwIfAny();
      return List.of();
    } catch (PolicyException e) {
      return e.problems().stream().map(Problem::field).toList();
    }
  }

  private static Case refused(String name, String yaml, String... fields) {
    return new Case(name, yaml, KUBERNETES, List.of(fields));
  }

  private static Case refused(String name, String yaml, BiFunction<TreeReader, Field, Optional<?>> reader,
      String... fields) {
    return new Case(name, yaml, reader, List.of(fields));
  }

  private static Case read(String name, String yaml) {
    return new Case(name, yaml, KUBERNETES, List.of());
  }

  private static Case read(String name, String yaml, BiFunction<TreeReader, Field, Optional<?>> reader) {
    return new Case(name, yaml, reader, List.of());
  }
}
