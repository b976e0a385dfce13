package dev.autobind.cli;

import dev.autobind.kinds.ShippedKinds;
import dev.autobind.event.EventDecoder;
import dev.autobind.event.Intake;
import dev.autobind.event.IntakeJson;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code decode FILE|-}: turns one CloudEvent into a ResourceEvent, printed as one JSON line. */
@Command(name = "decode", mixinStandardHelpOptions = true,
    description = "Decodes one CloudEvent in JSON structured format and prints one JSON line whose outcome is"
        + " resource, ignored (with a reason) or invalid (with the field at fault).",
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {"0:resource or ignored", "2:invalid event, or a file that cannot be read"})
final class DecodeCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "FILE|-", description = "The event file, or - for standard input.")
  String file;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    byte[] event;
    try {
      event = EventFile.read(file, System.in);
    } catch (IOException e) {
      spec.commandLine().getErr().println("decode: cannot read " + file + ": " + EventFile.reason(e));
      return Main.EXIT_INVALID;
    }
    Intake intake = new EventDecoder(ShippedKinds.registry()).decodeStructured(event);
    spec.commandLine().getOut().println(IntakeJson.line(intake));
    spec.commandLine().getOut().flush();
    return intake.outcome().exitCode();
  }
}
