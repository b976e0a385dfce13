package dev.autobind.kind;

import com.google.cloud.location.ListLocationsRequest;
import com.google.cloud.location.Location;
import dev.autobind.apply.CloudClients;
import java.util.ArrayList;
import java.util.List;

/** What the Vertex AI kinds share: the regional endpoint every call goes to, and the regions the API serves. */
public final class VertexAi {
  /** Any regional endpoint answers ListLocations for every region; this one always exists. */
  static final String ASKED_REGION = "us-central1";

  private VertexAi() {}

  /** {@code {location}-aiplatform.googleapis.com:443}; a location that is not a region name is refused. */
  public static String endpoint(String location) {
    if (!NamingRules.isRegion(location)) {
      throw new IllegalArgumentException("Vertex AI location must be a region such as us-central1, got '"
          + location + "'");
    }
    return location + "-aiplatform.googleapis.com:443";
  }

  /**
   * Every region, from the Locations mixin of the model service, asked on behalf of {@code project}; names
   * that are not regions (such as global) are left out.
   *
   * @throws com.google.api.gax.rpc.ApiException the API's error
   */
  public static List<String> regions(CloudClients clients, String project) {
    ListLocationsRequest request = ListLocationsRequest.newBuilder().setName("projects/" + project).build();
    List<String> regions = new ArrayList<>();
    for (Location location : VertexModel.Access.client(clients, ASKED_REGION).listLocations(request).iterateAll()) {
      if (NamingRules.isRegion(location.getLocationId()) && !regions.contains(location.getLocationId())) {
        regions.add(location.getLocationId());
      }
    }
    return regions;
  }
}
