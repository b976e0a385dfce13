package dev.autobind.backfill;

import dev.autobind.kind.KindRegistry;
import dev.autobind.kind.NamingRules;
import dev.autobind.kind.ResourceKind;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A full resource name as Cloud Asset Inventory returns it. GKE names carry the project id, in the
 * {@code locations} or the older {@code zones} form; Vertex AI names carry the project <em>number</em>.
 *
 * @param project the project id or number, as the name spells it
 */
public record AssetName(ResourceKind kind, String project, String location, String name) {

  private static final Pattern FULL_NAME =
      Pattern.compile("//([a-z.]+)/projects/([^/]+)/(locations|zones)/([^/]+)/([A-Za-z]+)/([^/]+)");

  public AssetName {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(name, "name");
  }

  /**
   * Parses {@code //SERVICE/projects/P/locations/L/COLLECTION/NAME} for one of {@code kinds}.
   *
   * @throws IllegalArgumentException naming the name and what is wrong with it
   */
  public static AssetName parse(String fullName, KindRegistry kinds) {
    Matcher m = FULL_NAME.matcher(fullName);
    if (!m.matches()) {
      throw new IllegalArgumentException(Echo.quoted(fullName)
          + " is not a full resource name (//SERVICE/projects/P/locations/L/COLLECTION/NAME)");
    }
    ResourceKind kind = kinds.closest(m.group(1), m.group(5)).orElseThrow(() -> new IllegalArgumentException(
        Echo.quoted(fullName) + " names service " + Echo.quoted(m.group(1)) + ", which backfill does not cover"));
    boolean zonal = m.group(3).equals("zones");
    if (!m.group(5).equals(kind.collection()) || zonal && !kind.zonesForm()) {
      throw new IllegalArgumentException(Echo.quoted(fullName) + " is not a " + kind.assetType()
          + " name (//" + kind.service() + "/projects/P/locations/L/" + kind.collection() + "/NAME)");
    }
    return new AssetName(kind, m.group(2), m.group(4), m.group(6));
  }

  /** True when the name carries the project number, which must be resolved to an id. */
  public boolean projectIsNumber() {
    return NamingRules.isProjectNumber(project);
  }

  /**
   * The resource, named by {@code projectId}.
   *
   * @throws IllegalArgumentException when a part breaks its naming rule
   */
  public FoundResource withProjectId(String projectId) {
    return new FoundResource(kind, projectId, location, name);
  }
}
