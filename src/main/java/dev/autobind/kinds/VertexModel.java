package dev.autobind.kinds;

import static dev.autobind.kind.NamingRules.shown;

import com.google.cloud.aiplatform.v1.ListModelsRequest;
import com.google.cloud.aiplatform.v1.Model;
import com.google.cloud.aiplatform.v1.ModelServiceClient;
import com.google.cloud.aiplatform.v1.ModelServiceSettings;
import com.google.events.cloud.audit.v1.AuditLog;
import com.google.events.cloud.audit.v1.LogEntryData;
import dev.autobind.apply.ClientIamPolicyGateway;
import dev.autobind.apply.CloudClients;
import dev.autobind.apply.IamPolicyGateway;
import dev.autobind.apply.KindAccess;
import dev.autobind.kind.AuditMethod;
import dev.autobind.kind.DescribedKind;
import dev.autobind.kind.EntryNames;
import dev.autobind.kind.InvalidField;
import dev.autobind.kind.KindDeployment;
import dev.autobind.kind.KindDescription;
import dev.autobind.kind.NamingRules;
import dev.autobind.kind.PolicyHolder;
import dev.autobind.kind.ResourceFacts;
import dev.autobind.kind.ResourceIam;
import dev.autobind.kind.ResourceName;
import dev.autobind.kind.ResourceRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Vertex AI models. An UploadModel entry may name the location or the model in {@code resourceName};
 * the model id may only appear in the long-running operation's name, which carries the project
 * <em>number</em>, so the project id is taken from {@code resource.labels.project_id} when present.
 */
public final class VertexModel extends DescribedKind {
  /** The one instance. */
  public static final VertexModel KIND = new VertexModel();
  /** Models listed per call when backfill lists a region. */
  public static final int PAGE_SIZE = VertexAi.PAGE_SIZE;

  private static final String SERVICE = VertexAi.SERVICE;

  private static final Pattern LOCATION_NAME = Pattern.compile("projects/([^/]*)/locations/([^/]*)");
  private static final String MODEL = "projects/([^/]*)/locations/([^/]*)/models/([^/]*)";
  private static final Pattern MODEL_NAME = Pattern.compile(MODEL);
  private static final Pattern MODEL_OR_OPERATION_NAME = Pattern.compile(MODEL + "(?:/operations/[^/]*)?");

  /** One place in the entry that names a project and location, and perhaps the model. */
  private record Named(String project, String location, Optional<String> model, String field) {}

  private VertexModel() {
    super(new KindDescription("vertex-model", "Vertex AI models", SERVICE, "models", SERVICE + "/Model",
        List.of(new AuditMethod(SERVICE, "google.cloud.aiplatform.v1.ModelService.UploadModel"),
            new AuditMethod(SERVICE, "google.cloud.aiplatform.v1beta1.ModelService.UploadModel"),
            new AuditMethod(SERVICE, "google.cloud.aiplatform.ui.ModelService.UploadModel")),
        // Changes to a model's own policy come through Vertex AI's IAMPolicy mixin; the method name is the
        // mixin's, as other services that delegate to it write it (no captured entry confirmed it).
        Optional.of(new ResourceIam(List.of("roles/aiplatform."),
            Optional.of(new AuditMethod(SERVICE, "google.iam.v1.IAMPolicy.SetIamPolicy")))),
        // The list permissions let drift repair find the models of a project whose policy changed.
        new KindDeployment(List.of(SERVICE), Optional.empty(),
            List.of("aiplatform.locations.list", "aiplatform.models.get", "aiplatform.models.getIamPolicy",
                "aiplatform.models.list", "aiplatform.models.setIamPolicy"))));
  }

  @Override
  public ResourceRef fromAuditEntry(LogEntryData entry, String field) {
    List<Named> named = namesIn(entry, field);
    Named model = named.stream().filter(n -> n.model().isPresent()).findFirst()
        .orElseThrow(() -> new InvalidField(field + ".protoPayload.resourceName",
            "names no model, and neither operation.id nor the response names one"));
    String project = project(entry, named, field);
    for (Named other : named) {
      agree(other, model, project);
    }
    return resource(project, model.location(), model.model().orElseThrow());
  }

  @Override
  public ResourceRef fromRelativeName(String relativeName, String field) {
    Matcher m = MODEL_NAME.matcher(relativeName);
    if (!m.matches()) {
      throw new InvalidField(field, shown(relativeName)
          + " is not a Vertex AI model name (projects/P/locations/L/models/M)");
    }
    return resource(NamingRules.project(m.group(1), field), NamingRules.location(m.group(2), field),
        NamingRules.anyModelId(m.group(3), field));
  }

  private ResourceRef resource(String project, String location, String model) {
    return ResourceRef.of(this, project, location, model);
  }

  /** Every name the entry carries, in order of trust: resourceName, operation id, response name, response model. */
  private static List<Named> namesIn(LogEntryData entry, String field) {
    AuditLog log = entry.getProtoPayload();
    List<Named> named = new ArrayList<>();
    resourceName(log.getResourceName(), field + ".protoPayload.resourceName").ifPresent(named::add);
    modelName(entry.getOperation().getId(), field + ".operation.id").ifPresent(named::add);
    responseString(log, "name", field).flatMap(s -> modelName(s, field + ".protoPayload.response.name"))
        .ifPresent(named::add);
    responseString(log, "model", field).flatMap(s -> modelName(s, field + ".protoPayload.response.model"))
        .ifPresent(named::add);
    return named;
  }

  /** resourceName must name the location or the model; anything else there is not trusted. */
  private static Optional<Named> resourceName(String name, String field) {
    if (name.isEmpty()) {
      return Optional.empty();
    }
    Matcher location = LOCATION_NAME.matcher(name);
    if (location.matches()) {
      return Optional.of(new Named(NamingRules.project(location.group(1), field),
          NamingRules.location(location.group(2), field), Optional.empty(), field));
    }
    return Optional.of(modelName(name, field).orElseThrow(() -> new InvalidField(field, shown(name)
        + " is neither a Vertex AI location nor a model name (projects/P/locations/L[/models/M])")));
  }

  /** A model or model-operation name; other shapes (such as a bare operation id) name no model. */
  private static Optional<Named> modelName(String name, String field) {
    Matcher m = MODEL_OR_OPERATION_NAME.matcher(name);
    if (!m.matches()) {
      return Optional.empty();
    }
    return Optional.of(new Named(NamingRules.project(m.group(1), field),
        NamingRules.location(m.group(2), field),
        Optional.of(NamingRules.anyModelId(m.group(3), field)), field));
  }

  private static Optional<String> responseString(AuditLog log, String key, String field) {
    return EntryNames.string(log.getResponse(), key, field + ".protoPayload.response." + key);
  }

  /** The project id from the resource labels, else from the first name that carries an id, else a number. */
  private static String project(LogEntryData entry, List<Named> named, String field) {
    String label = entry.getResource().getLabelsMap().getOrDefault("project_id", "");
    if (!label.isEmpty()) {
      return NamingRules.project(label, field + ".resource.labels.project_id");
    }
    return named.stream().map(Named::project).filter(p -> !isNumber(p)).findFirst()
        .orElse(named.get(0).project());
  }

  private static void agree(Named other, Named model, String project) {
    if (!other.location().equals(model.location())) {
      throw new InvalidField(other.field(), "location " + shown(other.location())
          + " disagrees with " + shown(model.location()) + " in " + model.field());
    }
    if (other.model().isPresent() && !other.model().equals(model.model())) {
      throw new InvalidField(other.field(), "model id " + shown(other.model().orElseThrow())
          + " disagrees with " + shown(model.model().orElseThrow()) + " in " + model.field());
    }
    if (!isNumber(other.project()) && !isNumber(project) && !other.project().equals(project)) {
      throw new InvalidField(other.field(), "project " + shown(other.project())
          + " disagrees with the entry's project " + shown(project));
    }
  }

  private static boolean isNumber(String project) {
    return project.chars().allMatch(Character::isDigit);
  }

  /** Reads, lists and sets the policy of models through the regional ModelService. */
  public static final class Access implements KindAccess {

    /** The ModelService client on the regional endpoint of {@code location}, one per location, built on first use. */
    public static ModelServiceClient client(CloudClients clients, String location) {
      String endpoint = VertexAi.endpoint(location);
      return clients.client("vertex-models/" + location, "Vertex AI (" + location + ")",
          () -> ModelServiceClient.create(clients.settings(ModelServiceSettings.newBuilder(), endpoint)));
    }

    @Override
    public ResourceFacts facts(CloudClients clients, ResourceName name, Optional<String> projectNumber) {
      Model model = client(clients, name.location()).getModel(name.relative());
      return VertexAi.facts(name, projectNumber, model.getName(), model.getLabelsMap());
    }

    /** One paged call per region. */
    @Override
    public void list(CloudClients clients, String project, Supplier<List<String>> regions, Listing listing) {
      VertexAi.listByRegion(KIND.title(), project, regions.get(), listing, (region, parent) ->
          client(clients, region).listModels(ListModelsRequest.newBuilder().setParent(parent).setPageSize(PAGE_SIZE)
              .build()).iterateAll(), Model::getName, Model::getLabelsMap);
    }

    /** The IAMPolicy mixin of the regional ModelService: resource {@code projects/P/locations/L/models/M}. */
    @Override
    public IamPolicyGateway<PolicyHolder.Resource> iamPolicy(CloudClients clients) {
      return new ClientIamPolicyGateway<>(
          (held, r) -> client(clients, held.ref().name().location()).getIamPolicy(r),
          (held, r) -> client(clients, held.ref().name().location()).setIamPolicy(r));
    }
  }
}
