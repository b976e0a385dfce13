package dev.autobind.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The role catalog in the jar: what it knows, what it suggests, and that it agrees with its source. */
class RoleCatalogTest {

  static final Path SNAPSHOT = Path.of("../shared/gcp-iam/predefined-roles.json.gz");

  /** A wrong role name and the known names suggested for it, nearest first. */
  record Suggestion(String wrong, List<String> nearest) {
    @Override
    public String toString() {
      return wrong + " -> " + nearest;
    }
  }

  static Stream<Suggestion> suggestions() {
    return Stream.of(
        new Suggestion("roles/container.devloper", List.of("roles/container.developer")),
        new Suggestion("roles/storage.objectviewer", List.of("roles/storage.objectViewer")),
        new Suggestion("roles/aiplatform.usr", List.of("roles/aiplatform.user")),
        new Suggestion("roles/iam.serviceAccountUsers", List.of("roles/iam.serviceAccountUser")),
        new Suggestion("roles/zzzzzz.qqqqqq", List.of()),
        new Suggestion("roles/" + "a".repeat(122), List.of()),
        new Suggestion("", List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("suggestions")
  void suggestsTheNearestKnownNames(Suggestion s) {
    assertThat(RoleCatalog.shipped().nearest(s.wrong())).containsExactlyElementsOf(s.nearest());
  }

  /** Two strings and their edit distance, or limit + 1 when it is beyond the limit of 3. */
  record Distance(String a, String b, int distance) {
    @Override
    public String toString() {
      return a + " / " + b + " = " + distance;
    }
  }

  static Stream<Distance> distances() {
    return Stream.of(new Distance("", "", 0), new Distance("abc", "abc", 0), new Distance("abc", "abd", 1),
        new Distance("abc", "ab", 1), new Distance("ab", "abc", 1), new Distance("devloper", "developer", 1),
        new Distance("kitten", "sitting", 3), new Distance("abc", "xyz", 3), new Distance("abcd", "wxyz", 4),
        new Distance("a", "abcdefgh", 4));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("distances")
  void editDistanceStopsPastTheLimit(Distance d) {
    assertThat(RoleCatalog.distance(d.a(), d.b(), 3)).isEqualTo(d.distance());
  }

  @Test
  void knowsExactSpellingsOnlyAndOffersTheRightCase() {
    RoleCatalog catalog = RoleCatalog.shipped();

    assertThat(catalog.known("roles/container.developer")).isTrue();
    assertThat(catalog.known("roles/Container.Developer")).isFalse();
    assertThat(catalog.recased("roles/Container.Developer")).contains("roles/container.developer");
    assertThat(catalog.recased("roles/container.developer")).isEmpty();
    assertThat(catalog.known("projects/p/roles/x")).isFalse();
    assertThat(catalog.source()).contains("2026-08-22");
  }

  @Test
  void agreesWithTheSnapshotItWasMadeFrom() throws IOException {
    assumeTrue(Files.exists(SNAPSHOT), "the snapshot is beside the repository in ../shared");
    JsonNode roles;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(SNAPSHOT))) {
      roles = new ObjectMapper().readTree(in);
    }
    RoleCatalog catalog = RoleCatalog.shipped();
    assertThat(catalog.size()).isEqualTo(roles.size());
    for (Iterator<Map.Entry<String, JsonNode>> it = roles.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> role = it.next();
      Optional<RoleCatalog.Known> known = catalog.find(role.getKey());
      assertThat(known).as(role.getKey()).isPresent();
      assertThat(known.get().deprecated()).as(role.getKey())
          .isEqualTo(role.getValue().get("stage").asText().equals("DEPRECATED"));
      assertThat(known.get().escalations()).as(role.getKey()).isEqualTo(firstOfEachKind(role.getValue()));
    }
  }

  /** What the catalog keeps of a role: the first listed permission of each kind it carries, by name. */
  private static List<Escalation> firstOfEachKind(JsonNode role) {
    Map<Escalation.Kind, String> first = new EnumMap<>(Escalation.Kind.class);
    List<String> permissions = new ArrayList<>();
    role.get("permissions").forEach(p -> permissions.add(p.asText()));
    permissions.stream().sorted().forEach(p -> Escalation.of(p).ifPresent(e -> first.putIfAbsent(e.kind(), p)));
    return first.entrySet().stream().map(e -> new Escalation(e.getKey(), e.getValue()))
        .sorted(java.util.Comparator.comparing(Escalation::permission)).toList();
  }

  @Test
  void everyListedPermissionHasAKnownClassAndAWellFormedName() {
    assertThat(Escalation.LISTED).hasSizeGreaterThan(30)
        .allSatisfy(e -> assertThat(e.permission()).matches("(\\*|[a-z][a-zA-Z0-9]*(\\.[a-z][a-zA-Z0-9]*)*)"
            + "(\\.[a-zA-Z]+)+|iam\\.googleapis\\.com/[a-zA-Z.]+"));
    assertThat(Escalation.of("storage.buckets.setIamPolicy")).map(Escalation::kind).contains(Escalation.Kind.POLICY);
    assertThat(Escalation.of("storage.buckets.getIamPolicy")).isEmpty();
    assertThat(Escalation.of("xsetIamPolicy")).isEmpty();
  }
}
