package dev.autobind.deploy;

import dev.autobind.kind.NamingRules;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/** Where replay moves the trigger subscription back to: a point in time, or a snapshot. */
public sealed interface Seek permits Seek.Time, Seek.Snapshot {

  /** The gcloud flag, e.g. {@code --time=2026-11-26T07:00:00Z}. */
  String flag();

  /** Messages published at or after an RFC 3339 time are delivered again. */
  record Time(String time) implements Seek {
    public Time {
      try {
        OffsetDateTime.parse(time);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(
            "--since: " + shown(time) + " is not an RFC 3339 time such as 2026-11-26T07:00:00Z", e);
      }
    }

    @Override
    public String flag() {
      return "--time=" + time;
    }
  }

  /** The subscription returns to the state a snapshot recorded. */
  record Snapshot(String name) implements Seek {
    private static final Pattern ID = Pattern.compile("[A-Za-z][-A-Za-z0-9_.~+%]{2,254}");
    private static final Pattern FULL = Pattern.compile("projects/" + NamingRules.PROJECT_ID_REGEX
        + "/snapshots/" + ID);

    public Snapshot {
      if (!ID.matcher(name).matches() && !FULL.matcher(name).matches()) {
        throw new IllegalArgumentException("--snapshot: " + shown(name)
            + " is not a snapshot; use its id (3-255 letters, digits and - _ . ~ + %, starting with a letter)"
            + " or projects/PROJECT/snapshots/ID");
      }
    }

    @Override
    public String flag() {
      return "--snapshot=" + name;
    }
  }

  /** A user's value as a message may show it: printable and short. */
  private static String shown(String value) {
    String printable = value.codePoints()
        .mapToObj(c -> Character.isISOControl(c) ? "?" : new String(Character.toChars(c)))
        .limit(100).reduce("", String::concat);
    return "'" + printable + (value.codePointCount(0, value.length()) > 100 ? "...'" : "'");
  }
}
