package dev.autobind.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The layers of DESIGN.md, lowest first; each package imports only the layers listed for it. A package
 * missing from the table is refused too, so a new package has to say where it sits.
 */
class LayersTest {
  private static final JavaClasses MAIN = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.autobind");

  /** One package and the packages below it that it may import. */
  record Layer(String pkg, Set<String> mayImport) {
    @Override
    public String toString() {
      return pkg + " imports only " + (mayImport.isEmpty() ? "nothing of autobind" : String.join(", ", mayImport));
    }
  }

  static final List<Layer> LAYERS = List.of(
      // the plug-in contract and shared values
      new Layer("kind", Set.of()),
      new Layer("policy", Set.of("kind")),
      new Layer("event", Set.of("kind")),
      new Layer("admit", Set.of("kind", "policy", "event")),
      new Layer("plan", Set.of("kind", "policy", "event")),
      // the client-facing half: gateways, clients, decision records
      new Layer("apply", Set.of("kind", "policy", "event", "admit", "plan")),
      // the concrete kinds, above the machinery they use
      new Layer("kinds", Set.of("kind", "policy", "event", "plan", "apply")),
      new Layer("deploy", Set.of("kind", "policy")),
      new Layer("backfill", Set.of("kind", "policy", "event", "admit", "plan", "apply", "kinds")),
      new Layer("drift", Set.of("kind", "policy", "event", "admit", "plan", "apply", "kinds", "backfill")),
      new Layer("reconcile", Set.of("kind", "policy", "event", "admit", "plan", "apply", "kinds", "backfill", "drift")));

  /** The wiring: the function's entry point and the CLI, which may import everything. */
  static final Set<String> WIRING = Set.of("", "cli");

  static Stream<Layer> layers() {
    return LAYERS.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("layers")
  void eachLayerImportsOnlyTheLayersBelowIt(Layer layer) {
    String[] forbidden = Stream.concat(LAYERS.stream().map(Layer::pkg), WIRING.stream().filter(w -> !w.isEmpty()))
        .filter(p -> !p.equals(layer.pkg()) && !layer.mayImport().contains(p))
        .map(p -> "dev.autobind." + p + "..").toArray(String[]::new);
    noClasses().that().resideInAPackage("dev.autobind." + layer.pkg() + "..")
        .should().dependOnClassesThat().resideInAnyPackage(forbidden)
        .orShould().dependOnClassesThat().resideInAPackage("dev.autobind")
        .allowEmptyShould(true)
        .check(MAIN);
  }

  @Test
  void noPackageImportsAnotherInACycle() {
    slices().matching("dev.autobind.(**)").should().beFreeOfCycles().check(MAIN);
  }

  @Test
  void everyPackageHasItsPlaceInTheTable() {
    Set<String> known = Stream.concat(LAYERS.stream().map(Layer::pkg), WIRING.stream())
        .collect(java.util.stream.Collectors.toSet());
    List<String> unplaced = MAIN.stream().map(c -> c.getPackageName().replaceFirst("^dev\\.autobind\\.?", ""))
        .map(p -> p.contains(".") ? p.substring(0, p.indexOf('.')) : p)
        .filter(p -> !known.contains(p)).distinct().sorted().toList();
    org.assertj.core.api.Assertions.assertThat(unplaced).as("packages with no row in LayersTest.LAYERS").isEmpty();
  }
}
