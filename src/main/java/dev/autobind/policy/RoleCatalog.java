package dev.autobind.policy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Google's predefined roles as autobind knows them: the catalog {@code roles.txt}, generated from a snapshot
 * of the IAM API's role definitions by scripts/refresh-roles.sh and read once. It says which {@code roles/...}
 * names exist, which are deprecated, and which privilege-escalation permissions each carries.
 */
public final class RoleCatalog {

  /** How far (in single-character edits) a known name may be from a wrong one to be suggested. */
  static final int MAX_SUGGESTION_DISTANCE = 3;
  static final int MAX_SUGGESTIONS = 3;

  /** One predefined role: its name, whether Google deprecated it, and the escalation permissions it carries. */
  record Known(String name, boolean deprecated, List<Escalation> escalations) {
    Known {
      escalations = List.copyOf(escalations);
    }
  }

  private static final RoleCatalog SHIPPED = read("roles.txt");

  private final String source;
  private final Map<String, Known> roles;
  private final Map<String, String> byLowerCase;

  private RoleCatalog(String source, Map<String, Known> roles) {
    this.source = source;
    this.roles = Map.copyOf(roles);
    Map<String, String> lower = new HashMap<>();
    roles.keySet().forEach(name -> lower.put(name.toLowerCase(Locale.ROOT), name));
    this.byLowerCase = Map.copyOf(lower);
  }

  /** The catalog in the jar. */
  public static RoleCatalog shipped() {
    return SHIPPED;
  }

  /** Where the catalog came from and when, e.g. {@code snapshot predefined-roles.json.gz of 2026-08-22 (...)}. */
  public String source() {
    return source;
  }

  public int size() {
    return roles.size();
  }

  /** True when {@code role} is a predefined role of the catalog, spelled exactly. */
  public boolean known(String role) {
    return roles.containsKey(role);
  }

  Optional<Known> find(String role) {
    return Optional.ofNullable(roles.get(role));
  }

  /** Every role of the catalog, for tests that go over them all. */
  List<Known> all() {
    return roles.values().stream().sorted(Comparator.comparing(Known::name)).toList();
  }

  /** The known name {@code role} spells with other capitals, e.g. roles/container.developer for roles/Container.Developer. */
  Optional<String> recased(String role) {
    return Optional.ofNullable(byLowerCase.get(role.toLowerCase(Locale.ROOT))).filter(name -> !name.equals(role));
  }

  /** The known names nearest to {@code role}, at most {@value #MAX_SUGGESTION_DISTANCE} edits away, nearest first. */
  List<String> nearest(String role) {
    Map<String, Integer> close = new LinkedHashMap<>();
    for (String name : roles.keySet()) {
      int distance = distance(role, name, MAX_SUGGESTION_DISTANCE);
      if (distance <= MAX_SUGGESTION_DISTANCE) {
        close.put(name, distance);
      }
    }
    return close.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
        .limit(MAX_SUGGESTIONS).map(Map.Entry::getKey).toList();
  }

  /** Levenshtein distance, or {@code limit + 1} as soon as it must exceed {@code limit}. */
  static int distance(String a, String b, int limit) {
    if (Math.abs(a.length() - b.length()) > limit) {
      return limit + 1;
    }
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      int rowMin = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
        rowMin = Math.min(rowMin, current[j]);
      }
      if (rowMin > limit) {
        return limit + 1;
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  static RoleCatalog read(String resource) {
    String source = "";
    List<Escalation> table = new ArrayList<>();
    Map<String, Known> roles = new HashMap<>();
    try (BufferedReader lines = Escalation.open(resource)) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.startsWith("# do not edit. Source: ")) {
          source = line.substring("# do not edit. Source: ".length()).replaceAll("\\.$", "");
        } else if (line.startsWith("=")) {
          String permission = line.substring(1);
          table.add(Escalation.of(permission).map(e -> new Escalation(e.kind(), permission)).orElseThrow(() ->
              new IllegalStateException(resource + " lists " + permission + ", which escalation-permissions.txt does"
                  + " not; run scripts/refresh-roles.sh")));
        } else if (!line.startsWith("#") && !line.isBlank()) {
          Known role = role(line, table);
          roles.put(role.name(), role);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
    return new RoleCatalog(source, roles);
  }

  private static Known role(String line, List<Escalation> table) {
    String[] words = line.split(" ");
    boolean deprecated = words.length > 1 && words[1].equals("D");
    List<Escalation> carried = new ArrayList<>();
    for (int i = deprecated ? 2 : 1; i < words.length; i++) {
      carried.add(table.get(Integer.parseInt(words[i])));
    }
    return new Known("roles/" + words[0], deprecated, carried);
  }
}
