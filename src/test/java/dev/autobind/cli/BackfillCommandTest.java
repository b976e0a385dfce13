package dev.autobind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.pubsub.v1.ReceivedMessage;
import com.google.pubsub.v1.SubscriptionName;
import com.google.pubsub.v1.TopicName;
import dev.autobind.apply.CloudClients;
import dev.autobind.backfill.BackfillWorld;
import dev.autobind.backfill.PublishSettings;
import dev.autobind.backfill.PubsubTopicSender;
import dev.autobind.event.EventDecoder;
import dev.autobind.event.Intake;
import dev.autobind.kinds.ShippedKinds;
import dev.autobind.localcloud.LocalCloud;
import dev.autobind.localcloud.Seed;
import dev.autobind.pubsub.MessagePublished;
import dev.autobind.pubsub.PubsubEmulator;
import io.grpc.Status;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code backfill} against the local cloud and the real Pub/Sub emulator: what it lists and publishes in
 * each discovery mode, what it refuses, and how a failed publish or listing ends the run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BackfillCommandTest {

  private static final String OPS = "bf-platform-ops";
  private static final Duration GUARD = Duration.ofSeconds(60);
  /** The client's shortest retry budget, so a dead emulator fails a publish in well under a second. */
  static final PublishSettings FAST_FAILING = new PublishSettings(1_000, 1 << 20, Duration.ofMillis(5), 10_000,
      64L << 20, PublishSettings.MIN_TOTAL_TIMEOUT, 2, 1, Duration.ofMillis(10));

  private final Seed seed = BackfillWorld.standard();
  private final List<String> expected = BackfillWorld.governedNames(seed);
  private final AtomicInteger topics = new AtomicInteger();
  private LocalCloud cloud;
  private PubsubEmulator pubsub;

  @BeforeAll
  void start() throws Exception {
    cloud = LocalCloud.start(seed);
    pubsub = PubsubEmulator.start();
  }

  @AfterAll
  void stop() {
    try {
      pubsub.close();
    } finally {
      cloud.close();
    }
  }

  @BeforeEach
  void resetWorld() {
    cloud.reset(seed);
  }

  private Map<String, String> environment() {
    Map<String, String> env = new HashMap<>();
    env.put(CloudClients.EMULATOR_HOST_VARIABLE, cloud.host());
    env.put(PubsubTopicSender.EMULATOR_HOST_VARIABLE, pubsub.host());
    env.put("AUTOBIND_POLICY", BackfillWorld.POLICY.toString());
    return env;
  }

  private CliRun backfill(Map<String, String> env, PublishSettings settings, String... args) {
    String[] command = Stream.concat(Stream.of("backfill"), Stream.of(args)).toArray(String[]::new);
    return CliRun.of(cl -> {
      BackfillCommand backfill = (BackfillCommand) cl.getSubcommands().get("backfill").getCommandSpec().userObject();
      backfill.environment = env;
      backfill.publishSettings = settings;
    }, command);
  }

  private CliRun backfill(String... args) {
    return backfill(environment(), FAST_FAILING, args);
  }

  /** A fresh topic with one subscription, so each test sees only its own messages. */
  private SubscriptionName freshTopic(String[] topicOut) {
    String id = "backfill-" + topics.incrementAndGet();
    TopicName topic = pubsub.createTopic(OPS, id);
    topicOut[0] = topic.toString();
    return pubsub.createSubscription(topic, id + "-sub");
  }

  /** One way of choosing where to look, with the arguments that select it. */
  record Discovery(String name, List<String> args) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Discovery> discoveries() {
    List<String> named = new ArrayList<>(BackfillWorld.GOVERNED);
    named.add(BackfillWorld.SANDBOX);
    return Stream.of(
        new Discovery("policy globs through SearchProjects, regions from the Locations API", List.of()),
        new Discovery("named projects", List.of("--projects", String.join(",", named))),
        new Discovery("named projects and regions", List.of("--projects", String.join(",", named),
            "--locations", "us-central1,europe-west4")),
        new Discovery("organization scope through Cloud Asset Inventory", List.of("--scope", "organizations/123456789012")),
        new Discovery("folder scope through Cloud Asset Inventory", List.of("--scope", "folders/42")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("discoveries")
  void dryRunListsExactlyTheGovernedClustersAndModels(Discovery d) {
    List<String> args = new ArrayList<>(List.of("--dry-run"));
    args.addAll(d.args());

    CliRun run = backfill(args.toArray(String[]::new));

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().lines().toList()).containsExactlyInAnyOrderElementsOf(expected);
    // A search finds the sandbox's resources and skips them; a project listing never lists them at all.
    String skipped = d.args().contains("--scope") ? "  skipped 1 project(s) outside the policy, with 6 resource(s):"
        : "  skipped 1 project(s) outside the policy:";
    assertThat(run.err()).contains("backfill done: 200 found, 200 listed, 0 failed",
        "  by kind: gke-cluster 120, vertex-model 80",
        "    bf-train-2: gke-cluster 24, vertex-model 16", skipped,
        "    bf-sandbox: project bf-sandbox is excluded by policy.projects.exclude *-sandbox");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("discoveries")
  void publishesOneMessagePerGovernedResourceThatDecodesToIt(Discovery d) {
    String[] topic = new String[1];
    SubscriptionName subscription = freshTopic(topic);
    List<String> args = new ArrayList<>(List.of("--topic", topic[0]));
    args.addAll(d.args());

    CliRun run = backfill(args.toArray(String[]::new));

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("backfill done: 200 found, 200 published, 0 failed");
    List<ReceivedMessage> received = pubsub.pullAll(subscription, expected.size(), GUARD);
    assertThat(received).hasSize(expected.size());
    assertThat(received).allSatisfy(r ->
        assertThat(r.getMessage().getAttributesMap()).isEqualTo(Map.of("autobind.schema", "autobind.backfill/v1")));
    EventDecoder decoder = new EventDecoder(ShippedKinds.registry());
    List<String> decoded = received.stream().map(r -> decoder.decode(
            MessagePublished.event(r.getMessage(), subscription, topic[0])))
        .map(intake -> ((Intake.Resource) intake).event().resource()).toList();
    assertThat(decoded).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void topicDefaultsToTheBackfillTopicFunctionYamlDeploysWithNeverTheAuditTopic() {
    TopicName audit = TopicName.of(OPS, "autobind-audit");
    pubsub.createTopic(audit.getProject(), audit.getTopic());
    SubscriptionName auditSubscription = pubsub.createSubscription(audit, "audit-topic-sub");
    TopicName topic = TopicName.of(OPS, "autobind-backfill");
    pubsub.createTopic(topic.getProject(), topic.getTopic());
    SubscriptionName subscription = pubsub.createSubscription(topic, "default-topic-sub");

    CliRun run = backfill("--projects", "bf-train-1");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(pubsub.pullAll(subscription, 40, GUARD)).hasSize(40);
    assertThat(pubsub.pullAll(auditSubscription, 0, java.time.Duration.ofSeconds(2))).isEmpty();
  }

  @Test
  void aTopicThatDoesNotExistFailsEveryResourceByNameAndExitsOne() {
    CliRun run = backfill("--topic", "projects/" + OPS + "/topics/no-such-topic", "--projects", "bf-train-1");

    assertThat(run.exitCode()).isEqualTo(1);
    List<String> names = expected.stream().filter(n -> n.contains("/projects/bf-train-1/")).toList();
    assertThat(run.err()).contains("backfill INCOMPLETE: 40 found, 0 published, 40 failed", "  failed (40):");
    assertThat(names).hasSize(40).allSatisfy(name -> assertThat(run.err())
        .contains("    " + name + ": publish failed after 1 attempt: NOT_FOUND: "));
  }

  @Test
  void anUnreachableEmulatorFailsEveryResourceByNameAfterRetriesAndExitsOne() throws Exception {
    Map<String, String> env = environment();
    env.put(PubsubTopicSender.EMULATOR_HOST_VARIABLE, "127.0.0.1:" + closedPort());

    CliRun run = backfill(env, FAST_FAILING, "--topic", "projects/" + OPS + "/topics/unreachable",
        "--projects", "bf-train-2");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("backfill INCOMPLETE: 40 found, 0 published, 40 failed");
    expected.stream().filter(n -> n.contains("/projects/bf-train-2/")).forEach(name -> assertThat(run.err())
        .contains("    " + name + ": publish failed after 2 attempts: UNAVAILABLE: "));
  }

  /** A loopback port nothing listens on: the emulator there has stopped. */
  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Test
  void aListingThatFailsIsReportedAndTheRestIsStillPublished() {
    String[] topic = new String[1];
    SubscriptionName subscription = freshTopic(topic);
    cloud.failNext("google.container.v1.ClusterManager/ListClusters", Status.Code.PERMISSION_DENIED, 1,
        "Required \"container.clusters.list\" permission(s) for \"projects/bf-ready\".");

    CliRun run = backfill("--topic", topic[0]);

    assertThat(run.exitCode()).isEqualTo(1);
    // Projects are listed in parallel: whichever lists its clusters first meets the fault.
    assertThat(run.err()).contains("backfill INCOMPLETE: 176 found, 176 published, 0 failed",
        "  discovery problems (1); resources may be missing from this run:")
        .containsPattern("\n    listing the GKE clusters of project bf-[a-z0-9-]+ failed: PERMISSION_DENIED: Required"
            + " \"container.clusters.list\" permission\\(s\\) for \"projects/bf-ready\"\\.\n");
    assertThat(pubsub.pullAll(subscription, 176, GUARD)).hasSize(176);
  }

  /** Input backfill must refuse, and the exact words it refuses with. */
  record Refused(String name, List<String> args, Map<String, String> env, String policy, List<String> error) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Refused> badInputs() {
    String topic = "projects/" + OPS + "/topics/refused";
    String sorry = "backfill: nothing was published or applied";
    return Stream.of(
        new Refused("project as scope", List.of("--scope", "projects/bf-train-1"), Map.of(), null,
            List.of("backfill: --scope: 'projects/bf-train-1' is not organizations/NUMBER or folders/NUMBER", sorry)),
        new Refused("scope with a shell payload", List.of("--scope", "organizations/1;rm -rf /"), Map.of(), null,
            List.of("backfill: --scope: 'organizations/1;rm -rf /' is not organizations/NUMBER or folders/NUMBER",
                sorry)),
        new Refused("hostile project", List.of("--projects", "bf-train-1,bf-\"x\"\n"), Map.of(), null,
            List.of("backfill: --projects: 'bf-\"x\"' is not a project id (6-30 lowercase letters, digits and"
                + " hyphens, starting with a letter)", sorry)),
        new Refused("control characters in a project", List.of("--projects", "bf-\u0007bell"), Map.of(), null,
            List.of("backfill: --projects: 'bf-\\u0007bell' is not a project id (6-30 lowercase letters, digits"
                + " and hyphens, starting with a letter)", sorry)),
        new Refused("unknown governed project", List.of("--projects", "bf-train-1,bf-ghost-9"), Map.of(), null,
            List.of("backfill: --projects: project bf-ghost-9 does not exist or cannot be seen: NOT_FOUND:"
                + " Project bf-ghost-9 not found.", sorry)),
        new Refused("scope and projects together", List.of("--scope", "folders/1", "--projects", "bf-train-1"),
            Map.of(), null, List.of("backfill: --projects cannot be combined with --scope, which searches Cloud"
                + " Asset Inventory instead of listing projects", sorry)),
        new Refused("scope and locations together", List.of("--scope", "folders/1", "--locations", "us-central1"),
            Map.of(), null, List.of("backfill: --locations cannot be combined with --scope, which searches Cloud"
                + " Asset Inventory instead of listing projects", sorry)),
        new Refused("zone as a Vertex AI location", List.of("--locations", "us-central1-a"), Map.of(), null,
            List.of("backfill: --locations: 'us-central1-a' is not a Vertex AI region such as us-central1", sorry)),
        new Refused("bad topic", List.of("--topic", "autobind-audit"), Map.of(), null,
            List.of("backfill: --topic: 'autobind-audit' is not projects/PROJECT/topics/TOPIC", sorry)),
        new Refused("missing policy file", List.of("--topic", topic, "--policy", "no/such/function.yaml"),
            Map.of(), null, List.of("no/such/function.yaml: no such file",
                "backfill: the policy is invalid; nothing was published or applied")),
        new Refused("invalid policy", List.of("--topic", topic), Map.of(),
            "policy:\n  projects: {include: []}\n",
            List.of("backfill: the policy is invalid; nothing was published or applied")),
        new Refused("no topic anywhere", List.of(), Map.of(), "policy:\n  projects: {include: [\"bf-*\"]}\n"
            + "  serviceAccount: {accountId: ml-trainer}\n  rules:\n    - name: r\n      resources: [gke-cluster]\n"
            + "      grant:\n        project:\n          - role: roles/aiplatform.user\n"
            + "            members: [\"serviceAccount:${serviceAccount}\"]\n",
            List.of("backfill: no topic to publish to: pass --topic projects/PROJECT/topics/TOPIC, or deploy with"
                + " trigger: pubsub, whose function.backfillTopic (default autobind-backfill) it publishes to, in ", sorry)),
        new Refused("dry run and direct together", List.of("--dry-run", "--direct"), Map.of(), null,
            List.of("backfill: --dry-run lists what would be published and cannot be combined with --direct; for a"
                + " direct run that writes nothing, set AUTOBIND_DRY_RUN=true", sorry)),
        new Refused("topic with direct", List.of("--direct", "--topic", topic), Map.of(), null,
            List.of("backfill: --topic has no use with --direct, which applies without Pub/Sub", sorry)),
        new Refused("parallelism without direct", List.of("--parallelism", "8"), Map.of(), null,
            List.of("backfill: --parallelism applies only to --direct", sorry)),
        new Refused("parallelism out of range", List.of("--direct", "--parallelism", "0"), Map.of(), null,
            List.of("backfill: --parallelism: 0 is not between 1 and 64", sorry)),
        new Refused("bad Pub/Sub emulator host", List.of("--topic", topic),
            Map.of(PubsubTopicSender.EMULATOR_HOST_VARIABLE, "http://127.0.0.1:8085/"), null,
            List.of("backfill: PUBSUB_EMULATOR_HOST must be HOST:PORT such as 127.0.0.1:8085, got"
                + " 'http://127.0.0.1:8085/'", sorry)),
        new Refused("bad local cloud host", List.of("--topic", topic),
            Map.of(CloudClients.EMULATOR_HOST_VARIABLE, "localhost"), null,
            List.of("backfill: AUTOBIND_EMULATOR_HOST must be HOST:PORT such as 127.0.0.1:8790, got 'localhost'",
                sorry)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInputs")
  void badInputExitsTwoWithAClearMessageAndPublishesNothing(Refused c, @TempDir Path dir) throws Exception {
    pubsub.createTopic(OPS, "refused-" + topics.incrementAndGet());
    String[] topic = new String[1];
    SubscriptionName watched = freshTopic(topic);
    Map<String, String> env = environment();
    env.putAll(c.env());
    if (c.policy() != null) {
      Path file = dir.resolve("function.yaml");
      Files.writeString(file, c.policy());
      env.put("AUTOBIND_POLICY", file.toString());
    }
    List<String> args = c.args().stream().map(a -> a.equals("projects/" + OPS + "/topics/refused") ? topic[0] : a)
        .toList();

    CliRun run = backfill(env, FAST_FAILING, args.toArray(String[]::new));

    assertThat(run.exitCode()).as(run.err()).isEqualTo(Main.EXIT_INVALID);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).doesNotContain("\tat ", "Exception");
    c.error().forEach(line -> assertThat(run.err()).contains(line));
    assertThat(pubsub.pullAll(watched, 0, GUARD)).isEmpty();
    assertThat(cloud.calls().keySet()).noneMatch(m -> m.endsWith("/SetIamPolicy") || m.endsWith("/CreateServiceAccount"));
  }

  @Test
  void aScopeTheAssetApiRefusesExitsTwo() {
    cloud.failNext("google.cloud.asset.v1.AssetService/SearchAllResources", Status.Code.PERMISSION_DENIED, 1,
        "The caller does not have permission");

    CliRun run = backfill("--dry-run", "--scope", "organizations/999");

    assertThat(run.exitCode()).isEqualTo(Main.EXIT_INVALID);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEqualTo("backfill: --scope organizations/999: Cloud Asset Inventory refused the search:"
        + " PERMISSION_DENIED: The caller does not have permission\nbackfill: nothing was published or applied\n");
  }

  @Test
  void helpDescribesEveryOption() {
    CliRun run = CliRun.of("backfill", "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("--topic=projects/P/topics/T", "--policy=FILE", "--projects=P1,P2",
        "--locations=L1,L2", "--scope=organizations/N|folders/N", "--dry-run", "Exit codes:");
  }

}
