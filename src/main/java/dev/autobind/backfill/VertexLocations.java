package dev.autobind.backfill;

import com.google.cloud.location.ListLocationsRequest;
import com.google.cloud.location.Location;
import dev.autobind.apply.CloudClients;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The regions Vertex AI serves, from the Locations mixin of its model service. */
final class VertexLocations {
  /** Any regional endpoint answers ListLocations for every region; this one always exists. */
  static final String ASKED_REGION = "us-central1";
  private static final Pattern REGION = Pattern.compile("[a-z]{2,20}-[a-z]{2,20}[0-9]{1,2}");

  private VertexLocations() {}

  /** Every region, asked on behalf of {@code project}; names that are not regions (such as global) are left out. */
  static List<String> list(CloudClients clients, String project) {
    ListLocationsRequest request = ListLocationsRequest.newBuilder().setName("projects/" + project).build();
    List<String> regions = new ArrayList<>();
    for (Location location : clients.models(ASKED_REGION).listLocations(request).iterateAll()) {
      if (REGION.matcher(location.getLocationId()).matches() && !regions.contains(location.getLocationId())) {
        regions.add(location.getLocationId());
      }
    }
    return regions;
  }
}
