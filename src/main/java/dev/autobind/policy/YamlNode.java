package dev.autobind.policy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A parsed YAML value that remembers the line it starts on, so every problem can name its line. */
sealed interface YamlNode permits YamlNode.Mapping, YamlNode.Sequence, YamlNode.Scalar {

  int line();

  /** How a message names this kind of value: "a mapping", "a list", "a string"... */
  String describe();

  /** A mapping, in file order. Each entry keeps the line of its key. */
  record Mapping(int line, Map<String, Entry> entries) implements YamlNode {
    public Mapping {
      entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    @Override
    public String describe() {
      return "a mapping";
    }
  }

  /** One key of a mapping: the line the key is on, and its value. */
  record Entry(int line, YamlNode value) {}

  /** A list. */
  record Sequence(int line, List<YamlNode> items) implements YamlNode {
    public Sequence {
      items = List.copyOf(items);
    }

    @Override
    public String describe() {
      return "a list";
    }
  }

  /** A scalar with its text as written and the type YAML gave it. */
  record Scalar(int line, Type type, String text) implements YamlNode {

    /** The YAML type of a scalar. */
    enum Type { STRING, NUMBER, BOOLEAN, NULL }

    /** True for {@code ~}, {@code null} and a key with nothing after it. */
    boolean isBlank() {
      return type == Type.NULL || (type == Type.STRING && text.isEmpty());
    }

    @Override
    public String describe() {
      return switch (type) {
        case STRING -> "a string";
        case NUMBER -> "a number";
        case BOOLEAN -> "a boolean";
        case NULL -> "nothing";
      };
    }
  }
}
