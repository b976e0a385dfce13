package dev.autobind.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Kubernetes' length limits on names, keys and RBAC subjects, each at the limit and one over. */
class KubernetesNamesLimitsTest {

  /** A rule, a value, and whether the rule takes it. */
  record Case(String name, Function<String, Optional<String>> rule, String value, boolean accepted) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    Function<String, Optional<String>> namespace = KubernetesNames::namespaceProblem;
    Function<String, Optional<String>> name = KubernetesNames::nameProblem;
    Function<String, Optional<String>> role = KubernetesNames::roleProblem;
    Function<String, Optional<String>> subject = KubernetesNames::subjectProblem;
    Function<String, Optional<String>> key = KubernetesNames::keyProblem;
    return Stream.of(
        new Case("a namespace of 63 characters", namespace, "a".repeat(63), true),
        new Case("a namespace of 64 characters", namespace, "a".repeat(64), false),
        new Case("an object name of 253 characters", name, "a".repeat(253), true),
        new Case("an object name of 254 characters", name, "a".repeat(254), false),
        new Case("a role of 253 characters", role, "a".repeat(253), true),
        new Case("a role of 254 characters", role, "a".repeat(254), false),
        new Case("a subject of 256 characters", subject, "a".repeat(256), true),
        new Case("a subject of 257 characters", subject, "a".repeat(257), false),
        new Case("a subject ending in ~", subject, "a~", true),
        new Case("a subject with DEL", subject, "a\u007f", false),
        new Case("a subject starting with !", subject, "!a", true),
        new Case("a subject with a space", subject, "a b", false),
        new Case("a label key of 63 characters", key, "k".repeat(63), true),
        new Case("a label key of 64 characters", key, "k".repeat(64), false),
        new Case("a label key prefix of 253 characters", key, "p".repeat(253) + "/k", true),
        new Case("a label key prefix of 254 characters", key, "p".repeat(254) + "/k", false),
        new Case("a label key with an empty prefix", key, "/k", false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void eachLimitHoldsOnBothSides(Case c) {
    Optional<String> problem = c.rule().apply(c.value());

    assertThat(problem.isEmpty()).as(problem.orElse("accepted")).isEqualTo(c.accepted());
  }

  @org.junit.jupiter.api.Test
  void aSubjectOverTheLimitSaysHowLong() {
    assertThat(KubernetesNames.subjectProblem("a".repeat(257))).contains("is 257 characters long; the limit is 256");
  }
}
