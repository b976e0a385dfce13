package dev.autobind.bench;

import java.util.HashMap;
import java.util.Map;

/** The benchmark mains' {@code --name value} options, each with a default; an unknown option is refused. */
final class BenchArgs {
  private BenchArgs() {}

  static Map<String, String> parse(String[] args, Map<String, String> defaults) {
    Map<String, String> options = new HashMap<>(defaults);
    for (int i = 0; i < args.length; i += 2) {
      if (!defaults.containsKey(args[i]) || i + 1 >= args.length) {
        throw new IllegalArgumentException("unknown option or missing value: " + args[i]
            + " (options: " + defaults.keySet() + ")");
      }
      options.put(args[i], args[i + 1]);
    }
    return options;
  }
}
