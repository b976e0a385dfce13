package dev.autobind.admit;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Cloud Audit Logs log name, {@code PARENT/logs/cloudaudit.googleapis.com%2FLOG}: only Google writes these
 * (the log ids are reserved), while any holder of logging.logWriter can write an entry of any shape to any
 * other log. The {@code /} is URL-encoded as {@code %2F}, in either case.
 *
 * @param parent {@code projects/ID}, {@code folders/N}, {@code organizations/N} or {@code billingAccounts/ID}
 * @param log {@code activity}, {@code data_access}, {@code system_event} or {@code policy}
 */
record AuditLogName(String parent, String log) {
  private static final Pattern NAME = Pattern.compile(
      "((?:projects|folders|organizations|billingAccounts)/[^/]+)/logs/cloudaudit\\.googleapis\\.com%2[fF]"
          + "(activity|data_access|system_event|policy)");

  /** The audit log {@code logName} names, or empty for any other log. */
  static Optional<AuditLogName> parse(String logName) {
    Matcher m = NAME.matcher(logName);
    return m.matches() ? Optional.of(new AuditLogName(m.group(1), m.group(2).toLowerCase(Locale.ROOT)))
        : Optional.empty();
  }

  /** The project whose log it is, for a project's log. */
  Optional<String> project() {
    return parent.startsWith("projects/") ? Optional.of(parent.substring("projects/".length())) : Optional.empty();
  }
}
