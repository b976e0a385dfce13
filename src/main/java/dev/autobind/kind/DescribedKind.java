package dev.autobind.kind;

import java.util.List;
import java.util.Optional;

/** A kind whose facts come from its {@link KindDescription}; a subclass adds only how its names are read. */
public abstract class DescribedKind implements ResourceKind {
  private final KindDescription description;

  protected DescribedKind(KindDescription description) {
    this.description = description;
  }

  @Override
  public final String id() {
    return description.id();
  }

  @Override
  public final String title() {
    return description.title();
  }

  @Override
  public final String service() {
    return description.service();
  }

  @Override
  public final String collection() {
    return description.collection();
  }

  @Override
  public final String assetType() {
    return description.assetType();
  }

  @Override
  public final List<AuditMethod> methods() {
    return description.methods();
  }

  @Override
  public final Optional<ResourceIam> resourceIam() {
    return description.resourceIam();
  }

  @Override
  public final KindDeployment deployment() {
    return description.deployment();
  }

  @Override
  public final String toString() {
    return description.id();
  }
}
