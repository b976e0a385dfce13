package dev.autobind.localcloud;

import com.google.cloud.resourcemanager.v3.GetProjectRequest;
import com.google.cloud.resourcemanager.v3.Project;
import com.google.cloud.resourcemanager.v3.ProjectsGrpc;
import com.google.cloud.resourcemanager.v3.SearchProjectsRequest;
import com.google.cloud.resourcemanager.v3.SearchProjectsResponse;
import com.google.iam.v1.GetIamPolicyRequest;
import com.google.iam.v1.Policy;
import com.google.iam.v1.SetIamPolicyRequest;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** google.cloud.resourcemanager.v3.Projects: GetProject, SearchProjects, Get/SetIamPolicy. */
final class ProjectsService extends ProjectsGrpc.ProjectsImplBase {

  private static final Pattern NAME = Pattern.compile("projects/([^/]+)");
  private static final Pattern TERM = Pattern.compile("([A-Za-z.]+)[:=]\"?([^\"]*)\"?");

  private final World world;

  ProjectsService(World world) {
    this.world = world;
  }

  @Override
  public void getProject(GetProjectRequest request, StreamObserver<Project> observer) {
    Rpc.unary(world, observer, () -> toProto(world.project(projectOf(request.getName()))));
  }

  @Override
  public void searchProjects(SearchProjectsRequest request, StreamObserver<SearchProjectsResponse> observer) {
    Rpc.unary(world, observer, () -> {
      Predicate<World.Project> matches = query(request.getQuery());
      List<Project> found = world.projects().stream().filter(matches).map(ProjectsService::toProto).toList();
      Page<Project> page = Page.of(found, request.getPageSize(), request.getPageToken(), 100);
      return SearchProjectsResponse.newBuilder().addAllProjects(page.items())
          .setNextPageToken(page.nextPageToken()).build();
    });
  }

  @Override
  public void getIamPolicy(GetIamPolicyRequest request, StreamObserver<Policy> observer) {
    Rpc.unary(world, observer, () -> world.policy(world.project(projectOf(request.getResource())),
        request.getOptions().getRequestedPolicyVersion()));
  }

  @Override
  public void setIamPolicy(SetIamPolicyRequest request, StreamObserver<Policy> observer) {
    Rpc.unary(world, observer, () -> world.setPolicy(world.project(projectOf(request.getResource())), request));
  }

  static Project toProto(World.Project project) {
    return Project.newBuilder()
        .setName("projects/" + project.number)
        .setProjectId(project.id)
        .setParent(project.parent)
        .setDisplayName(project.id)
        .setState(Project.State.ACTIVE)
        .build();
  }

  private static String projectOf(String name) {
    Matcher m = NAME.matcher(name);
    if (!m.matches()) {
      throw Rpc.invalid("Invalid project name '" + name + "'; expected projects/PROJECT_ID_OR_NUMBER.");
    }
    return m.group(1);
  }

  /**
   * Supports {@code id:}, {@code projectId:}, {@code name:}, {@code displayName:} and {@code state:}.
   * Every project counts as inside any {@code parent} the query names: the world has no hierarchy.
   */
  private static Predicate<World.Project> query(String query) {
    Predicate<World.Project> result = p -> true;
    for (String term : query.trim().split("\\s+")) {
      if (term.isEmpty() || term.equals("AND")) {
        continue;
      }
      Matcher m = TERM.matcher(term);
      if (!m.matches()) {
        throw Rpc.invalid("Unsupported search query term '" + term + "'.");
      }
      String value = m.group(2);
      result = result.and(switch (m.group(1)) {
        case "id", "projectId", "name", "displayName" -> p -> p.id.equals(value);
        case "state" -> p -> value.equals("ACTIVE");
        case "parent", "parent.id", "parent.type" -> p -> true;
        default -> throw Rpc.invalid("Unsupported search query field '" + m.group(1) + "'.");
      });
    }
    return result;
  }
}
