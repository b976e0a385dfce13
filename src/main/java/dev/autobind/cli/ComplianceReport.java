package dev.autobind.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autobind.apply.ApplyResult;
import dev.autobind.apply.Decision;
import dev.autobind.backfill.BackfillReport;
import dev.autobind.event.Intake;
import dev.autobind.kind.ResourceName;
import dev.autobind.plan.BindingChange;
import dev.autobind.policy.Exemption;
import dev.autobind.policy.Policy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What {@code report} prints: one row per governed resource, judged from the decision a dry run reached for
 * it (so the rules are the applier's own, never a second copy), and a summary. Pure: no I/O.
 */
final class ComplianceReport {

  /** A resource's standing. */
  enum Standing {
    COMPLIANT("compliant"),
    MISSING("missing"),
    EXEMPT("exempt"),
    ERROR("error");

    private final String id;

    Standing(String id) {
      this.id = id;
    }

    String id() {
      return id;
    }
  }

  /**
   * One resource.
   *
   * @param kind the kind's id, e.g. {@code gke-cluster}
   * @param resource the full resource name
   * @param missing what a run would add: {@code ROLE MEMBER on TARGET}, and Kubernetes objects as {@code kubernetes OBJECT}
   * @param detail why, for exempt and error; empty otherwise
   */
  record Row(String kind, String project, String location, String name, String resource, Standing standing,
      List<String> missing, String detail) {
    Row {
      Objects.requireNonNull(standing, "standing");
      missing = List.copyOf(missing);
    }

    /** The standing as printed: {@code compliant}, {@code missing 2 grants}, {@code exempt}, {@code error}. */
    String status() {
      return standing == Standing.MISSING
          ? "missing " + missing.size() + (missing.size() == 1 ? " grant" : " grants") : standing.id();
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<Row> rows;
  private final List<String> problems;

  private ComplianceReport(List<Row> rows, List<String> problems) {
    this.rows = rows.stream().sorted(Comparator.comparing(Row::project).thenComparing(Row::kind)
        .thenComparing(Row::resource)).toList();
    this.problems = List.copyOf(problems);
  }

  /**
   * The report over a dry run's decisions and the run's own account of what it could not handle: a resource
   * that failed without a decision, and a listing that could not be completed, are errors.
   */
  static ComplianceReport of(List<Decision> decisions, BackfillReport.Snapshot run, Policy policy, Instant now) {
    List<Row> rows = new ArrayList<>(decisions.stream().map(d -> row(d, policy, now)).flatMap(Optional::stream)
        .collect(Collectors.toMap(Row::resource, r -> r, (first, later) -> later)).values());
    List<String> decided = rows.stream().map(Row::resource).toList();
    run.failures().stream().filter(f -> !decided.contains(f.resource()))
        .forEach(f -> rows.add(new Row("", "", "", f.resource(), f.resource(), Standing.ERROR, List.of(), f.reason())));
    return new ComplianceReport(rows, run.problems());
  }

  private static Optional<Row> row(Decision decision, Policy policy, Instant now) {
    if (!(decision.intake() instanceof Intake.Resource resource)) {
      return Optional.empty();
    }
    ResourceName name = resource.event().ref().name();
    String kind = resource.event().ref().kind().id();
    Optional<ApplyResult> applied = decision.applied();
    Standing standing = switch (decision.outcome()) {
      case COMPLIANT -> Standing.COMPLIANT;
      case APPLIED -> Standing.MISSING;
      case IGNORED, EXEMPT -> Standing.EXEMPT;
      default -> Standing.ERROR;
    };
    List<String> missing = standing == Standing.MISSING ? applied.map(ComplianceReport::missing).orElse(List.of())
        : List.of();
    String detail = standing == Standing.COMPLIANT ? "" : decision.error().orElse(decision.message());
    if (standing == Standing.MISSING) {
      Optional<Exemption> exemption = Exemption.covering(policy.exemptions(), name.project(), name.full(), now);
      standing = exemption.isPresent() ? Standing.EXEMPT : Standing.MISSING;
      detail = exemption.map(e -> "exempt by " + e.describe()).orElse("");
    }
    return Optional.of(new Row(kind, name.project(), name.location(), name.id(), name.full(), standing, missing,
        detail));
  }

  private static List<String> missing(ApplyResult result) {
    Stream<String> grants = result.added().stream().map(ComplianceReport::grant);
    Stream<String> objects = result.clusterObjects().stream()
        .filter(o -> o.status() == ApplyResult.ObjectStatus.WOULD_CREATE || o.status() == ApplyResult.ObjectStatus.WOULD_ADD)
        .map(o -> "kubernetes " + o.object());
    return Stream.concat(grants, objects).toList();
  }

  private static String grant(BindingChange change) {
    return change.role() + " " + change.member() + change.condition().map(c -> " if " + c.title()).orElse("")
        + " on " + change.target().fullName();
  }

  List<Row> rows() {
    return rows;
  }

  List<String> problems() {
    return problems;
  }

  /** 0 when every resource complies or is exempt, 3 when any is missing a grant, 1 when anything is unknown. */
  int exitCode() {
    if (!problems.isEmpty() || rows.stream().anyMatch(r -> r.standing() == Standing.ERROR)) {
      return Main.EXIT_UNEXPECTED;
    }
    return rows.stream().anyMatch(r -> r.standing() == Standing.MISSING) ? ReportCommand.EXIT_MISSING : 0;
  }

  /** {@code N resources: A compliant, B missing grants, C exempt, D errors}, and each incomplete listing. */
  List<String> summary() {
    Map<Standing, Long> counts = new EnumMap<>(Standing.class);
    rows.forEach(r -> counts.merge(r.standing(), 1L, Long::sum));
    List<String> lines = new ArrayList<>();
    lines.add(rows.size() + (rows.size() == 1 ? " resource: " : " resources: ")
        + counts.getOrDefault(Standing.COMPLIANT, 0L) + " compliant, "
        + counts.getOrDefault(Standing.MISSING, 0L) + " missing grants, "
        + counts.getOrDefault(Standing.EXEMPT, 0L) + " exempt, "
        + counts.getOrDefault(Standing.ERROR, 0L) + " errors");
    problems.forEach(p -> lines.add("incomplete: " + p));
    return List.copyOf(lines);
  }

  /** Aligned columns, each missing grant on its own indented line, then the summary. */
  String table() {
    List<List<String>> cells = new ArrayList<>();
    cells.add(List.of("KIND", "PROJECT", "LOCATION", "NAME", "STATUS"));
    rows.forEach(r -> cells.add(List.of(r.kind(), r.project(), r.location(), r.name(), r.status()
        + (r.detail().isEmpty() ? "" : ": " + r.detail()))));
    int[] widths = new int[4];
    cells.forEach(c -> {
      for (int i = 0; i < widths.length; i++) {
        widths[i] = Math.max(widths[i], c.get(i).length());
      }
    });
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      List<String> c = cells.get(i);
      for (int col = 0; col < widths.length; col++) {
        out.append(String.format("%-" + widths[col] + "s  ", c.get(col)));
      }
      out.append(c.get(4)).append('\n');
      if (i > 0) {
        rows.get(i - 1).missing().forEach(m -> out.append("    ").append(m).append('\n'));
      }
    }
    summary().forEach(line -> out.append(line).append('\n'));
    return out.toString();
  }

  /** One JSON document: {@code {"resources":[...],"summary":{...},"problems":[...]}}. */
  String json() {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode resources = root.putArray("resources");
    rows.forEach(r -> {
      ObjectNode row = resources.addObject().put("kind", r.kind()).put("project", r.project())
          .put("location", r.location()).put("name", r.name()).put("resource", r.resource())
          .put("status", r.standing().id());
      ArrayNode missing = row.putArray("missing");
      r.missing().forEach(missing::add);
      if (!r.detail().isEmpty()) {
        row.put("detail", r.detail());
      }
    });
    ObjectNode summary = root.putObject("summary").put("resources", rows.size());
    for (Standing s : Standing.values()) {
      summary.put(s.id(), rows.stream().filter(r -> r.standing() == s).count());
    }
    ArrayNode incomplete = root.putArray("problems");
    problems.forEach(incomplete::add);
    return root.toString() + "\n";
  }

  /** RFC 4180: a header, then one line per resource, the missing grants joined by {@code ; }. */
  String csv() {
    StringBuilder out = new StringBuilder("kind,project,location,name,status,missing,detail\r\n");
    rows.forEach(r -> out.append(Stream.of(r.kind(), r.project(), r.location(), r.name(), r.status(),
        String.join("; ", r.missing()), r.detail()).map(ComplianceReport::csvField)
        .collect(Collectors.joining(","))).append("\r\n"));
    return out.toString();
  }

  /**
   * One CSV field: quoted when it holds a comma, quote or line break, and a leading {@code = + - @} made inert
   * with a quote mark so that a spreadsheet never runs a name as a formula.
   */
  static String csvField(String value) {
    String safe = !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
    return safe.matches("(?s).*[,\"\r\n].*") ? "\"" + safe.replace("\"", "\"\"") + "\"" : safe;
  }
}
