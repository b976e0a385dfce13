package dev.autobind.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autobind.apply.ApplyResult.ObjectResult;
import dev.autobind.kind.ClusterEndpoint;
import dev.autobind.plan.ClusterObject;
import dev.autobind.plan.ClusterObject.Kind;
import dev.autobind.plan.ObjectMerge;
import dev.autobind.plan.ObservedObject;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * How in-cluster failures end: which ones the event is redelivered for, and which objects are still
 * tried. The Kubernetes protocol itself is exercised against the mock API server in ClusterApplyTest;
 * here a scripted gateway fails on cue, with the HTTP codes the API server answers.
 */
class ClusterApplierTest {

  static final ClusterEndpoint ENDPOINT = new ClusterEndpoint("127.0.0.1:1", "", true);
  static final List<ClusterObject> OBJECTS = List.of(object(Kind.NAMESPACE, "a"), object(Kind.NAMESPACE, "b"),
      object(Kind.NAMESPACE, "c"));

  static ClusterObject object(Kind kind, String name) {
    return new ClusterObject(kind, Optional.empty(), name, Map.of(), Map.of(), Optional.empty(), List.of());
  }

  /** A gateway over an in-memory map that throws the scripted code on the scripted call. */
  static final class Scripted implements ClusterObjectGateway {
    final Map<String, ObservedObject> objects = new HashMap<>();
    final Map<String, Integer> failReads = new HashMap<>();
    final Map<String, Integer> failCreates = new HashMap<>();
    final List<String> writes = new ArrayList<>();
    boolean closed;

    @Override
    public Optional<ObservedObject> read(ClusterObject object) {
      fail(failReads, object);
      return Optional.ofNullable(objects.get(object.name()));
    }

    @Override
    public void create(ClusterObject object) {
      if (failCreates.getOrDefault(object.name(), 0) == 409) {
        objects.put(object.name(), new ObservedObject(Map.of(), Map.of(), Optional.empty(), List.of()));
      }
      fail(failCreates, object);
      writes.add("create " + object.name());
      objects.put(object.name(), new ObservedObject(object.labels(), object.annotations(), object.role(),
          object.subjects()));
    }

    @Override
    public void add(ClusterObject object, ObservedObject current, ObjectMerge.Add addition) {
      writes.add("add " + object.name());
    }

    @Override
    public void close() {
      closed = true;
    }

    private static void fail(Map<String, Integer> script, ClusterObject object) {
      Integer code = script.get(object.name());
      if (code != null) {
        throw new KubernetesClientException("scripted " + code, code, null);
      }
    }
  }

  /** A script of failures and each object's status (and whether it may pass) afterwards. */
  record Case(String name, Map<String, Integer> failReads, Map<String, Integer> failCreates, List<String> results) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("all created", Map.of(), Map.of(), List.of("a created", "b created", "c created")),
        new Case("a server error stops the rest for redelivery", Map.of("b", 503), Map.of(),
            List.of("a created", "b failed transient", "c not-reached")),
        new Case("throttling is transient too", Map.of(), Map.of("a", 429),
            List.of("a failed transient", "b not-reached", "c not-reached")),
        new Case("no answer at all (code 0) is transient", Map.of("a", 0), Map.of(),
            List.of("a failed transient", "b not-reached", "c not-reached")),
        new Case("a refusal fails one object and the rest go on", Map.of(), Map.of("b", 403),
            List.of("a created", "b failed", "c created")),
        new Case("an invalid object fails permanently", Map.of(), Map.of("a", 422),
            List.of("a failed", "b created", "c created")),
        new Case("created by someone else meanwhile: judged as found", Map.of(), Map.of("b", 409),
            List.of("a created", "b present", "c created")));
  }

  private static List<String> shown(List<ObjectResult> results) {
    return results.stream().map(r -> r.object().substring("Namespace ".length()) + " " + r.status().id()
        + (r.transientError() ? " transient" : "")).toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void failuresEndAsTheirKindSays(Case c) {
    Scripted gateway = new Scripted();
    gateway.failReads.putAll(c.failReads());
    gateway.failCreates.putAll(c.failCreates());

    List<ObjectResult> results = new ClusterApplier(e -> gateway, new ApiCalls(), false).apply(OBJECTS,
        Optional.of(ENDPOINT));

    assertThat(shown(results)).containsExactlyElementsOf(c.results());
    assertThat(gateway.closed).isTrue();
  }

  @Test
  void aClusterWithoutAnEndpointYetIsRetried() {
    List<ObjectResult> results = new ClusterApplier(e -> new Scripted(), new ApiCalls(), false).apply(OBJECTS,
        Optional.empty());

    assertThat(shown(results)).containsExactly("a failed transient", "b not-reached", "c not-reached");
    assertThat(results.get(0).detail()).contains("GKE reports no control-plane endpoint for the cluster yet");
  }

  @Test
  void anEndpointTheEmulatorModeRefusesFailsPermanentlyWithoutAConnection() {
    Function<ClusterEndpoint, ClusterObjectGateway> connect =
        e -> KubernetesClusterGateway.connect(e, Optional.of("127.0.0.1:9090"));

    List<ObjectResult> results = new ClusterApplier(connect, new ApiCalls(), false).apply(OBJECTS,
        Optional.of(new ClusterEndpoint("34.1.2.3:443", "", false)));

    assertThat(shown(results)).containsExactly("a failed", "b not-reached", "c not-reached");
    assertThat(results.get(0).detail()).contains("connecting to the cluster failed: the local cloud reported cluster"
        + " endpoint '34.1.2.3:443'; in emulator mode autobind talks plaintext to loopback addresses only");
  }

  @Test
  void aDryRunReadsButNeverWrites() {
    Scripted gateway = new Scripted();

    List<ObjectResult> results = new ClusterApplier(e -> gateway, new ApiCalls(), true).apply(OBJECTS,
        Optional.of(ENDPOINT));

    assertThat(shown(results)).containsExactly("a would-create", "b would-create", "c would-create");
    assertThat(gateway.writes).isEmpty();
  }
}
