package dev.autobind.kind;

import com.google.events.cloud.audit.v1.LogEntryData;
import dev.autobind.apply.KindAccess;
import java.util.List;
import java.util.Optional;

/** A kind with one method and no behaviour, for registry tests that need rows other than the shipped ones. */
record TestKind(String id, String service, String collection, String method) implements ResourceKind {

  static KindAccess noAccess() {
    throw new UnsupportedOperationException("test kinds have no access");
  }

  @Override
  public String title() {
    return id + "s";
  }

  @Override
  public String assetType() {
    return service + "/Thing";
  }

  @Override
  public List<AuditMethod> methods() {
    return List.of(new AuditMethod(service, method));
  }

  @Override
  public ResourceRef fromAuditEntry(LogEntryData entry, String field) {
    throw new UnsupportedOperationException("test kinds read no entries");
  }

  @Override
  public ResourceRef fromRelativeName(String relativeName, String field) {
    throw new UnsupportedOperationException("test kinds read no names");
  }

  @Override
  public Optional<ResourceIam> resourceIam() {
    return Optional.empty();
  }

  @Override
  public KindDeployment deployment() {
    return new KindDeployment(List.of(service), Optional.empty(), List.of());
  }
}
