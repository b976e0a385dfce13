package dev.autobind.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Exemption.covering, the one rule for what no path may write to: in force, covering every write, by project or resource. */
class ExemptionCoveringTest {
  private static final String MODEL = "//aiplatform.googleapis.com/projects/ml-serve-b/locations/us-central1/models/42";
  private static final Exemption LEGACY = new Exemption("policy.exemptions[0]", List.of(Glob.of("ml-legacy-*")),
      List.of(), "hand-managed", LocalDate.parse("2027-06-30"));
  private static final Exemption MODELS = new Exemption("policy.exemptions[1]", List.of(),
      List.of(Glob.of("//aiplatform.googleapis.com/projects/ml-serve-*/locations/*/models/42")), "hand-managed model",
      LocalDate.parse("2027-06-30"));
  private static final Exemption TERRAFORM = new Exemption("policy.exemptions[2]", List.of(Glob.of("ml-iac-*")),
      List.of(), "Terraform owns it", LocalDate.parse("2027-06-30"), List.of("serviceAccount:tf@ops.iam.gserviceaccount.com"));
  private static final Instant IN_FORCE = Instant.parse("2027-06-30T23:59:59Z");

  /** A project and resource, when, and the exemption that covers them (none for empty). */
  record Case(String name, String project, String fullName, Instant at, Optional<Exemption> expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("a project a glob names", "ml-legacy-a", "//x/projects/ml-legacy-a", IN_FORCE, Optional.of(LEGACY)),
        new Case("a resource a glob names", "ml-serve-b", MODEL, IN_FORCE, Optional.of(MODELS)),
        new Case("another resource in that project", "ml-serve-b", MODEL.replace("/42", "/43"), IN_FORCE,
            Optional.empty()),
        new Case("a project no glob names", "ml-train-a", "//x/projects/ml-train-a", IN_FORCE, Optional.empty()),
        new Case("the day after it ends", "ml-legacy-a", "//x/projects/ml-legacy-a",
            Instant.parse("2027-07-01T00:00:00Z"), Optional.empty()),
        new Case("an exemption with removedBy covers only those removals", "ml-iac-a", "//x/projects/ml-iac-a",
            IN_FORCE, Optional.empty()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void coversWhatItsGlobsNameWhileInForce(Case c) {
    assertThat(Exemption.covering(List.of(TERRAFORM, LEGACY, MODELS), c.project(), c.fullName(), c.at()))
        .isEqualTo(c.expected());
  }

  @org.junit.jupiter.api.Test
  void aRecordNamesWhereWhyAndUntilWhen() {
    assertThat(MODELS.describe()).isEqualTo("policy.exemptions[1] (hand-managed model; until 2027-06-30)");
  }
}
