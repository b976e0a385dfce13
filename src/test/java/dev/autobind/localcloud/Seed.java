package dev.autobind.localcloud;

import com.google.iam.v1.Policy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The world the local cloud starts from, as read from a seed YAML file.
 *
 * @param visibilityDelay how long a service account created through the API stays invisible
 * @param projects the projects, in file order
 * @param folders the folders beyond the default one, each with its parent
 */
public record Seed(Duration visibilityDelay, List<Project> projects, List<Folder> folders) {

  /** Seed files larger than this are refused before parsing. */
  static final long MAX_BYTES = 8L * 1024 * 1024;
  /** The organization of function.yaml's example hierarchy. */
  public static final String ORGANIZATION = "organizations/123456789012";
  /** Where a project without {@code parent} sits: function.yaml's example ML folder, under {@link #ORGANIZATION}. */
  public static final String DEFAULT_FOLDER = "folders/234567890123";

  public Seed {
    Objects.requireNonNull(visibilityDelay, "visibilityDelay");
    projects = List.copyOf(projects);
    folders = List.copyOf(folders);
  }

  /** A world with only the default folder. */
  public Seed(Duration visibilityDelay, List<Project> projects) {
    this(visibilityDelay, projects, List.of());
  }

  /** An empty world: no projects, no visibility delay. */
  public static Seed empty() {
    return new Seed(Duration.ZERO, List.of());
  }

  /**
   * One folder.
   *
   * @param id {@code folders/N}
   * @param parent {@code folders/N} or {@code organizations/N}
   */
  public record Folder(String id, String parent) {
    public Folder {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(parent, "parent");
    }
  }

  /** Parses seed YAML; {@code source} names it in error messages. */
  public static Seed parse(String yaml, String source) {
    return new SeedReader(source).read(yaml);
  }

  /** Reads and parses a seed file. */
  public static Seed load(Path file) {
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw new SeedException(file + ": the seed file is larger than " + MAX_BYTES + " bytes");
      }
      return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    } catch (NoSuchFileException e) {
      throw new SeedException(file + ": no such seed file", e);
    } catch (IOException e) {
      throw new SeedException(file + ": cannot read the seed file: " + e, e);
    }
  }

  /** Reads and parses a seed from the test classpath, e.g. {@code localcloud/demo-seed.yaml}. */
  public static Seed fromResource(String resource) {
    try (InputStream in = Seed.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new SeedException(resource + ": no such resource on the classpath");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), resource);
    } catch (IOException e) {
      throw new SeedException(resource + ": cannot read the seed resource: " + e.getMessage(), e);
    }
  }

  /**
   * One project. {@code iamPolicy} holds bindings only; the local cloud gives it an etag.
   *
   * @param training its Vertex AI persistent resources and endpoints, Cloud TPU nodes and queued resources
   * @param parent {@code folders/N} or {@code organizations/N}
   */
  public record Project(String id, long number, Policy iamPolicy, List<ServiceAccount> serviceAccounts,
      List<Cluster> clusters, List<Model> models, List<Training> training, String parent) {
    public Project {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(parent, "parent");
      Objects.requireNonNull(iamPolicy, "iamPolicy");
      serviceAccounts = List.copyOf(serviceAccounts);
      clusters = List.copyOf(clusters);
      models = List.copyOf(models);
      training = List.copyOf(training);
    }

    /** A project in the default folder. */
    public Project(String id, long number, Policy iamPolicy, List<ServiceAccount> serviceAccounts,
        List<Cluster> clusters, List<Model> models, List<Training> training) {
      this(id, number, iamPolicy, serviceAccounts, clusters, models, training, DEFAULT_FOLDER);
    }

    /** A project without resources of the training kinds. */
    public Project(String id, long number, Policy iamPolicy, List<ServiceAccount> serviceAccounts,
        List<Cluster> clusters, List<Model> models) {
      this(id, number, iamPolicy, serviceAccounts, clusters, models, List.of());
    }
  }

  /**
   * One resource of a training kind.
   *
   * @param collection where it lives: {@code persistentResources}, {@code endpoints}, {@code nodes} or
   *     {@code queuedResources}
   * @param iamPolicy its own policy, for endpoints (the others have none)
   */
  public record Training(String collection, String location, String id, String displayName,
      Map<String, String> labels, Policy iamPolicy) {
    public Training {
      Objects.requireNonNull(collection, "collection");
      Objects.requireNonNull(location, "location");
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(displayName, "displayName");
      labels = Map.copyOf(labels);
      Objects.requireNonNull(iamPolicy, "iamPolicy");
    }
  }

  /** One user-managed service account; its email is {@code accountId@project.iam.gserviceaccount.com}. */
  public record ServiceAccount(String accountId, String displayName, String description, Policy iamPolicy) {
    public ServiceAccount {
      Objects.requireNonNull(accountId, "accountId");
      Objects.requireNonNull(displayName, "displayName");
      Objects.requireNonNull(description, "description");
      Objects.requireNonNull(iamPolicy, "iamPolicy");
    }
  }

  /** One GKE cluster; an empty {@code workloadPool} means Workload Identity is off. */
  public record Cluster(String location, String name, String workloadPool, Map<String, String> labels) {
    public Cluster {
      Objects.requireNonNull(location, "location");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(workloadPool, "workloadPool");
      labels = Map.copyOf(labels);
    }
  }

  /** One Vertex AI model. */
  public record Model(String location, String id, String displayName, Map<String, String> labels,
      Policy iamPolicy) {
    public Model {
      Objects.requireNonNull(location, "location");
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(displayName, "displayName");
      labels = Map.copyOf(labels);
      Objects.requireNonNull(iamPolicy, "iamPolicy");
    }
  }
}
