package dev.autobind.backfill;

import com.google.api.gax.rpc.ApiException;
import com.google.cloud.asset.v1.AssetServiceClient;
import com.google.cloud.asset.v1.ResourceSearchResult;
import com.google.cloud.asset.v1.SearchAllResourcesRequest;
import dev.autobind.kind.KindRegistry;
import java.util.Iterator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds every cluster and model under an organization or folder with one paged Cloud Asset Inventory
 * search, instead of thousands of list calls. Vertex AI names carry project numbers; each is resolved
 * to the project id once.
 */
final class ScopeDiscovery implements Discovery {
  static final int PAGE_SIZE = 500;
  private static final Pattern PROJECT_NUMBER = Pattern.compile("projects/([0-9]{1,19})");

  private final AssetServiceClient assets;
  private final ProjectIds ids;
  private final String scope;
  private final KindRegistry kinds;

  ScopeDiscovery(AssetServiceClient assets, ProjectIds ids, String scope, KindRegistry kinds) {
    this.assets = assets;
    this.ids = ids;
    this.scope = scope;
    this.kinds = kinds;
  }

  @Override
  public void run(DiscoverySink sink) {
    SearchAllResourcesRequest request = SearchAllResourcesRequest.newBuilder().setScope(scope)
        .addAllAssetTypes(kinds.assetTypes()).setPageSize(PAGE_SIZE).build();
    Iterator<ResourceSearchResult> results;
    try {
      results = assets.searchAllResources(request).iterateAll().iterator();
    } catch (ApiException e) {
      if (ApiErrors.refused(e)) {
        throw new BadInput("--scope " + scope + ": Cloud Asset Inventory refused the search: "
            + ApiErrors.describe(e), e);
      }
      sink.problem("searching " + scope + " in Cloud Asset Inventory failed: " + ApiErrors.describe(e));
      return;
    }
    try {
      results.forEachRemaining(result -> handle(result, sink));
    } catch (ApiException e) {
      sink.problem("searching " + scope + " in Cloud Asset Inventory failed part way: " + ApiErrors.describe(e));
    }
  }

  private void handle(ResourceSearchResult result, DiscoverySink sink) {
    AssetName name;
    try {
      name = AssetName.parse(result.getName(), kinds);
    } catch (IllegalArgumentException e) {
      sink.unusable(result.getName(), e.getMessage());
      return;
    }
    Matcher number = PROJECT_NUMBER.matcher(result.getProject());
    if (!name.projectIsNumber() && number.matches()) {
      ids.learn(number.group(1), name.project());
    }
    String projectId;
    try {
      projectId = name.projectIsNumber() ? ids.idOf(name.project()) : name.project();
    } catch (ApiException e) {
      sink.unusable(result.getName(), "cannot resolve project number " + name.project() + ": " + ApiErrors.describe(e));
      return;
    }
    try {
      sink.found(name.withProjectId(projectId));
    } catch (IllegalArgumentException e) {
      sink.unusable(result.getName(), e.getMessage());
    }
  }
}
