package dev.autobind.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autobind.localcloud.LocalCloud;
import dev.autobind.localcloud.Seed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The figures in README.md and docs/ cannot drift from what was measured: README's performance table quotes only
 * docs/performance.md's table (which scripts/bench.sh writes), the jar's size is within 10% of the built jar, and
 * the API-call counts in try-local.md's sample record are what the demo's event costs today.
 */
class DocFiguresTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern NUMBER = Pattern.compile("[0-9][0-9,]*(\\.[0-9]+)?");
  private static final Pattern MIB = Pattern.compile("([0-9]+(\\.[0-9]+)?) MiB");

  /** docs/performance.md's table, between the markers bench.sh writes within. */
  static String benchTable() throws IOException {
    String doc = Files.readString(Path.of("docs/performance.md"));
    int start = doc.indexOf("<!-- bench.sh table: start -->");
    int end = doc.indexOf("<!-- bench.sh table: end -->");
    assertThat(start).as("docs/performance.md has the bench.sh table markers").isNotNegative();
    assertThat(end).isGreaterThan(start);
    return doc.substring(start, end);
  }

  /** One row of README's performance table: its figure and the autobind column. */
  record Row(String figure, String autobind) {
    @Override
    public String toString() {
      return figure;
    }
  }

  static Stream<Row> readmeRows() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    int header = readme.indexOf("| figure | baseline | autobind | ratio |");
    assertThat(header).isNotNegative();
    List<Row> rows = new ArrayList<>();
    for (String line : readme.substring(header).lines().skip(2).toList()) {
      if (!line.startsWith("|")) {
        break;
      }
      String[] cells = line.split("\\|");
      rows.add(new Row(cells[1].trim(), cells[3].trim()));
    }
    assertThat(rows).hasSizeGreaterThanOrEqualTo(8);
    return rows.stream();
  }

  /** Each number README gives for autobind is one the bench table holds, so README never says more or older. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("readmeRows")
  void readmeQuotesOnlyTheBenchTable(Row row) throws IOException {
    String table = benchTable();
    Matcher numbers = NUMBER.matcher(row.autobind());
    List<String> missing = new ArrayList<>();
    while (numbers.find()) {
      String n = numbers.group();
      if (!Pattern.compile("(?<![0-9.,])" + Pattern.quote(n) + "(?![0-9])").matcher(table).find()) {
        missing.add(n);
      }
    }
    assertThat(missing).as(row.autobind()).isEmpty();
  }

  /** The jar figure in README and in the bench table is within 10% of target/autobind.jar, when it is built. */
  @Test
  void theJarFigureIsWithinTenPercentOfTheBuiltJar() throws IOException {
    Path jar = Path.of("target/autobind.jar");
    assumeTrue(Files.exists(jar), "target/autobind.jar is not built yet (mvn package builds it)");
    double built = Files.size(jar) / 1048576.0;
    String readmeRow = readmeRows().filter(r -> r.figure().equals("deployed jar")).findFirst().orElseThrow().autobind();
    String tableRow = benchTable().lines().filter(l -> l.startsWith("6 deployed jar")).findFirst().orElseThrow();

    for (String text : List.of(readmeRow, tableRow.substring(tableRow.indexOf("MiB") + 3))) {
      Matcher mib = MIB.matcher(text);
      assertThat(mib.find()).as(text).isTrue();
      assertThat(Double.parseDouble(mib.group(1))).as(text + " against " + built + " MiB built")
          .isBetween(built * 0.9, built * 1.1);
    }
  }

  /** The sample decision record in try-local.md costs what the demo's GKE event costs against the demo seed. */
  @Test
  void tryLocalsSampleRecordHasTheApiCallsOfTheDemoEvent() throws IOException {
    String sample = Files.readString(Path.of("docs/try-local.md")).lines()
        .filter(l -> l.startsWith("{") && l.contains("clusters/trainer-1") && l.contains("\"apiCalls\""))
        .findFirst().orElseThrow();
    Matcher documented = Pattern.compile("\"apiCalls\":\\{\"reads\":([0-9]+),\"writes\":([0-9]+)}").matcher(sample);
    assertThat(documented.find()).isTrue();

    CliRun run;
    try (LocalCloud cloud = LocalCloud.start(Seed.load(Path.of("scripts/demo/seed.yaml")))) {
      run = CliRun.of(cl -> ((ApplyCommand) cl.getSubcommands().get("apply").getCommand()).environment =
          Map.of("AUTOBIND_EMULATOR_HOST", cloud.host()), "apply", "--policy", "function.yaml", "--event",
          "src/test/resources/events/gke-create-first.eventarc.json");
    }

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode record = JSON.readTree(run.out());
    assertThat(record.get("outcome").asText()).isEqualTo("applied");
    assertThat(record.get("apiCalls").get("reads").asInt()).isEqualTo(Integer.parseInt(documented.group(1)));
    assertThat(record.get("apiCalls").get("writes").asInt()).isEqualTo(Integer.parseInt(documented.group(2)));
  }
}
