package dev.autobind.plan;

import dev.autobind.policy.ClusterSetup.Subject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What applying one Kubernetes object takes, decided purely from the object wanted and the object found.
 * The rules: an absent object is created; a label, annotation or subject autobind declares and the
 * object lacks is added; one that holds another value, or a binding that names another role (roleRef
 * is immutable), is a conflict and nothing is written, since someone else set it; everything autobind
 * does not declare is left as it is.
 */
public final class ObjectMerge {

  private ObjectMerge() {}

  /** The outcome of comparing one object. */
  public sealed interface Step permits Create, Present, Add, Conflict {}

  /** The object does not exist: create it as declared. */
  public record Create() implements Step {}

  /** The object holds everything declared: write nothing. */
  public record Present() implements Step {}

  /**
   * The object lacks some of what is declared: add exactly this.
   *
   * @param subjects the binding's declared subjects it lacks
   */
  public record Add(Map<String, String> labels, Map<String, String> annotations, List<Subject> subjects)
      implements Step {
    public Add {
      labels = Map.copyOf(labels);
      annotations = Map.copyOf(annotations);
      subjects = List.copyOf(subjects);
    }
  }

  /** A declared field holds another value: nothing is written. */
  public record Conflict(String reason) implements Step {
    public Conflict {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** The step that brings {@code current} to hold {@code wanted}. */
  public static Step merge(ClusterObject wanted, Optional<ObservedObject> current) {
    if (current.isEmpty()) {
      return new Create();
    }
    ObservedObject found = current.get();
    if (wanted.role().isPresent() && !wanted.role().equals(found.role())) {
      return new Conflict(wanted.id() + " exists with roleRef " + found.role().map(Object::toString).orElse("none")
          + ", not " + wanted.role().get() + "; a roleRef cannot change, so autobind leaves the binding as it is");
    }
    Map<String, String> labels = new LinkedHashMap<>();
    Map<String, String> annotations = new LinkedHashMap<>();
    Optional<String> conflict = missing("label", wanted.labels(), found.labels(), labels)
        .or(() -> missing("annotation", wanted.annotations(), found.annotations(), annotations));
    if (conflict.isPresent()) {
      return new Conflict(wanted.id() + ": " + conflict.get());
    }
    List<Subject> subjects = wanted.subjects().stream().filter(s -> !found.subjects().contains(s)).toList();
    if (labels.isEmpty() && annotations.isEmpty() && subjects.isEmpty()) {
      return new Present();
    }
    return new Add(labels, annotations, subjects);
  }

  /** Puts into {@code into} the entries of {@code wanted} that {@code found} lacks; a differing value is a conflict. */
  private static Optional<String> missing(String what, Map<String, String> wanted, Map<String, String> found,
      Map<String, String> into) {
    for (Map.Entry<String, String> e : wanted.entrySet()) {
      String value = found.get(e.getKey());
      if (value == null) {
        into.put(e.getKey(), e.getValue());
      } else if (!value.equals(e.getValue())) {
        return Optional.of(what + " " + e.getKey() + " is " + value + ", not " + e.getValue()
            + "; someone else set it, and autobind never overwrites it");
      }
    }
    return Optional.empty();
  }
}
