package dev.autobind.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autobind.kinds.GkeCluster;
import dev.autobind.kinds.ShippedKinds;
import dev.autobind.kinds.TpuNode;
import dev.autobind.kinds.VertexEndpoint;
import dev.autobind.kinds.VertexModel;
import dev.autobind.policy.Glob;
import dev.autobind.policy.ProjectScope;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Admission (once, and only in governed projects), the counts, the progress line and the summary. */
class BackfillReportTest {

  private static final ProjectScope SCOPE = new ProjectScope(List.of(Glob.of("ml-*")), List.of(Glob.of("ml-sandbox")));

  private static FoundResource cluster(String project, String name) {
    return new FoundResource(GkeCluster.KIND, project, "us-central1", name);
  }

  private static FoundResource model(String project, String id) {
    return new FoundResource(VertexModel.KIND, project, "us-central1", id);
  }

  @Test
  void admitsEachGovernedResourceOnceAndCountsSkippedProjects() {
    BackfillReport report = new BackfillReport(SCOPE);

    List<Boolean> admitted = List.of(report.admit(cluster("ml-alpha", "c1")), report.admit(cluster("ml-alpha", "c1")),
        report.admit(model("ml-alpha", "111")), report.admit(cluster("ml-sandbox", "c9")),
        report.admit(cluster("other-proj", "c8")), report.admit(model("other-proj", "222")));

    assertThat(admitted).containsExactly(true, false, true, false, false, false);
    BackfillReport.Snapshot s = report.snapshot();
    assertThat(s.found()).isEqualTo(2);
    assertThat(s.skippedResources()).isEqualTo(3);
    assertThat(s.skippedProjects()).containsOnlyKeys("ml-sandbox", "other-proj");
    assertThat(s.foundByProject().get("ml-alpha")).containsEntry(GkeCluster.KIND, 1L)
        .containsEntry(VertexModel.KIND, 1L);
  }

  @Test
  void governsCountsAProjectWithNoResourcesAsSkippedToo() {
    BackfillReport report = new BackfillReport(SCOPE);

    assertThat(report.governs("ml-alpha")).isTrue();
    assertThat(report.governs("ml-sandbox")).isFalse();

    assertThat(report.snapshot().skippedProjects())
        .containsExactlyEntriesOf(java.util.Map.of("ml-sandbox", "project ml-sandbox is excluded by policy.projects.exclude ml-sandbox"));
  }

  @Test
  void runIsCompleteOnlyWhenEveryAdmittedResourceWasHandledAndDiscoveryEnded() {
    BackfillReport report = new BackfillReport(SCOPE);
    report.admit(cluster("ml-alpha", "c1"));
    report.handled("published");
    assertThat(report.snapshot().complete()).as("still discovering").isFalse();

    report.discoveryEnded();
    assertThat(report.snapshot().complete()).isTrue();

    report.problem("listing the GKE clusters of project ml-beta failed: UNAVAILABLE: down");
    assertThat(report.snapshot().complete()).as("a listing failed").isFalse();
  }

  @Test
  void summaryNamesEveryCountSkippedProjectAndFailure() {
    BackfillReport report = new BackfillReport(SCOPE);
    report.admit(cluster("ml-alpha", "c1"));
    report.admit(model("ml-alpha", "111"));
    report.admit(cluster("ml-bravo", "c2"));
    report.admit(cluster("ml-sandbox", "c9"));
    report.admit(cluster("other-proj", "c8"));
    report.handled("published");
    report.handled("published");
    report.failed(cluster("ml-bravo", "c2"), "publish failed after 3 attempts: UNAVAILABLE: down");
    report.apiOff("ml-bravo", "Vertex AI");
    report.discoveryEnded();

    List<String> lines = Summary.lines(report.snapshot(), Mode.PUBLISH, Duration.ofSeconds(2), ShippedKinds.registry());

    assertThat(lines).containsExactly(
        "backfill INCOMPLETE: 3 found, 2 published, 1 failed, in 2.0 s (1.0/s)",
        "  by kind: gke-cluster 2, vertex-model 1",
        "  by project (2):",
        "    ml-alpha: gke-cluster 1, vertex-model 1",
        "    ml-bravo: gke-cluster 1, vertex-model 0",
        "  skipped 2 project(s) outside the policy, with 2 resource(s):",
        "    ml-sandbox: project ml-sandbox is excluded by policy.projects.exclude ml-sandbox",
        "    other-proj: project other-proj is not in policy.projects.include",
        "  APIs not enabled, so nothing to list (1): ml-bravo: Vertex AI",
        "  failed (1):",
        "    //container.googleapis.com/projects/ml-bravo/locations/us-central1/clusters/c2:"
            + " publish failed after 3 attempts: UNAVAILABLE: down");
  }

  @Test
  void theSummaryCountsOnlyTheKindsTheRunFound() {
    BackfillReport report = new BackfillReport(SCOPE);
    report.admit(new FoundResource(TpuNode.KIND, "ml-alpha", "us-central2-b", "tpu-1"));
    report.admit(new FoundResource(VertexEndpoint.KIND, "ml-bravo", "us-central1", "42"));
    report.admit(new FoundResource(TpuNode.KIND, "ml-bravo", "us-central2-b", "tpu-2"));
    report.discoveryEnded();

    List<String> lines = Summary.lines(report.snapshot(), Mode.PUBLISH, Duration.ofSeconds(1), ShippedKinds.registry());

    assertThat(lines.subList(1, 5)).containsExactly(
        "  by kind: vertex-endpoint 1, tpu-node 2",
        "  by project (2):",
        "    ml-alpha: vertex-endpoint 0, tpu-node 1",
        "    ml-bravo: vertex-endpoint 1, tpu-node 1");
    assertThat(Summary.lines(new BackfillReport(SCOPE).snapshot(), Mode.PUBLISH, Duration.ofSeconds(1), ShippedKinds.registry()))
        .contains("  by kind: none", "  by project (0):");
  }

  @Test
  void progressLineShowsFoundHandledRateAndEta() {
    BackfillReport report = new BackfillReport(SCOPE);
    for (int i = 0; i < 40; i++) {
      report.admit(cluster("ml-alpha", "c" + i));
    }
    for (int i = 0; i < 10; i++) {
      report.handled("published");
    }

    assertThat(Summary.progress(report.snapshot(), Mode.PUBLISH, Duration.ofSeconds(2)))
        .isEqualTo("backfill: found 40 so far, published 10, failed 0, 5.0/s, ETA 6.0 s (still discovering)");
    report.discoveryEnded();
    assertThat(Summary.progress(report.snapshot(), Mode.PUBLISH, Duration.ofSeconds(2)))
        .isEqualTo("backfill: found 40, published 10, failed 0, 5.0/s, ETA 6.0 s");
  }
}
