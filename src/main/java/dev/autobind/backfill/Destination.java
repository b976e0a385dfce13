package dev.autobind.backfill;

/** Where each admitted resource goes: listed, published or applied. Every outcome ends up in the report. */
public interface Destination extends AutoCloseable {

  Mode mode();

  /** Hands on one resource; may block, to bound the work in flight. */
  void accept(FoundResource resource);

  /** Hands on one resource with the facts its listing returned; only a destination that applies uses them. */
  default void accept(FoundResource resource, dev.autobind.kind.ResourceFacts facts) {
    accept(resource);
  }

  /** Waits until every resource handed on has its outcome in the report. */
  void finish() throws InterruptedException;

  @Override
  void close();
}
