package dev.autobind.deploy;

import java.util.Objects;

/**
 * What undoes a deploy step, declared by the step itself, as a resource carries its own delete: a removal
 * step, a thing the teardown leaves (and why), or nothing because it goes with something else.
 */
public sealed interface Undo {

  /** Nothing declared yet: the teardown refuses to guess. */
  Undo UNDECLARED = new Undeclared();

  /** The step that removes what the deploy step made. */
  record Remove(Step step) implements Undo {
    public Remove {
      Objects.requireNonNull(step, "step");
    }
  }

  /** What the teardown leaves in place, and why. */
  record Keep(String what, String why) implements Undo {
    public Keep {
      Objects.requireNonNull(what, "what");
      Objects.requireNonNull(why, "why");
    }
  }

  /** Nothing to undo: it goes with something else the teardown removes, or it removed something itself. */
  record Nothing(String why) implements Undo {
    public Nothing {
      Objects.requireNonNull(why, "why");
    }
  }

  /** No inverse was declared. */
  record Undeclared() implements Undo {}
}
