package dev.autobind.backfill;

/** One way of finding existing resources. */
interface Discovery {

  /**
   * Finds every resource and hands each to {@code sink}. A listing that fails is a problem for the sink,
   * and the others still run.
   *
   * @throws BadInput when the input itself is refused before anything was found
   */
  void run(DiscoverySink sink);
}
