package dev.autobind.backfill;

import java.io.PrintWriter;

/** {@code --dry-run}: prints each resource's full name on its own line, and publishes nothing. */
public final class DryRunListing implements Destination {
  private final PrintWriter out;
  private final BackfillReport report;

  public DryRunListing(PrintWriter out, BackfillReport report) {
    this.out = out;
    this.report = report;
  }

  @Override
  public Mode mode() {
    return Mode.DRY_RUN;
  }

  @Override
  public void accept(FoundResource resource) {
    out.println(resource.fullName());
    report.handled(Mode.DRY_RUN.done());
  }

  @Override
  public void finish() {
    out.flush();
  }

  @Override
  public void close() {
    out.flush();
  }
}
