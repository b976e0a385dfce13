package dev.autobind.cli;

import dev.autobind.apply.ApplySettings;
import dev.autobind.apply.CloudClients;
import dev.autobind.apply.Decision;
import dev.autobind.apply.Invocation;
import dev.autobind.apply.PolicyApplier;
import dev.autobind.backfill.Backfill;
import dev.autobind.backfill.BackfillReport;
import dev.autobind.backfill.BadInput;
import dev.autobind.backfill.DirectApply;
import dev.autobind.backfill.Source;
import dev.autobind.event.EventDecoder;
import dev.autobind.reconcile.Dispatch;
import dev.autobind.kinds.ShippedKinds;
import dev.autobind.policy.PolicyException;
import dev.autobind.policy.PolicyFile;
import dev.autobind.policy.Problem;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code report}: which governed resources lack which standard bindings, right now. A thin command over
 * backfill's discovery and the applier in dry-run mode, so it reads and never writes.
 */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
      "Read-only compliance report: finds the governed resources as backfill does, plans each against the policy"
          + " with reads only (the applier in dry-run mode), and prints one row per resource: kind, project,"
          + " location, name and compliant, missing N grants (each named), exempt, or error; then a summary.",
      "It writes nothing, so it needs only read access: see docs/backfill.md for the viewer roles.",
      "Progress goes to standard error. AUTOBIND_EMULATOR_HOST sends every call to the local cloud."},
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {
      "0:every resource complies or is exempt",
      "1:a resource or listing could not be checked (each is named), or the local cloud cannot be reached",
      "2:bad input",
      "3:at least one resource is missing a grant",
      "5:no Google Cloud credentials: run gcloud auth application-default login, or set"
          + " AUTOBIND_EMULATOR_HOST=host:port for the local cloud"})
final class ReportCommand implements Callable<Integer> {
  static final int EXIT_MISSING = 3;

  @Option(names = "--format", paramLabel = "table|json|csv", defaultValue = "table",
      description = "Output format (default: ${DEFAULT-VALUE}).")
  String format;

  @Mixin PolicyFileOption policyFile;

  @Mixin DiscoveryOptions where;

  @Spec CommandSpec spec;

  Map<String, String> environment = System.getenv();

  CredentialCheck.Lookup credentials = CredentialCheck.APPLICATION_DEFAULT;

  Duration retryBackoff = DirectApply.DEFAULT_BACKOFF;

  Clock clock = Clock.systemUTC();

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    try {
      return run(err);
    } catch (BadInput | IllegalArgumentException e) {
      err.println("report: " + e.getMessage());
      return Main.EXIT_INVALID;
    } catch (UncheckedIOException e) {
      err.println("report: " + Main.oneLine(e));
      return Main.EXIT_UNEXPECTED;
    } catch (PolicyException e) {
      e.problems().stream().map(Problem::text).forEach(err::println);
      return Main.EXIT_INVALID;
    } finally {
      err.flush();
      spec.commandLine().getOut().flush();
    }
  }

  private int run(PrintWriter err) throws InterruptedException {
    Renderer renderer = renderer();
    Source source = where.source();
    PolicyFile file = policyFile.load(environment);
    ApplySettings settings = ApplySettings.fromEnvironment(environment).withDryRun(true)
        .withMaxEventAge(ApplySettings.NO_AGE_LIMIT);
    CloudClients clients = CloudClients.fromEnvironment(environment);
    Optional<String> noCredentials = CredentialCheck.missing(environment, credentials, false);
    if (noCredentials.isPresent()) {
      err.println("report: " + noCredentials.get());
      return Main.EXIT_NO_CREDENTIALS;
    }
    Optional<String> unreachable = clients.unreachable(CloudClients.CONNECT_TIMEOUT);
    if (unreachable.isPresent()) {
      err.println("report: " + unreachable.get());
      return Main.EXIT_UNEXPECTED;
    }
    List<Decision> decisions = Collections.synchronizedList(new ArrayList<>());
    BackfillReport run = new BackfillReport(file.policy().projects());
    // The engine closes the clients it was given when the outlet closes.
    PolicyApplier engine = PolicyApplier.over(file.policy(), clients, settings, ShippedKinds.plugins());
    Invocation dispatcher = Dispatch.reading(new EventDecoder(ShippedKinds.registry()), () -> engine, decisions::add);
    try (DirectApply outlet = DirectApply.over(engine, dispatcher, run, BackfillCommand.DEFAULT_PARALLELISM,
        DirectApply.DEFAULT_RETRIES, retryBackoff, clock)) {
      BackfillReport.Snapshot result = new Backfill(clients, ShippedKinds.plugins(), run, outlet, Optional.of(err), clock).run(source);
      ComplianceReport report = ComplianceReport.of(List.copyOf(decisions), result, file.policy(), clock.instant());
      spec.commandLine().getOut().print(renderer.render(report));
      if (!"table".equals(format)) {
        report.summary().forEach(err::println);
      }
      return report.exitCode();
    }
  }

  /** Turns the report into text. */
  @FunctionalInterface
  private interface Renderer {
    String render(ComplianceReport report);
  }

  private Renderer renderer() {
    return switch (format) {
      case "table" -> ComplianceReport::table;
      case "json" -> ComplianceReport::json;
      case "csv" -> ComplianceReport::csv;
      default -> throw new ParameterException(spec.commandLine(),
          "--format: " + format.replaceAll("\\p{Cntrl}", "?") + " is not a format; use table, json or csv");
    };
  }
}
