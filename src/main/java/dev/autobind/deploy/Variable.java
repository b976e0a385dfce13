package dev.autobind.deploy;

/**
 * A shell variable that one step sets from a command's output and later steps read. Each holds a
 * name only known once an earlier step has run in the cloud.
 */
public enum Variable {
  /** The function's project number, which names the project's service agents. */
  PROJECT_NUMBER("the function project's number"),
  /** The organization above a folder or project sink scope: custom roles live there, and the deny policy names it. */
  ROLE_ORGANIZATION("the organization above the sink scope"),
  /** The organization's Cloud Identity customer id, which names its own principals in the deny policy. */
  CUSTOMER_ID("the organization's customer id"),
  /** The identity the Log Router sink writes as, e.g. {@code serviceAccount:service-org-N@gcp-sa-logging...}. */
  SINK_WRITER("the sink's writer identity"),
  /** The Eventarc trigger Cloud Functions made for the function, {@code projects/P/locations/R/triggers/T}. */
  FUNCTION_TRIGGER("the function's Eventarc trigger"),
  /** The Pub/Sub subscription behind that trigger, {@code projects/P/subscriptions/S}. */
  TRIGGER_SUBSCRIPTION("the trigger's Pub/Sub subscription");

  private final String meaning;

  Variable(String meaning) {
    this.meaning = meaning;
  }

  /** What the variable holds, in words, for messages. */
  public String meaning() {
    return meaning;
  }
}
