package dev.autobind.apply;

import com.google.cloud.aiplatform.v1.Model;
import com.google.cloud.resourcemanager.v3.Project;
import com.google.container.v1.Cluster;

/** Looks up the resources an event names, so nothing is acted on that the API does not show. Holds no decisions. */
public interface ResourceGateway {

  /** {@code projects/P/locations/L/clusters/C}; throws the API's NOT_FOUND when absent. */
  Cluster cluster(String name);

  /** {@code projects/P/locations/L/models/M}; throws the API's NOT_FOUND when absent. */
  Model model(String name);

  /** {@code projects/P} by id or number; throws the API's NOT_FOUND (or PERMISSION_DENIED) when absent. */
  Project project(String name);
}
