package dev.autobind.kind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autobind.kinds.GkeCluster;
import dev.autobind.kinds.VertexEndpoint;
import dev.autobind.kinds.VertexModel;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each kind of policy holder: its full name and API resource, how JSON names it, and its project swapped. */
class PolicyHolderTest {

  /**
   * One holder and what it derives.
   *
   * @param moved the same holder after {@code withProjectId("ml-moved")}
   */
  record Case(String name, PolicyHolder holder, String full, String resource, String id, boolean number,
      PolicyHolder moved) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> holders() {
    return Stream.of(
        new Case("a project", PolicyHolder.project("ml-train-a"),
            "//cloudresourcemanager.googleapis.com/projects/ml-train-a", "projects/ml-train-a", "project", false,
            PolicyHolder.project("ml-moved")),
        new Case("a project by number", PolicyHolder.project("123456789012"),
            "//cloudresourcemanager.googleapis.com/projects/123456789012", "projects/123456789012", "project", true,
            PolicyHolder.project("ml-moved")),
        new Case("a service account by email", PolicyHolder.serviceAccount("ml-train-a",
            "ml-trainer@ml-train-a.iam.gserviceaccount.com"),
            "//iam.googleapis.com/projects/ml-train-a/serviceAccounts/ml-trainer@ml-train-a.iam.gserviceaccount.com",
            "projects/ml-train-a/serviceAccounts/ml-trainer@ml-train-a.iam.gserviceaccount.com", "service-account",
            false, PolicyHolder.serviceAccount("ml-moved", "ml-trainer@ml-train-a.iam.gserviceaccount.com")),
        new Case("a service account by unique id in no project", PolicyHolder.serviceAccountById("-",
            "112650090025525899268"), "//iam.googleapis.com/projects/-/serviceAccounts/112650090025525899268",
            "projects/-/serviceAccounts/112650090025525899268", "service-account", false,
            PolicyHolder.serviceAccountById("ml-moved", "112650090025525899268")),
        new Case("a Vertex AI endpoint", PolicyHolder.resource(ResourceRef.of(VertexEndpoint.KIND, "222222222222",
            "europe-west4", "1234567890123456789")),
            "//aiplatform.googleapis.com/projects/222222222222/locations/europe-west4/endpoints/1234567890123456789",
            "projects/222222222222/locations/europe-west4/endpoints/1234567890123456789", "vertex-endpoint", true,
            PolicyHolder.resource(ResourceRef.of(VertexEndpoint.KIND, "ml-moved", "europe-west4",
                "1234567890123456789"))),
        new Case("a Vertex AI model", PolicyHolder.resource(ResourceRef.of(VertexModel.KIND, "ml-serve-b",
            "us-central1", "42")), "//aiplatform.googleapis.com/projects/ml-serve-b/locations/us-central1/models/42",
            "projects/ml-serve-b/locations/us-central1/models/42", "vertex-model", false,
            PolicyHolder.resource(ResourceRef.of(VertexModel.KIND, "ml-moved", "us-central1", "42"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("holders")
  void derivesItsFullNameAndApiResourceInOnePlace(Case c) {
    assertThat(c.holder().fullName()).isEqualTo(c.full());
    assertThat(c.holder().resource()).isEqualTo(c.resource());
    assertThat(c.holder().toString()).isEqualTo(c.full());
    assertThat(c.holder().id()).isEqualTo(c.id());
    assertThat(c.holder().projectIsNumber()).isEqualTo(c.number());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("holders")
  void swapsOnlyItsProject(Case c) {
    PolicyHolder moved = c.holder().withProjectId("ml-moved");
    assertThat(moved).isEqualTo(c.moved()).isInstanceOf(c.holder().getClass());
    assertThat(moved.project()).isEqualTo("ml-moved");
    assertThat(moved.withProjectId(c.holder().project())).isEqualTo(c.holder());
  }

  /** Whether an account still needs resolving: only one named by unique id does. */
  record Account(String name, PolicyHolder.ServiceAccount account, boolean byUniqueId) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Account> accounts() {
    return Stream.of(
        new Account("by email", PolicyHolder.serviceAccount("p", "a@p.iam.gserviceaccount.com"), false),
        new Account("by unique id", PolicyHolder.serviceAccountById("p", "112650090025525899268"), true),
        new Account("by an empty name", PolicyHolder.serviceAccount("p", ""), true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("accounts")
  void anAccountNeedsResolvingOnlyWhenNamedByUniqueId(Account a) {
    assertThat(a.account().namedByUniqueId()).isEqualTo(a.byUniqueId());
  }

  @Test
  void twoResourcesOfOneNameButAnotherKindAreNotOneHolder() {
    ResourceName name = ResourceRef.of(VertexModel.KIND, "p", "us-central1", "42").name();
    assertThat(PolicyHolder.resource(new ResourceRef(VertexModel.KIND, name)))
        .isNotEqualTo(PolicyHolder.resource(new ResourceRef(GkeCluster.KIND, name)))
        .isEqualTo(PolicyHolder.resource(new ResourceRef(VertexModel.KIND, name)));
  }

  @Test
  void aMissingPartIsRefusedByName() {
    assertThatThrownBy(() -> PolicyHolder.project(null)).hasMessage("project");
    assertThatThrownBy(() -> PolicyHolder.serviceAccount(null, "a")).hasMessage("project");
    assertThatThrownBy(() -> PolicyHolder.serviceAccount("p", null)).hasMessage("account");
    assertThatThrownBy(() -> PolicyHolder.resource(null)).hasMessage("ref");
  }
}
