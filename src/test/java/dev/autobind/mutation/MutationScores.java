package dev.autobind.mutation;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Scores each mutation target on its own from PIT's {@code mutations.xml}: PIT's own threshold is one
 * figure over all targets, so a weak package could hide behind a strong one. Run by {@code -Pmutation}
 * after PIT; it fails the build when any target scores below the threshold or has no mutant at all.
 *
 * <p>Arguments: the report file, the threshold in percent, and the targets as PIT's comma-separated globs.
 */
public final class MutationScores {

  /** One target's figures; the score is detected mutants over all mutants, as PIT counts it. */
  record Score(String target, int mutants, int killed, int survived, int noCoverage) {

    int percent() {
      return mutants == 0 ? 0 : killed * 100 / mutants;
    }

    String row() {
      return String.format(Locale.ROOT, "| `%s` | %d | %d | %d | %d | %d%% |",
          target, mutants, killed, survived, noCoverage, percent());
    }
  }

  private MutationScores() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      throw new IllegalArgumentException("usage: MutationScores MUTATIONS_XML THRESHOLD TARGET_GLOBS");
    }
    List<Score> scores;
    try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
      scores = scores(in, targets(args[2]));
    }
    System.out.println("| target | mutants | killed | survived | no coverage | score |");
    System.out.println("|---|---|---|---|---|---|");
    scores.forEach(s -> System.out.println(s.row()));
    List<String> failures = failures(scores, Integer.parseInt(args[1]));
    if (!failures.isEmpty()) {
      throw new IllegalStateException("mutation score below the threshold: " + String.join("; ", failures));
    }
  }

  /** The globs, trimmed, in their order in the list. */
  static List<String> targets(String globs) {
    return Arrays.stream(globs.split(",")).map(String::trim).filter(g -> !g.isEmpty()).toList();
  }

  /** Each target's figures, in the order of {@code targets}; a mutant counts for the first target it falls under. */
  static List<Score> scores(InputStream mutationsXml, List<String> targets) {
    Map<String, int[]> counts = new LinkedHashMap<>();
    targets.forEach(t -> counts.put(t, new int[4]));
    NodeList mutations = parse(mutationsXml).getElementsByTagName("mutation");
    for (int i = 0; i < mutations.getLength(); i++) {
      Element mutation = (Element) mutations.item(i);
      String mutated = mutation.getElementsByTagName("mutatedClass").item(0).getTextContent().trim();
      Optional<String> target = targets.stream().filter(t -> covers(t, mutated)).findFirst();
      if (target.isEmpty()) {
        continue;
      }
      int[] c = counts.get(target.get());
      c[0]++;
      String status = mutation.getAttribute("status");
      if (Boolean.parseBoolean(mutation.getAttribute("detected"))) {
        c[1]++;
      } else if (status.equals("NO_COVERAGE")) {
        c[3]++;
      } else {
        c[2]++;
      }
    }
    List<Score> scores = new ArrayList<>();
    counts.forEach((t, c) -> scores.add(new Score(t, c[0], c[1], c[2], c[3])));
    return scores;
  }

  /** What is wrong with the scores, one line per target that has no mutant or scores below {@code threshold}. */
  static List<String> failures(List<Score> scores, int threshold) {
    List<String> failures = new ArrayList<>();
    for (Score s : scores) {
      if (s.mutants() == 0) {
        failures.add(s.target() + " has no mutant; is the glob right?");
      } else if (s.percent() < threshold) {
        failures.add(s.target() + " scores " + s.percent() + "%, under " + threshold + "%");
      }
    }
    return failures;
  }

  /** Whether the PIT glob {@code target} (only a trailing {@code *} is supported) names {@code className}. */
  static boolean covers(String target, String className) {
    return target.endsWith("*")
        ? className.startsWith(target.substring(0, target.length() - 1))
        : className.equals(target);
  }

  private static org.w3c.dom.Document parse(InputStream in) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      return factory.newDocumentBuilder().parse(in);
    } catch (ParserConfigurationException | SAXException | IOException e) {
      throw new IllegalStateException("cannot read PIT's mutations.xml: " + e.getMessage(), e);
    }
  }
}
