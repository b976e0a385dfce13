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
 */
public record Step(String name, String reason, Optional<Command> check, Command run) {

  public Step {
    ShellSyntax.requirePrintable(name);
    ShellSyntax.requirePrintable(reason);
    Objects.requireNonNull(check, "check");
    Objects.requireNonNull(run, "run");
    if (check.flatMap(Command::output).isPresent()) {
      throw new IllegalArgumentException(name + ": a check command cannot set a variable");
    }
  }

  /** A step that always runs its command. */
  public static Step always(String name, String reason, Command run) {
    return new Step(name, reason, Optional.empty(), run);
  }

  /** A step that runs its command only when {@code check} fails. */
  public static Step unless(String name, String reason, Command check, Command run) {
    return new Step(name, reason, Optional.of(check), run);
  }

  /** The step as one line of bash: {@code CHECK >/dev/null 2>&1 || RUN}, or just {@code RUN}. */
  public String shell() {
    return check.map(c -> c.shell() + " >/dev/null 2>&1 || " + run.shell()).orElse(run.shell());
  }
}
