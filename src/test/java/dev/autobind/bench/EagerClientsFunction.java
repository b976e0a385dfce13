package dev.autobind.bench;

import com.google.cloud.functions.CloudEventsFunction;
import dev.autobind.AutobindFunction;
import dev.autobind.apply.CloudClients;
import dev.autobind.kinds.VertexModel;
import io.cloudevents.CloudEvent;

/**
 * The counterfactual for the lazy-client lever: autobind as it would start if it built every client
 * up front. Beside the clients a GKE event builds anyway, that is a Vertex AI and a Cloud Asset client.
 */
public final class EagerClientsFunction implements CloudEventsFunction {
  private final AutobindFunction function = new AutobindFunction();
  private final CloudClients unused = CloudClients.fromEnvironment();

  public EagerClientsFunction() {
    VertexModel.Access.client(unused, "us-central1");
    unused.assets();
  }

  @Override
  public void accept(CloudEvent event) throws Exception {
    function.accept(event);
  }
}
