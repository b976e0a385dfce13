package dev.autobind.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each form of a pool principal ({@code principal://} and {@code principalSet://} over a GKE pool, another
 * workload identity pool, or a workforce pool) once accepted and once refused for each of its parts.
 */
class PoolPrincipalFormsTest {

  private static final String WORKLOAD = "iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/";
  private static final String GKE = WORKLOAD + "ml-train.svc.id.goog/";
  private static final String POOL = WORKLOAD + "my-pool/";
  private static final String WORKFORCE = "iam.googleapis.com/locations/global/workforcePools/my-workforce/";
  private static final String CLUSTER = "kubernetes.cluster/https://container.googleapis.com/v1/projects/";

  /** A member and whether it is accepted. */
  record Case(String name, String member, boolean accepted) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("one GKE service account", "principal://" + GKE + "subject/ns/training/sa/trainer", true),
        new Case("a GKE namespace", "principalSet://" + GKE + "namespace/training", true),
        new Case("a GKE cluster", "principalSet://" + GKE + CLUSTER + "ml-train/locations/us-central1/clusters/c1", true),
        new Case("one subject of a pool", "principal://" + POOL + "subject/alice", true),
        new Case("a group of a pool", "principalSet://" + POOL + "group/admins", true),
        new Case("an attribute of a pool", "principalSet://" + POOL + "attribute.team/ml", true),
        new Case("one subject of a workforce pool", "principal://" + WORKFORCE + "subject/alice", true),
        new Case("a group of a workforce pool", "principalSet://" + WORKFORCE + "group/admins", true),
        new Case("a project id for the number", "principal://" + GKE.replace("/123/", "/ml-train/")
            + "subject/ns/t/sa/s", false),
        new Case("a workload pool outside global", "principal://" + POOL.replace("/global/", "/us/") + "subject/a", false),
        new Case("a workforce pool outside global", "principal://" + WORKFORCE.replace("/global/", "/eu/") + "subject/a",
            false),
        new Case("a workforce pool id too short", "principal://" + WORKFORCE.replace("my-workforce", "ab") + "subject/a",
            false),
        new Case("a pool id with capitals", "principal://" + POOL.replace("my-pool", "My-Pool") + "subject/a", false),
        new Case("a GKE pool of no project", "principal://" + GKE.replace("ml-train.", "x.") + "subject/ns/t/sa/s", false),
        new Case("a GKE subject that is not a service account", "principal://" + GKE + "subject/alice", false),
        new Case("a GKE subject in a bad namespace", "principal://" + GKE + "subject/ns/Bad_NS/sa/s", false),
        new Case("a GKE subject with a bad name", "principal://" + GKE + "subject/ns/t/sa/Bad_Name", false),
        new Case("a GKE set by group", "principalSet://" + GKE + "group/admins", false),
        new Case("a GKE set of a bad namespace", "principalSet://" + GKE + "namespace/Bad_NS", false),
        new Case("a GKE set of a cluster not named by URL", "principalSet://" + GKE + "kubernetes.cluster/c1", false),
        new Case("a GKE set of a cluster in a bad project", "principalSet://" + GKE + CLUSTER
            + "AB/locations/us-central1/clusters/c1", false),
        new Case("a GKE set of a cluster in a bad location", "principalSet://" + GKE + CLUSTER
            + "ml-train/locations/US/clusters/c1", false),
        new Case("a GKE set of a badly named cluster", "principalSet://" + GKE + CLUSTER
            + "ml-train/locations/us-central1/clusters/Bad_Cluster", false),
        new Case("a principal of a pool's group", "principal://" + POOL + "group/admins", false),
        new Case("a set of one subject", "principalSet://" + POOL + "subject/alice", false),
        new Case("a set of an empty group", "principalSet://" + POOL + "group/", false),
        new Case("a workforce set of one subject", "principalSet://" + WORKFORCE + "subject/alice", false),
        new Case("neither kind of pool", "principal://iam.googleapis.com/organizations/1/subject/a", false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void acceptsEachFormAndRefusesEachBadPart(Case c) {
    Optional<String> problem = MemberForm.problem(c.member());

    assertThat(problem.isEmpty()).as(problem.orElse("accepted")).isEqualTo(c.accepted());
  }

  @Test
  void aGkeNamespaceSetNamesItsNamespace() {
    assertThat(WorkloadPrincipal.namespaceOfSet("principalSet://" + GKE + "namespace/training")).contains("training");
    assertThat(WorkloadPrincipal.namespaceOfSet("principalSet://" + WORKLOAD + "${workloadPool}/namespace/training"))
        .contains("training");
  }

  @Test
  void otherMembersNameNoNamespace() {
    assertThat(WorkloadPrincipal.namespaceOfSet("principalSet://" + POOL + "namespace/training")).isEmpty();
    assertThat(WorkloadPrincipal.namespaceOfSet("principal://" + GKE + "subject/ns/training/sa/s")).isEmpty();
    assertThat(WorkloadPrincipal.namespaceOfSet("principalSet://" + GKE + "group/admins")).isEmpty();
  }
}
