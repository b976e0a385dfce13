package dev.autobind.event;

/** Which audit entry of a long-running operation an event is: the first, the last, or not part of one. */
public enum Phase {
  FIRST("first"),
  LAST("last"),
  NONE("none");

  private final String id;

  Phase(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }
}
