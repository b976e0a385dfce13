package dev.autobind.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autobind.admit.Verdict;
import dev.autobind.event.EventDecoder;
import dev.autobind.event.EventFixtures;
import dev.autobind.event.Intake;
import dev.autobind.event.Outcome;
import dev.autobind.kinds.ShippedKinds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The decision record, byte for byte: each case's line is kept in {@code src/test/resources/decisions/NAME.json},
 * so a change of a field, of its value or of the fields' order shows here before Cloud Logging queries and the
 * docs' examples notice.
 */
public class DecisionRecordTest {
  static final Path RECORDS = Path.of("src/test/resources/decisions");
  private static final Optional<String> TRACE =
      Optional.of("projects/ml-platform-ops/traces/0af7651916cd43dd8448eb211c80319c");

  /** A decision and the name of the file that holds its record. */
  record Case(String name, Supplier<Decision> decision) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    Intake.Resource gke = (Intake.Resource) decode("gke-create-first.eventarc.json");
    Intake.IamPolicyChanged iam = (Intake.IamPolicyChanged) decode("iam-project-remove.eventarc.json");
    Intake.KubernetesObjectChanged k8s = (Intake.KubernetesObjectChanged) decode("k8s-rolebinding-delete.eventarc.json");
    String gkeId = gke.event().eventId();
    String iamId = iam.change().eventId();
    return Stream.of(
        intakeOnly("resource-decoded", "gke-create-first.eventarc.json"),
        intakeOnly("ignored-creation-failed", "gke-create-failed.eventarc.json"),
        intakeOnly("invalid-hostile-name", "hostile-cluster-quote.eventarc.json"),
        intakeOnly("iam-change-decoded", "iam-project-remove.eventarc.json"),
        intakeOnly("kubernetes-change-decoded", "k8s-rolebinding-delete.eventarc.json"),
        intakeOnly("ignored-foreign-type", "foreign-type.storage.json"),
        new Case("expired-with-trace", () -> Decision.fromApply(gke, gkeId,
            ApplyResult.untouched(Outcome.EXPIRED, "event is 1500 min old, over the maximum", false),
            Duration.ofMillis(12), TRACE)),
        new Case("retry-dry-run-earlier-reads", () -> Decision.fromApply(gke, gkeId,
            ApplyResult.untouched(Outcome.RETRY, "not readable yet", true).withEarlierReads(2), Duration.ofMillis(7),
            Optional.empty())),
        new Case("invalid-refused-by-the-gate", () -> Decision.fromRefusal(gke, gkeId, ApplyResult.refused(
            new Verdict(Optional.of(Outcome.INVALID), "an audit entry arrived from \"x\"", Optional.empty())),
            Duration.ofMillis(3), TRACE)),
        new Case("contested-refused-by-the-gate", () -> Decision.fromRefusal(iam, iamId, ApplyResult.refused(
            new Verdict(Optional.of(Outcome.CONTESTED), "restored 3 times", Optional.empty())), Duration.ofMillis(3),
            Optional.empty())),
        new Case("exempt-removal", () -> Decision.fromRepair(iam, iamId,
            ApplyResult.untouched(Outcome.IGNORED, "exempt by policy.exemptions[0]", false), true,
            Duration.ofMillis(5), Optional.empty())),
        new Case("failed-repair-without-event-id", () -> Decision.fromRepair(iam, "",
            ApplyResult.untouched(Outcome.FAILED, "PERMISSION_DENIED", false), false, Duration.ofMillis(5),
            Optional.empty())),
        new Case("compliant-object-repair", () -> Decision.fromObjectRepair(k8s, k8s.change().eventId(),
            ApplyResult.untouched(Outcome.COMPLIANT, "nothing to restore", false), false, Duration.ofMillis(5),
            Optional.empty())),
        new Case("failed-reconcile-of-one-project", () -> Decision.fromReconcile(
            new Intake.Reconcile("job-1", Optional.of("gk-007")),
            new ReconcileResult(3, 1, 1, 1, List.of("c: failed: PERMISSION_DENIED")), Duration.ofSeconds(3), TRACE)),
        new Case("retry-unexpected-while-applying", () -> Decision.unexpected(gke, gkeId,
            new IllegalStateException("boom"), Duration.ofMillis(9))),
        new Case("retry-unexpected-while-repairing", () -> Decision.unexpected(iam, iamId,
            new IllegalStateException("boom"), Duration.ofMillis(9))),
        new Case("invalid-with-oversized-event-id", () -> Decision.fromIntake(
            new Intake.Invalid("data", "malformed JSON"), "x".repeat(300))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theRecordIsWrittenAsKept(Case c) throws IOException {
    assertThat(DecisionLog.render(c.decision().get())).isEqualTo(kept(c.name()));
  }

  /** A row of README.md's outcome table ("Decision records"): id, severity, what the function does, the exit code. */
  record DocumentedOutcome(String id, String severity, String function, String exitCode) {
    @Override
    public String toString() {
      return id;
    }
  }

  static Stream<DocumentedOutcome> readmeOutcomes() throws IOException {
    Pattern row = Pattern.compile("^\\| `([a-z-]+)` \\| ([A-Z]+) \\| .* \\| ([^|]+) \\| ([0-9]+) \\|$");
    List<DocumentedOutcome> rows = Files.readAllLines(Path.of("README.md"), StandardCharsets.UTF_8).stream()
        .map(row::matcher).filter(Matcher::matches)
        .map(m -> new DocumentedOutcome(m.group(1), m.group(2), m.group(3), m.group(4))).toList();
    assertThat(rows).as("README.md's outcome table").hasSizeGreaterThan(10);
    return rows.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("readmeOutcomes")
  void theReadmeSaysWhatEachOutcomeCarries(DocumentedOutcome row) {
    Outcome outcome = Stream.of(Outcome.values()).filter(o -> o.id().equals(row.id())).findFirst().orElseThrow();

    assertThat(outcome.severity().name()).isEqualTo(row.severity());
    assertThat(Integer.parseInt(row.exitCode())).isEqualTo(outcome.exitCode());
    assertThat(row.function().startsWith("throws")).as(row.function()).isEqualTo(outcome.redelivered());
  }

  /** The kept record of a case, without its line break. */
  public static String kept(String name) throws IOException {
    return Files.readString(RECORDS.resolve(name + ".json"), StandardCharsets.UTF_8).strip();
  }

  private static Case intakeOnly(String name, String fixture) {
    return new Case(name, () -> Decision.fromIntake(decode(fixture), "evt-" + fixture));
  }

  private static Intake decode(String fixture) {
    return new EventDecoder(ShippedKinds.registry()).deliverStructured(EventFixtures.read(fixture)).intake();
  }
}
