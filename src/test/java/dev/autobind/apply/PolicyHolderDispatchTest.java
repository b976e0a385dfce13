package dev.autobind.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.iam.v1.Binding;
import com.google.iam.v1.Policy;
import dev.autobind.event.Outcome;
import dev.autobind.event.EventDecoder;
import dev.autobind.event.EventFixtures;
import dev.autobind.event.Intake;
import dev.autobind.event.ResourceEvent;
import dev.autobind.kind.PolicyHolder;
import dev.autobind.kind.ResourceFacts;
import dev.autobind.kind.ResourceKind;
import dev.autobind.kind.ResourceName;
import dev.autobind.kind.ResourceRef;
import dev.autobind.kinds.GkeCluster;
import dev.autobind.kinds.ShippedKinds;
import dev.autobind.kinds.VertexEndpoint;
import dev.autobind.kinds.VertexModel;
import dev.autobind.localcloud.LocalCloudExtension;
import dev.autobind.policy.PolicyFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A policy is read and written through the gateway of its holder's type, and a resource's through its own kind's
 * client: a Vertex AI endpoint's policy goes through the endpoint service, never through the model service that
 * shares its API host.
 */
class PolicyHolderDispatchTest {
  @RegisterExtension
  static final LocalCloudExtension LOCAL = LocalCloudExtension.seeded("localcloud/training-seed.yaml");

  private static final dev.autobind.policy.Policy SHIPPED =
      PolicyFile.load(Path.of("function.yaml"), ShippedKinds.registry()).policy();
  private static final String ENDPOINT = "projects/demo-models/locations/europe-west4/endpoints/1234567890123456789";

  /** What went through which gateway: {@code GATEWAY read|write RESOURCE}. */
  private final List<String> calls = new CopyOnWriteArrayList<>();

  /**
   * One holder, and the gateway its policy must go through.
   *
   * @param gateway {@code project}, {@code service-account}, or the id of the kind whose client serves it
   */
  record Case(String name, PolicyHolder holder, String gateway) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> holders() {
    return Stream.of(
        new Case("a project, through Resource Manager", PolicyHolder.project("ml-train-a"), "project"),
        new Case("a project named by number, through Resource Manager", PolicyHolder.project("123456789012"),
            "project"),
        new Case("a service account, through IAM", PolicyHolder.serviceAccount("ml-train-a",
            "ml-trainer@ml-train-a.iam.gserviceaccount.com"), "service-account"),
        new Case("a service account by unique id, through IAM", PolicyHolder.serviceAccountById("-",
            "112650090025525899268"), "service-account"),
        new Case("a Vertex AI model, through the model client",
            PolicyHolder.resource(ResourceRef.of(VertexModel.KIND, "ml-serve-b", "us-central1", "4567890123456789012")),
            "vertex-model"),
        new Case("a Vertex AI endpoint, through the endpoint client, not the model client",
            PolicyHolder.resource(ResourceRef.of(VertexEndpoint.KIND, "ml-serve-b", "europe-west4",
                "1234567890123456789")), "vertex-endpoint"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("holders")
  void eachHoldersPolicyGoesThroughTheGatewayOfItsType(Case c) {
    Gateways gateways = new Gateways(new NoResources(), new NoAccounts(), recording("project"),
        recording("service-account"), kind -> recording(kind.id()), endpoint -> {
          throw new AssertionError("no cluster is reached");
        });

    HeldPolicy held = gateways.policy(c.holder());
    held.write(held.read());

    assertThat(calls).containsExactly(c.gateway() + " read " + c.holder().resource(),
        c.gateway() + " write " + c.holder().resource());
  }

  @Test
  void anEndpointCreationReadsAndWritesTheEndpointsPolicyThroughTheEndpointKindOnly() {
    Reconciler applier = ApplyFixture.applier(Gateways.over(LOCAL.clients(), recordingKinds()), LOCAL.clock(),
        ApplySettings.defaults());

    ApplyResult result = EventMapping.reconcile(applier, decoded("vertex-endpoint-create-first.eventarc.json"), SHIPPED);

    assertThat(result.status()).as(result.reason()).isEqualTo(Outcome.APPLIED);
    assertThat(calls).containsExactly("vertex-endpoint read " + ENDPOINT, "vertex-endpoint write " + ENDPOINT);
    assertThat(LOCAL.cloud().iamPolicy(ENDPOINT).getBindingsList()).filteredOn(b -> b.getRole()
        .equals("roles/aiplatform.user")).flatExtracting(Binding::getMembersList)
        .containsExactly("group:ml-serving@example.com");
  }

  @Test
  void aResourceWhoseKindHasNoPolicyOfItsOwnIsRefusedBeforeAnyCall() {
    Gateways gateways = Gateways.over(LOCAL.clients(), ShippedKinds.plugins());
    long before = LOCAL.cloud().calls().values().stream().mapToLong(Long::longValue).sum();

    assertThatThrownBy(() -> gateways.policy(PolicyHolder.resource(ResourceRef.of(GkeCluster.KIND, "demo-train",
        "us-central1-a", "train-1")))).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("gke-cluster has no resource-level IAM policy");
    assertThat(LOCAL.cloud().calls().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(before);
  }

  /**
   * A gateway over a client that records each request's {@code resource} under {@code name}, answers a read with an
   * empty policy and a write with the policy written.
   */
  private <H extends PolicyHolder> IamPolicyGateway<H> recording(String name) {
    return new ClientIamPolicyGateway<>((holder, read) -> {
      calls.add(name + " read " + read.getResource());
      return Policy.getDefaultInstance();
    }, (holder, write) -> {
      calls.add(name + " write " + write.getResource());
      return write.getPolicy();
    });
  }

  /** The shipped kinds, each resource-policy call recorded under the kind whose client made it. */
  private KindPlugins recordingKinds() {
    KindPlugins shipped = ShippedKinds.plugins();
    return KindPlugins.of(shipped.kinds().stream()
        .map(kind -> new KindPlugins.Row(kind, () -> new RecordingAccess(kind, shipped.access(kind)))).toList());
  }

  /** A kind's real I/O half, its policy calls recorded by kind. */
  private final class RecordingAccess implements KindAccess {
    private final ResourceKind kind;
    private final KindAccess real;

    RecordingAccess(ResourceKind kind, KindAccess real) {
      this.kind = kind;
      this.real = real;
    }

    @Override
    public ResourceFacts facts(CloudClients clients, ResourceName name, Optional<String> projectNumber) {
      return real.facts(clients, name, projectNumber);
    }

    @Override
    public void list(CloudClients clients, String project, Supplier<List<String>> regions, Listing listing) {
      real.list(clients, project, regions, listing);
    }

    @Override
    public IamPolicyGateway<PolicyHolder.Resource> iamPolicy(CloudClients clients) {
      IamPolicyGateway<PolicyHolder.Resource> gateway = real.iamPolicy(clients);
      return new IamPolicyGateway<>() {
        @Override
        public Policy read(PolicyHolder.Resource holder) {
          calls.add(kind.id() + " read " + holder.resource());
          return gateway.read(holder);
        }

        @Override
        public Policy write(PolicyHolder.Resource holder, Policy policy) {
          calls.add(kind.id() + " write " + holder.resource());
          return gateway.write(holder, policy);
        }
      };
    }
  }

  private static ResourceEvent decoded(String fixture) {
    Intake intake = new EventDecoder(ShippedKinds.registry()).decodeStructured(EventFixtures.read(fixture));
    assertThat(intake).as(fixture).isInstanceOf(Intake.Resource.class);
    return ((Intake.Resource) intake).event();
  }

  /** Resources are not looked up in the table. */
  private static final class NoResources implements ResourceGateway {
    @Override
    public ResourceFacts facts(ResourceKind kind, ResourceName name, Optional<String> projectNumber) {
      throw new AssertionError("no resource is looked up");
    }

    @Override
    public com.google.cloud.resourcemanager.v3.Project project(String name) {
      throw new AssertionError("no project is looked up");
    }
  }

  /** Accounts are not looked up in the table. */
  private static final class NoAccounts implements ServiceAccountGateway {
    @Override
    public com.google.iam.admin.v1.ServiceAccount get(String email) {
      throw new AssertionError("no account is looked up");
    }

    @Override
    public com.google.iam.admin.v1.ServiceAccount create(String project, String accountId, String displayName,
        String description) {
      throw new AssertionError("no account is created");
    }
  }
}
