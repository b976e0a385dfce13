package dev.autobind.kind;

import com.google.events.cloud.audit.v1.LogEntryData;
import java.util.List;
import java.util.Optional;

/**
 * The pure half of a kind of resource autobind governs: how it appears in audit logs, how its name is
 * read, whether it has its own IAM policy, and what its deployment needs. No I/O; intake, policy,
 * planner and deploy plan see only this. Its I/O half is {@code apply.KindAccess}; both are joined by one
 * {@code apply.KindPlugins} row. Each kind is one instance, so identity is equality.
 */
public interface ResourceKind {

  /** The name used in function.yaml and in JSON output, e.g. {@code gke-cluster}. */
  String id();

  /** What the kind's resources are called in messages, in the plural, e.g. {@code GKE clusters}. */
  String title();

  /** The API host that starts the kind's full resource names, e.g. {@code example.googleapis.com}. */
  String service();

  /** The collection in the kind's resource names, e.g. {@code clusters}. */
  String collection();

  /** The Cloud Asset Inventory type, e.g. {@code example.googleapis.com/Thing}. */
  String assetType();

  /**
   * Whether the kind's names may also come in the older {@code projects/P/zones/Z/...} form (GKE v1
   * writes it, and uses it for regional clusters too).
   */
  default boolean zonesForm() {
    return false;
  }

  /**
   * Whether the resource runs a Kubernetes API, so that in-cluster objects and Kubernetes service account
   * members apply to it.
   */
  default boolean hostsKubernetes() {
    return false;
  }

  /**
   * The audit-log methods that create the kind. Eventarc filters match method names exactly, so every
   * API version and the console's {@code ui} surface is its own entry.
   */
  List<AuditMethod> methods();

  /**
   * Reads the resource that a watched method's audit entry names.
   *
   * @param field where the LogEntry sits in the delivery, e.g. {@code data} or {@code data.message.data}
   * @throws InvalidField naming the field at fault
   */
  ResourceRef fromAuditEntry(LogEntryData entry, String field);

  /**
   * Reads a relative name, e.g. {@code projects/P/locations/L/clusters/C}, as a backfill message carries
   * it after {@code //service/}.
   *
   * @throws InvalidField naming the field at fault
   */
  ResourceRef fromRelativeName(String relativeName, String field);

  /** The kind's own IAM policy, so {@code grant.resource} applies to it; empty when it has none. */
  Optional<ResourceIam> resourceIam();

  /** Whether the resource has its own IAM policy. */
  default boolean hasResourceIam() {
    return resourceIam().isPresent();
  }

  /** The APIs and read access the function's deployment needs for the kind. */
  KindDeployment deployment();
}
