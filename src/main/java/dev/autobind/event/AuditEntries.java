package dev.autobind.event;

import static dev.autobind.kind.NamingRules.shown;

import com.google.events.cloud.audit.v1.AuditLog;
import com.google.events.cloud.audit.v1.LogEntryData;
import com.google.events.cloud.audit.v1.LogEntryOperation;
import dev.autobind.kind.InvalidField;
import dev.autobind.kind.KindRegistry;
import dev.autobind.kind.NamingRules;
import dev.autobind.kind.ResourceKind;
import dev.autobind.kind.ResourceRef;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns one audit-log LogEntry into an Intake: ignored, invalid, the resource a watched method created, or a
 * change to an IAM policy.
 */
final class AuditEntries {
  private static final String DATA_ACCESS_LOG = "/logs/cloudaudit.googleapis.com%2fdata_access";

  private AuditEntries() {}

  /**
   * Decides what one audit entry means.
   *
   * @param field where the LogEntry sits in the delivery, e.g. {@code data}
   */
  static Intake interpret(KindRegistry kinds, LogEntryData entry, String field, Delivery delivery) {
    if (entry.getLogName().toLowerCase(Locale.ROOT).endsWith(DATA_ACCESS_LOG)) {
      return new Intake.Ignored("data-access audit logs are not watched");
    }
    if (!entry.hasProtoPayload()) {
      throw new InvalidField(field + ".protoPayload", "missing");
    }
    AuditLog log = entry.getProtoPayload();
    if (log.getMethodName().isEmpty()) {
      throw new InvalidField(field + ".protoPayload.methodName", "missing");
    }
    if (KubernetesChangeEntries.isKubernetes(log)) {
      return KubernetesChangeEntries.interpret(kinds, entry, field, delivery);
    }
    Optional<IamMethods.Method> iam = IamMethods.forMethod(kinds, log.getMethodName());
    if (iam.isPresent()) {
      return IamChangeEntries.interpret(iam.get(), entry, field, delivery);
    }
    Optional<ResourceKind> kind = kinds.byMethod(log.getMethodName());
    if (kind.isEmpty()) {
      return new Intake.Ignored("method " + shown(log.getMethodName()) + " is not watched");
    }
    if (log.getStatus().getCode() != 0) {
      return new Intake.Ignored("creation failed with status code " + log.getStatus().getCode()
          + ": " + shown(log.getStatus().getMessage()));
    }
    return new Intake.Resource(event(kind.get().fromAuditEntry(entry, field), entry, delivery));
  }

  // Its age is measured from when the delivery was published (Pub/Sub's publish time, Eventarc's event time),
  // which the writer of the entry does not choose; the entry's own stamp stands in only without one.
  private static ResourceEvent event(ResourceRef ref, LogEntryData entry, Delivery delivery) {
    return new ResourceEvent(ref, phase(entry.getOperation()), entry.getProtoPayload().getMethodName(),
        principal(entry),
        delivery.time().or(() -> time(entry)), delivery.path(), delivery.eventId());
  }

  // The principal only says who created the resource; one that is not a plain email (empty on the
  // last entry, or some other identity form) is left out rather than passed on unchecked.
  static Optional<String> principal(LogEntryData entry) {
    String email = entry.getProtoPayload().getAuthenticationInfo().getPrincipalEmail();
    return NamingRules.isEmail(email) ? Optional.of(email) : Optional.empty();
  }

  // An operation that ends at once writes one entry with both flags; it is reported as the last,
  // since the resource then already exists.
  private static Phase phase(LogEntryOperation operation) {
    if (operation.getLast()) {
      return Phase.LAST;
    }
    return operation.getFirst() ? Phase.FIRST : Phase.NONE;
  }

  static Optional<Instant> time(LogEntryData entry) {
    if (!entry.hasTimestamp()) {
      return Optional.empty();
    }
    return Optional.of(Instant.ofEpochSecond(entry.getTimestamp().getSeconds(), entry.getTimestamp().getNanos()));
  }
}
