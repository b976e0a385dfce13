package dev.autobind.localcloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.location.ListLocationsRequest;
import com.google.cloud.location.Location;
import dev.autobind.kinds.VertexModel;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Locations mixin through the real Vertex AI client: every region, paged, and refusals. */
class LocationsContractTest {

  @RegisterExtension
  static final LocalCloudExtension LOCAL = LocalCloudExtension.seeded("localcloud/demo-seed.yaml");

  private static List<String> regions(ListLocationsRequest request) {
    return StreamSupport.stream(VertexModel.Access.client(LOCAL.clients(), "us-central1").listLocations(request)
        .iterateAll().spliterator(), false).map(Location::getLocationId).toList();
  }

  @Test
  void listsTheVertexRegionsAndEveryRegionWithAModelAcrossPages() {
    LOCAL.cloud().reset(Seed.parse("""
        projects:
          - {id: ml-train-a, number: 1, models: [{location: southamerica-east1, id: "9", displayName: m}]}
        """, "inline"));

    List<String> all = regions(ListLocationsRequest.newBuilder().setName("projects/ml-train-a").setPageSize(2).build());

    List<String> expected = new ArrayList<>(LocationsService.VERTEX_REGIONS);
    expected.add("southamerica-east1");
    assertThat(all).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(LOCAL.cloud().calls("google.cloud.location.Locations/ListLocations")).isEqualTo(4);
  }

  @Test
  void unknownProjectIsNotFoundAndABadNameIsInvalid() {
    assertThatThrownBy(() -> regions(ListLocationsRequest.newBuilder().setName("projects/nope-project").build()))
        .isInstanceOfSatisfying(ApiException.class,
            e -> assertThat(e.getStatusCode().getCode()).isEqualTo(StatusCode.Code.NOT_FOUND));
    assertThatThrownBy(() -> regions(ListLocationsRequest.newBuilder().setName("folders/1").build()))
        .isInstanceOfSatisfying(ApiException.class,
            e -> assertThat(e.getStatusCode().getCode()).isEqualTo(StatusCode.Code.INVALID_ARGUMENT))
        .hasMessageContaining("Invalid name 'folders/1'; expected projects/PROJECT.");
  }
}
