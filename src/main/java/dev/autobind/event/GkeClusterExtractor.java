package dev.autobind.event;

import static dev.autobind.event.NamingRules.shown;

import com.google.events.cloud.audit.v1.LogEntryData;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** GKE clusters: named by {@code protoPayload.resourceName}, cross-checked with the entry's resource labels. */
final class GkeClusterExtractor implements KindExtractor {
  private static final String SERVICE = "container.googleapis.com";
  // The v1 API still writes the zonal form, and uses it for regional clusters too.
  private static final Pattern NAME =
      Pattern.compile("projects/([^/]*)/(?:zones|locations)/([^/]*)/clusters/([^/]*)");

  @Override
  public ResourceKind kind() {
    return ResourceKind.GKE_CLUSTER;
  }

  @Override
  public String service() {
    return SERVICE;
  }

  @Override
  public ResourceId fromAuditEntry(LogEntryData entry, String field) {
    ResourceId id = parse(entry.getProtoPayload().getResourceName(), field + ".protoPayload.resourceName");
    Map<String, String> labels = entry.getResource().getLabelsMap();
    String labelField = field + ".resource.labels.";
    agree(labels, "project_id", id.project(), labelField);
    agree(labels, "location", id.location(), labelField);
    agree(labels, "cluster_name", id.name(), labelField);
    return id;
  }

  @Override
  public ResourceId fromRelativeName(String relativeName, String field) {
    return parse(relativeName, field);
  }

  private ResourceId parse(String name, String field) {
    if (name.isEmpty()) {
      throw new InvalidField(field, "missing");
    }
    Matcher m = NAME.matcher(name);
    if (!m.matches()) {
      throw new InvalidField(field, shown(name) + " is not a GKE cluster name"
          + " (projects/P/locations/L/clusters/C or projects/P/zones/Z/clusters/C)");
    }
    String project = NamingRules.project(m.group(1), field);
    String location = NamingRules.location(m.group(2), field);
    String cluster = NamingRules.cluster(m.group(3), field);
    String fullName = "//" + SERVICE + "/projects/" + project + "/locations/" + location + "/clusters/" + cluster;
    return new ResourceId(kind(), project, location, cluster, fullName);
  }

  private static void agree(Map<String, String> labels, String key, String expected, String labelField) {
    String label = labels.getOrDefault(key, "");
    if (!label.isEmpty() && !label.equals(expected)) {
      throw new InvalidField(labelField + key, shown(label)
          + " disagrees with protoPayload.resourceName, which names " + shown(expected));
    }
  }
}
