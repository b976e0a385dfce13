package dev.autobind.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Something whose IAM policy gcloud edits: a folder, a project, a service account or a topic, as the command
 * group that names it ({@code gcloud resource-manager folders}), its id and the flags that place it. Every
 * add, probe and removal of a binding is written here, so the three always name the same binding.
 *
 * @param group the command group, e.g. {@code gcloud iam service-accounts}
 * @param id what the group's commands take as their positional argument
 * @param where the flags that place it, e.g. {@code --project=P}
 */
record BindingTarget(List<String> group, String id, List<String> where) {

  BindingTarget {
    group = List.copyOf(group);
    Objects.requireNonNull(id, "id");
    where = List.copyOf(where);
  }

  static BindingTarget serviceAccount(String email, String project) {
    return new BindingTarget(List.of("gcloud", "iam", "service-accounts"), email, List.of("--project=" + project));
  }

  static BindingTarget topic(String topic, String project) {
    return new BindingTarget(List.of("gcloud", "pubsub", "topics"), topic, List.of("--project=" + project));
  }

  /** {@code add-iam-policy-binding} of {@code role} for {@code member}, with {@code condition} as written. */
  Command add(Arg member, Arg role, Optional<String> condition) {
    List<Arg> argv = head("add-iam-policy-binding");
    argv.add(Arg.joined("--member=", member));
    argv.add(Arg.joined("--role=", role));
    condition.ifPresent(c -> argv.add(Arg.of(c)));
    return Command.of(argv);
  }

  /**
   * Prints the role of each binding of {@code role} that {@code member} holds, and nothing when there is none;
   * with {@code unlessExpression}, only the bindings whose condition is not exactly that expression.
   */
  Command probe(Arg member, Arg role, Optional<String> unlessExpression) {
    List<Arg> argv = head("get-iam-policy");
    argv.add(Arg.of("--flatten=bindings[].members"));
    String tail = "\"" + unlessExpression.map(e -> " AND NOT bindings.condition.expression=\"" + e + "\"").orElse("");
    argv.add(Arg.joined("--filter=bindings.role=\"", role, Arg.of("\" AND bindings.members=\""), member,
        Arg.of(tail)));
    argv.add(Arg.of("--format=value(bindings.role)"));
    return Command.of(argv);
  }

  /** Removes every binding of {@code role} for {@code member}, whatever its condition. */
  Command remove(Arg member, Arg role) {
    List<Arg> argv = head("remove-iam-policy-binding");
    argv.add(Arg.joined("--member=", member));
    argv.add(Arg.joined("--role=", role));
    argv.add(Arg.of("--all"));
    return Command.of(argv);
  }

  /** The step that removes {@code member}'s bindings of {@code role} here, run only while there is one. */
  Step removal(String name, String reason, Arg member, Arg role) {
    return Step.whilePresent(name, reason, probe(member, role, Optional.empty()), remove(member, role));
  }

  /** How the binding is shown in messages: the id, e.g. {@code 234567890123} or an account's email. */
  String shown() {
    return String.join(" ", group.subList(1, group.size())) + " " + id;
  }

  private List<Arg> head(String verb) {
    List<Arg> argv = new ArrayList<>(group.stream().map(Arg::of).toList());
    argv.add(Arg.of(verb));
    argv.add(Arg.of(id));
    where.forEach(w -> argv.add(Arg.of(w)));
    return argv;
  }
}
