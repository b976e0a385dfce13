package dev.autobind.kinds;

import com.google.api.gax.rpc.ApiException;
import com.google.cloud.tpu.v2.TpuClient;
import com.google.cloud.tpu.v2.TpuSettings;
import dev.autobind.apply.CloudClients;
import dev.autobind.apply.KindAccess;
import dev.autobind.kind.EntryNames;
import dev.autobind.kind.ResourceFacts;
import dev.autobind.kind.ResourceName;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the Cloud TPU kinds share: the API host, and listing a project's nodes or queued resources in
 * every zone at once ({@code locations/-}), whose responses name the zones they could not reach.
 */
final class CloudTpu {

  static final String SERVICE = "tpu.googleapis.com";

  private CloudTpu() {}

  /** The Cloud TPU v2 client, on the global endpoint, built on first use. */
  static TpuClient client(CloudClients clients) {
    return clients.client("tpu", "Cloud TPU", () -> TpuClient.create(clients.settings(TpuSettings.newBuilder(), null)));
  }

  /** The facts of a TPU resource: its labels; Cloud TPU names resources by project id, so no number. */
  static ResourceFacts facts(ResourceName name, Optional<String> projectNumber, Map<String, String> labels) {
    return new ResourceFacts(name.project(), projectNumber, Optional.of(Map.copyOf(labels)),
        Optional.of(ResourceFacts.workloadPoolOf(name.project())));
  }

  /**
   * Lists a project's resources in every zone, telling {@code listing} of each and of unreachable zones.
   *
   * @param pages the paged list call for a parent such as {@code projects/P/locations/-}
   * @param unreachable the zones a page says it could not read
   * @param names the resource names on a page
   */
  static <P> void listEveryZone(String title, String project, KindAccess.Listing listing,
      Function<String, Iterable<P>> pages, Function<P, List<String>> unreachable, Function<P, List<String>> names) {
    List<String> missing = new ArrayList<>();
    try {
      for (P page : pages.apply("projects/" + project + "/locations/-")) {
        unreachable.apply(page).stream().filter(z -> !missing.contains(z)).forEach(missing::add);
        for (String name : names.apply(page)) {
          listing.found(EntryNames.locationOf(name), name.substring(name.lastIndexOf('/') + 1));
        }
      }
    } catch (ApiException e) {
      listing.failed("Cloud TPU", "listing the " + title + " of project " + project, e);
      return;
    }
    if (!missing.isEmpty()) {
      listing.problem("Cloud TPU could not list the " + title + " of project " + project + " in "
          + String.join(", ", missing));
    }
  }
}
