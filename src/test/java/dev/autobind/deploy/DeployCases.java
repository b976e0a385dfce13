package dev.autobind.deploy;

import dev.autobind.kind.KindRegistry;
import dev.autobind.kinds.ShippedKinds;
import dev.autobind.policy.Fixtures;
import dev.autobind.policy.PolicyFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The function.yaml files the deployment tests plan for, and helpers to read the plans back. */
final class DeployCases {

  /** The staging directory the plans deploy from. */
  static final String SOURCE = "/srv/autobind/target/deploy-source";

  /**
   * One deployment to plan.
   *
   * @param name the case name shown by JUnit
   * @param file the loaded function.yaml
   * @param grantCommand the add-iam-policy-binding command words for the first governed folder or project
   * @param steps how many steps the plan has
   */
  record Case(String name, PolicyFile file, String grantCommand, int steps) {
    DeployPlan plan() {
      return DeployPlanner.plan(file.requireFunction(), file.policy(), SOURCE, ShippedKinds.registry());
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private DeployCases() {}

  static final Case ORGANIZATION = new Case("pubsub on an organization (shipped function.yaml)",
      PolicyFile.load(Path.of("function.yaml"), ShippedKinds.registry()), "gcloud resource-manager folders add-iam-policy-binding 234567890123",
      73); // four accounts; five custom roles, each created and updated; on each of the two folders seven stale-grant
           // removals, two older-condition removals and seven grants; the token creator on the Kubernetes account;
           // the customer lookup, the deny policy file and a deny policy per folder; the project number lookup and
           // the two platform grants, the reconcile job and its publisher grant, the function's own publisher grant on
           // the backfill topic (the reconcile's fan-out), the decision log view and its conditional viewAccessor grant,
           // and the two alert metrics and the alert policy
  static final Case FOLDER = new Case("pubsub on a folder", Fixtures.policy("deploy/folder.yaml"),
      "gcloud resource-manager folders add-iam-policy-binding 456789012345", 48);
  static final Case PROJECT = new Case("pubsub on a project, no retry", Fixtures.policy("deploy/project.yaml"),
      "gcloud projects add-iam-policy-binding ml-train-prod", 41);
  static final Case EVENTARC = new Case("eventarc in one project", Fixtures.policy("deploy/eventarc.yaml"),
      "gcloud projects add-iam-policy-binding ml-train-prod", 28 + ShippedKinds.registry().routedMethods().size() - 1);

  static List<Case> all() {
    return List.of(ORGANIZATION, FOLDER, PROJECT, EVENTARC);
  }

  /** A project sink scope whose policy grants on the standard account: its deny policy sits on the project. */
  static final Case PROJECT_ACCOUNTS = new Case("pubsub on a project, with account grants",
      Fixtures.policy("deploy/project-accounts.yaml"), "gcloud projects add-iam-policy-binding ml-train-prod", 47);

  /** Every case, and the project case with account grants, whose organization lookup no other case has. */
  static List<Case> withProjectAccounts() {
    return List.of(ORGANIZATION, FOLDER, PROJECT, EVENTARC, PROJECT_ACCOUNTS);
  }

  static List<Case> pubsub() {
    return List.of(ORGANIZATION, FOLDER, PROJECT);
  }

  /** Every command of a plan, checks included, in order. */
  static List<Command> commands(List<Step> steps) {
    List<Command> out = new ArrayList<>();
    for (Step s : steps) {
      s.check().ifPresent(out::add);
      out.add(s.run());
    }
    return out;
  }

  /** The commands whose words start with {@code prefix} (words joined by single spaces). */
  static List<Command> starting(List<Step> steps, String prefix) {
    return commands(steps).stream().filter(c -> String.join(" ", c.words()).startsWith(prefix + " ")).toList();
  }

  /** The one run command starting with {@code prefix}. */
  static Command only(List<Step> steps, String prefix) {
    List<Command> found = steps.stream().map(Step::run)
        .filter(c -> String.join(" ", c.words()).startsWith(prefix + " ")).toList();
    if (found.size() != 1) {
      throw new AssertionError("expected one command starting with " + prefix + ", found " + found.size());
    }
    return found.get(0);
  }

  /** Every value of {@code --flag=VALUE} in a command, in order. */
  static List<String> values(Command command, String flag) {
    return command.words().stream().filter(w -> w.startsWith(flag + "=")).map(w -> w.substring(flag.length() + 1))
        .toList();
  }

  static Optional<String> value(Command command, String flag) {
    List<String> all = values(command, flag);
    if (all.size() > 1) {
      throw new AssertionError(flag + " appears " + all.size() + " times in " + command.shell());
    }
    return all.stream().findFirst();
  }

  private static final Pattern HAS_ONLY = Pattern.compile("\\.hasOnly\\(\\[(.*)]\\)");

  /** The roles a --condition's modifiedGrantsByRole allowlist names. */
  static List<String> allowlist(String condition) {
    Matcher m = HAS_ONLY.matcher(condition);
    if (!m.find()) {
      throw new AssertionError("no hasOnly([...]) in " + condition);
    }
    return m.group(1).isEmpty() ? List.of()
        : List.of(m.group(1).split(", ")).stream().map(r -> r.replaceAll("^'|'$", "")).toList();
  }
}
