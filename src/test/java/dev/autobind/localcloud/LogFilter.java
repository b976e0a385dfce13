package dev.autobind.localcloud;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The part of the Logging query language the local cloud understands: comparisons joined by {@code AND}, each
 * {@code FIELD OP "VALUE"} with {@code OP} one of {@code =}, {@code >=}, {@code <=}. As in Cloud Logging, a path
 * through an array matches when any element does, strings compare without regard to case, and {@code timestamp}
 * compares as a time. Anything else is refused with INVALID_ARGUMENT, so a query the local cloud would misread
 * fails loudly instead of matching the wrong entries.
 */
final class LogFilter {
  private final List<Comparison> comparisons;

  private record Comparison(List<String> path, String op, String value) {}

  private LogFilter(List<Comparison> comparisons) {
    this.comparisons = List.copyOf(comparisons);
  }

  static LogFilter parse(String filter) {
    List<Comparison> comparisons = new ArrayList<>();
    Cursor in = new Cursor(filter);
    in.skipSpace();
    while (!in.done()) {
      comparisons.add(in.comparison());
      in.skipSpace();
      if (!in.done() && !in.word("AND")) {
        throw Rpc.invalid("the local cloud's Logging understands only comparisons joined by AND; at "
            + in.rest() + " in: " + filter);
      }
      in.skipSpace();
    }
    return new LogFilter(comparisons);
  }

  /** Whether {@code entry}, as proto3 JSON, matches every comparison. */
  boolean matches(JsonNode entry) {
    return comparisons.stream().allMatch(c -> values(entry, c.path(), 0).anyMatch(v -> compare(c, v)));
  }

  private static Stream<JsonNode> values(JsonNode node, List<String> path, int at) {
    if (node == null || node.isMissingNode() || node.isNull()) {
      return Stream.empty();
    }
    if (node.isArray()) {
      List<JsonNode> elements = new ArrayList<>();
      node.forEach(elements::add);
      return elements.stream().flatMap(e -> values(e, path, at));
    }
    return at == path.size() ? Stream.of(node) : values(node.get(path.get(at)), path, at + 1);
  }

  private static boolean compare(Comparison c, JsonNode value) {
    if (!value.isValueNode()) {
      return false;
    }
    String actual = value.asText();
    int order = c.path().equals(List.of("timestamp")) ? instant(actual).compareTo(instant(c.value()))
        : actual.toLowerCase(Locale.ROOT).compareTo(c.value().toLowerCase(Locale.ROOT));
    return switch (c.op()) {
      case "=" -> order == 0;
      case ">=" -> order >= 0;
      default -> order <= 0;
    };
  }

  private static Instant instant(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw Rpc.invalid("not a timestamp: \"" + text + "\"");
    }
  }

  /** Reads a filter left to right. */
  private static final class Cursor {
    private final String text;
    private int at;

    Cursor(String text) {
      this.text = text;
    }

    boolean done() {
      return at >= text.length();
    }

    String rest() {
      return "\"" + text.substring(at) + "\"";
    }

    void skipSpace() {
      while (!done() && Character.isWhitespace(text.charAt(at))) {
        at++;
      }
    }

    boolean word(String word) {
      if (text.startsWith(word, at) && (at + word.length() == text.length()
          || Character.isWhitespace(text.charAt(at + word.length())))) {
        at += word.length();
        return true;
      }
      return false;
    }

    Comparison comparison() {
      List<String> path = new ArrayList<>();
      path.add(segment());
      while (!done() && text.charAt(at) == '.') {
        at++;
        path.add(segment());
      }
      skipSpace();
      String op = Stream.of(">=", "<=", "=").filter(o -> text.startsWith(o, at)).findFirst()
          .orElseThrow(() -> Rpc.invalid("the local cloud's Logging understands only =, >= and <=; at " + rest()));
      at += op.length();
      skipSpace();
      return new Comparison(List.copyOf(path), op, quoted());
    }

    private String segment() {
      if (!done() && text.charAt(at) == '"') {
        return quoted();
      }
      int start = at;
      while (!done() && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '_')) {
        at++;
      }
      if (start == at) {
        throw Rpc.invalid("expected a field name at " + rest());
      }
      return text.substring(start, at);
    }

    private String quoted() {
      if (done() || text.charAt(at) != '"') {
        throw Rpc.invalid("the local cloud's Logging expects a quoted value at " + rest());
      }
      StringBuilder value = new StringBuilder();
      at++;
      while (!done() && text.charAt(at) != '"') {
        char c = text.charAt(at++);
        if (c == '\\' && !done()) {
          c = text.charAt(at++);
        }
        value.append(c);
      }
      if (done()) {
        throw Rpc.invalid("unterminated string in the filter");
      }
      at++;
      return value.toString();
    }
  }
}
