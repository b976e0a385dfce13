package dev.autobind.apply;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.gax.grpc.GrpcStatusCode;
import com.google.api.gax.rpc.ApiExceptionFactory;
import com.google.iam.v1.Policy;
import dev.autobind.event.Outcome;
import dev.autobind.apply.ApplyResult.TargetStatus;
import dev.autobind.event.DeliveryPath;
import dev.autobind.event.Phase;
import dev.autobind.event.ResourceEvent;
import dev.autobind.kind.PolicyHolder;
import dev.autobind.kind.ResourceRef;
import dev.autobind.kinds.ShippedKinds;
import dev.autobind.kinds.VertexEndpoint;
import dev.autobind.localcloud.LocalCloudExtension;
import dev.autobind.plan.BindingChange;
import dev.autobind.policy.PolicyFile;
import io.grpc.Status.Code;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A write of autobind's that committed but whose answer was lost: the retry finds the grant autobind made, and
 * the record says it was added (applied), not found in place (compliant).
 */
class LostAnswerTest {
  @org.junit.jupiter.api.extension.RegisterExtension
  static final LocalCloudExtension LOCAL = LocalCloudExtension.seeded("drift/everywhere-seed.yaml");

  static final dev.autobind.policy.Policy POLICY =
      PolicyFile.load(Path.of("src/test/resources/drift/everywhere-policy.yaml"), ShippedKinds.registry()).policy();
  static final String ENDPOINT = "projects/ml-serve-b/locations/europe-west4/endpoints/1234567890123456789";
  static final String REVIEWERS = "group:ml-reviewers@example.com";

  /** A resource-policy gateway whose first {@code lost} writes commit, then fail as if the answer never came. */
  private static Gateways losing(int lost) {
    Gateways real = Gateways.over(LOCAL.clients(), ShippedKinds.plugins());
    AtomicInteger left = new AtomicInteger(lost);
    return new Gateways(real.resources(), real.accounts(), real.projectPolicies(), real.accountPolicies(),
        kind -> new IamPolicyGateway<PolicyHolder.Resource>() {
          private final IamPolicyGateway<PolicyHolder.Resource> delegate = real.resourcePolicies().apply(kind);

          @Override
          public Policy read(PolicyHolder.Resource holder) {
            return delegate.read(holder);
          }

          @Override
          public Policy write(PolicyHolder.Resource holder, Policy policy) {
            Policy written = delegate.write(holder, policy);
            if (left.getAndDecrement() > 0) {
              throw ApiExceptionFactory.createException("the connection closed before the answer", null,
                  GrpcStatusCode.of(Code.UNAVAILABLE), true);
            }
            return written;
          }
        }, real.clusters());
  }

  @ParameterizedTest(name = "{0} lost answers")
  @ValueSource(ints = {0, 1})
  void theEndpointsGrantIsReportedAddedWhetherOrNotItsAnswerCameBack(int lost) {
    LOCAL.cloud().removeBinding(ENDPOINT, "roles/aiplatform.viewer", REVIEWERS, "dana@example.com");
    ResourceEvent event = new ResourceEvent(ResourceRef.of(VertexEndpoint.KIND, "ml-serve-b", "europe-west4",
        "1234567890123456789"), Phase.NONE, "google.cloud.aiplatform.v1.EndpointService.CreateEndpoint",
        Optional.of("alice@example.com"), Optional.of(LOCAL.clock().instant()), DeliveryPath.EVENTARC, "e-" + lost);

    ApplyResult result = EventMapping.reconcile(ApplyFixture.applier(losing(lost), LOCAL.clock(), ApplySettings.defaults()), event, POLICY);

    assertThat(result.status()).as(result.reason()).isEqualTo(Outcome.APPLIED);
    ApplyResult.TargetResult endpoint = result.targets().stream()
        .filter(t -> t.target().fullName().endsWith(ENDPOINT)).findFirst().orElseThrow();
    assertThat(endpoint.status()).isEqualTo(TargetStatus.ADDED);
    assertThat(endpoint.added()).extracting(BindingChange::member).containsExactly(REVIEWERS);
    List<String> members = LOCAL.cloud().iamPolicy(ENDPOINT).getBindingsList().stream()
        .filter(b -> b.getRole().equals("roles/aiplatform.viewer")).flatMap(b -> b.getMembersList().stream()).toList();
    assertThat(members).containsExactlyInAnyOrder(REVIEWERS, "group:risk@example.com");
  }
}
