package dev.autobind.localcloud;

import io.grpc.BindableService;
import java.util.List;
import java.util.Optional;

/** The fakes of the kinds autobind ships with: one row per kind, as in the main code's KindRegistry. */
final class KindFakes {

  /** GKE: the cluster manager. */
  static final KindFake GKE_CLUSTER = new KindFake() {
    @Override
    public String title() {
      return "clusters";
    }

    @Override
    public List<BindableService> services(World world) {
      return List.of(new ClustersService(world));
    }
  };

  /** Vertex AI models: the model service, its IAM mixin's model policies, and the Locations mixin. */
  static final KindFake VERTEX_MODEL = new KindFake() {
    @Override
    public String title() {
      return "models";
    }

    @Override
    public List<BindableService> services(World world) {
      return List.of(new ModelsService(world), new LocationsService(world));
    }

    @Override
    public boolean hasResourceIam() {
      return true;
    }

    @Override
    public Optional<World.PolicyHolder> policy(World world, String resource) {
      return ModelsService.MODEL.matcher(resource).matches()
          ? Optional.of(ModelsService.model(world, resource)) : Optional.empty();
    }
  };

  static final List<KindFake> SHIPPED = List.of(GKE_CLUSTER, VERTEX_MODEL);

  private KindFakes() {}
}
