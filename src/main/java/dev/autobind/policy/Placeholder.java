package dev.autobind.policy;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A {@code ${...}} placeholder in roles, members and conditions, filled in per resource by the planner. */
public enum Placeholder {
  /** The resource's project id. */
  PROJECT("project"),
  /** The resource's project number. */
  PROJECT_NUMBER("projectNumber"),
  /** The resource's zone or region. */
  LOCATION("location"),
  /** The cluster name or model id. */
  NAME("name"),
  /** The standard service account's email. */
  SERVICE_ACCOUNT("serviceAccount"),
  /** The project's Workload Identity pool, {@code PROJECT.svc.id.goog}. */
  WORKLOAD_POOL("workloadPool");

  private static final Pattern REFERENCE = Pattern.compile("\\$\\{([^}]*)}");

  private final String id;

  Placeholder(String id) {
    this.id = id;
  }

  /** The name inside the braces, e.g. {@code projectNumber}. */
  public String id() {
    return id;
  }

  /** The placeholder as written, e.g. {@code ${projectNumber}}. */
  public String token() {
    return "${" + id + "}";
  }

  public static Optional<Placeholder> byId(String id) {
    return Arrays.stream(values()).filter(p -> p.id.equals(id)).findFirst();
  }

  /** Every placeholder, written out, for messages. */
  static String known() {
    return Arrays.stream(values()).map(Placeholder::token).collect(Collectors.joining(", "));
  }

  /** The known placeholders {@code text} uses, in order of first use. */
  public static Set<Placeholder> used(String text) {
    Set<Placeholder> used = new LinkedHashSet<>();
    Matcher m = REFERENCE.matcher(text);
    while (m.find()) {
      byId(m.group(1)).ifPresent(used::add);
    }
    return used;
  }

  /** The names inside {@code ${...}} that are not placeholders, in order. */
  static Set<String> unknown(String text) {
    Set<String> unknown = new LinkedHashSet<>();
    Matcher m = REFERENCE.matcher(text);
    while (m.find()) {
      if (byId(m.group(1)).isEmpty()) {
        unknown.add(m.group(1));
      }
    }
    return unknown;
  }

  /** True when {@code text} opens a {@code ${} that it never closes. */
  static boolean unclosed(String text) {
    return REFERENCE.matcher(text).replaceAll("").contains("${");
  }

  /**
   * {@code text} with every placeholder replaced by its value.
   *
   * @throws IllegalArgumentException when a placeholder it uses has no value
   */
  public static String substitute(String text, Map<Placeholder, String> values) {
    Matcher m = REFERENCE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      Placeholder p = byId(m.group(1))
          .orElseThrow(() -> new IllegalArgumentException("unknown placeholder ${" + m.group(1) + "} in " + text));
      String value = values.get(p);
      if (value == null) {
        throw new IllegalArgumentException("no value for " + p.token() + " in " + text);
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }
}
