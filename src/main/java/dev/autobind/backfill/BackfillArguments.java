package dev.autobind.backfill;

import com.google.pubsub.v1.TopicName;
import dev.autobind.kind.NamingRules;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Checks the values of backfill's options; every refusal names the option and the bad value. */
public final class BackfillArguments {

  /** More projects than this on one command line is a sign of a mistake; the include globs or --scope scale. */
  public static final int MAX_PROJECTS = 1_000;
  public static final int MAX_LOCATIONS = 100;
  public static final int MAX_PARALLELISM = 64;

  static final String PROJECT_RULE = "6-30 lowercase letters, digits and hyphens, starting with a letter";
  private static final Pattern SCOPE = Pattern.compile("(organizations|folders)/[1-9][0-9]{0,18}");
  private static final Pattern TOPIC = Pattern.compile("projects/([^/]*)/topics/([^/]*)");
  private static final Pattern TOPIC_ID = Pattern.compile("[A-Za-z][-A-Za-z0-9_.~+%]{2,254}");

  private BackfillArguments() {}

  /** {@code organizations/N} or {@code folders/N}. */
  public static String scope(String value) {
    if (!SCOPE.matcher(value).matches()) {
      throw new BadInput("--scope: " + Echo.quoted(value) + " is not organizations/NUMBER or folders/NUMBER");
    }
    return value;
  }

  /** A comma-separated list of project ids, without repeats, in the order given. */
  public static List<String> projects(String csv) {
    List<String> ids = items("--projects", csv, MAX_PROJECTS, "projects");
    for (String id : ids) {
      if (!NamingRules.isProjectId(id)) {
        throw new BadInput("--projects: " + Echo.quoted(id) + " is not a project id (" + PROJECT_RULE + ")");
      }
    }
    return ids;
  }

  /** A comma-separated list of Vertex AI regions such as {@code us-central1}. */
  public static List<String> locations(String csv) {
    List<String> regions = items("--locations", csv, MAX_LOCATIONS, "locations");
    for (String region : regions) {
      if (!NamingRules.isRegion(region)) {
        throw new BadInput("--locations: " + Echo.quoted(region) + " is not a Vertex AI region such as us-central1");
      }
    }
    return regions;
  }

  /** {@code projects/P/topics/T}, as Pub/Sub names a topic. */
  public static TopicName topic(String value) {
    Matcher m = TOPIC.matcher(value);
    if (!m.matches()) {
      throw new BadInput("--topic: " + Echo.quoted(value) + " is not projects/PROJECT/topics/TOPIC");
    }
    if (!NamingRules.isProjectId(m.group(1))) {
      throw new BadInput("--topic: " + Echo.quoted(m.group(1)) + " is not a project id (" + PROJECT_RULE + ")");
    }
    String topic = m.group(2);
    if (!TOPIC_ID.matcher(topic).matches() || topic.startsWith("goog")) {
      throw new BadInput("--topic: " + Echo.quoted(topic) + " is not a topic id (3-255 letters, digits and"
          + " - _ . ~ + %, starting with a letter, not with goog)");
    }
    return TopicName.of(m.group(1), topic);
  }

  /** The topic function.yaml deploys with, when it names one. */
  public static Optional<TopicName> topic(Optional<String> project, Optional<String> topic) {
    return project.flatMap(p -> topic.map(t -> TopicName.of(p, t)));
  }

  /** How many resources {@code --direct} applies at once. */
  public static int parallelism(int value) {
    if (value < 1 || value > MAX_PARALLELISM) {
      throw new BadInput("--parallelism: " + value + " is not between 1 and " + MAX_PARALLELISM);
    }
    return value;
  }

  private static List<String> items(String option, String csv, int limit, String what) {
    String[] parts = csv.split(",", -1);
    if (parts.length > limit) {
      throw new BadInput(option + ": names " + parts.length + " " + what + "; the limit is " + limit);
    }
    LinkedHashSet<String> items = new LinkedHashSet<>();
    for (int i = 0; i < parts.length; i++) {
      String item = parts[i].strip();
      if (item.isEmpty()) {
        throw new BadInput(option + ": item " + (i + 1) + " is empty");
      }
      items.add(item);
    }
    return List.copyOf(new ArrayList<>(items));
  }
}
