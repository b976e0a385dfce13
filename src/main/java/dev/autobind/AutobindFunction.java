package dev.autobind;

import com.google.cloud.functions.CloudEventsFunction;
import dev.autobind.apply.Decision;
import dev.autobind.apply.DecisionLog;
import dev.autobind.event.EventDecoder;
import io.cloudevents.CloudEvent;

/**
 * The Cloud Function entry point: decodes each event and logs one decision record. It does not throw
 * for bad input, since a redelivery cannot fix it.
 */
public final class AutobindFunction implements CloudEventsFunction {
  private final EventDecoder decoder;
  private final DecisionLog log;

  /** The constructor the Functions Framework calls: decisions go to stdout, where Cloud Logging reads them. */
  public AutobindFunction() {
    this(new EventDecoder(), new DecisionLog(System.out));
  }

  AutobindFunction(EventDecoder decoder, DecisionLog log) {
    this.decoder = decoder;
    this.log = log;
  }

  @Override
  public void accept(CloudEvent event) {
    log.write(Decision.fromIntake(decoder.decode(event), event.getId()));
  }
}
