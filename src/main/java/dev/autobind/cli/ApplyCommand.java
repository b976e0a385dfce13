package dev.autobind.cli;

import dev.autobind.kinds.ShippedKinds;
import dev.autobind.apply.ApplySettings;
import dev.autobind.apply.CloudClients;
import dev.autobind.apply.Decision;
import dev.autobind.apply.DecisionLog;
import dev.autobind.apply.Invocation;
import dev.autobind.apply.PolicyApplier;
import dev.autobind.backfill.PubsubTopicSender;
import dev.autobind.backfill.ReconcileSetup;
import dev.autobind.event.Delivered;
import dev.autobind.event.EventDecoder;
import dev.autobind.event.Intake;
import dev.autobind.event.Outcome;
import dev.autobind.policy.PolicyException;
import dev.autobind.policy.PolicyFile;
import dev.autobind.reconcile.Dispatch;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code apply --event FILE [--dry-run] [--policy FILE]}: runs one event through the whole function, once. */
@Command(name = "apply", mixinStandardHelpOptions = true,
    description = {
      "Runs one event as the function would: decode it, look the resource up, plan, ensure the standard service"
          + " account and converge each IAM policy. Prints the decision record as one JSON line.",
      "A SetIamPolicy audit entry goes to drift repair instead, which puts back only the removed bindings the"
          + " policy grants for a governed resource that still exists; a reconcile request reconciles the governed"
          + " scope, or the one project it names, as the function does.",
      "It talks to Google Cloud with Application Default Credentials, or to the local cloud when"
          + " AUTOBIND_EMULATOR_HOST=host:port is set.",
      "Unlike the function, it applies events of any age unless --max-age is given: a person running it by hand"
          + " means it."},
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {
      "0:applied, repaired, already compliant, exempt, or ignored",
      "1:an unexpected error, named in one line",
      "2:invalid event or policy, a file that cannot be read, or an event the admission gate refuses as invalid"
          + " (wrong topic, stamped after it was published)",
      "3:permanent failure (such as PERMISSION_DENIED), expired event, or a contested binding (restored too often)",
      "4:transient failure (for a reconcile request: a resource it could not reconcile), or the local cloud cannot"
          + " be reached: run it again later",
      "5:no Google Cloud credentials: run gcloud auth application-default login, or set"
          + " AUTOBIND_EMULATOR_HOST=host:port for the local cloud"})
final class ApplyCommand implements Callable<Integer> {
  static final int EXIT_PERMANENT = Outcome.ExitCode.PERMANENT;
  static final int EXIT_TRANSIENT = Outcome.ExitCode.TRANSIENT;

  @Option(names = "--event", required = true, paramLabel = "FILE",
      description = "One CloudEvent in JSON structured format, or - for standard input.")
  String event;

  @Mixin PolicyFileOption policyFile;

  @Option(names = "--dry-run", description = "Read everything, write nothing; the record lists what would be written."
      + " Also on with AUTOBIND_DRY_RUN=true.")
  boolean dryRun;

  @Option(names = "--max-age", paramLabel = "DURATION",
      description = "Refuse events older than this ISO-8601 duration, such as PT23H (default: no limit).")
  String maxAge;

  @Spec CommandSpec spec;

  Map<String, String> environment = System.getenv();

  CredentialCheck.Lookup credentials = CredentialCheck.APPLICATION_DEFAULT;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Optional<ApplySettings> settings = settings(err);
    if (settings.isEmpty()) {
      return Main.EXIT_INVALID;
    }
    PolicyFile file;
    try {
      file = policyFile.load(environment);
    } catch (PolicyException e) {
      err.println(e.getMessage());
      return Main.EXIT_INVALID;
    }
    byte[] bytes;
    try {
      bytes = EventFile.read(event, System.in);
    } catch (IOException e) {
      err.println("apply: cannot read " + event + ": " + EventFile.reason(e));
      return Main.EXIT_INVALID;
    }
    Delivered delivered = new EventDecoder(ShippedKinds.registry()).deliverStructured(bytes);
    Intake intake = delivered.intake();
    CloudClients clients = CloudClients.fromEnvironment(environment);
    if (intake instanceof Intake.Resource || intake instanceof Intake.IamPolicyChanged
        || intake instanceof Intake.KubernetesObjectChanged || intake instanceof Intake.Reconcile) {
      Optional<String> noCredentials = CredentialCheck.missing(environment, credentials, false);
      if (noCredentials.isPresent()) {
        err.println("apply: " + noCredentials.get());
        return Main.EXIT_NO_CREDENTIALS;
      }
      Optional<String> unreachable = clients.unreachable(CloudClients.CONNECT_TIMEOUT);
      if (unreachable.isPresent()) {
        err.println("apply: " + unreachable.get());
        return EXIT_TRANSIENT;
      }
    }
    try (OpenedOnUse engine = new OpenedOnUse(
        () -> PolicyApplier.over(file, clients, settings.get(), ShippedKinds.plugins()))) {
      ReconcileSetup reconcile = ReconcileSetup.of(file.function(),
          Optional.ofNullable(environment.get(PubsubTopicSender.EMULATOR_HOST_VARIABLE)).map(String::trim)
              .filter(host -> !host.isEmpty()));
      Invocation dispatcher = Dispatch.of(new EventDecoder(ShippedKinds.registry()), engine::get,
          d -> out.println(DecisionLog.render(d)), reconcile);
      Decision decision = dispatcher.handle(delivered);
      return decision.outcome().exitCode();
    }
  }

  /** The engine, opened only once intake found a resource to apply, so a bad event costs no client. */
  private static final class OpenedOnUse implements AutoCloseable {
    private final Supplier<PolicyApplier> open;
    private PolicyApplier engine;

    OpenedOnUse(Supplier<PolicyApplier> open) {
      this.open = open;
    }

    PolicyApplier get() {
      if (engine == null) {
        engine = open.get();
      }
      return engine;
    }

    @Override
    public void close() throws Exception {
      if (engine != null) {
        engine.close();
      }
    }
  }

  private Optional<ApplySettings> settings(PrintWriter err) {
    ApplySettings settings;
    try {
      CloudClients.emulatorHost(environment);
      settings = ApplySettings.fromEnvironment(environment);
    } catch (IllegalArgumentException e) {
      err.println("apply: " + e.getMessage());
      return Optional.empty();
    }
    settings = settings.withDryRun(dryRun || settings.dryRun());
    try {
      Duration limit = maxAge == null ? ApplySettings.NO_AGE_LIMIT : Duration.parse(maxAge);
      if (limit.isNegative() || limit.isZero()) {
        err.println("apply: --max-age must be positive, got " + maxAge);
        return Optional.empty();
      }
      return Optional.of(settings.withMaxEventAge(limit));
    } catch (DateTimeParseException e) {
      err.println("apply: --max-age " + maxAge + " is not an ISO-8601 duration such as PT23H");
      return Optional.empty();
    }
  }
}
