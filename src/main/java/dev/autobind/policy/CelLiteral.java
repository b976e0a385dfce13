package dev.autobind.policy;

import java.util.Optional;

/**
 * The one rule for a value that goes inside a CEL string literal in an IAM condition, whether a
 * placeholder's value in a policy condition or a role name in the function's own condition. CEL
 * strings are quoted with {@code '} or {@code "} (also tripled) and take escapes after {@code \}, so a
 * value holding any of those, or a newline or other control character, could end the literal and
 * change what the expression means. Such a value is refused, never escaped: escaping would be a second
 * place that has to agree with IAM's CEL parser.
 */
public final class CelLiteral {

  private CelLiteral() {}

  /** Why {@code value} cannot go inside a CEL string literal, or empty when it can. */
  public static Optional<String> problem(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\'' || c == '"') {
        return Optional.of(Problems.shown(value) + " holds a quote, which could end a CEL string literal");
      }
      if (c == '\\') {
        return Optional.of(Problems.shown(value) + " holds a backslash, which starts a CEL escape");
      }
      if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
          || c == '\u2028' || c == '\u2029') {
        return Optional.of(Problems.shown(value) + " holds a newline or control character");
      }
    }
    return Optional.empty();
  }

  /**
   * {@code value} as a single-quoted CEL string literal.
   *
   * @throws IllegalArgumentException when {@link #problem} refuses it
   */
  public static String quoted(String value) {
    problem(value).ifPresent(p -> {
      throw new IllegalArgumentException(p);
    });
    return "'" + value + "'";
  }
}
