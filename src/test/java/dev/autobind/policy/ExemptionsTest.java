package dev.autobind.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.autobind.kinds.ShippedKinds;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code policy.exemptions}: validated like the rest, every problem as FILE:LINE: field.path: message. */
class ExemptionsTest {
  private static final String BASE = String.join("\n",
      "policy:",
      "  projects: {include: [\"ml-*\"]}",
      "  serviceAccount: {accountId: ml-trainer}",
      "  rules:",
      "    - name: r",
      "      resources: [gke-cluster]",
      "      grant:",
      "        project: [{role: roles/aiplatform.user, members: [\"serviceAccount:${serviceAccount}\"]}]",
      "  exemptions:",
      "");

  /** Exemption entries (starting on line 10) and the problems they must produce. */
  record Bad(String name, String exemptions, List<String> problems) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Bad> bad() {
    return List.of(
        new Bad("names neither projects nor resources", "    - {reason: r, expires: 2027-01-01}", List.of(
            "function.yaml:10: policy.exemptions[0]: names no projects and no resources; list at least one glob in either")),
        new Bad("no reason and no expiry", "    - {projects: [\"ml-a\"]}", List.of(
            "function.yaml:10: policy.exemptions[0].reason: is required",
            "function.yaml:10: policy.exemptions[0].expires: is required")),
        new Bad("an expiry that is not a date", "    - {projects: [\"ml-a\"], reason: r, expires: next spring}", List.of(
            "function.yaml:10: policy.exemptions[0].expires: next spring is not a date; write YYYY-MM-DD, e.g. 2027-03-31")),
        new Bad("an impossible date", "    - {projects: [\"ml-a\"], reason: r, expires: 2027-02-30}", List.of(
            "function.yaml:10: policy.exemptions[0].expires: 2027-02-30 is not a date; write YYYY-MM-DD, e.g. 2027-03-31")),
        new Bad("a project glob with a slash", "    - {projects: [\"ml/a\"], reason: r, expires: 2027-01-01}", List.of(
            "function.yaml:10: policy.exemptions[0].projects[0]: ml/a is not a project id glob; use lowercase letters,"
                + " digits, hyphens and * ? [ ]")),
        new Bad("a resource glob that is not a full name",
            "    - {resources: [\"projects/ml-a/*\"], reason: r, expires: 2027-01-01}", List.of(
            "function.yaml:10: policy.exemptions[0].resources[0]: projects/ml-a/* is not a full resource name glob;"
                + " write //SERVICE/projects/... with letters, digits, . _ @ : - / and * ? [ ]")),
        new Bad("an unknown key", "    - {projects: [\"ml-a\"], reason: r, expires: 2027-01-01, forever: true}", List.of(
            "function.yaml:10: policy.exemptions[0].forever: unknown key; expected one of projects, resources, reason,"
                + " expires")),
        new Bad("a reason with a control character", "    - {projects: [\"ml-a\"], reason: \"a\\u0007b\", expires: 2027-01-01}",
            List.of("function.yaml:10: policy.exemptions[0].reason: contains a control character")),
        new Bad("not a list", "    projects: [\"ml-a\"]", List.of(
            "function.yaml:9: policy.exemptions: expected a list, found a mapping")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bad")
  void refusesEachBadExemptionNamingItsField(Bad b) {
    PolicyException e = catchThrowableOfType(PolicyException.class,
        () -> PolicyFile.parse("function.yaml", BASE + b.exemptions() + "\n", ShippedKinds.registry()));

    assertThat(e).as("no problem found").isNotNull();
    assertThat(e.problems()).extracting(Problem::text).containsExactlyElementsOf(b.problems());
  }

  @Test
  void readsAnExemptionAndAppliesItThroughTheEndOfItsLastDay() {
    Policy policy = PolicyFile.parse("function.yaml", BASE
        + "    - projects: [\"ml-legacy-*\"]\n"
        + "      resources: [\"//container.googleapis.com/projects/ml-a/locations/*/clusters/old-*\"]\n"
        + "      reason: migrating\n"
        + "      expires: 2027-03-31\n", ShippedKinds.registry()).policy();

    Exemption exemption = policy.exemptions().get(0);
    assertThat(exemption.field()).isEqualTo("policy.exemptions[0]");
    assertThat(exemption.expires()).isEqualTo(LocalDate.of(2027, 3, 31));
    assertThat(exemption.coversProject("ml-legacy-x")).isTrue();
    assertThat(exemption.coversProject("ml-a")).isFalse();
    assertThat(exemption.coversResource("//container.googleapis.com/projects/ml-a/locations/us-central1/clusters/old-1"))
        .isTrue();
    assertThat(exemption.coversResource("//container.googleapis.com/projects/ml-a/locations/us-central1/clusters/new"))
        .isFalse();
    assertThat(exemption.activeAt(Instant.parse("2027-03-31T23:59:59Z"))).isTrue();
    assertThat(exemption.activeAt(Instant.parse("2027-04-01T00:00:00Z"))).isFalse();
  }
}
