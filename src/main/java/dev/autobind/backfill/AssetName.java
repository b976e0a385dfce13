package dev.autobind.backfill;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A full resource name as Cloud Asset Inventory returns it. GKE names carry the project id, in the
 * {@code locations} or the older {@code zones} form; Vertex AI names carry the project <em>number</em>.
 *
 * @param project the project id or number, as the name spells it
 */
public record AssetName(AssetType type, String project, String location, String name) {

  private static final Pattern FULL_NAME =
      Pattern.compile("//([a-z.]+)/projects/([^/]+)/(locations|zones)/([^/]+)/([A-Za-z]+)/([^/]+)");
  private static final Pattern PROJECT_NUMBER = Pattern.compile("[0-9]{1,19}");

  public AssetName {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(name, "name");
  }

  /**
   * Parses {@code //SERVICE/projects/P/locations/L/COLLECTION/NAME}.
   *
   * @throws IllegalArgumentException naming the name and what is wrong with it
   */
  public static AssetName parse(String fullName) {
    Matcher m = FULL_NAME.matcher(fullName);
    if (!m.matches()) {
      throw new IllegalArgumentException(Shown.quoted(fullName)
          + " is not a full resource name (//SERVICE/projects/P/locations/L/COLLECTION/NAME)");
    }
    AssetType type = AssetType.byService(m.group(1)).orElseThrow(() -> new IllegalArgumentException(
        Shown.quoted(fullName) + " names service " + Shown.quoted(m.group(1)) + ", which backfill does not cover"));
    boolean zonal = m.group(3).equals("zones");
    if (!m.group(5).equals(type.collection()) || zonal && type != AssetType.GKE_CLUSTER) {
      throw new IllegalArgumentException(Shown.quoted(fullName) + " is not a " + type.assetType()
          + " name (//" + type.service() + "/projects/P/locations/L/" + type.collection() + "/NAME)");
    }
    return new AssetName(type, m.group(2), m.group(4), m.group(6));
  }

  /** True when the name carries the project number, which must be resolved to an id. */
  public boolean projectIsNumber() {
    return PROJECT_NUMBER.matcher(project).matches();
  }

  /**
   * The resource, named by {@code projectId}.
   *
   * @throws IllegalArgumentException when a part breaks its naming rule
   */
  public FoundResource withProjectId(String projectId) {
    return new FoundResource(type.kind(), projectId, location, name);
  }
}
