package dev.autobind.event;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One resource that a delivery says was created (or, for backfill, exists). It names the resource
 * only; what to grant always comes from the policy and the resource as read through the API.
 *
 * @param kind which kind of resource
 * @param project the project id, or the project number when the delivery carried only that
 * @param location the zone or region, e.g. {@code us-central1-a}
 * @param name the cluster name or the numeric model id
 * @param phase which audit entry of the creating operation this is
 * @param resource the full resource name as Cloud Asset Inventory spells it, e.g.
 *     {@code //container.googleapis.com/projects/P/locations/L/clusters/C}
 * @param method the audit-log method name, or {@code autobind.backfill/v1} for backfill
 * @param principal who created it, when the entry says
 * @param time when the entry was written (or the message published), when known
 * @param path how the event was delivered
 * @param eventId the CloudEvent id, for correlation
 */
public record ResourceEvent(
    ResourceKind kind,
    String project,
    String location,
    String name,
    Phase phase,
    String resource,
    String method,
    Optional<String> principal,
    Optional<Instant> time,
    DeliveryPath path,
    String eventId) {

  public ResourceEvent {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(eventId, "eventId");
  }

  /** True when {@link #project()} is a project number rather than an id. */
  public boolean projectIsNumber() {
    return !project.isEmpty() && project.chars().allMatch(Character::isDigit);
  }
}
