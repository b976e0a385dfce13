package dev.autobind.policy;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A glob over project ids or locations: {@code *} is any run of characters, {@code ?} any one, and
 * {@code [a-z]} / {@code [!0-9]} a character class. Everything else is literal.
 */
public final class Glob {

  private final String pattern;
  private final Pattern regex;

  private Glob(String pattern, Pattern regex) {
    this.pattern = pattern;
    this.regex = regex;
  }

  /**
   * Compiles {@code pattern}.
   *
   * @throws IllegalArgumentException when it is empty or has an unclosed or empty character class
   */
  public static Glob of(String pattern) {
    Objects.requireNonNull(pattern, "pattern");
    if (pattern.isEmpty()) {
      throw new IllegalArgumentException("a glob must not be empty");
    }
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '*') {
        regex.append(".*");
      } else if (c == '?') {
        regex.append('.');
      } else if (c == '[') {
        i = characterClass(pattern, i, regex);
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return new Glob(pattern, Pattern.compile(regex.toString()));
  }

  /** Appends the class that opens at {@code open} and returns the index of its closing bracket. */
  private static int characterClass(String pattern, int open, StringBuilder regex) {
    int close = pattern.indexOf(']', open + 1);
    if (close < 0) {
      throw new IllegalArgumentException("unclosed [ at position " + (open + 1));
    }
    String body = pattern.substring(open + 1, close);
    boolean negated = body.startsWith("!");
    String members = negated ? body.substring(1) : body;
    if (!members.matches("([a-z0-9](-[a-z0-9])?)+")) {
      throw new IllegalArgumentException("[" + body + "] is not a class of lowercase letters, digits and ranges");
    }
    regex.append(negated ? "[^" : "[").append(members).append(']');
    return close;
  }

  public boolean matches(String value) {
    return regex.matcher(value).matches();
  }

  /** The glob as written. */
  public String pattern() {
    return pattern;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Glob other && other.pattern.equals(pattern);
  }

  @Override
  public int hashCode() {
    return pattern.hashCode();
  }

  @Override
  public String toString() {
    return pattern;
  }
}
