package dev.autobind.backfill;

/** Receives what discovery finds, from the discovering thread. */
interface DiscoverySink {

  /** A resource, named by project id. */
  void found(FoundResource resource);

  /** A resource with the facts its listing returned; the default forgets them. */
  default void found(FoundResource resource, dev.autobind.kind.ResourceFacts facts) {
    found(resource);
  }

  /** A resource that was found but cannot be handed on: its name breaks a rule, or its project is unknown. */
  void unusable(String resource, String reason);

  /** A listing that failed: resources it would have returned are missing. */
  void problem(String message);

  /**
   * A listing that failed for a reason that may pass by itself (the service was unavailable, slow or busy):
   * another try may list what this one missed. The default counts it as any problem.
   */
  default void passingProblem(String message) {
    problem(message);
  }

  /** An API that is off in a project, which therefore holds none of its resources. */
  void apiOff(String project, String api);
}
