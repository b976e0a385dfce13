package dev.autobind.apply;

import com.google.cloud.resourcemanager.v3.Project;
import dev.autobind.kind.KindRegistry;
import dev.autobind.kind.ResourceKind;
import dev.autobind.kind.ResourceName;
import dev.autobind.kind.ResourceFacts;
import java.util.Objects;
import java.util.Optional;

/** {@link ResourceGateway} over the client of each kind (through its registry row) and Resource Manager. */
final class ClientResourceGateway implements ResourceGateway {
  private final KindPlugins kinds;
  private final CloudClients clients;

  ClientResourceGateway(KindPlugins kinds, CloudClients clients) {
    this.kinds = Objects.requireNonNull(kinds, "kinds");
    this.clients = Objects.requireNonNull(clients, "clients");
  }

  @Override
  public ResourceFacts facts(ResourceKind kind, ResourceName name, Optional<String> projectNumber) {
    return kinds.access(kind).facts(clients, name, projectNumber);
  }

  @Override
  public Project project(String name) {
    return clients.projects().getProject(name);
  }
}
