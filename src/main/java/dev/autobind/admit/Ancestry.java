package dev.autobind.admit;

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
   * @throws AncestryUnavailable when Resource Manager does not answer, or a node on the way cannot be seen
   */
  Lineage lineage(String project, Predicate<String> enough);
}
