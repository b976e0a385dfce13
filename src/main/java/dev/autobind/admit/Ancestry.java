package dev.autobind.admit;

import java.util.Optional;
import java.util.function.Predicate;

/**
 * Where a project sits in the resource hierarchy, as Resource Manager says. The gate reads it before any
 * other read, so a project outside the governed scope costs this read and nothing else.
 */
public interface Ancestry {

  /**
   * The project's id and its ancestors, read upwards until a node {@code enough} accepts (a governed folder:
   * nothing above it can change the answer) or the top.
   *
   * @param project a project id or number
   * @throws GateReadFailed when Resource Manager does not answer, or a node on the way cannot be seen
   */
  Lineage lineage(String project, Predicate<String> enough);

  /**
   * Tells where a project sits as a Resource Manager search returned it: the same {@code parent} GetProject
   * would read. An ancestry that keeps its answers keeps this one, so the gate does not read a project that
   * discovery inside the governed scope already found; its folders are still read as {@link #lineage} needs.
   *
   * @param number the project's number, when the search returned it
   * @param parent {@code folders/N} or {@code organizations/N}, or empty for a project without one
   */
  default void found(String projectId, Optional<String> number, String parent) {
  }
}
