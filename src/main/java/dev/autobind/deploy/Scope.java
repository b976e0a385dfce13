package dev.autobind.deploy;

import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A resource-hierarchy node that holds the function's grants and, in pubsub mode, the Log Router sink. */
public record Scope(Kind kind, String id) {

  /** The three places an IAM binding or a sink can live above a resource. */
  public enum Kind {
    ORGANIZATION("organizations", "organization", List.of("gcloud", "organizations")),
    FOLDER("folders", "folder", List.of("gcloud", "resource-manager", "folders")),
    PROJECT("projects", "project", List.of("gcloud", "projects"));

    private final String collection;
    private final String flag;
    private final List<String> group;

    Kind(String collection, String flag, List<String> group) {
      this.collection = collection;
      this.flag = flag;
      this.group = group;
    }
  }

  private static final Pattern NAME = Pattern.compile("(organizations|folders|projects)/([-a-z0-9]+)");

  public Scope {
    Objects.requireNonNull(kind, "kind");
    ShellSyntax.requirePrintable(id);
  }

  /** Reads {@code organizations/N}, {@code folders/N} or {@code projects/P}, as function.yaml's sinkScope. */
  public static Scope parse(String name) {
    Matcher m = NAME.matcher(name);
    if (!m.matches()) {
      throw new IllegalArgumentException(name + " is not a scope; use organizations/N, folders/N or projects/PROJECT");
    }
    Kind kind = switch (m.group(1)) {
      case "organizations" -> Kind.ORGANIZATION;
      case "folders" -> Kind.FOLDER;
      default -> Kind.PROJECT;
    };
    return new Scope(kind, m.group(2));
  }

  public static Scope project(String projectId) {
    return new Scope(Kind.PROJECT, projectId);
  }

  /** The resource name, e.g. {@code organizations/123}. */
  public String name() {
    return kind.collection + "/" + id;
  }

  /** The gcloud flag that names this scope for commands that take one, e.g. {@code --folder=123}. */
  public String flag() {
    return "--" + kind.flag + "=" + id;
  }

  /** Whether an aggregated sink here can include the logs of everything below it. */
  public boolean hasChildren() {
    return kind != Kind.PROJECT;
  }

  /** This node as the holder of an IAM policy that gcloud edits. */
  BindingTarget bindings() {
    return new BindingTarget(kind.group, id, List.of());
  }

  /** The attachment point of an IAM deny policy on this node, e.g. {@code cloudresourcemanager.googleapis.com/folders/1}. */
  public String attachmentPoint() {
    return "cloudresourcemanager.googleapis.com/" + name();
  }
}
