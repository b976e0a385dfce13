package dev.autobind.backfill;

import com.google.api.gax.rpc.ApiException;
import com.google.cloud.resourcemanager.v3.Project;
import com.google.cloud.resourcemanager.v3.ProjectsClient;
import com.google.cloud.resourcemanager.v3.SearchProjectsRequest;
import java.util.ArrayList;
import java.util.List;

/** Chooses the projects to list: the named ones, or every active project the policy governs. */
final class ProjectSelection {
  private final ProjectsClient projects;
  private final BackfillReport report;

  ProjectSelection(ProjectsClient projects, BackfillReport report) {
    this.projects = projects;
    this.report = report;
  }

  /**
   * The named projects the policy governs; the others are counted as skipped.
   *
   * @throws BadInput when a governed project does not exist, cannot be seen, or is not active
   */
  List<GovernedProject> named(List<String> ids) {
    List<GovernedProject> governed = new ArrayList<>();
    for (String id : ids) {
      if (report.governs(id)) {
        governed.add(GovernedProject.of(check(id)));
      }
    }
    return governed;
  }

  /**
   * Every active project the caller can see that the policy's include globs match and no exclude does, with
   * the number the search returned. Where each sits is as the search said, so the admission gate reads none
   * of them again.
   */
  List<GovernedProject> governed() {
    List<GovernedProject> governed = new ArrayList<>();
    SearchProjectsRequest request = SearchProjectsRequest.newBuilder().setQuery("state:ACTIVE").build();
    for (Project project : projects.searchProjects(request).iterateAll()) {
      GovernedProject found = GovernedProject.of(project);
      if (report.governs(found, project.getParent())) {
        governed.add(found);
      }
    }
    return governed;
  }

  private Project check(String id) {
    Project project;
    try {
      project = projects.getProject("projects/" + id);
    } catch (ApiException e) {
      if (ApiErrors.refused(e)) {
        throw new BadInput("--projects: project " + id + " does not exist or cannot be seen: "
            + ApiErrors.describe(e), e);
      }
      throw e;
    }
    if (project.getState() != Project.State.ACTIVE) {
      throw new BadInput("--projects: project " + id + " is " + project.getState() + ", not ACTIVE");
    }
    return project;
  }
}
