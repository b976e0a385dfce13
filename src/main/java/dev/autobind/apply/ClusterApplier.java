package dev.autobind.apply;

import dev.autobind.apply.ApplyResult.ObjectResult;
import dev.autobind.apply.ApplyResult.ObjectStatus;
import dev.autobind.kind.ClusterEndpoint;
import dev.autobind.plan.ClusterObject;
import dev.autobind.plan.ObjectMerge;
import dev.autobind.plan.ObservedObject;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Applies a plan's Kubernetes objects inside the cluster, one by one and in order (namespaces first):
 * read, decide with {@link ObjectMerge}, write only what is missing. A failure that can pass (no answer,
 * throttling, a server error) stops the rest, and the event is redelivered; a permanent one (refused,
 * a conflicting field) fails that object and the others go on.
 */
final class ClusterApplier {

  private static final int HTTP_CONFLICT = 409;

  private final Function<ClusterEndpoint, ClusterObjectGateway> connect;
  private final ApiCalls calls;
  private final boolean dryRun;

  ClusterApplier(Function<ClusterEndpoint, ClusterObjectGateway> connect, ApiCalls calls, boolean dryRun) {
    this.connect = connect;
    this.calls = calls;
    this.dryRun = dryRun;
  }

  List<ObjectResult> apply(List<ClusterObject> objects, Optional<ClusterEndpoint> endpoint) {
    if (endpoint.isEmpty() || endpoint.get().host().isEmpty()) {
      return failedFrom(objects, 0, "GKE reports no control-plane endpoint for the cluster yet", true);
    }
    List<ObjectResult> results = new ArrayList<>();
    try (ClusterObjectGateway gateway = connect.apply(endpoint.get())) {
      for (int i = 0; i < objects.size(); i++) {
        ObjectResult result = one(gateway, objects.get(i));
        results.add(result);
        if (result.status() == ObjectStatus.FAILED && result.transientError()) {
          results.addAll(notReached(objects, i + 1));
          break;
        }
      }
    } catch (IllegalArgumentException | KubernetesClientException e) {
      // Connecting failed before any object was tried (a refused endpoint, an unusable CA certificate).
      results.addAll(failedFrom(objects, results.size(), "connecting to the cluster failed: " + e.getMessage(),
          e instanceof KubernetesClientException k && KubernetesClusterGateway.isTransient(k)));
    }
    return results;
  }

  private ObjectResult one(ClusterObjectGateway gateway, ClusterObject object) {
    try {
      Optional<ObservedObject> current = calls.read(() -> gateway.read(object));
      ObjectMerge.Step step = ObjectMerge.merge(object, current);
      if (step instanceof ObjectMerge.Create) {
        return create(gateway, object);
      }
      return carryOut(gateway, object, current, step);
    } catch (KubernetesClientException e) {
      return failed(object, e);
    }
  }

  private ObjectResult create(ClusterObjectGateway gateway, ClusterObject object) {
    if (dryRun) {
      return result(object, ObjectStatus.WOULD_CREATE, Optional.empty());
    }
    try {
      calls.write(() -> {
        gateway.create(object);
        return null;
      });
      return result(object, ObjectStatus.CREATED, Optional.empty());
    } catch (KubernetesClientException e) {
      if (e.getCode() != HTTP_CONFLICT) {
        throw e;
      }
      // Created by someone else a moment ago (another delivery, a person): judge what is there now.
      Optional<ObservedObject> now = calls.read(() -> gateway.read(object));
      return carryOut(gateway, object, now, ObjectMerge.merge(object, now));
    }
  }

  private ObjectResult carryOut(ClusterObjectGateway gateway, ClusterObject object, Optional<ObservedObject> current,
      ObjectMerge.Step step) {
    if (step instanceof ObjectMerge.Present) {
      return result(object, ObjectStatus.PRESENT, Optional.empty());
    }
    if (step instanceof ObjectMerge.Conflict conflict) {
      return new ObjectResult(object.id(), ObjectStatus.FAILED, Optional.of(conflict.reason()), false);
    }
    if (step instanceof ObjectMerge.Add add && current.isPresent()) {
      if (!dryRun) {
        calls.write(() -> {
          gateway.add(object, current.get(), add);
          return null;
        });
      }
      return result(object, dryRun ? ObjectStatus.WOULD_ADD : ObjectStatus.ADDED, Optional.of(describe(add)));
    }
    // Still absent after a 409: it was deleted in between; the next delivery creates it.
    return new ObjectResult(object.id(), ObjectStatus.FAILED, Optional.of("created and deleted by someone else"
        + " while autobind applied it"), true);
  }

  private static String describe(ObjectMerge.Add add) {
    List<String> parts = new ArrayList<>();
    add.labels().forEach((k, v) -> parts.add("label " + k + "=" + v));
    add.annotations().forEach((k, v) -> parts.add("annotation " + k + "=" + v));
    if (!add.subjects().isEmpty()) {
      parts.add("subjects " + String.join(", ", add.subjects().stream().map(ClusterObject::subject).toList()));
    }
    return String.join("; ", parts);
  }

  private static ObjectResult failed(ClusterObject object, KubernetesClientException e) {
    String why = e.getCode() == HTTP_CONFLICT
        ? "another field manager owns a field autobind declares (autobind never forces): " + e.getMessage()
        : "HTTP " + e.getCode() + ": " + e.getMessage();
    return new ObjectResult(object.id(), ObjectStatus.FAILED, Optional.of(why), KubernetesClusterGateway.isTransient(e));
  }

  private static ObjectResult result(ClusterObject object, ObjectStatus status, Optional<String> detail) {
    return new ObjectResult(object.id(), status, detail, false);
  }

  /** Object {@code from} failed for {@code why}; the ones after it were not tried. */
  private static List<ObjectResult> failedFrom(List<ClusterObject> objects, int from, String why,
      boolean transientError) {
    List<ObjectResult> results = new ArrayList<>();
    if (from < objects.size()) {
      results.add(new ObjectResult(objects.get(from).id(), ObjectStatus.FAILED, Optional.of(why), transientError));
      results.addAll(notReached(objects, from + 1));
    }
    return results;
  }

  private static List<ObjectResult> notReached(List<ClusterObject> objects, int from) {
    return objects.subList(from, objects.size()).stream()
        .map(o -> new ObjectResult(o.id(), ObjectStatus.NOT_REACHED, Optional.empty(), false)).toList();
  }
}
