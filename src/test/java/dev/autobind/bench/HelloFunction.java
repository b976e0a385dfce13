package dev.autobind.bench;

import com.google.cloud.functions.CloudEventsFunction;
import io.cloudevents.CloudEvent;

/** The cold-start baseline: the smallest CloudEventsFunction, one log line per event and nothing else. */
public final class HelloFunction implements CloudEventsFunction {

  @Override
  public void accept(CloudEvent event) {
    System.out.println("{\"severity\":\"INFO\",\"message\":\"hello " + event.getId() + "\"}");
  }
}
