package dev.autobind.kinds;

import com.google.cloud.tpu.v2.Node;
import com.google.cloud.tpu.v2.TpuClient;
import dev.autobind.apply.CloudClients;
import dev.autobind.apply.IamPolicyGateway;
import dev.autobind.apply.KindAccess;
import dev.autobind.kind.AuditMethod;
import dev.autobind.kind.EntryNamedKind;
import dev.autobind.kind.EntryNames;
import dev.autobind.kind.KindDeployment;
import dev.autobind.kind.KindDescription;
import dev.autobind.kind.NamingRules;
import dev.autobind.kind.PolicyHolder;
import dev.autobind.kind.ResourceFacts;
import dev.autobind.kind.ResourceName;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Cloud TPU VM nodes (v2 API), in zones. CreateNodeRequest carries {@code node_id}; the operation is named
 * under the zone and names the node in its metadata's {@code target}. Nodes have no IAM policy of their
 * own: TPU access is project-level.
 */
public final class TpuNode extends EntryNamedKind {
  /** The one instance. */
  public static final TpuNode KIND = new TpuNode();

  private TpuNode() {
    super(new KindDescription("tpu-node", "Cloud TPU nodes", CloudTpu.SERVICE, "nodes", CloudTpu.SERVICE + "/Node",
            List.of(new AuditMethod(CloudTpu.SERVICE, "google.cloud.tpu.v2.Tpu.CreateNode"),
                new AuditMethod(CloudTpu.SERVICE, "google.cloud.tpu.v2alpha1.Tpu.CreateNode")),
            Optional.empty(),
            // tpu.nodes.get alone; roles/tpu.viewer would also read every other TPU resource and operation.
            new KindDeployment(List.of(CloudTpu.SERVICE), Optional.empty(), List.of("tpu.nodes.get"))),
        // The TPU protos state no rule for node_id; a TPU VM node is a Compute Engine VM, named by its rule
        // (RFC 1035: 1 to 63 characters, [a-z]([-a-z0-9]*[a-z0-9])?).
        new EntryNames.Rules("Cloud TPU", "node", "nodeId", NamingRules::zone,
            Pattern.compile("[a-z]([-a-z0-9]{0,61}[a-z0-9])?"),
            "1 to 63 lowercase letters, digits or hyphens, starting with a letter, not ending with a hyphen"));
  }

  /** Reads and lists nodes through the Cloud TPU v2 client. */
  public static final class Access implements KindAccess {

    /** The Cloud TPU v2 client both TPU kinds use, built on first use. */
    public static TpuClient client(CloudClients clients) {
      return CloudTpu.client(clients);
    }

    @Override
    public ResourceFacts facts(CloudClients clients, ResourceName name, Optional<String> projectNumber) {
      return CloudTpu.facts(name, projectNumber, CloudTpu.client(clients).getNode(name.relative()).getLabelsMap());
    }

    @Override
    public void list(CloudClients clients, String project, Supplier<List<String>> regions, Listing listing) {
      CloudTpu.listEveryZone(KIND.title(), project, listing,
          parent -> CloudTpu.client(clients).listNodes(parent).iteratePages(),
          page -> page.getResponse().getUnreachableList(),
          page -> page.getResponse().getNodesList().stream().map(Node::getName).toList());
    }

    @Override
    public IamPolicyGateway<PolicyHolder.Resource> iamPolicy(CloudClients clients) {
      throw new UnsupportedOperationException("Cloud TPU nodes have no resource-level IAM policy");
    }
  }
}
