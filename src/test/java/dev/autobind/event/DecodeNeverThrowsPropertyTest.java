package dev.autobind.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autobind.kinds.ShippedKinds;
import dev.autobind.policy.Fixtures;
import dev.autobind.policy.PolicyException;
import dev.autobind.policy.PolicyFile;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * No input makes intake or policy validation throw: {@code decode} gives a named outcome for any bytes and any
 * real entry with one value replaced, never the catch-all for an unexpected exception, and
 * {@code PolicyFile.parse} refuses anything it cannot read with a {@link PolicyException} and nothing else.
 * The seeds are fixed so that a run, and the mutation score, can be repeated; change them to explore further.
 */
class DecodeNeverThrowsPropertyTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final List<String> EVENTS = List.of("gke-create-first.eventarc.json", "gke-create-last.pubsub.json",
      "iam-project-conditional-remove.eventarc.json", "iam-account-remove.eventarc.json",
      "iam-model-remove.pubsub.json", "backfill-gke.pubsub.json", "vertex-upload-ui.eventarc.json");
  private static final List<String> POLICIES = List.of("policies/good/every-form.yaml", "policies/good/planner.yaml");
  private static final String CATCH_ALL = "could not be decoded";

  @Property(tries = 300, seed = "25")
  void anyBytesGiveANamedOutcome(@ForAll byte[] bytes) {
    assertNamed(new EventDecoder(ShippedKinds.registry()).decodeStructured(bytes), "bytes");
  }

  @Property(tries = 300, seed = "25")
  void anyDataOfAWatchedTypeGivesANamedOutcome(@ForAll("types") String type, @ForAll byte[] data) {
    CloudEvent event = CloudEventBuilder.v1().withId("p-1").withSource(URI.create("//test")).withType(type)
        .withData("application/json", data).build();
    assertNamed(new EventDecoder(ShippedKinds.registry()).decode(event), type);
  }

  @Property(tries = 500, seed = "25")
  void aRealEventWithOneValueReplacedGivesANamedOutcome(@ForAll("events") String fixture,
      @ForAll @IntRange(min = 0, max = 10_000) int which, @ForAll("values") JsonNode value) {
    ObjectNode event = read(fixture);
    List<String> pointers = HostileMutationTest.pointers(event, "");
    String pointer = pointers.get(which % pointers.size());
    HostileMutationTest.replace(event, pointer, value);

    assertNamed(new EventDecoder(ShippedKinds.registry()).decodeStructured(event.toString().getBytes(StandardCharsets.UTF_8)),
        fixture + " " + pointer + " = " + value);
  }

  @Property(tries = 300, seed = "25")
  void anyTextIsAPolicyOrAPolicyException(@ForAll String yaml) {
    assertParsesOrRefuses(yaml);
  }

  @Property(tries = 500, seed = "25")
  void aRealPolicyWithOneLineChangedIsAPolicyOrAPolicyException(@ForAll("policies") String resource,
      @ForAll @IntRange(min = 0, max = 10_000) int which, @ForAll("yamlValues") String value) {
    List<String> lines = new ArrayList<>(Fixtures.text(resource).lines().toList());
    int line = which % lines.size();
    String text = lines.get(line);
    int colon = text.indexOf(':');
    lines.set(line, colon < 0 ? text + value : text.substring(0, colon + 1) + " " + value);

    assertParsesOrRefuses(String.join("\n", lines) + "\n");
  }

  @Provide
  Arbitrary<String> types() {
    return Arbitraries.of(EventDecoder.AUDIT_LOG_WRITTEN, EventDecoder.MESSAGE_PUBLISHED);
  }

  @Provide
  Arbitrary<String> events() {
    return Arbitraries.of(EVENTS);
  }

  @Provide
  Arbitrary<String> policies() {
    return Arbitraries.of(POLICIES);
  }

  @Provide
  Arbitrary<JsonNode> values() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(40).map(NODES::textNode),
        Arbitraries.integers().map(NODES::numberNode),
        Arbitraries.longs().map(NODES::numberNode),
        Arbitraries.doubles().map(NODES::numberNode),
        Arbitraries.of(true, false).map(NODES::booleanNode),
        Arbitraries.just(NODES.nullNode()),
        Arbitraries.just(NODES.arrayNode()),
        Arbitraries.strings().ofMaxLength(10).list().ofMaxSize(3).map(DecodeNeverThrowsPropertyTest::array),
        Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8).map(k -> (JsonNode) NODES.objectNode().put(k, k)),
        Arbitraries.just(NODES.objectNode()));
  }

  @Provide
  Arbitrary<String> yamlValues() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(30),
        Arbitraries.strings().withChars("{}[]:,-&*!|>'\"%@` #?\n\t${}").ofMaxLength(12),
        Arbitraries.of("", "~", "null", "[]", "{}", "[a, b]", "{a: 1}", "- x", "&a x", "*a", "!!binary aGk=",
            "0x10", "1e400", "-1", "2147483648", ".inf", "yes", "'", "\"\\u0000\"", "${project}", "${nope}"));
  }

  private static JsonNode array(List<String> items) {
    var array = NODES.arrayNode();
    items.forEach(array::add);
    return array;
  }

  private static void assertNamed(Intake intake, String input) {
    assertThat(intake).as(input).isNotNull();
    if (intake instanceof Intake.Invalid invalid) {
      assertThat(invalid.error()).as(input).doesNotStartWith(CATCH_ALL);
    }
  }

  private static void assertParsesOrRefuses(String yaml) {
    try {
      assertThat(PolicyFile.parse("function.yaml", yaml, ShippedKinds.registry()).policy()).isNotNull();
    } catch (PolicyException e) {
      assertThat(e.problems()).as(yaml).isNotEmpty();
    }
  }

  private static ObjectNode read(String fixture) {
    try {
      return (ObjectNode) JSON.readTree(EventFixtures.read(fixture));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
