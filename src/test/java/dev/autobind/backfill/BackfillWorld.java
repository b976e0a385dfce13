package dev.autobind.backfill;

import com.google.iam.v1.Binding;
import com.google.iam.v1.Policy;
import dev.autobind.localcloud.Seed;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A generated world for backfill: governed {@code bf-} projects full of GKE clusters and Vertex AI
 * models, one of them already compliant with {@link #POLICY}, and a sandbox the policy excludes.
 */
public final class BackfillWorld {

  /** The policy the world is made for. */
  public static final Path POLICY = Path.of("src/test/resources/backfill/function.yaml");
  /** The project whose every resource already complies, so handling it must write nothing. */
  public static final String COMPLIANT = "bf-ready";
  /** Five governed projects; the first is {@link #COMPLIANT}. */
  public static final List<String> GOVERNED = List.of(COMPLIANT, "bf-train-1", "bf-train-2", "bf-train-3", "bf-serve-4");
  /** A project the policy excludes ({@code *-sandbox}); its resources must be skipped. */
  public static final String SANDBOX = "bf-sandbox";
  public static final String FOREIGN_ROLE = "roles/viewer";
  public static final String FOREIGN_MEMBER = "group:ml-oncall@example.com";
  public static final String ENGINEERS = "group:ml-engineers@example.com";
  public static final String REVIEWERS = "group:ml-reviewers@example.com";

  static final List<String> CLUSTER_LOCATIONS = List.of("us-central1-a", "us-central1", "europe-west4-b");
  static final List<String> MODEL_LOCATIONS = List.of("us-central1", "europe-west4");

  private BackfillWorld() {}

  /** 40 resources in each of the five governed projects (200 in all) and 6 in the sandbox. */
  public static Seed standard() {
    return seed(GOVERNED, 40, 6);
  }

  /**
   * {@code perProject} resources in each of {@code projects} (three clusters for every two models), and
   * {@code sandboxResources} in {@link #SANDBOX}. A project named {@link #COMPLIANT} is made compliant.
   */
  public static Seed seed(List<String> projects, int perProject, int sandboxResources) {
    List<Seed.Project> seeded = new ArrayList<>();
    long number = 900_000_000_001L;
    for (String project : projects) {
      seeded.add(project(project, number++, perProject, project.equals(COMPLIANT)));
    }
    seeded.add(project(SANDBOX, number, sandboxResources, false));
    return new Seed(Duration.ZERO, seeded);
  }

  /** The full name of every resource in the governed projects of {@code seed}, as backfill names it. */
  public static List<String> governedNames(Seed seed) {
    List<String> names = new ArrayList<>();
    for (Seed.Project p : seed.projects()) {
      if (p.id().equals(SANDBOX)) {
        continue;
      }
      p.clusters().forEach(c -> names.add("//container.googleapis.com/projects/" + p.id() + "/locations/"
          + c.location() + "/clusters/" + c.name()));
      p.models().forEach(m -> names.add("//aiplatform.googleapis.com/projects/" + p.id() + "/locations/"
          + m.location() + "/models/" + m.id()));
    }
    return names;
  }

  /** The email of the standard service account in {@code project}. */
  public static String trainer(String project) {
    return "ml-trainer@" + project + ".iam.gserviceaccount.com";
  }

  private static Seed.Project project(String id, long number, int resources, boolean compliant) {
    List<Seed.Cluster> clusters = new ArrayList<>();
    List<Seed.Model> models = new ArrayList<>();
    for (int i = 0; i < resources; i++) {
      if (i % 5 < 3) {
        clusters.add(new Seed.Cluster(CLUSTER_LOCATIONS.get(i % CLUSTER_LOCATIONS.size()),
            String.format(Locale.ROOT, "gke-%04d", i), "", Map.of("team", "ml")));
      } else {
        models.add(new Seed.Model(MODEL_LOCATIONS.get(i % MODEL_LOCATIONS.size()),
            String.format(Locale.ROOT, "8%018d", number % 1_000_000 * 10_000 + i), "model-" + i, Map.of("team", "ml"),
            compliant ? policy(binding("roles/aiplatform.viewer", REVIEWERS)) : Policy.getDefaultInstance()));
      }
    }
    Policy projectPolicy = compliant
        ? policy(binding(FOREIGN_ROLE, FOREIGN_MEMBER), binding("roles/aiplatform.user", "serviceAccount:" + trainer(id)),
            binding("roles/logging.logWriter", "serviceAccount:" + trainer(id)),
            binding("roles/container.developer", ENGINEERS))
        : policy(binding(FOREIGN_ROLE, FOREIGN_MEMBER));
    List<Seed.ServiceAccount> accounts = compliant
        ? List.of(new Seed.ServiceAccount("ml-trainer", "ML trainer", "", policy(binding("roles/iam.serviceAccountUser",
            ENGINEERS))))
        : List.of();
    return new Seed.Project(id, number, projectPolicy, accounts, clusters, models);
  }

  private static Binding binding(String role, String member) {
    return Binding.newBuilder().setRole(role).addMembers(member).build();
  }

  private static Policy policy(Binding... bindings) {
    return Policy.newBuilder().addAllBindings(List.of(bindings)).build();
  }
}
