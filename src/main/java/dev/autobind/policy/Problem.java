package dev.autobind.policy;

import java.util.Objects;

/**
 * One thing wrong with a policy file, rendered as {@code FILE:LINE: field.path: message}.
 *
 * @param file the file as the caller named it
 * @param line the 1-based line, or 0 when the problem is with the file as a whole
 * @param field the field path, e.g. {@code policy.rules[1].grant.project[0].role}; empty for the file itself
 * @param message what is wrong and, where it helps, what to write instead
 */
public record Problem(String file, int line, String field, String message) {

  public Problem {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(message, "message");
  }

  /** The problem as one line: {@code FILE:LINE: field.path: message}. */
  public String text() {
    StringBuilder out = new StringBuilder(file);
    if (line > 0) {
      out.append(':').append(line);
    }
    out.append(": ");
    if (!field.isEmpty()) {
      out.append(field).append(": ");
    }
    return out.append(message).toString();
  }

  @Override
  public String toString() {
    return text();
  }
}
