package dev.autobind.kinds;

import com.google.cloud.tpu.v2.QueuedResource;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Cloud TPU queued resources (v2 API): requests for TPU slices, multislice included, that Cloud TPU
 * provisions when capacity allows. They carry no labels of their own, so a rule's label match sees the
 * labels that every node spec of the request gives its nodes. No IAM policy of their own either.
 */
public final class TpuQueuedResource extends EntryNamedKind {
  /** The one instance. */
  public static final TpuQueuedResource KIND = new TpuQueuedResource();

  private TpuQueuedResource() {
    super(new KindDescription("tpu-queued-resource", "Cloud TPU queued resources", CloudTpu.SERVICE,
            "queuedResources", CloudTpu.SERVICE + "/QueuedResource",
            List.of(new AuditMethod(CloudTpu.SERVICE, "google.cloud.tpu.v2.Tpu.CreateQueuedResource"),
                new AuditMethod(CloudTpu.SERVICE, "google.cloud.tpu.v2alpha1.Tpu.CreateQueuedResource")),
            Optional.empty(),
            new KindDeployment(List.of(CloudTpu.SERVICE), Optional.empty(), List.of("tpu.queuedResources.get"))),
        // CreateQueuedResourceRequest.queued_resource_id "should follow the ^[A-Za-z0-9_.~+%-]+$ regex format";
        // autobind also caps it at 63 characters and refuses "." and "..", which would be path segments.
        new EntryNames.Rules("Cloud TPU", "queued resource", "queuedResourceId", NamingRules::zone,
            Pattern.compile("(?!\\.{1,2}$)[A-Za-z0-9_.~+%-]{1,63}"),
            "1 to 63 letters, digits or the characters _ . ~ + % -, and not . or .."));
  }

  /** The labels every node spec gives its nodes: those on which all specs agree. */
  static Map<String, String> commonLabels(QueuedResource resource) {
    List<QueuedResource.Tpu.NodeSpec> specs = resource.getTpu().getNodeSpecList();
    if (specs.isEmpty()) {
      return Map.of();
    }
    Map<String, String> common = new HashMap<>(specs.get(0).getNode().getLabelsMap());
    for (QueuedResource.Tpu.NodeSpec spec : specs) {
      common.entrySet().removeIf(e -> !e.getValue().equals(spec.getNode().getLabelsMap().get(e.getKey())));
    }
    return Map.copyOf(common);
  }

  /** Reads and lists queued resources through the Cloud TPU v2 client. */
  public static final class Access implements KindAccess {

    @Override
    public ResourceFacts facts(CloudClients clients, ResourceName name, Optional<String> projectNumber) {
      return CloudTpu.facts(name, projectNumber, commonLabels(CloudTpu.client(clients).getQueuedResource(name.relative())));
    }

    @Override
    public void list(CloudClients clients, String project, Supplier<List<String>> regions, Listing listing) {
      CloudTpu.listEveryZone(KIND.title(), project, listing,
          parent -> CloudTpu.client(clients).listQueuedResources(parent).iteratePages(),
          page -> page.getResponse().getUnreachableList(),
          page -> page.getResponse().getQueuedResourcesList().stream().map(QueuedResource::getName).toList());
    }

    @Override
    public IamPolicyGateway<PolicyHolder.Resource> iamPolicy(CloudClients clients) {
      throw new UnsupportedOperationException("Cloud TPU queued resources have no resource-level IAM policy");
    }
  }
}
