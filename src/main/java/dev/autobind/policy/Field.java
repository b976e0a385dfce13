package dev.autobind.policy;

/**
 * A value in the file together with its field path and line, e.g. {@code policy.rules[1].name} on line 27.
 */
record Field(String path, int line, YamlNode node) {

  /** The value of {@code key} in this mapping field; its line is the key's line. */
  Field child(String key, YamlNode.Entry entry) {
    return new Field(path.isEmpty() ? key : path + "." + key, entry.line(), entry.value());
  }

  /** The path {@code key} would have under this field, for problems about a key that is absent or unknown. */
  String childPath(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /** Item {@code index} of this list field. */
  Field item(int index, YamlNode item) {
    return new Field(path + "[" + index + "]", item.line(), item);
  }
}
