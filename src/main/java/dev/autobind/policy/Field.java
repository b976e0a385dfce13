package dev.autobind.policy;

/**
 * A value in the file together with its field path and line, e.g. {@code policy.rules[1].name} on line 27.
 */
record Field(String path, int line, YamlNode node) {

  /** The value of {@code key} in this mapping field; its line is the key's line. */
  Field child(String key, YamlNode.Entry entry) {
    return new Field(childPath(key), entry.line(), entry.value());
  }

  /** The path of {@code key} under this field; a hostile key is escaped so it cannot break the line. */
  String childPath(String key) {
    String shown = Problems.shown(key);
    return path.isEmpty() ? shown : path + "." + shown;
  }

  /** Item {@code index} of this list field. */
  Field item(int index, YamlNode item) {
    return new Field(path + "[" + index + "]", item.line(), item);
  }
}
