package dev.autobind.deploy;

import java.util.Objects;
import java.util.Optional;

/**
 * One idempotent step of a deployment.
 *
 * @param name a short name for progress and error messages
 * @param reason one line saying why the step exists
 * @param check a command that succeeds when the step is already done; absent when {@code run} is
 *     idempotent by itself (add-iam-policy-binding, functions deploy)
 * @param run the command that does the step
 * @param removal whether {@code check} instead prints something while the thing {@code run} removes is still
 *     there, so that the step is done once it prints nothing
 * @param undo what undoes the step: the teardown reads it, and never the command's words
 */
public record Step(String name, String reason, Optional<Command> check, Command run, boolean removal, Undo undo) {

  public Step {
    ShellSyntax.requirePrintable(name);
    ShellSyntax.requirePrintable(reason);
    Objects.requireNonNull(check, "check");
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(undo, "undo");
    if (check.flatMap(Command::output).isPresent()) {
      throw new IllegalArgumentException(name + ": a check command cannot set a variable");
    }
  }

  /** A step that always runs its command. */
  public static Step always(String name, String reason, Command run) {
    return new Step(name, reason, Optional.empty(), run, false, Undo.UNDECLARED);
  }

  /** A step that runs its command only when {@code check} fails. */
  public static Step unless(String name, String reason, Command check, Command run) {
    return new Step(name, reason, Optional.of(check), run, false, Undo.UNDECLARED);
  }

  /** A step that removes something, and runs only while {@code probe} prints something: while it is there. */
  public static Step whilePresent(String name, String reason, Command probe, Command run) {
    return new Step(name, reason, Optional.of(probe), run, true, Undo.UNDECLARED);
  }

  /** This step, undone by {@code removal}. */
  public Step undoneBy(Step removal) {
    return with(new Undo.Remove(removal));
  }

  /** This step, whose effect the teardown leaves in place for {@code why}. */
  public Step kept(String what, String why) {
    return with(new Undo.Keep(what, why));
  }

  /** This step, which needs no undoing: {@code why}. */
  public Step undoneWithout(String why) {
    return with(new Undo.Nothing(why));
  }

  private Step with(Undo undo) {
    return new Step(name, reason, check, run, removal, undo);
  }

  /** The check as bash that succeeds when the step is done; what it prints is for no one. */
  public Optional<String> doneTest() {
    return check.map(c -> removal ? "[[ -z \"$(" + c.shell() + " 2>/dev/null)\" ]]" : c.shell());
  }

  /**
   * The step as one line of bash: {@code CHECK >/dev/null 2>&1 || RUN}, for a removal
   * {@code [[ -z "$(PROBE 2>/dev/null)" ]] || RUN}, or just {@code RUN}.
   */
  public String shell() {
    return doneTest().map(t -> t + (removal ? "" : " >/dev/null 2>&1") + " || " + run.shell()).orElse(run.shell());
  }
}
