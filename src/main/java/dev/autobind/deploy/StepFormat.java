package dev.autobind.deploy;

import java.util.List;

/** How a list of steps is printed: as a runnable script, or as lines for scripts/deploy.sh to execute. */
public enum StepFormat {
  /** Each step as {@code # reason} and one runnable line; what {@code deploy.sh --dry-run} shows. */
  SHELL,
  /**
   * One line per step: {@code NAME<TAB>SETS<TAB>CHECK<TAB>COMMAND}, with {@code -} for no variable or check;
   * CHECK is bash that succeeds when the step is done, its output sent nowhere.
   */
  TSV;

  /** Renders {@code steps}; {@code header} and {@code warnings} become comment lines in the shell form. */
  public String render(List<Step> steps, List<String> header, List<String> warnings) {
    StringBuilder out = new StringBuilder();
    if (this == SHELL) {
      header.forEach(h -> out.append("# ").append(h).append('\n'));
      warnings.forEach(w -> out.append("# warning: ").append(w).append('\n'));
    }
    for (Step step : steps) {
      if (this == SHELL) {
        out.append('\n').append("# ").append(step.reason()).append('\n').append(step.shell()).append('\n');
      } else {
        out.append(step.name()).append('\t')
            .append(step.run().output().map(Variable::name).orElse("-")).append('\t')
            .append(step.doneTest().orElse("-")).append('\t')
            .append(step.run().shell()).append('\n');
      }
    }
    return out.toString();
  }
}
