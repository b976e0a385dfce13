package dev.autobind.deploy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Quotes text for bash so that each argument reaches the command exactly as written. */
final class ShellSyntax {

  /** Characters that mean nothing special to bash anywhere in a word. */
  private static final Pattern BARE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");
  /** Characters that keep a special meaning inside double quotes, or start history expansion. */
  private static final Pattern DOUBLE_QUOTE_SPECIAL = Pattern.compile("[$`\\\\\"!]");
  private static final Pattern FLAG = Pattern.compile("(--[a-z][-a-z0-9]*=)(.*)");

  private ShellSyntax() {}

  /**
   * {@code text} as (part of) one shell word. Bare when nothing needs quoting, else in single quotes;
   * in double quotes when the text holds single quotes and nothing double quotes would expand, which
   * keeps CEL expressions readable.
   */
  static String quote(String text) {
    if (BARE.matcher(text).matches()) {
      return text;
    }
    if (text.indexOf('\'') < 0) {
      return "'" + text + "'";
    }
    if (!DOUBLE_QUOTE_SPECIAL.matcher(text).find()) {
      return "\"" + text + "\"";
    }
    return "'" + text.replace("'", "'\\''") + "'";
  }

  /** As {@link #quote}, but leaves the name of a {@code --flag=value} outside the quotes. */
  static String quoteFirst(String text) {
    Matcher flag = FLAG.matcher(text);
    if (!BARE.matcher(text).matches() && flag.matches()) {
      return flag.group(1) + quote(flag.group(2));
    }
    return text.isEmpty() ? "''" : quote(text);
  }

  /** Refuses text a one-line rendering cannot carry: tabs, line breaks and other control characters. */
  static void requirePrintable(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c)) {
        throw new IllegalArgumentException(String.format(
            "command text must be printable; found U+%04X at %d in %s", (int) c, i, text.replace(c, '?')));
      }
    }
  }
}
