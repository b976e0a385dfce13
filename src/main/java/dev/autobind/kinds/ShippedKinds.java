package dev.autobind.kinds;

import dev.autobind.apply.KindPlugins;
import dev.autobind.apply.KindPlugins.Row;
import dev.autobind.kind.KindRegistry;
import java.util.List;

/**
 * The kinds autobind ships with, in declaration order (the deployment gives the first method the
 * function's own trigger). Only the wiring (the function and the CLI) reads this class; everything below
 * it is handed a {@link KindPlugins} or a {@link KindRegistry}.
 */
public final class ShippedKinds {

  private static final KindRegistry REGISTRY = plugins().registry();

  private ShippedKinds() {}

  /** The shipped kinds with their I/O halves, none built yet. */
  public static KindPlugins plugins() {
    return KindPlugins.of(List.of(
        new Row(GkeCluster.KIND, () -> new GkeCluster.Access()),
        new Row(VertexModel.KIND, () -> new VertexModel.Access()),
        new Row(VertexPersistentResource.KIND, () -> new VertexPersistentResource.Access()),
        new Row(VertexEndpoint.KIND, () -> new VertexEndpoint.Access()),
        new Row(TpuNode.KIND, () -> new TpuNode.Access()),
        new Row(TpuQueuedResource.KIND, () -> new TpuQueuedResource.Access())));
  }

  /** The shipped kinds' pure halves. */
  public static KindRegistry registry() {
    return REGISTRY;
  }
}
