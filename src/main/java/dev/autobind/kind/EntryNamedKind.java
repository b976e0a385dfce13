package dev.autobind.kind;

import com.google.events.cloud.audit.v1.LogEntryData;

/**
 * A kind named as most Google Cloud APIs name what they create, {@code projects/P/locations/L/COLLECTION/ID},
 * whose audit entries are read by {@link EntryNames}: a subclass gives its description and naming rules.
 */
public abstract class EntryNamedKind extends DescribedKind {
  private final EntryNames.Rules rules;

  protected EntryNamedKind(KindDescription description, EntryNames.Rules rules) {
    super(description);
    this.rules = rules;
  }

  @Override
  public final ResourceRef fromAuditEntry(LogEntryData entry, String field) {
    return EntryNames.read(this, rules, entry, field);
  }

  @Override
  public final ResourceRef fromRelativeName(String relativeName, String field) {
    return EntryNames.relative(this, rules, relativeName, field);
  }
}
