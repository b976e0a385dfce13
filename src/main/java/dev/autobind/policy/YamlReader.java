package dev.autobind.policy;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads YAML into {@link YamlNode}s that keep line numbers. It streams tokens rather than binding
 * objects so that each value's line is known, duplicate keys are caught, and aliases are never
 * expanded (a policy has no use for them, and expanding them is how YAML bombs work).
 */
final class YamlReader {

  /** Far deeper than function.yaml ever nests, and shallow enough that hostile nesting is cheap to refuse. */
  static final int MAX_DEPTH = 32;

  private static final YAMLFactory FACTORY = YAMLFactory.builder()
      .loaderOptions(loaderOptions())
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
      .build();

  private static final int MAX_DETAIL = 240;

  private final Problems problems;
  /** The path of the mapping or list being read, so that a syntax error names where it was found. */
  private String within = "";

  YamlReader(Problems problems) {
    this.problems = problems;
  }

  /** The single document in {@code text}, or empty when it cannot be read (the problem is recorded). */
  Optional<YamlNode> read(String text) {
    try (YAMLParser parser = (YAMLParser) FACTORY.createParser(text)) {
      if (parser.nextToken() == null) {
        problems.add(0, "", "the file is empty; it needs a policy: section");
        return Optional.empty();
      }
      YamlNode root = node(parser, "");
      if (parser.nextToken() != null) {
        problems.add(line(parser), "", "the file holds more than one YAML document; keep one");
      }
      return Optional.of(root);
    } catch (StreamReadException e) {
      problems.add(syntaxLine(e, text), syntaxPath(e), "not valid YAML: " + syntaxDetail(e));
      return Optional.empty();
    } catch (StreamConstraintsException e) {
      problems.add(0, "", "not valid YAML: it nests deeper than " + MAX_DEPTH + " levels");
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("reading YAML from memory failed", e);
    }
  }

  private YamlNode node(YAMLParser parser, String path) throws IOException {
    refuseAnchor(parser, path);
    JsonToken token = parser.currentToken();
    return switch (token) {
      case START_OBJECT -> mapping(parser, path);
      case START_ARRAY -> sequence(parser, path);
      default -> scalar(parser, path, token);
    };
  }

  private YamlNode mapping(YAMLParser parser, String path) throws IOException {
    int line = line(parser);
    Map<String, YamlNode.Entry> entries = new LinkedHashMap<>();
    while (next(parser, path) == JsonToken.FIELD_NAME) {
      String key = parser.currentName();
      int keyLine = line(parser);
      String keyPath = path.isEmpty() ? Problems.shown(key) : path + "." + Problems.shown(key);
      parser.nextToken();
      YamlNode value = node(parser, keyPath);
      if (entries.containsKey(key)) {
        problems.add(keyLine, keyPath, "duplicate key; it is already set on line " + entries.get(key).line());
      } else {
        entries.put(key, new YamlNode.Entry(keyLine, value));
      }
    }
    return new YamlNode.Mapping(line, entries);
  }

  private YamlNode sequence(YAMLParser parser, String path) throws IOException {
    int line = line(parser);
    List<YamlNode> items = new ArrayList<>();
    while (next(parser, path) != JsonToken.END_ARRAY) {
      items.add(node(parser, path + "[" + items.size() + "]"));
    }
    return new YamlNode.Sequence(line, items);
  }

  /** The next token of the mapping or list at {@code path}. */
  private JsonToken next(YAMLParser parser, String path) throws IOException {
    within = path;
    return parser.nextToken();
  }

  private YamlNode scalar(YAMLParser parser, String path, JsonToken token) throws IOException {
    int line = line(parser);
    if (parser.isCurrentAlias()) {
      problems.add(line, path, "YAML aliases (*" + Problems.shown(parser.getText()) + ") are not supported; write the value out");
      return new YamlNode.Scalar(line, YamlNode.Scalar.Type.NULL, "");
    }
    YamlNode.Scalar.Type type = switch (token) {
      case VALUE_STRING -> YamlNode.Scalar.Type.STRING;
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> YamlNode.Scalar.Type.NUMBER;
      case VALUE_TRUE, VALUE_FALSE -> YamlNode.Scalar.Type.BOOLEAN;
      case VALUE_NULL -> YamlNode.Scalar.Type.NULL;
      default -> null;
    };
    if (type == null) {
      problems.add(line, path, "unsupported YAML value (" + token + "); write a plain string, number or boolean");
      return new YamlNode.Scalar(line, YamlNode.Scalar.Type.NULL, "");
    }
    return new YamlNode.Scalar(line, type, parser.getText());
  }

  private void refuseAnchor(YAMLParser parser, String path) {
    String anchor = parser.getCurrentAnchor();
    if (anchor != null) {
      problems.add(line(parser), path, "YAML anchors (&" + Problems.shown(anchor) + ") are not supported; write the value out");
    }
  }

  private static int line(YAMLParser parser) {
    return parser.currentTokenLocation().getLineNr();
  }

  /**
   * The line to blame. A missing ':' after a key, or a missing ',' or closing bracket in a flow list or
   * mapping, is only noticed at the next token, often on a later line; the mistake is then at the end of the
   * last line with content before it, which is the line reported. An unclosed quote is blamed on the line
   * where it opens, not on the end of the file where it is noticed.
   */
  private static int syntaxLine(StreamReadException e, String text) {
    Optional<MarkedYAMLException> marked = marked(e);
    if (marked.isEmpty()) {
      return e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getLineNr());
    }
    int line = marked.get().getProblemMark().getLine() + 1;
    if (String.valueOf(marked.get().getContext()).startsWith("while scanning a quoted scalar")
        && marked.get().getContextMark() != null) {
      return marked.get().getContextMark().getLine() + 1; // where the unclosed quote opens
    }
    String problem = String.valueOf(marked.get().getProblem());
    boolean noticedLate = problem.startsWith("could not find expected ':'") || problem.startsWith("expected ',' or ");
    if (!noticedLate) {
      return line;
    }
    List<String> lines = text.lines().toList();
    for (int i = Math.min(line - 1, lines.size()); i >= 1; i--) {
      String before = lines.get(i - 1).strip();
      if (!before.isEmpty() && !before.startsWith("#")) {
        return i;
      }
    }
    return line;
  }

  /**
   * Where the reader was: the mapping or list it was in. A key without its ':' is found by reading ahead,
   * past the end of the collection before it, so no path is named for it rather than a wrong one.
   */
  private String syntaxPath(StreamReadException e) {
    boolean lookahead = marked(e).map(m -> String.valueOf(m.getProblem()).startsWith("could not find expected ':'"))
        .orElse(true);
    return lookahead ? "" : within;
  }

  private static String syntaxDetail(StreamReadException e) {
    Optional<MarkedYAMLException> marked = marked(e);
    String detail = marked.map(m -> m.getContext() == null ? m.getProblem() : m.getContext() + ", " + m.getProblem())
        .orElse(e.getOriginalMessage());
    return Problems.shown(detail.replaceAll("\\s+", " ").trim(), MAX_DETAIL);
  }

  private static Optional<MarkedYAMLException> marked(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof MarkedYAMLException m && m.getProblemMark() != null) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  private static LoaderOptions loaderOptions() {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(0);
    options.setNestingDepthLimit(MAX_DEPTH);
    options.setCodePointLimit(PolicyFile.MAX_BYTES);
    return options;
  }
}
