package dev.autobind.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.iam.v1.Policy;
import dev.autobind.apply.CloudClients;
import dev.autobind.kinds.ShippedKinds;
import dev.autobind.localcloud.LocalCloud;
import dev.autobind.localcloud.Seed;
import dev.autobind.policy.PolicyFile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A kind listed region by region (Vertex AI) is listed only in the regions some rule naming it can match:
 * its {@code match.locations} globs, or every region for a rule without them. Counted on the local cloud,
 * which serves six Vertex AI regions: asia-northeast1, europe-west1, europe-west4, us-central1, us-east1,
 * us-west1.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegionsByRuleTest {
  private static final String PROJECT = "rg-models";
  private static final String LIST_MODELS = "google.cloud.aiplatform.v1.ModelService/ListModels";

  private LocalCloud cloud;
  private CloudClients clients;

  @BeforeAll
  void start() throws Exception {
    cloud = LocalCloud.start(new Seed(Duration.ZERO, List.of(new Seed.Project(PROJECT, 500_000_000_001L,
        Policy.getDefaultInstance(), List.of(), List.of(new Seed.Cluster("us-central1-a", "train", "", Map.of())),
        List.of(new Seed.Model("us-central1", "100000000000000001", "us", Map.of(), Policy.getDefaultInstance()),
            new Seed.Model("europe-west4", "100000000000000002", "eu", Map.of(), Policy.getDefaultInstance())),
        List.of()))));
    clients = CloudClients.forEmulator(cloud.host());
  }

  @AfterAll
  void stop() throws Exception {
    try {
      clients.close();
    } finally {
      cloud.close();
    }
  }

  /** The rules' kinds and location globs, the ListModels calls the run may make, and the models it finds. */
  record Case(String name, String rules, long listModels, long models) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("a rule without locations: every region", rule("vertex-model", ""), 6, 2),
        new Case("a regional glob: only the regions it matches", rule("vertex-model", "[\"europe-*\"]"), 2, 1),
        new Case("two rules: the regions either matches", rule("vertex-model", "[\"us-central1\"]")
            + rule("vertex-model", "[\"europe-west4\"]"), 2, 2),
        new Case("a zone glob matches no region: no model is listed", rule("vertex-model", "[\"us-central1-a\"]"),
            0, 0),
        new Case("another kind's rule without locations does not widen this kind's regions",
            rule("gke-cluster", "") + rule("vertex-model", "[\"us-*\"]"), 3, 1),
        new Case("one rule naming two kinds: its globs for both", rule("vertex-model, gke-cluster",
            "[\"us-central1*\"]"), 1, 1));
  }

  private static String rule(String kinds, String locations) {
    return "    - name: r" + Math.abs((kinds + locations).hashCode()) + "\n"
        + "      resources: [" + kinds + "]\n"
        + (locations.isEmpty() ? "" : "      match:\n        locations: " + locations + "\n")
        + "      grant:\n        project:\n          - role: roles/aiplatform.user\n"
        + "            members: [\"group:ml-engineers@example.com\"]\n";
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void aKindIsListedOnlyInTheRegionsSomeRuleNamingItCanMatch(Case c) throws Exception {
    dev.autobind.policy.Policy policy = PolicyFile.parse("regions.yaml", "policy:\n  projects:\n    include: [\"rg-*\"]\n"
        + "  serviceAccount:\n    accountId: ml-trainer\n  rules:\n" + c.rules(), ShippedKinds.registry()).policy();
    BackfillReport report = new BackfillReport(policy.projects());
    StringWriter listed = new StringWriter();
    long before = cloud.calls(LIST_MODELS);

    BackfillReport.Snapshot result = new Backfill(clients, ShippedKinds.plugins(), report,
        new DryRunListing(new PrintWriter(listed), report), Optional.empty(), Clock.systemUTC())
        .governing(policy).run(new Source.PolicyProjects(Optional.empty()));

    assertThat(cloud.calls(LIST_MODELS) - before).as("ListModels calls").isEqualTo(c.listModels());
    assertThat(result.foundByKind().getOrDefault(ShippedKinds.registry().byId("vertex-model").orElseThrow(), 0L))
        .as(listed.toString()).isEqualTo(c.models());
    assertThat(result.problems()).isEmpty();
  }
}
