package dev.autobind.apply;

import com.google.cloud.resourcemanager.v3.Project;
import dev.autobind.kind.ResourceFacts;
import dev.autobind.kind.ResourceRef;
import java.util.Optional;

/**
 * Reads the resource a reference names, and so proves it exists, gathering the facts the planner needs:
 * labels, the Workload Identity pool, and the project id and number.
 */
final class ResourceLookup {
  private final ResourceGateway resources;
  private final ApiCalls calls;

  ResourceLookup(ResourceGateway resources, ApiCalls calls) {
    this.resources = resources;
    this.calls = calls;
  }

  /**
   * The facts for {@code ref}; throws the API's exception (NOT_FOUND for a resource that does not
   * exist). The project is read only when the reference carries a project number or the policy needs one.
   * The resource is then read by the project id, in place of a number the reference may have carried.
   */
  ResourceFacts facts(ResourceRef ref, boolean needProjectNumber) {
    Optional<Project> project = ref.name().projectIsNumber() || needProjectNumber
        ? Optional.of(calls.read(() -> resources.project("projects/" + ref.name().project())))
        : Optional.empty();
    String projectId = project.map(Project::getProjectId).orElse(ref.name().project());
    Optional<String> number = project.map(p -> p.getName().substring("projects/".length()));
    return calls.read(() -> resources.facts(ref.kind(), ref.name().withProject(projectId), number));
  }
}
