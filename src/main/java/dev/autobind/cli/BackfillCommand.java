package dev.autobind.cli;

import dev.autobind.event.EventDecoder;
import dev.autobind.reconcile.Dispatch;
import dev.autobind.kinds.ShippedKinds;
import com.google.pubsub.v1.TopicName;
import dev.autobind.apply.ApplySettings;
import dev.autobind.policy.FunctionAccess;
import dev.autobind.apply.CloudClients;
import dev.autobind.apply.Invocation;
import dev.autobind.apply.PolicyApplier;
import dev.autobind.backfill.Backfill;
import dev.autobind.backfill.BackfillArguments;
import dev.autobind.backfill.BackfillPublisher;
import dev.autobind.backfill.BackfillReport;
import dev.autobind.backfill.BadInput;
import dev.autobind.backfill.DirectApply;
import dev.autobind.backfill.ReconcileSetup;
import dev.autobind.backfill.DryRunListing;
import dev.autobind.backfill.Mode;
import dev.autobind.backfill.Destination;
import dev.autobind.backfill.PublishSettings;
import dev.autobind.backfill.PubsubTopicSender;
import dev.autobind.backfill.Source;
import dev.autobind.backfill.Summary;
import dev.autobind.policy.FunctionConfig;
import dev.autobind.policy.PolicyException;
import dev.autobind.policy.PolicyFile;
import dev.autobind.policy.Problem;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code backfill}: finds existing resources of every kind and publishes one backfill message for each. */
@Command(name = "backfill", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
      "Finds existing resources of every kind the policy names in the projects it governs, and publishes one"
          + " backfill message per resource to the function's backfill topic (never the sink's audit topic).",
      "Each resource then goes through the same function and gets one decision record. Running it again is"
          + " safe: the function writes nothing to a resource that already complies.",
      "",
      "Where to look (default: every active project the policy's include globs match, through"
          + " SearchProjects): --projects lists each named project; --scope searches Cloud Asset Inventory once"
          + " for a whole organization or folder. Projects outside the policy are skipped and counted.",
      "",
      "Progress and the summary go to standard error; --dry-run prints one resource name per line, and"
          + " --direct one decision record per resource, on standard output. AUTOBIND_EMULATOR_HOST sends"
          + " discovery (and the writes of --direct) to the local cloud; PUBSUB_EMULATOR_HOST sends publishing"
          + " to the Pub/Sub emulator."},
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {
      "0:every resource handled",
      "1:a publish, apply or listing failed (each is named), or the local cloud cannot be reached",
      "2:bad input",
      "5:no Google Cloud credentials: run gcloud auth application-default login, or set"
          + " AUTOBIND_EMULATOR_HOST (and, to publish, PUBSUB_EMULATOR_HOST) to use emulators"})
final class BackfillCommand implements Callable<Integer> {
  static final int DEFAULT_PARALLELISM = 4;

  @Option(names = "--topic", paramLabel = "projects/P/topics/T",
      description = "Topic to publish to (default: function.project and function.backfillTopic in the policy file).")
  String topic;

  @Mixin PolicyFileOption policyFile;

  @Mixin DiscoveryOptions where;

  @Option(names = "--dry-run", description = "List what would be published, one resource per line; publish nothing.")
  boolean dryRun;

  @Option(names = "--direct", description = "Apply in-process instead of publishing, through the function's own"
      + " intake and applier, for small setups. Prints one decision record per resource on standard output."
      + " AUTOBIND_DRY_RUN=true makes it write nothing.")
  boolean direct;

  @Option(names = "--parallelism", paramLabel = "N",
      description = "Resources --direct applies at once (default: " + DEFAULT_PARALLELISM + ", at most "
          + BackfillArguments.MAX_PARALLELISM + ").")
  Integer parallelism;

  @Spec CommandSpec spec;

  Map<String, String> environment = System.getenv();

  PublishSettings publishSettings = PublishSettings.defaults();

  int directRetries = DirectApply.DEFAULT_RETRIES;

  Duration directBackoff = DirectApply.DEFAULT_BACKOFF;

  Clock clock = Clock.systemUTC();

  CredentialCheck.Lookup credentials = CredentialCheck.APPLICATION_DEFAULT;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    try {
      return run(err);
    } catch (BadInput e) {
      err.println("backfill: " + e.getMessage());
      err.println("backfill: nothing was published or applied");
      return Main.EXIT_INVALID;
    } catch (UncheckedIOException e) {
      err.println("backfill: " + e.getMessage() + (e.getCause() == null ? "" : ": " + e.getCause().getMessage()));
      err.println("backfill: nothing was published or applied");
      return 1;
    } catch (PolicyException e) {
      e.problems().stream().map(Problem::text).forEach(err::println);
      err.println("backfill: the policy is invalid; nothing was published or applied");
      return Main.EXIT_INVALID;
    } finally {
      err.flush();
      spec.commandLine().getOut().flush();
    }
  }

  private int run(PrintWriter err) throws InterruptedException {
    Source source = where.source();
    Mode mode = mode();
    Optional<TopicName> explicitTopic = Optional.ofNullable(topic).map(BackfillArguments::topic);
    PolicyFile file = policyFile.load(environment);
    Optional<String> noCredentials = CredentialCheck.missing(environment, credentials, mode == Mode.PUBLISH);
    if (noCredentials.isPresent()) {
      err.println("backfill: " + noCredentials.get());
      err.println("backfill: nothing was published or applied");
      return Main.EXIT_NO_CREDENTIALS;
    }
    try (CloudClients clients = clients()) {
      return run(err, source, mode, explicitTopic, file, clients);
    }
  }

  private int run(PrintWriter err, Source source, Mode mode, Optional<TopicName> explicitTopic, PolicyFile file,
      CloudClients clients) throws InterruptedException {
    // A direct run writes, so the admission gate decides which projects it even lists; publishing leaves that to
    // the function, which gates each message.
    Optional<PolicyApplier> engine = mode == Mode.DIRECT ? Optional.of(PolicyApplier.over(file, clients,
        ApplySettings.fromEnvironment(environment).withMaxEventAge(ApplySettings.NO_AGE_LIMIT), ShippedKinds.plugins()))
        : Optional.empty();
    BackfillReport report = engine.map(e -> new BackfillReport(e.admission()))
        .orElseGet(() -> new BackfillReport(file.policy().projects()));
    try (Destination outlet = outlet(mode, explicitTopic, file, report, engine)) {
      Instant start = clock.instant();
      BackfillReport.Snapshot result = new Backfill(clients, ShippedKinds.plugins(), report, outlet, Optional.of(err), clock)
          .governing(file.policy()).run(source);
      Summary.lines(result, mode, Duration.between(start, clock.instant()), ShippedKinds.registry()).forEach(err::println);
      return result.complete() ? 0 : 1;
    }
  }

  private Mode mode() {
    if (dryRun && direct) {
      throw new BadInput("--dry-run lists what would be published and cannot be combined with --direct; for a direct"
          + " run that writes nothing, set AUTOBIND_DRY_RUN=true");
    }
    if (direct && topic != null) {
      throw new BadInput("--topic has no use with --direct, which applies without Pub/Sub");
    }
    if (!direct && parallelism != null) {
      throw new BadInput("--parallelism applies only to --direct");
    }
    if (direct) {
      BackfillArguments.parallelism(parallelism == null ? DEFAULT_PARALLELISM : parallelism);
    }
    return dryRun ? Mode.DRY_RUN : direct ? Mode.DIRECT : Mode.PUBLISH;
  }

  private Destination outlet(Mode mode, Optional<TopicName> explicitTopic, PolicyFile file, BackfillReport report,
      Optional<PolicyApplier> engine) {
    if (mode == Mode.DRY_RUN) {
      return new DryRunListing(spec.commandLine().getOut(), report);
    }
    if (engine.isPresent()) {
      // The engine closes the clients it was given; closing them twice is harmless.
      // The run's one dispatcher, as the function builds its own: each resource found passes its gate.
      PolicyApplier direct = engine.get();
      Invocation dispatcher = Dispatch.of(new EventDecoder(ShippedKinds.registry()), () -> direct,
          DirectApply.printing(spec.commandLine().getOut()), ReconcileSetup.IN_PROCESS);
      return DirectApply.over(direct, dispatcher, report, parallelism == null ? DEFAULT_PARALLELISM : parallelism,
          directRetries, directBackoff, clock);
    }
    TopicName target = explicitTopic.or(() -> configuredTopic(file)).orElseThrow(() -> new BadInput(
        "no topic to publish to: pass --topic projects/PROJECT/topics/TOPIC, or deploy with trigger: pubsub,"
            + " whose function.backfillTopic (default " + FunctionAccess.DEFAULT_BACKFILL_TOPIC + ") it publishes to, in "
            + file.source()));
    return BackfillPublisher.open(target, nonBlank(PubsubTopicSender.EMULATOR_HOST_VARIABLE), publishSettings, report);
  }

  private static Optional<TopicName> configuredTopic(PolicyFile file) {
    Optional<FunctionConfig> function = file.function();
    // Backfill publishes to its own topic, never the audit topic, which only the sink may publish to.
    return BackfillArguments.topic(function.map(FunctionConfig::project),
        function.flatMap(f -> f.access().backfillTopic()));
  }

  private CloudClients clients() {
    try {
      return CloudClients.fromEnvironment(environment);
    } catch (IllegalArgumentException e) {
      throw new BadInput(e.getMessage(), e);
    }
  }

  private Optional<String> nonBlank(String variable) {
    return Optional.ofNullable(environment.get(variable)).map(String::trim).filter(v -> !v.isEmpty());
  }
}
