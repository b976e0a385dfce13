package dev.autobind.plan;

import dev.autobind.plan.ClusterObject.RoleRef;
import dev.autobind.policy.ClusterSetup.Subject;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/** The fields autobind compares of an object as it is in the cluster; everything else it never reads or writes. */
public record ObservedObject(Map<String, String> labels, Map<String, String> annotations, Optional<RoleRef> role,
    List<Subject> subjects) {

  public ObservedObject {
    labels = Collections.unmodifiableMap(new TreeMap<>(labels));
    annotations = Collections.unmodifiableMap(new TreeMap<>(annotations));
    Objects.requireNonNull(role, "role");
    subjects = List.copyOf(subjects);
  }
}
