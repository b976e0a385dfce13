package dev.autobind.kind;

import java.util.Objects;

/** A reference to one resource: its kind and its name, every part already checked against its naming rules. */
public record ResourceRef(ResourceKind kind, ResourceName name) {

  public ResourceRef {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
  }

  /** A resource of {@code kind} in {@code project} and {@code location}, named {@code id}. */
  public static ResourceRef of(ResourceKind kind, String project, String location, String id) {
    return new ResourceRef(kind, new ResourceName(kind.service(), project, location, kind.collection(), id));
  }

  @Override
  public String toString() {
    return kind.id() + " " + name.full();
  }
}
