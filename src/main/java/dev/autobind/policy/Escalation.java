package dev.autobind.policy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The privilege-escalation permissions autobind judges roles by (resource {@code escalation-permissions.txt},
 * which scripts/refresh-roles.sh reads too): a role that carries one is sensitive.
 *
 * @param kind why the permission escalates
 * @param permission a permission, or {@code *.SUFFIX} for every permission ending in {@code .SUFFIX}
 */
record Escalation(Kind kind, String permission) {

  /** Why a permission lets its holder gain access, most direct first; the word is the class in the resource file. */
  enum Kind {
    IMPERSONATE("impersonate", "acts as a service account"),
    POLICY("policy", "changes who has access"),
    CREDENTIALS("credentials", "mints keys or tokens that outlive the grant"),
    RUNS_AS("runsAs", "makes code run as another identity"),
    ROLES("roles", "widens a role someone holds"),
    CONSTRAINTS("constraints", "changes org policies, tags or the policies a project inherits");

    private final String word;
    private final String meaning;

    Kind(String word, String meaning) {
      this.word = word;
      this.meaning = meaning;
    }

    String meaning() {
      return meaning;
    }

    static Kind of(String word) {
      for (Kind kind : values()) {
        if (kind.word.equals(word)) {
          return kind;
        }
      }
      throw new IllegalStateException("escalation-permissions.txt names an unknown class " + word);
    }
  }

  /** The shipped list, read once. */
  static final List<Escalation> LISTED = read("escalation-permissions.txt");

  /** True when {@code given} is this permission, or ends as this {@code *.SUFFIX} says. */
  boolean matches(String given) {
    return permission.startsWith("*.") ? given.endsWith(permission.substring(1)) : permission.equals(given);
  }

  /** The listed entry {@code permission} falls under, if any. */
  static Optional<Escalation> of(String permission) {
    return LISTED.stream().filter(e -> e.matches(permission)).findFirst();
  }

  static List<Escalation> read(String resource) {
    List<Escalation> list = new ArrayList<>();
    try (BufferedReader lines = open(resource)) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] words = line.trim().split(" +");
        if (words.length != 2) {
          throw new IllegalStateException(resource + ": expected CLASS PERMISSION, found " + line);
        }
        list.add(new Escalation(Kind.of(words[0]), words[1]));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
    return List.copyOf(list);
  }

  /** A resource of this package, as UTF-8 lines. */
  static BufferedReader open(String resource) {
    InputStream in = Escalation.class.getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalStateException(resource + " is missing from the jar");
    }
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
  }
}
