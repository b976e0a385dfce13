package dev.autobind.deploy;

import dev.autobind.policy.FunctionConfig;
import dev.autobind.policy.Policy;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the deployment plan around: the steps that remove what {@code deploy.sh} created, in reverse order,
 * each done only while the thing it removes is there. Each deploy command is inverted by its shape, so the
 * teardown follows the deployment as it changes; a shape with no inverse is kept and said so. Pure: it
 * builds commands and runs none.
 */
public final class UndeployPlanner {

  /** What the teardown leaves, and why; shown with the plan. */
  public record Kept(String what, String why) {}

  /** The teardown: its steps, and what it leaves in place. */
  public record UndeployPlan(FunctionConfig function, List<Step> steps, List<Kept> kept) {
    public UndeployPlan {
      steps = List.copyOf(steps);
      kept = List.copyOf(kept);
    }
  }

  private static final String STAGING = "target/deploy-source";

  private final FunctionConfig fn;
  private final List<Step> removals = new ArrayList<>();
  private final List<Kept> kept = new ArrayList<>();

  private UndeployPlanner(FunctionConfig fn) {
    this.fn = fn;
  }

  /** The teardown of what {@link DeployPlanner#plan} deploys for {@code function} and {@code policy}. */
  public static UndeployPlan plan(FunctionConfig function, Policy policy) {
    return new UndeployPlanner(function).invert(DeployPlanner.plan(function, policy, STAGING).steps());
  }

  private UndeployPlan invert(List<Step> deploy) {
    List<Step> reads = new ArrayList<>();
    for (Step step : deploy) {
      if (step.run().output().isPresent()) {
        reads.add(step);
      } else {
        inverse(step).ifPresent(removals::add);
      }
    }
    List<Step> steps = new ArrayList<>();
    // Lookups first, in their order, when a removal needs what they find; then the removals, last first.
    Set<Variable> needed = EnumSet.noneOf(Variable.class);
    for (Step removal : removals) {
      removal.check().ifPresent(c -> needed.addAll(c.reads()));
      needed.addAll(removal.run().reads());
    }
    reads.stream().filter(r -> needed.contains(r.run().output().get())).forEach(steps::add);
    for (int i = removals.size() - 1; i >= 0; i--) {
      steps.add(removals.get(i));
    }
    kept.add(new Kept("the standard service accounts autobind created in governed projects, and every binding it"
        + " granted there", "they are the policy's effect, in use by the resources they were granted for; remove"
        + " one with gcloud iam service-accounts delete EMAIL --project=PROJECT, or gcloud projects"
        + " remove-iam-policy-binding PROJECT --member=MEMBER --role=ROLE"));
    return new UndeployPlan(fn, steps, kept);
  }

  /** The step that undoes {@code step}, or none, with the reason kept. */
  private Optional<Step> inverse(Step step) {
    List<String> words = step.run().words();
    String path = String.join(" ", words.subList(0, Math.min(words.size(), 4)));
    if (words.contains("add-iam-policy-binding")) {
      return binding(step);
    }
    if (path.startsWith("gcloud services enable")) {
      kept.add(new Kept("the APIs enabled in " + fn.project(), "other things in the project may use them"));
      return Optional.empty();
    }
    if (path.startsWith("gcloud functions add-invoker-policy-binding")) {
      return Optional.empty(); // it goes with the function
    }
    if (path.startsWith("gcloud pubsub subscriptions update")) {
      return Optional.empty(); // the trigger's subscription goes with the function
    }
    if (path.startsWith("gcloud functions deploy")) {
      return Optional.of(remove("delete function " + fn.name(), "The function stops acting first; its trigger and"
          + " the trigger's subscription go with it.",
          cmd("gcloud", "functions", "describe", fn.name(), "--gen2", "--region=" + fn.region(),
              "--project=" + fn.project(), "--format=value(name)"),
          cmd("gcloud", "functions", "delete", fn.name(), "--gen2", "--region=" + fn.region(),
              "--project=" + fn.project(), "--quiet")));
    }
    if (path.startsWith("gcloud eventarc triggers create")) {
      String name = words.get(4);
      List<Arg> where = flags(step.run(), "--location=", "--project=");
      return Optional.of(remove("delete Eventarc trigger " + name, "Stop delivering " + name + "'s method.",
          command(List.of("gcloud", "eventarc", "triggers", "describe", name), where, "--format=value(name)"),
          command(List.of("gcloud", "eventarc", "triggers", "delete", name), where, "--quiet")));
    }
    if (path.startsWith("gcloud scheduler jobs create")) {
      String name = words.get(5);
      List<Arg> where = flags(step.run(), "--location=", "--project=");
      return Optional.of(remove("delete Cloud Scheduler job " + name, "Stop asking the function to reconcile.",
          command(List.of("gcloud", "scheduler", "jobs", "describe", name), where, "--format=value(name)"),
          command(List.of("gcloud", "scheduler", "jobs", "delete", name), where, "--quiet")));
    }
    if (path.startsWith("gcloud logging sinks create")) {
      String name = words.get(4);
      List<Arg> where = flags(step.run(), "--organization=", "--folder=", "--project=");
      return Optional.of(remove("delete log sink " + name, "Stop routing audit-log entries to the topic.",
          command(List.of("gcloud", "logging", "sinks", "describe", name), where, "--format=value(name)"),
          command(List.of("gcloud", "logging", "sinks", "delete", name), where, "--quiet")));
    }
    if (path.startsWith("gcloud pubsub topics create")) {
      String topic = words.get(4);
      List<Arg> where = flags(step.run(), "--project=");
      return Optional.of(remove("delete topic " + topic, "The topic goes, and with it who may publish to it.",
          command(List.of("gcloud", "pubsub", "topics", "describe", topic), where, "--format=value(name)"),
          command(List.of("gcloud", "pubsub", "topics", "delete", topic), where, "--quiet")));
    }
    if (path.startsWith("gcloud iam roles create")) {
      String role = words.get(4);
      List<Arg> where = flags(step.run(), "--organization=", "--project=");
      return Optional.of(remove("delete custom role " + role, "Nothing holds the role any more. A deleted role"
          + " blocks its id for 7 days; gcloud iam roles undelete brings it back.",
          command(List.of("gcloud", "iam", "roles", "list"), where, "--filter=name:" + role, "--format=value(name)"),
          command(List.of("gcloud", "iam", "roles", "delete", role), where, "--quiet")));
    }
    if (path.startsWith("gcloud iam service-accounts create")) {
      String email = words.get(4) + "@" + fn.project() + ".iam.gserviceaccount.com";
      return Optional.of(remove("delete service account " + email, "The function's own identity goes last, once"
          + " nothing it holds is left.",
          cmd("gcloud", "iam", "service-accounts", "describe", email, "--project=" + fn.project(),
              "--format=value(email)"),
          cmd("gcloud", "iam", "service-accounts", "delete", email, "--project=" + fn.project(), "--quiet")));
    }
    throw new IllegalStateException("the deploy step '" + step.name() + "' (" + path + ") has no inverse; say in"
        + " UndeployPlanner how to undo it, or why it stays");
  }

  /**
   * A binding the function's own account holds is removed (all its conditions at once); any other member's
   * binding is kept, since it was granted to a platform account that other things may need too.
   */
  private Optional<Step> binding(Step step) {
    List<Arg> argv = step.run().argv();
    int verb = step.run().words().indexOf("add-iam-policy-binding");
    List<Arg> group = argv.subList(0, verb);
    Arg target = argv.get(verb + 1);
    Arg member = only(argv, "--member=");
    Arg role = only(argv, "--role=");
    List<Arg> where = flags(step.run(), "--organization=", "--folder=", "--project=");
    String shownMember = words(member).substring("--member=".length());
    String shownRole = words(role).substring("--role=".length());
    String on = words(target);
    if (!shownMember.equals("serviceAccount:" + fn.serviceAccountEmail())) {
      String groupPath = String.join(" ", groupWords(group));
      boolean goesWith = groupPath.equals("pubsub topics") || on.equals(fn.serviceAccountEmail());
      if (!goesWith) {
        kept.add(new Kept(shownRole + " for " + shownMember + " on " + on, "granted to a platform account that"
            + " other deployments in the project may need; gcloud " + groupPath + " remove-iam-policy-binding " + on
            + " --member=" + shownMember.replace("${", "").replace("}", "") + " --role=" + shownRole
            + " --all removes it"));
      }
      return Optional.empty();
    }
    List<Arg> probe = new ArrayList<>(group);
    probe.add(Arg.of("get-iam-policy"));
    probe.add(target);
    probe.addAll(where);
    probe.add(Arg.of("--flatten=bindings[].members"));
    List<Arg.Piece> filter = new ArrayList<>();
    filter.add(new Arg.Text("--filter=bindings.role=\""));
    filter.addAll(after(role, "--role="));
    filter.add(new Arg.Text("\" AND bindings.members=\""));
    filter.addAll(after(member, "--member="));
    filter.add(new Arg.Text("\""));
    probe.add(new Arg(merged(filter)));
    probe.add(Arg.of("--format=value(bindings.role)"));
    List<Arg> run = new ArrayList<>(group);
    run.add(Arg.of("remove-iam-policy-binding"));
    run.add(target);
    run.addAll(where);
    run.add(member);
    run.add(role);
    if (!String.join(" ", groupWords(group)).equals("pubsub topics")) {
      // A topic's policy holds no conditional binding, and its remove-iam-policy-binding takes no --all.
      run.add(Arg.of("--all"));
    }
    return Optional.of(remove("remove " + shownRole + " on " + on + " from " + fn.serviceAccountEmail(),
        "Granted by deploy.sh: " + step.reason(), Command.of(probe), Command.of(run)));
  }

  private static Step remove(String name, String reason, Command probe, Command run) {
    return Step.whilePresent(name, reason, probe, run);
  }

  private static Command cmd(String... words) {
    return Command.of(words);
  }

  private static Command command(List<String> head, List<Arg> where, String... tail) {
    List<Arg> argv = new ArrayList<>(head.stream().map(Arg::of).toList());
    argv.addAll(where);
    for (String word : tail) {
      argv.add(Arg.of(word));
    }
    return Command.of(argv);
  }

  /** The arguments of {@code command} that start with one of {@code prefixes}, in order. */
  private static List<Arg> flags(Command command, String... prefixes) {
    return command.argv().stream().filter(a -> List.of(prefixes).stream().anyMatch(text(a)::startsWith)).toList();
  }

  private static String text(Arg arg) {
    return arg.pieces().get(0) instanceof Arg.Text t ? t.text() : "";
  }

  private static Arg only(List<Arg> argv, String prefix) {
    return argv.stream().filter(a -> text(a).startsWith(prefix)).findFirst()
        .orElseThrow(() -> new IllegalStateException("a binding without " + prefix));
  }

  /** The pieces of {@code arg} after its leading {@code prefix}. */
  private static List<Arg.Piece> after(Arg arg, String prefix) {
    List<Arg.Piece> pieces = new ArrayList<>(arg.pieces());
    String rest = text(arg).substring(prefix.length());
    pieces.remove(0);
    if (!rest.isEmpty()) {
      pieces.add(0, new Arg.Text(rest));
    }
    return pieces;
  }

  /** Adjacent text pieces joined, so that each word quotes as one. */
  private static List<Arg.Piece> merged(List<Arg.Piece> pieces) {
    List<Arg.Piece> out = new ArrayList<>();
    for (Arg.Piece piece : pieces) {
      if (piece instanceof Arg.Text text && !out.isEmpty() && out.get(out.size() - 1) instanceof Arg.Text last) {
        out.set(out.size() - 1, new Arg.Text(last.text() + text.text()));
      } else {
        out.add(piece);
      }
    }
    return out;
  }

  private static String words(Arg arg) {
    return Command.of(List.of(arg)).words().get(0);
  }

  private static List<String> groupWords(List<Arg> group) {
    return Command.of(group).words().subList(1, group.size());
  }
}
