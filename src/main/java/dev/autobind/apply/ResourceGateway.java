package dev.autobind.apply;

import com.google.cloud.resourcemanager.v3.Project;
import dev.autobind.kind.ResourceKind;
import dev.autobind.kind.ResourceName;
import dev.autobind.kind.ResourceFacts;
import java.util.Optional;

/** Looks up the resources an event names, so nothing is acted on that the API does not show. Holds no decisions. */
public interface ResourceGateway {

  /**
   * Reads a resource of {@code kind}, named by its project id, and the facts the planner needs; throws
   * the API's NOT_FOUND when absent.
   */
  ResourceFacts facts(ResourceKind kind, ResourceName name, Optional<String> projectNumber);

  /** {@code projects/P} by id or number; throws the API's NOT_FOUND (or PERMISSION_DENIED) when absent. */
  Project project(String name);
}
