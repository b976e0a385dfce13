package dev.autobind.event;

import static dev.autobind.kind.NamingRules.shown;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.events.cloud.audit.v1.AuditLog;
import com.google.events.cloud.audit.v1.LogEntryData;
import com.google.iam.v1.logging.AuditData;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import com.google.type.Expr;
import dev.autobind.kind.InvalidField;
import dev.autobind.kind.NamingRules;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns a SetIamPolicy audit entry into an {@link IamChange}. What changed is read from
 * {@code protoPayload.serviceData}, an {@code AuditData} ({@code type.googleapis.com/google.iam.v1.logging.AuditData},
 * proto-google-iam-v1's {@code google/iam/v1/logging/audit_data.proto}) whose {@code policyDelta.bindingDeltas[]}
 * hold one {@code action}, {@code role}, {@code member} and optional {@code condition} each.
 */
final class IamChangeEntries {
  static final String AUDIT_DATA_TYPE = "type.googleapis.com/google.iam.v1.logging.AuditData";
  private static final int MAX_CONDITION_CHARS = 12_800;

  private IamChangeEntries() {}

  static Intake interpret(IamMethods.Method method, LogEntryData entry, String field, Delivery delivery) {
    AuditLog log = entry.getProtoPayload();
    if (!log.getServiceName().equals(method.service())) {
      return new Intake.Ignored("method " + shown(log.getMethodName()) + " of service "
          + shown(log.getServiceName()) + " is not watched (only of " + method.service() + ")");
    }
    if (log.getStatus().getCode() != 0) {
      return new Intake.Ignored("the policy change failed with status code " + log.getStatus().getCode()
          + ": " + shown(log.getStatus().getMessage()));
    }
    PolicyHolderReader.Read read = method.reader().read(entry, field);
    if (read.target().isEmpty()) {
      return new Intake.Ignored(read.skipped());
    }
    List<BindingDelta> deltas = deltas(log, field + ".protoPayload.serviceData");
    if (deltas.isEmpty()) {
      return new Intake.Ignored("the policy change of " + read.target().get().fullName() + " changed no binding");
    }
    return new Intake.IamPolicyChanged(new IamChange(read.target().get(), deltas, log.getMethodName(),
        AuditEntries.principal(entry), AuditEntries.time(entry).or(delivery::time), delivery.path(),
        delivery.eventId()));
  }

  private static List<BindingDelta> deltas(AuditLog log, String field) {
    if (!log.hasServiceData()) {
      throw new InvalidField(field, "missing; a SetIamPolicy entry states its changes there");
    }
    ObjectNode json = JsonInput.object(print(log), field);
    JsonNode type = json.remove("@type");
    if (type == null || !type.isTextual() || !type.textValue().equals(AUDIT_DATA_TYPE)) {
      throw new InvalidField(field + ".@type", (type == null ? "missing" : "is " + shown(type.asText()))
          + "; expected " + AUDIT_DATA_TYPE);
    }
    AuditData data = ProtoJson.merge(json, AuditData.newBuilder(), field).build();
    List<BindingDelta> deltas = new ArrayList<>();
    for (int i = 0; i < data.getPolicyDelta().getBindingDeltasCount(); i++) {
      deltas.add(delta(data.getPolicyDelta().getBindingDeltas(i), field + ".policyDelta.bindingDeltas[" + i + "]"));
    }
    return deltas;
  }

  private static byte[] print(AuditLog log) {
    try {
      return JsonFormat.printer().print(log.getServiceData()).getBytes(StandardCharsets.UTF_8);
    } catch (InvalidProtocolBufferException e) {
      throw new InvalidField("serviceData", "cannot be read: " + e.getMessage(), e);
    }
  }

  private static BindingDelta delta(com.google.iam.v1.BindingDelta delta, String field) {
    BindingDelta.Action action = switch (delta.getAction()) {
      case ADD -> BindingDelta.Action.ADD;
      case REMOVE -> BindingDelta.Action.REMOVE;
      default -> throw new InvalidField(field + ".action", "missing or unknown; expected ADD or REMOVE");
    };
    String role = NamingRules.role(delta.getRole(), field + ".role");
    String member = NamingRules.member(delta.getMember(), field + ".member");
    return new BindingDelta(action, role, member, condition(delta, field + ".condition"));
  }

  private static Optional<Expr> condition(com.google.iam.v1.BindingDelta delta, String field) {
    if (!delta.hasCondition()) {
      return Optional.empty();
    }
    Expr condition = delta.getCondition();
    if (condition.getExpression().isEmpty()) {
      throw new InvalidField(field + ".expression", "missing");
    }
    if (condition.getExpression().length() + condition.getTitle().length() + condition.getDescription().length()
        > MAX_CONDITION_CHARS) {
      throw new InvalidField(field, "is longer than " + MAX_CONDITION_CHARS + " characters");
    }
    return Optional.of(condition);
  }
}
