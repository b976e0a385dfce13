package dev.autobind.backfill;

import com.google.cloud.resourcemanager.v3.ProjectsClient;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Project numbers resolved to ids, through Resource Manager's GetProject once per number. */
final class ProjectIds {
  private final ProjectsClient projects;
  private final Map<String, String> byNumber = new ConcurrentHashMap<>();

  ProjectIds(ProjectsClient projects) {
    this.projects = projects;
  }

  /**
   * The id of the project with this number.
   *
   * @throws com.google.api.gax.rpc.ApiException when Resource Manager cannot say
   */
  String idOf(String number) {
    String known = byNumber.get(number);
    if (known != null) {
      return known;
    }
    String id = projects.getProject("projects/" + number).getProjectId();
    byNumber.put(number, id);
    return id;
  }

  /** Records a pairing seen elsewhere (a search result names both), so no call is needed for it. */
  void learn(String number, String id) {
    byNumber.putIfAbsent(number, id);
  }
}
