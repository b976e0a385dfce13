package dev.autobind.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autobind.plan.ClusterObject;
import dev.autobind.plan.ObjectMerge;
import dev.autobind.plan.ObservedObject;
import dev.autobind.policy.ClusterSetup.Subject;
import dev.autobind.policy.ClusterSetup.SubjectKind;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The JSON patch the local cloud's clusters get for an addition: add operations only, nothing replaced. */
class KubernetesClusterGatewayTest {

  static final Subject TRAINER = new Subject(SubjectKind.SERVICE_ACCOUNT, "trainer", Optional.of("training"));

  /** What the object holds, what is added, and the patch expected (as JSON). */
  record Case(String name, ObservedObject current, ObjectMerge.Add addition, String patch) {
    @Override
    public String toString() {
      return name;
    }
  }

  static ObservedObject holding(Map<String, String> labels, Map<String, String> annotations, List<Subject> subjects) {
    return new ObservedObject(labels, annotations, Optional.empty(), subjects);
  }

  static Stream<Case> cases() {
    Subject engineers = new Subject(SubjectKind.GROUP, "ml-engineers@example.com", Optional.empty());
    return Stream.of(
        new Case("no labels yet: the map is added whole", holding(Map.of(), Map.of(), List.of()),
            new ObjectMerge.Add(Map.of("team", "ml"), Map.of(), List.of()),
            "[{\"op\":\"add\",\"path\":\"/metadata/labels\",\"value\":{\"team\":\"ml\"}}]"),
        new Case("labels of someone else's: only the key is added, its '/' escaped",
            holding(Map.of(), Map.of("owner", "ana"), List.of()),
            new ObjectMerge.Add(Map.of(), Map.of("iam.gke.io/gcp-service-account", "a@p.iam.gserviceaccount.com"),
                List.of()),
            "[{\"op\":\"add\",\"path\":\"/metadata/annotations/iam.gke.io~1gcp-service-account\","
                + "\"value\":\"a@p.iam.gserviceaccount.com\"}]"),
        new Case("subjects of someone else's: the missing one is appended", holding(Map.of(), Map.of(),
            List.of(engineers)), new ObjectMerge.Add(Map.of(), Map.of(), List.of(TRAINER)),
            "[{\"op\":\"add\",\"path\":\"/subjects/-\",\"value\":{\"kind\":\"ServiceAccount\",\"name\":\"trainer\","
                + "\"namespace\":\"training\"}}]"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void addsWithoutReplacing(Case c) {
    String patch = Serialization.asJson(KubernetesClusterGateway.additions(c.current(), c.addition()));

    assertThat(Serialization.unmarshal(patch, List.class)).isEqualTo(Serialization.unmarshal(c.patch(), List.class));
  }
}
