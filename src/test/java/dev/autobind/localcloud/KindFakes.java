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

  /** Vertex AI persistent resources: the PersistentResourceService. */
  static final KindFake VERTEX_PERSISTENT_RESOURCE = new KindFake() {
    @Override
    public String title() {
      return "persistent resources";
    }

    @Override
    public List<BindableService> services(World world) {
      return List.of(new PersistentResourcesService(world, world.training()));
    }
  };

  /** Vertex AI endpoints: the EndpointService, and their policies through the IAM mixin. */
  static final KindFake VERTEX_ENDPOINT = new KindFake() {
    @Override
    public String title() {
      return "endpoints";
    }

    @Override
    public List<BindableService> services(World world) {
      return List.of(new EndpointsService(world, world.training()));
    }

    @Override
    public boolean hasResourceIam() {
      return true;
    }

    @Override
    public Optional<World.PolicyHolder> policy(World world, String resource) {
      return EndpointsService.NAME.matcher(resource).matches()
          ? Optional.of(EndpointsService.endpoint(world, world.training(), resource)) : Optional.empty();
    }
  };

  /**
   * Cloud TPU nodes and queued resources: one gRPC service (google.cloud.tpu.v2.Tpu) serves both kinds,
   * and a service can be bound only once, so both kinds share this row.
   */
  static final KindFake TPU = new KindFake() {
    @Override
    public String title() {
      return "TPU nodes and queued resources";
    }

    @Override
    public List<BindableService> services(World world) {
      return List.of(new TpuService(world, world.training()));
    }
  };

  static final List<KindFake> SHIPPED = List.of(GKE_CLUSTER, VERTEX_MODEL, VERTEX_PERSISTENT_RESOURCE,
      VERTEX_ENDPOINT, TPU);

  private KindFakes() {}
}
