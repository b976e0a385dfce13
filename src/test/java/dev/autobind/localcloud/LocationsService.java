package dev.autobind.localcloud;

import com.google.cloud.location.ListLocationsRequest;
import com.google.cloud.location.ListLocationsResponse;
import com.google.cloud.location.Location;
import io.grpc.BindableService;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * google.cloud.location.Locations.ListLocations, the mixin Vertex AI's clients call to list its
 * regions. No generated stub ships for it, so the method is bound by hand. It lists a fixed set of
 * Vertex AI regions plus every region the world has a model in.
 */
final class LocationsService implements BindableService {

  static final String SERVICE = "google.cloud.location.Locations";
  static final List<String> VERTEX_REGIONS = List.of("asia-northeast1", "europe-west1", "europe-west4",
      "us-central1", "us-east1", "us-west1");

  static final MethodDescriptor<ListLocationsRequest, ListLocationsResponse> LIST_LOCATIONS =
      MethodDescriptor.<ListLocationsRequest, ListLocationsResponse>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "ListLocations"))
          .setRequestMarshaller(ProtoUtils.marshaller(ListLocationsRequest.getDefaultInstance()))
          .setResponseMarshaller(ProtoUtils.marshaller(ListLocationsResponse.getDefaultInstance()))
          .build();

  private static final Pattern NAME = Pattern.compile("projects/([^/]+)");

  private final World world;

  LocationsService(World world) {
    this.world = world;
  }

  @Override
  public ServerServiceDefinition bindService() {
    return ServerServiceDefinition.builder(SERVICE)
        .addMethod(LIST_LOCATIONS, ServerCalls.asyncUnaryCall(this::listLocations))
        .build();
  }

  private void listLocations(ListLocationsRequest request, StreamObserver<ListLocationsResponse> observer) {
    Rpc.unary(world, observer, () -> {
      Matcher m = NAME.matcher(request.getName());
      if (!m.matches()) {
        throw Rpc.invalid("Invalid name '" + request.getName() + "'; expected projects/PROJECT.");
      }
      World.Project project = world.project(m.group(1));
      TreeSet<String> regions = new TreeSet<>(VERTEX_REGIONS);
      world.projects().forEach(p -> p.models.forEach(model -> regions.add(model.location)));
      List<Location> locations = regions.stream().map(r -> Location.newBuilder()
          .setName("projects/" + project.id + "/locations/" + r).setLocationId(r).setDisplayName(r).build()).toList();
      Page<Location> page = Page.of(locations, request.getPageSize(), request.getPageToken(), 100);
      return ListLocationsResponse.newBuilder().addAllLocations(page.items())
          .setNextPageToken(page.nextPageToken()).build();
    });
  }
}
