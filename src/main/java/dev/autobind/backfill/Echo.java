package dev.autobind.backfill;

/** Echoes outside input in messages: quoted, control characters escaped, and cut short. */
final class Echo {
  static final int MAX_CHARS = 200;

  private Echo() {}

  static String quoted(String value) {
    if (value == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder("'");
    int end = Math.min(value.length(), MAX_CHARS);
    for (int i = 0; i < end; i++) {
      char c = value.charAt(i);
      if (c == '\'' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20 || c == 0x7f || Character.isSurrogate(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    if (value.length() > MAX_CHARS) {
      out.append("...");
    }
    return out.append('\'').toString();
  }
}
