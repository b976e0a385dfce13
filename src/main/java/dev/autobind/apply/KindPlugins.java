package dev.autobind.apply;

import dev.autobind.kind.KindRegistry;
import dev.autobind.kind.ResourceKind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The kinds autobind governs with both halves: the pure {@link KindRegistry} that intake, policy, planner
 * and deploy plan read, and for each kind how to build its {@link KindAccess}. The wiring builds one per
 * instance and passes it down; a kind is one class plus one {@link Row}.
 */
public final class KindPlugins {

  /**
   * One row: a kind's pure half, and how to build its I/O half. The I/O half is built on first use
   * (through a lambda, which loads no client class before it runs), so a GKE event loads no Vertex AI class.
   */
  public record Row(ResourceKind kind, Supplier<KindAccess> access) {
    public Row {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(access, "access");
    }
  }

  private final List<Row> rows;
  private final KindRegistry registry;
  private final Map<ResourceKind, KindAccess> built = new ConcurrentHashMap<>();

  private KindPlugins(List<Row> rows) {
    this.rows = List.copyOf(rows);
    this.registry = KindRegistry.of(this.rows.stream().map(Row::kind).toList());
  }

  /** Plugins over {@code rows}, in their order; the registry's rules on repeats apply. */
  public static KindPlugins of(List<Row> rows) {
    return new KindPlugins(rows);
  }

  /** These rows followed by {@code extra}, for tests that add a kind. */
  public KindPlugins with(List<Row> extra) {
    List<Row> all = new ArrayList<>(rows);
    all.addAll(extra);
    return of(all);
  }

  /** Only {@code wanted}'s rows, in this order: for listing some kinds only. */
  public KindPlugins only(Collection<ResourceKind> wanted) {
    return of(rows.stream().filter(r -> wanted.contains(r.kind())).toList());
  }

  /** The pure halves. */
  public KindRegistry registry() {
    return registry;
  }

  /** Every kind, in registry order. */
  public List<ResourceKind> kinds() {
    return registry.kinds();
  }

  /** The I/O half of {@code kind}, built on first use. */
  public KindAccess access(ResourceKind kind) {
    return built.computeIfAbsent(kind, k -> rows.stream().filter(r -> r.kind() == k).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("kind " + k.id() + " is not in the registry"))
        .access().get());
  }
}
