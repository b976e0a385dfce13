package dev.autobind.backfill;

/** Where each admitted resource goes: listed, published or applied. Every outcome ends up in the report. */
public interface Destination extends AutoCloseable {

  Mode mode();

  /** Hands on one resource; may block, to bound the work in flight. */
  void accept(FoundResource resource);

  /** Waits until every resource handed on has its outcome in the report. */
  void finish() throws InterruptedException;

  @Override
  void close();
}
