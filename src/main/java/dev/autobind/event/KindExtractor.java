package dev.autobind.event;

import com.google.events.cloud.audit.v1.LogEntryData;

/** One kind of resource: the service that names it, and how to read its name from an audit entry or a full name. */
interface KindExtractor {

  ResourceKind kind();

  /** The API host that starts the kind's full resource names, e.g. {@code container.googleapis.com}. */
  String service();

  /**
   * Reads the resource that a watched method's audit entry names.
   *
   * @param field where the LogEntry sits in the delivery, e.g. {@code data} or {@code data.message.data}
   */
  ResourceId fromAuditEntry(LogEntryData entry, String field);

  /**
   * Reads a full resource name with the {@code //service/} prefix removed, e.g.
   * {@code projects/P/locations/L/clusters/C}, as a backfill message carries it.
   */
  ResourceId fromRelativeName(String relativeName, String field);
}
