package dev.autobind.cli;

import dev.autobind.kinds.ShippedKinds;
import dev.autobind.event.EventDecoder;
import dev.autobind.event.Intake;
import dev.autobind.policy.PolicyException;
import dev.autobind.policy.PolicyFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code plan --event FILE [--policy FILE] [--json]}: shows what one event would be granted, with no API calls. */
@Command(name = "plan", mixinStandardHelpOptions = true,
    description = {
      "Shows what autobind would grant for one event, without calling any API.",
      "Facts that need the API are reported as unknown, never guessed: the project number and labels. The"
          + " workload pool is PROJECT.svc.id.goog, as GKE always names it."},
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {"0:plan shown, or the event is ignored", "2:invalid event or policy, or a bad argument"})
final class PlanCommand implements Callable<Integer> {

  @Option(names = "--event", required = true, paramLabel = "FILE",
      description = "One CloudEvent in JSON structured format, or - for standard input.")
  String event;

  @Mixin PolicyFileOption policyFile;

  @Option(names = "--json", description = "Print one JSON document instead of text.")
  boolean json;

  @Spec CommandSpec spec;

  /** Decodes the event bytes; the real decoder unless a test puts in another. */
  Function<byte[], Intake> decoder = bytes -> new EventDecoder(ShippedKinds.registry()).decodeStructured(bytes);

  Map<String, String> environment = System.getenv();

  InputStream stdin = System.in;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PlanReport.Rendered rendered = run();
    out.println(rendered.text());
    out.flush();
    return rendered.exitCode();
  }

  private PlanReport.Rendered run() {
    PolicyFile file;
    try {
      file = policyFile.load(environment);
    } catch (PolicyException e) {
      return PlanReport.invalidPolicy(e, json);
    }
    byte[] bytes;
    try {
      bytes = EventFile.read(event, stdin);
    } catch (IOException e) {
      return PlanReport.invalid("cannot read the event " + event + ": " + EventFile.reason(e), List.of(), json);
    }
    return PlanReport.render(decoder.apply(bytes), file, json);
  }

}
