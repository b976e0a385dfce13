package dev.autobind.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.tpu.v2.TpuGrpc;
import dev.autobind.kind.KindRegistry;
import dev.autobind.kinds.ShippedKinds;
import dev.autobind.localcloud.LocalCloudExtension;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Backfill finds the training kinds' existing resources, project by project and through Cloud Asset Inventory. */
class TrainingDiscoveryTest {
  @RegisterExtension
  static final LocalCloudExtension LOCAL = LocalCloudExtension.seeded("localcloud/training-seed.yaml");

  private static final List<String> SEEDED = List.of(
      "//aiplatform.googleapis.com/projects/demo-train/locations/us-central1/persistentResources/ray-train-1",
      "//tpu.googleapis.com/projects/demo-train/locations/us-central2-b/nodes/tpu-v4-32",
      "//tpu.googleapis.com/projects/demo-train/locations/us-central2-b/queuedResources/llm-pretrain",
      "//aiplatform.googleapis.com/projects/demo-models/locations/europe-west4/endpoints/1234567890123456789");

  /** What a discovery told its sink. */
  static final class Recorded implements DiscoverySink {
    final List<String> found = new ArrayList<>();
    final List<String> problems = new ArrayList<>();

    @Override
    public void found(FoundResource resource) {
      found.add(resource.fullName());
    }

    @Override
    public void unusable(String resource, String reason) {
      problems.add(resource + ": " + reason);
    }

    @Override
    public void problem(String message) {
      problems.add(message);
    }

    @Override
    public void apiOff(String project, String api) {
      problems.add(api + " is off in " + project);
    }
  }

  /** One way of discovering, over the local cloud's clients. */
  record Mode(String name, Function<LocalCloudExtension, Discovery> discovery) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Mode> modes() {
    return Stream.of(
        new Mode("per project, regions from the Locations mixin", l -> new ProjectDiscovery(l.clients(),
            ShippedKinds.plugins(), projects("demo-train", "demo-models"), Optional.empty())),
        new Mode("per project, regions named", l -> new ProjectDiscovery(l.clients(), ShippedKinds.plugins(),
            projects("demo-train", "demo-models"), Optional.of(List.of("us-central1", "europe-west4")))),
        new Mode("organization through Cloud Asset Inventory", l -> new ScopeDiscovery(l.clients().assets(),
            new ProjectIds(l.clients().projects()), "organizations/123456789012", ShippedKinds.registry())));
  }

  private static List<GovernedProject> projects(String... ids) {
    return java.util.Arrays.stream(ids).map(GovernedProject::of).toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("modes")
  void findsEveryExistingResourceOfTheTrainingKinds(Mode mode) {
    Recorded sink = new Recorded();

    mode.discovery().apply(LOCAL).run(sink);

    assertThat(sink.found).containsExactlyInAnyOrderElementsOf(SEEDED);
    assertThat(sink.problems).isEmpty();
  }

  @Test
  void aTpuListingThatFailsIsReportedAndTheOtherKindsAreStillFound() {
    LOCAL.cloud().failNext(TpuGrpc.getListNodesMethod().getFullMethodName(), Status.Code.PERMISSION_DENIED, 1,
        "Permission 'tpu.nodes.list' denied");
    Recorded sink = new Recorded();

    new ProjectDiscovery(LOCAL.clients(), ShippedKinds.plugins(), projects("demo-train"),
        Optional.of(List.of("us-central1"))).run(sink);

    assertThat(sink.found).containsExactly(SEEDED.get(0), SEEDED.get(2));
    assertThat(sink.problems).singleElement().asString()
        .startsWith("listing the Cloud TPU nodes of project demo-train failed: PERMISSION_DENIED");
  }
}
