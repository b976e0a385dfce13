package dev.autobind.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One word of a command line: literal text, possibly with the value of a {@link Variable} set by an
 * earlier step spliced in.
 */
public record Arg(List<Piece> pieces) {

  /** A part of a word. */
  public sealed interface Piece permits Text, Value {}

  /** Literal text, passed to the command exactly as written. */
  public record Text(String text) implements Piece {
    public Text {
      ShellSyntax.requirePrintable(text);
    }
  }

  /** The value of a variable that an earlier step set. */
  public record Value(Variable variable) implements Piece {
    public Value {
      Objects.requireNonNull(variable, "variable");
    }
  }

  public Arg {
    pieces = List.copyOf(pieces);
    if (pieces.isEmpty()) {
      throw new IllegalArgumentException("an argument needs at least one piece");
    }
  }

  /** A literal argument. */
  public static Arg of(String text) {
    return new Arg(List.of(new Text(text)));
  }

  /** {@code prefix} followed by the value of {@code variable}, followed by {@code suffix}. */
  public static Arg of(String prefix, Variable variable, String suffix) {
    List<Piece> pieces = new ArrayList<>();
    if (!prefix.isEmpty()) {
      pieces.add(new Text(prefix));
    }
    pieces.add(new Value(variable));
    if (!suffix.isEmpty()) {
      pieces.add(new Text(suffix));
    }
    return new Arg(pieces);
  }

  /** {@code prefix}, then every piece of {@code args} in order, adjacent text joined so that it quotes as one. */
  public static Arg joined(String prefix, Arg... args) {
    List<Piece> pieces = new ArrayList<>();
    if (!prefix.isEmpty()) {
      pieces.add(new Text(prefix));
    }
    for (Arg arg : args) {
      for (Piece piece : arg.pieces()) {
        if (piece instanceof Text text && !pieces.isEmpty() && pieces.get(pieces.size() - 1) instanceof Text last) {
          pieces.set(pieces.size() - 1, new Text(last.text() + text.text()));
        } else {
          pieces.add(piece);
        }
      }
    }
    return new Arg(pieces);
  }

  /** The argument as literal text, when it uses no variable. */
  public Optional<String> literal() {
    StringBuilder out = new StringBuilder();
    for (Piece piece : pieces) {
      if (!(piece instanceof Text text)) {
        return Optional.empty();
      }
      out.append(text.text());
    }
    return Optional.of(out.toString());
  }

  /** The variables this argument reads. */
  public List<Variable> variables() {
    return pieces.stream().filter(Value.class::isInstance).map(p -> ((Value) p).variable()).toList();
  }

  /** The argument as one shell word: quoted where needed, variables as {@code "${NAME:?}"}. */
  public String shell() {
    StringBuilder out = new StringBuilder();
    for (Piece piece : pieces) {
      if (piece instanceof Text text) {
        out.append(out.isEmpty() ? ShellSyntax.quoteFirst(text.text()) : ShellSyntax.quote(text.text()));
      } else {
        out.append("\"${").append(((Value) piece).variable().name()).append(":?}\"");
      }
    }
    return out.toString();
  }
}
