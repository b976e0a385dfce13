package dev.autobind.backfill;

import dev.autobind.kind.KindRegistry;
import dev.autobind.kind.ResourceKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Renders a run's report: the progress line shown while it runs, and the summary at its end. */
public final class Summary {

  private Summary() {}

  /** One progress line: found, handled, rate and the time left for what has been found so far. */
  public static String progress(BackfillReport.Snapshot s, Mode mode, Duration elapsed) {
    double seconds = Math.max(elapsed.toMillis(), 1) / 1000.0;
    double rate = s.handled() / seconds;
    long left = Math.max(0, s.found() - s.handled() - s.failures().size());
    String eta = rate > 0 ? "ETA " + duration(Duration.ofMillis((long) (left / rate * 1000))) : "ETA unknown";
    return String.format(Locale.ROOT, "backfill: found %d%s, %s %d, failed %d, %.1f/s, %s%s", s.found(),
        s.discovering() ? " so far" : "", mode.done(), s.handled(), s.failures().size(), rate, eta,
        s.discovering() ? " (still discovering)" : "");
  }

  /** The summary: counts per kind and per project, skipped projects, then every failure by name. */
  public static List<String> lines(BackfillReport.Snapshot s, Mode mode, Duration elapsed, KindRegistry kinds) {
    List<String> lines = new ArrayList<>();
    double seconds = Math.max(elapsed.toMillis(), 1) / 1000.0;
    lines.add(String.format(Locale.ROOT, "backfill %s: %d found, %s, %d failed, in %s (%.1f/s)",
        s.complete() ? "done" : "INCOMPLETE", s.found(), outcomes(s, mode), s.failures().size(),
        duration(elapsed), s.handled() / seconds));
    List<ResourceKind> found = kinds.kinds().stream()
        .filter(k -> s.foundByKind().getOrDefault(k, 0L) > 0).toList();
    lines.add("  by kind: " + (found.isEmpty() ? "none" : kinds(found, s.foundByKind())));
    lines.add("  by project (" + s.foundByProject().size() + "):");
    new TreeMap<>(s.foundByProject()).forEach((project, counts) -> lines.add("    " + project + ": "
        + kinds(found, counts)));
    lines.add("  skipped " + s.skippedProjects().size() + " project(s) outside the policy"
        + (s.skippedResources() > 0 ? ", with " + s.skippedResources() + " resource(s)" : "")
        + (s.skippedProjects().isEmpty() ? "" : ":"));
    new TreeMap<>(s.skippedProjects()).forEach((project, reason) -> lines.add("    " + project + ": " + reason));
    if (!s.apiOff().isEmpty()) {
      lines.add("  APIs not enabled, so nothing to list (" + s.apiOff().size() + "): " + String.join("; ", s.apiOff()));
    }
    if (!s.problems().isEmpty()) {
      lines.add("  discovery problems (" + s.problems().size() + "); resources may be missing from this run:");
      s.problems().forEach(p -> lines.add("    " + p));
    }
    if (!s.failures().isEmpty()) {
      lines.add("  failed (" + s.failures().size() + "):");
      s.failures().forEach(f -> lines.add("    " + f.resource() + ": " + f.reason()));
    }
    return lines;
  }

  private static String outcomes(BackfillReport.Snapshot s, Mode mode) {
    if (s.outcomes().isEmpty()) {
      return "0 " + mode.done();
    }
    return new TreeMap<>(s.outcomes()).entrySet().stream().map(e -> e.getValue() + " " + e.getKey())
        .collect(Collectors.joining(", "));
  }

  /** Counts of the kinds the run found any of (six kinds of zeros would hide the numbers that matter). */
  private static String kinds(List<ResourceKind> shown, Map<ResourceKind, Long> counts) {
    return shown.stream().map(k -> k.id() + " " + counts.getOrDefault(k, 0L)).collect(Collectors.joining(", "));
  }

  static String duration(Duration d) {
    long seconds = d.toSeconds();
    if (seconds < 60) {
      return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
    return seconds / 60 + " min " + seconds % 60 + " s";
  }
}
