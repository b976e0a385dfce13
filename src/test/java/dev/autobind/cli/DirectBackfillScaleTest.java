package dev.autobind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.iam.v1.Policy;
import dev.autobind.apply.CloudClients;
import dev.autobind.localcloud.LocalCloud;
import dev.autobind.localcloud.Seed;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code backfill --direct} at organization scale, counted against the local cloud: a GKE-only policy over
 * 120 projects lists only GKE, converges every project, and a second run reads each project's two policies
 * once and nothing else, not even the project: the search that found it told the gate where it sits.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DirectBackfillScaleTest {
  private static final Path POLICY = Path.of("src/test/resources/backfill/gke-only.yaml");
  private static final int PROJECTS = 120;
  private static final long FIRST_NUMBER = 700_000_000_001L;
  private static final String ENGINEERS = "group:ml-engineers@example.com";

  private LocalCloud cloud;

  @BeforeAll
  void start() throws Exception {
    cloud = LocalCloud.start(seed());
  }

  @AfterAll
  void stop() {
    cloud.close();
  }

  /** 120 governed projects, each with a zonal and a regional cluster and a Vertex AI model no rule names. */
  private static Seed seed() {
    List<Seed.Project> projects = new ArrayList<>();
    for (int i = 0; i < PROJECTS; i++) {
      String id = project(i);
      projects.add(new Seed.Project(id, FIRST_NUMBER + i, Policy.getDefaultInstance(), List.of(),
          List.of(new Seed.Cluster("us-central1-a", "train", id + ".svc.id.goog", Map.of("team", "ml")),
              new Seed.Cluster("europe-west4", "serve", id + ".svc.id.goog", Map.of())),
          List.of(new Seed.Model("us-central1", String.format(Locale.ROOT, "9%018d", i), "model", Map.of(),
              Policy.getDefaultInstance())), List.of()));
    }
    return new Seed(Duration.ZERO, projects);
  }

  private static String project(int i) {
    return String.format(Locale.ROOT, "gk-%03d", i);
  }

  @Test
  void aGkeOnlyPolicyListsOnlyGkeConvergesAndASecondRunReadsTwoPoliciesPerProject() {
    CliRun first = backfill();

    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.err()).contains("240 found");
    Map<String, Long> firstCalls = cloud.calls();
    assertThat(firstCalls.keySet()).as("no Vertex AI or TPU call of any kind")
        .noneMatch(method -> method.contains("aiplatform") || method.contains("tpu"));
    for (int i = 0; i < PROJECTS; i++) {
      assertCompliant(i);
    }
    assertThat(firstCalls.get("google.iam.admin.v1.IAM/CreateServiceAccount"))
        .as("one account creation per project, though each project's two clusters are applied at once")
        .isEqualTo(PROJECTS);

    CliRun second = backfill();

    assertThat(second.exitCode()).as(second.err()).isZero();
    Map<String, Long> secondCalls = minus(cloud.calls(), firstCalls);
    Map<String, Long> nonListing = secondCalls.entrySet().stream().filter(e -> !listing(e.getKey()))
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    // Two reads a project, for the policies: the search that found each project proved its ancestry to the gate.
    assertThat(nonListing.values().stream().mapToLong(Long::longValue).sum()).as(nonListing.toString())
        .isLessThanOrEqualTo(2L * PROJECTS);
    assertThat(nonListing).as("the second run reads each project's policy and the account's once, and no project")
        .containsOnlyKeys("google.cloud.resourcemanager.v3.Projects/GetIamPolicy", "google.iam.admin.v1.IAM/GetIamPolicy");
    assertThat(firstCalls).as("nor does the first run read a project the search returned")
        .doesNotContainKey("google.cloud.resourcemanager.v3.Projects/GetProject");
    assertThat(secondCalls.get("google.container.v1.ClusterManager/ListClusters")).isEqualTo(PROJECTS);
  }

  private void assertCompliant(int i) {
    String id = project(i);
    String account = "ml-trainer@" + id + ".iam.gserviceaccount.com";
    assertThat(members(cloud.iamPolicy("projects/" + id), "roles/logging.logWriter"))
        .containsExactly("serviceAccount:" + account);
    assertThat(members(cloud.iamPolicy("projects/" + id), "roles/container.developer")).containsExactly(ENGINEERS);
    assertThat(members(cloud.iamPolicy("projects/" + id + "/serviceAccounts/" + account),
        "roles/iam.workloadIdentityUser")).containsExactly("principal://iam.googleapis.com/projects/"
            + (FIRST_NUMBER + i) + "/locations/global/workloadIdentityPools/" + id
            + ".svc.id.goog/subject/ns/training/sa/trainer");
  }

  private static List<String> members(Policy policy, String role) {
    return policy.getBindingsList().stream().filter(b -> b.getRole().equals(role))
        .flatMap(b -> b.getMembersList().stream()).toList();
  }

  /** Listing and searching: what discovery costs, apart from what the reconcile itself reads. */
  private static boolean listing(String method) {
    String name = method.substring(method.lastIndexOf('/') + 1);
    return name.startsWith("List") || name.startsWith("Search");
  }

  private static Map<String, Long> minus(Map<String, Long> after, Map<String, Long> before) {
    return after.entrySet().stream().filter(e -> e.getValue() - before.getOrDefault(e.getKey(), 0L) > 0)
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue() - before.getOrDefault(e.getKey(), 0L)));
  }

  private CliRun backfill() {
    Map<String, String> env = Map.of(CloudClients.EMULATOR_HOST_VARIABLE, cloud.host(), "AUTOBIND_POLICY",
        POLICY.toString());
    return CliRun.of(cl -> {
      BackfillCommand backfill = (BackfillCommand) cl.getSubcommands().get("backfill").getCommandSpec().userObject();
      backfill.environment = env;
    }, Stream.of("backfill", "--direct", "--parallelism", "4").toArray(String[]::new));
  }
}
