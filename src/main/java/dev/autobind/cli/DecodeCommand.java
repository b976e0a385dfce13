package dev.autobind.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code decode FILE|-}: turns one CloudEvent into a ResourceEvent, printed as one JSON line. */
@Command(name = "decode", mixinStandardHelpOptions = true,
    description = "Decodes one CloudEvent (JSON structured format) and prints the outcome as one JSON line.")
final class DecodeCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "FILE|-", description = "The event file, or - for standard input.")
  String file;

  @Override
  public Integer call() {
    throw new IllegalStateException("decode is built by the intake work");
  }
}
