package dev.autobind.apply;

import dev.autobind.plan.ClusterObject;
import dev.autobind.plan.ObjectMerge;
import dev.autobind.plan.ObservedObject;
import java.util.Optional;

/**
 * Reads and writes the Kubernetes objects autobind manages inside one cluster. Holds no decisions:
 * {@link ObjectMerge} decides, this carries it out. Throws the client's exception on failure.
 */
public interface ClusterObjectGateway extends AutoCloseable {

  /** The object's managed fields as the cluster has them, or empty when it does not exist. */
  Optional<ObservedObject> read(ClusterObject object);

  /** Creates the object with exactly the declared fields; fails with 409 when it already exists. */
  void create(ClusterObject object);

  /** Adds what {@code addition} names to the object, found as {@code current}, and nothing else. */
  void add(ClusterObject object, ObservedObject current, ObjectMerge.Add addition);

  @Override
  void close();
}
