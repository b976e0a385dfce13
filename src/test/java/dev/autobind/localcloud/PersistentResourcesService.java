package dev.autobind.localcloud;

import com.google.cloud.aiplatform.v1.CreatePersistentResourceRequest;
import com.google.cloud.aiplatform.v1.GetPersistentResourceRequest;
import com.google.cloud.aiplatform.v1.ListPersistentResourcesRequest;
import com.google.cloud.aiplatform.v1.ListPersistentResourcesResponse;
import com.google.cloud.aiplatform.v1.PersistentResource;
import com.google.cloud.aiplatform.v1.PersistentResourceServiceGrpc;
import com.google.iam.v1.Policy;
import com.google.longrunning.Operation;
import com.google.protobuf.Any;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * google.cloud.aiplatform.v1.PersistentResourceService: Get, List, and Create (for seeding through the
 * real client). Names come back with the project number, as Vertex AI returns them.
 */
final class PersistentResourcesService extends PersistentResourceServiceGrpc.PersistentResourceServiceImplBase {

  static final Pattern NAME = Pattern.compile("projects/([^/]+)/locations/([^/]+)/persistentResources/([^/]+)");
  private static final Pattern PARENT = Pattern.compile("projects/([^/]+)/locations/([^/]+)");
  // CreatePersistentResourceRequest.persistent_resource_id: "/^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/".
  private static final Pattern ID = Pattern.compile("[a-z]([a-z0-9-]{0,61}[a-z0-9])?");
  private static final TrainingResources.Collection COLLECTION = TrainingResources.Collection.PERSISTENT_RESOURCES;

  private final World world;
  private final TrainingResources store;

  PersistentResourcesService(World world, TrainingResources store) {
    this.world = world;
    this.store = store;
  }

  @Override
  public void getPersistentResource(GetPersistentResourceRequest request, StreamObserver<PersistentResource> observer) {
    Rpc.unary(world, observer, () -> {
      Matcher m = TrainingNames.matched(NAME, request.getName(),
          "projects/PROJECT/locations/LOCATION/persistentResources/ID");
      return toProto(store.get(world, COLLECTION, m.group(1), m.group(2), m.group(3)));
    });
  }

  @Override
  public void listPersistentResources(ListPersistentResourcesRequest request,
      StreamObserver<ListPersistentResourcesResponse> observer) {
    Rpc.unary(world, observer, () -> {
      Matcher m = TrainingNames.matched(PARENT, request.getParent(), "projects/PROJECT/locations/LOCATION");
      List<PersistentResource> all = store.list(world, COLLECTION, m.group(1), m.group(2)).stream()
          .map(PersistentResourcesService::toProto).toList();
      Page<PersistentResource> page = Page.of(all, request.getPageSize(), request.getPageToken(), 100);
      return ListPersistentResourcesResponse.newBuilder().addAllPersistentResources(page.items())
          .setNextPageToken(page.nextPageToken()).build();
    });
  }

  /** Creates at once: the returned operation is already done and carries the resource. */
  @Override
  public void createPersistentResource(CreatePersistentResourceRequest request, StreamObserver<Operation> observer) {
    Rpc.unary(world, observer, () -> {
      Matcher m = TrainingNames.matched(PARENT, request.getParent(), "projects/PROJECT/locations/LOCATION");
      String id = request.getPersistentResourceId();
      if (!ID.matcher(id).matches()) {
        throw Rpc.invalid("persistent_resource_id '" + id + "' must match ^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$.");
      }
      PersistentResource wanted = request.getPersistentResource();
      TrainingResources.Resource created = store.create(world.project(m.group(1)), COLLECTION, m.group(2), id,
          wanted.getDisplayName(), wanted.getLabelsMap(), Policy.getDefaultInstance());
      PersistentResource proto = toProto(created);
      return TrainingNames.doneOperation(proto.getName(), Any.pack(proto));
    });
  }

  static PersistentResource toProto(TrainingResources.Resource resource) {
    return PersistentResource.newBuilder()
        .setName(resource.apiName())
        .setDisplayName(resource.displayName)
        .putAllLabels(resource.labels)
        .setState(PersistentResource.State.RUNNING)
        .build();
  }
}
