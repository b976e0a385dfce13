package dev.autobind.policy;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Which resources of the rule's kinds it applies to. An empty part matches everything.
 *
 * @param locations globs over the zone or region
 * @param labels labels the resource must carry, with these exact values
 * @param name a regular expression the whole cluster name or model id must match
 */
public record Match(List<Glob> locations, Map<String, String> labels, Optional<Pattern> name) {

  /** Matches every resource. */
  public static final Match ANY = new Match(List.of(), Map.of(), Optional.empty());

  public Match {
    locations = List.copyOf(locations);
    labels = Collections.unmodifiableMap(new TreeMap<>(labels));
    Objects.requireNonNull(name, "name");
  }

  /** Whether a resource in {@code location} (a zone or region) can match: no globs, or one that matches it. */
  public boolean locatedIn(String location) {
    return locations.isEmpty() || locations.stream().anyMatch(glob -> glob.matches(location));
  }
}
