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
                + " expires, removedBy")),
        new Bad("removedBy a group, which no audit entry names", removedBy("\"group:sre@example.com\""), List.of(
            "function.yaml:10: policy.exemptions[0].removedBy[0]: group:sre@example.com cannot be who removed a"
                + " binding: an audit entry names one user: or serviceAccount:, never a group, domain or principal set")),
        new Bad("removedBy a malformed member", removedBy("\"serviceAccount:terraform\""), List.of(
            "function.yaml:10: policy.exemptions[0].removedBy[0]: serviceAccount:terraform is not a valid member;"
                + " expected serviceAccount:EMAIL or serviceAccount:POOL.svc.id.goog[NAMESPACE/KSA]")),
        new Bad("removedBy the same principal twice", removedBy("\"user:a@example.com\", \"user:a@example.com\""),
            List.of("function.yaml:10: policy.exemptions[0].removedBy[1]: user:a@example.com is listed twice")),
        new Bad("removedBy nobody", removedBy(""), List.of("function.yaml:10: policy.exemptions[0].removedBy: lists"
            + " nobody; name at least one user: or serviceAccount:, or leave removedBy out")),
        new Bad("removedBy a hostile string", removedBy("\"user:a@example.com\\nfunction.yaml:1: ok\""), List.of(
            "function.yaml:10: policy.exemptions[0].removedBy[0]: user:a@example.com\\u000afunction.yaml:1: ok"
                + " contains whitespace or control characters")),
        new Bad("a reason with a control character", "    - {projects: [\"ml-a\"], reason: \"a\\u0007b\", expires: 2027-01-01}",
            List.of("function.yaml:10: policy.exemptions[0].reason: contains a control character")),
        new Bad("not a list", "    projects: [\"ml-a\"]", List.of(
            "function.yaml:9: policy.exemptions: expected a list, found a mapping")));
  }

  private static String removedBy(String members) {
    return "    - {projects: [\"ml-iac-*\"], reason: r, expires: 2027-01-01, removedBy: [" + members + "]}";
  }

  /** A {@code drift:} section (starting on line 9, in place of exemptions) and the problems it must produce. */
  static List<Bad> badDrift() {
    return List.of(
        new Bad("a cap of zero", "  drift: {maxRestoresPerDay: 0}", List.of(
            "function.yaml:9: policy.drift.maxRestoresPerDay: 0 is out of range; use 1 to 100")),
        new Bad("a cap over 100", "  drift: {maxRestoresPerDay: 1000}", List.of(
            "function.yaml:9: policy.drift.maxRestoresPerDay: 1000 is out of range; use 1 to 100")),
        new Bad("a cap in words", "  drift: {maxRestoresPerDay: three}", List.of(
            "function.yaml:9: policy.drift.maxRestoresPerDay: expected a whole number from 1 to 100, found three")),
        new Bad("an unknown drift key", "  drift: {maxRestores: 3}", List.of(
            "function.yaml:9: policy.drift.maxRestores: unknown key; expected one of maxRestoresPerDay")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badDrift")
  void refusesABadDriftSectionNamingItsField(Bad b) {
    assertThat(problems(BASE.substring(0, BASE.indexOf("  exemptions:")) + b.exemptions() + "\n"))
        .containsExactlyElementsOf(b.problems());
  }

  /** Every problem {@code yaml} has; fails the test when it has none. */
  private static List<String> problems(String yaml) {
    PolicyException e = catchThrowableOfType(PolicyException.class,
        () -> PolicyFile.parse("function.yaml", yaml, ShippedKinds.registry()));
    assertThat(e).as("no problem found").isNotNull();
    return e.problems().stream().map(Problem::text).toList();
  }

  @Test
  void readsRemovedByAndTheRestoreCap() {
    Policy policy = PolicyFile.parse("function.yaml", BASE
        + "    - projects: [\"ml-iac-*\"]\n"
        + "      reason: Terraform owns these\n"
        + "      expires: 2027-03-31\n"
        + "      removedBy: [\"serviceAccount:tf@ops-proj.iam.gserviceaccount.com\", \"user:ana@example.com\"]\n"
        + "  drift: {maxRestoresPerDay: 5}\n", ShippedKinds.registry()).policy();

    Exemption exemption = policy.exemptions().get(0);
    assertThat(exemption.coversEveryWrite()).isFalse();
    assertThat(exemption.removedBy("TF@ops-proj.iam.gserviceaccount.com")).isTrue();
    assertThat(exemption.removedBy("ana@example.com")).isTrue();
    assertThat(exemption.removedBy("bob@example.com")).isFalse();
    assertThat(policy.maxRestoresPerDay()).isEqualTo(5);
    assertThat(PolicyFile.parse("function.yaml", BASE + "    - {projects: [\"ml-a\"], reason: r, expires: 2027-01-01}\n",
        ShippedKinds.registry()).policy().maxRestoresPerDay()).isEqualTo(Policy.DEFAULT_MAX_RESTORES_PER_DAY);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bad")
  void refusesEachBadExemptionNamingItsField(Bad b) {
    assertThat(problems(BASE + b.exemptions() + "\n")).containsExactlyElementsOf(b.problems());
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
