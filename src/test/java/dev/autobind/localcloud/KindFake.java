package dev.autobind.localcloud;

import io.grpc.BindableService;
import java.util.List;
import java.util.Optional;

/**
 * One resource kind's fake in the local cloud, behind one registration ({@link KindFakes#SHIPPED}, or
 * {@link LocalCloud.Builder#fake} for a kind a test adds): the gRPC services that serve the kind over the
 * shared world, and the resource-level IAM policies it holds, found by resource name as the
 * google.iam.v1.IAMPolicy mixin is asked for them.
 */
interface KindFake {

  /** What the kind is called in messages, plural, e.g. {@code models}. */
  String title();

  /** The services that serve the kind; every call holds the world's monitor (see {@link Rpc#unary}). */
  List<BindableService> services(World world);

  /** Whether the kind's resources have their own IAM policy, served through {@link #policy}. */
  default boolean hasResourceIam() {
    return false;
  }

  /**
   * The holder of {@code resource}'s own policy when the name is one of this kind's (NOT_FOUND when it is
   * this kind's name but no such resource exists); empty for a name of another kind, and always for a
   * kind without resource-level IAM.
   */
  default Optional<World.PolicyHolder> policy(World world, String resource) {
    return Optional.empty();
  }
}
