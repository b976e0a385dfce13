package dev.autobind.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.autobind.kinds.ShippedKinds;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * In eventarc mode the function's own project is governed, so grants on service accounts' own policies would
 * reach the function's own account: validation refuses them there, and only there.
 */
class EventarcAccountGrantsTest {

  /** A trigger block, the grant section of the one rule, and the problems expected. */
  record Case(String name, String trigger, String grant, List<String> problems) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static final String EVENTARC = "  trigger: eventarc\n";
  private static final String PUBSUB = "  trigger: pubsub\n  topic: audit\n  sinkScope: organizations/1\n"
      + "  governedScope: [folders/2]\n";
  private static final String ACCOUNT_GRANT = "{serviceAccount: [{role: roles/iam.serviceAccountUser,"
      + " members: [\"group:eng@corp.test\"]}]}";
  private static final String PROJECT_GRANT = "{project: [{role: roles/aiplatform.user, members: [\"user:a@corp.test\"]}]}";

  static Stream<Case> cases() {
    return Stream.of(
        new Case("eventarc with a grant on the standard account", EVENTARC, ACCOUNT_GRANT, List.of(
            "function.yaml:5: function.trigger: eventarc governs the function's own project ops-proj, so"
                + " grant.serviceAccount (in rule launchers) would let the function set IAM on service accounts"
                + " there, its own included; use trigger: pubsub with the function's project outside governedScope,"
                + " or drop the grant")),
        new Case("eventarc with project grants only", EVENTARC, PROJECT_GRANT, List.of()),
        new Case("pubsub with a grant on the standard account", PUBSUB, ACCOUNT_GRANT, List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void accountGrantsAreRefusedInEventarcModeOnly(Case c) {
    String yaml = """
        function:
          name: autobind
          project: ops-proj
          region: us-central1
        %s  serviceAccount: autobind-fn
        policy:
          projects: {include: ["%s"]}
          serviceAccount: {accountId: ml-trainer}
          rules: [{name: launchers, resources: [gke-cluster], grant: %s}]
        """.formatted(c.trigger(), c.trigger().equals(EVENTARC) ? "ops-*" : "ml-*", c.grant());
    PolicyException e = catchThrowableOfType(PolicyException.class, () -> PolicyFile.parse("function.yaml", yaml, ShippedKinds.registry()));

    assertThat(e == null ? List.<String>of() : e.problems().stream().map(Problem::text).toList())
        .containsExactlyElementsOf(c.problems());
  }
}
