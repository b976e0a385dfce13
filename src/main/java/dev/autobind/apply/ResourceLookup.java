package dev.autobind.apply;

import com.google.cloud.resourcemanager.v3.Project;
import dev.autobind.kind.ResourceFacts;
import dev.autobind.kind.ResourceRef;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

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

  /**
   * As {@link #facts(ResourceRef, boolean)}, but when the reference names the project by id and only the policy
   * needs its number, the project is read on {@code beside} while the resource is read here: neither read needs
   * the other's answer. A failure of the project read is thrown first, as when the two run in turn.
   */
  ResourceFacts facts(ResourceRef ref, boolean needProjectNumber, Executor beside) {
    if (ref.name().projectIsNumber() || !needProjectNumber) {
      return facts(ref, needProjectNumber);
    }
    CompletableFuture<Project> project = CompletableFuture.supplyAsync(
        () -> calls.read(() -> resources.project("projects/" + ref.name().project())), beside);
    ResourceFacts read = null;
    RuntimeException failed = null;
    try {
      read = calls.read(() -> resources.facts(ref.kind(), ref.name(), Optional.empty()));
    } catch (RuntimeException e) {
      failed = e;
    }
    String number = number(project).getName().substring("projects/".length());
    if (failed != null) {
      throw failed;
    }
    return new ResourceFacts(read.projectId(), Optional.of(number), read.labels(), read.workloadPool(),
        read.clusterEndpoint());
  }

  /** The project the read returned; what it threw is rethrown as it was. */
  private static Project number(CompletableFuture<Project> project) {
    try {
      return project.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    }
  }
}
