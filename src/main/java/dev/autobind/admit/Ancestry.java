package dev.autobind.admit;

/**
 * Where a project sits in the resource hierarchy, as Resource Manager says. The gate reads it before any
 * other read, so a project outside the governed scope costs this read and nothing else.
 */
public interface Ancestry {

  /**
   * The project's id and its ancestors.
   *
   * @param project a project id or number
   * @throws AncestryUnavailable when Resource Manager does not answer, or the project cannot be seen
   */
  Lineage lineage(String project);
}
