package dev.autobind.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects the problems of one file, so that every one is reported and not just the first. */
final class Problems {

  private static final int MAX_SHOWN = 100;

  private final String file;
  private final List<Problem> found = new ArrayList<>();
  private final List<Problem> warnings = new ArrayList<>();

  Problems(String file) {
    this.file = file;
  }

  void add(int line, String field, String message) {
    found.add(new Problem(file, line, field, message));
  }

  void add(Field field, String message) {
    add(field.line(), field.path(), message);
  }

  /** Records something valid but worth a second look; it does not make the file invalid. */
  void warn(Field field, String message) {
    warnings.add(new Problem(file, field.line(), field.path(), "warning: " + message));
  }

  /** The warnings, by line. */
  List<Problem> warnings() {
    List<Problem> sorted = new ArrayList<>(warnings);
    sorted.sort(Comparator.comparingInt(Problem::line));
    return List.copyOf(sorted);
  }

  /** Throws when anything was found; problems are sorted by line, keeping discovery order within a line. */
  void throwIfAny() {
    if (!found.isEmpty()) {
      List<Problem> sorted = new ArrayList<>(found);
      sorted.sort(Comparator.comparingInt(Problem::line));
      throw new PolicyException(sorted);
    }
  }

  /**
   * A user's value as it may appear inside a message: printable and short, so that a hostile value
   * cannot forge extra lines in the output.
   */
  static String shown(String value) {
    return shown(value, MAX_SHOWN);
  }

  /** As {@link #shown(String)}, cut after {@code max} characters. */
  static String shown(String value, int max) {
    StringBuilder out = new StringBuilder();
    value.codePoints().limit(max).forEach(c -> {
      int type = Character.getType(c);
      if (Character.isISOControl(c) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
          || type == Character.PARAGRAPH_SEPARATOR) {
        out.append(String.format("\\u%04x", c));
      } else {
        out.appendCodePoint(c);
      }
    });
    if (value.codePointCount(0, value.length()) > max) {
      out.append("...");
    }
    return out.toString();
  }
}
