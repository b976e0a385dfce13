package dev.autobind.localcloud;

import com.google.cloud.aiplatform.v1.GetModelRequest;
import com.google.cloud.aiplatform.v1.ListModelsRequest;
import com.google.cloud.aiplatform.v1.ListModelsResponse;
import com.google.cloud.aiplatform.v1.Model;
import com.google.cloud.aiplatform.v1.ModelServiceGrpc;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** google.cloud.aiplatform.v1.ModelService: GetModel and ListModels. */
final class ModelsService extends ModelServiceGrpc.ModelServiceImplBase {

  static final Pattern MODEL = Pattern.compile("projects/([^/]+)/locations/([^/]+)/models/([^/@]+)(@[^/]+)?");
  private static final Pattern PARENT = Pattern.compile("projects/([^/]+)/locations/([^/]+)");
  private static final Pattern FILTER_TERM = Pattern.compile("(display_name|labels\\.[a-z][a-z0-9_-]*)\\s*=\\s*\"([^\"]*)\"");

  private final World world;

  ModelsService(World world) {
    this.world = world;
  }

  @Override
  public void getModel(GetModelRequest request, StreamObserver<Model> observer) {
    Rpc.unary(world, observer, () -> toProto(model(world, request.getName())));
  }

  @Override
  public void listModels(ListModelsRequest request, StreamObserver<ListModelsResponse> observer) {
    Rpc.unary(world, observer, () -> {
      Matcher m = PARENT.matcher(request.getParent());
      if (!m.matches()) {
        throw Rpc.invalid("Invalid parent '" + request.getParent() + "'; expected projects/PROJECT/locations/LOCATION.");
      }
      if (!request.getOrderBy().isEmpty()) {
        throw Rpc.invalid("order_by is not supported by the local cloud.");
      }
      World.Project project = world.project(m.group(1));
      Predicate<World.Model> matches = filter(request.getFilter());
      List<Model> models = project.models.stream()
          .filter(model -> model.location.equals(m.group(2)))
          .filter(matches).map(ModelsService::toProto).toList();
      Page<Model> page = Page.of(models, request.getPageSize(), request.getPageToken(), 100);
      return ListModelsResponse.newBuilder().addAllModels(page.items()).setNextPageToken(page.nextPageToken()).build();
    });
  }

  /** The model a resource name points at (project id or number; a {@code @version} suffix is ignored). */
  static World.Model model(World world, String name) {
    Matcher m = MODEL.matcher(name);
    if (!m.matches()) {
      throw Rpc.invalid("Invalid model name '" + name + "'; expected projects/PROJECT/locations/LOCATION/models/ID.");
    }
    return world.model(m.group(1), m.group(2), m.group(3));
  }

  /** Supports {@code display_name="X"} and {@code labels.KEY="V"} terms joined by AND. */
  private static Predicate<World.Model> filter(String filter) {
    Predicate<World.Model> result = m -> true;
    if (filter.isBlank()) {
      return result;
    }
    for (String term : filter.trim().split("\\s+AND\\s+")) {
      Matcher m = FILTER_TERM.matcher(term.trim());
      if (!m.matches()) {
        throw Rpc.invalid("Unsupported filter term '" + term + "'; the local cloud supports display_name=\"X\""
            + " and labels.KEY=\"V\" joined by AND.");
      }
      String field = m.group(1);
      String value = m.group(2);
      result = result.and(field.equals("display_name") ? model -> model.displayName.equals(value)
          : model -> value.equals(model.labels.get(field.substring("labels.".length()))));
    }
    return result;
  }

  /** The names a model answers to: with its project's number and with its id. */
  static Set<String> names(World.Model model) {
    String tail = "/locations/" + model.location + "/models/" + model.id;
    return Set.of("projects/" + model.project.number + tail, "projects/" + model.project.id + tail);
  }

  static String nameOf(World.Model model) {
    return "projects/" + model.project.number + "/locations/" + model.location + "/models/" + model.id;
  }

  static Model toProto(World.Model model) {
    return Model.newBuilder()
        .setName(nameOf(model))
        .setDisplayName(model.displayName)
        .putAllLabels(model.labels)
        .setVersionId("1")
        .addVersionAliases("default")
        .build();
  }
}
