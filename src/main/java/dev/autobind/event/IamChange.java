package dev.autobind.event;

import dev.autobind.kind.PolicyHolder;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A change to an IAM policy that autobind may govern, as a SetIamPolicy audit entry reports it. It
 * names the policy and what changed only; whether anything is restored is decided from the policy
 * file and from what the API shows.
 *
 * @param target the policy that changed
 * @param deltas the bindings added and removed, in the entry's order
 * @param method the audit-log method name
 * @param principal who made the change, when the entry names a plain email
 * @param time when the entry was written (or the message published), when known
 * @param path how the entry was delivered
 * @param eventId the CloudEvent id, for correlation
 */
public record IamChange(PolicyHolder target, List<BindingDelta> deltas, String method, Optional<String> principal,
    Optional<Instant> time, DeliveryPath path, String eventId) {

  public IamChange {
    Objects.requireNonNull(target, "target");
    deltas = List.copyOf(deltas);
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(eventId, "eventId");
  }

  /** The same change, its policy named as {@code named} (its project by id). */
  public IamChange withTarget(PolicyHolder named) {
    return new IamChange(named, deltas, method, principal, time, path, eventId);
  }

  /** The deltas that removed a binding. */
  public List<BindingDelta> removals() {
    return deltas.stream().filter(d -> d.action() == BindingDelta.Action.REMOVE).toList();
  }
}
