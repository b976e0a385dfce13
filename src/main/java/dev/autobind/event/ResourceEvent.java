package dev.autobind.event;

import dev.autobind.kind.ResourceKind;
import dev.autobind.kind.ResourceRef;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One resource that a delivery says was created (or, for backfill, exists). It names the resource
 * only; what to grant always comes from the policy and the resource as read through the API.
 *
 * @param ref which resource: its kind and its name, with the project id, or the project number when
 *     the delivery carried only that
 * @param phase which audit entry of the creating operation this is
 * @param method the audit-log method name, or {@code autobind.backfill/v1} for backfill
 * @param principal who created it, when the entry says
 * @param time when the delivery was published (else when the entry was written), when known; its age counts from it
 * @param path how the event was delivered
 * @param eventId the CloudEvent id, for correlation
 */
public record ResourceEvent(
    ResourceRef ref,
    Phase phase,
    String method,
    Optional<String> principal,
    Optional<Instant> time,
    DeliveryPath path,
    String eventId) {

  public ResourceEvent {
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(eventId, "eventId");
  }

  /** Which kind of resource. */
  public ResourceKind kind() {
    return ref.kind();
  }

  /** The project id, or the project number when the delivery carried only that. */
  public String project() {
    return ref.name().project();
  }

  /** The zone or region, e.g. {@code us-central1-a}. */
  public String location() {
    return ref.name().location();
  }

  /** The resource's id within its collection, e.g. the cluster name or the numeric model id. */
  public String name() {
    return ref.name().id();
  }

  /**
   * The full resource name as Cloud Asset Inventory spells it, e.g.
   * {@code //SERVICE/projects/P/locations/L/COLLECTION/ID}.
   */
  public String resource() {
    return ref.name().full();
  }
}
