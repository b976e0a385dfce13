package dev.autobind.apply;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import dev.autobind.kind.ClusterEndpoint;
import dev.autobind.plan.ClusterObject;
import dev.autobind.plan.ClusterObject.RoleRef;
import dev.autobind.plan.ObjectMerge;
import dev.autobind.plan.ObservedObject;
import dev.autobind.policy.ClusterSetup.RoleKind;
import dev.autobind.policy.ClusterSetup.Subject;
import dev.autobind.policy.ClusterSetup.SubjectKind;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleRefBuilder;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@link ClusterObjectGateway} over fabric8's Kubernetes client on the JDK's HTTP client.
 *
 * <p>Against a real cluster every write is a server-side apply with field manager {@code autobind},
 * never forced: a field another manager owns with another value fails with 409 instead of being taken
 * over. The local cloud's clusters are fabric8's mock API server in CRUD mode, which implements JSON
 * and JSON-merge patches but not server-side apply (its PATCH handler answers 415 to
 * {@code application/apply-patch+yaml}, and 404 for an object that does not exist); there, and only
 * there, a create is a POST and an addition a JSON patch of {@code add} operations for only the added
 * fields (the mock's merge patch appends to lists rather than replacing them, so it is not used).
 */
public final class KubernetesClusterGateway implements ClusterObjectGateway {

  /** The field manager autobind's writes are recorded under. */
  public static final String FIELD_MANAGER = "autobind";

  private static final String CLOUD_PLATFORM = "https://www.googleapis.com/auth/cloud-platform";
  private static final Pattern LOOPBACK = Pattern.compile("(127(\\.[0-9]{1,3}){3}|localhost|\\[::1]):[0-9]{1,5}");
  private static final int CONNECT_TIMEOUT_MS = 10_000;
  private static final int REQUEST_TIMEOUT_MS = 30_000;

  /** How writes reach the API server. */
  enum WriteMode { SERVER_SIDE_APPLY, CREATE_AND_MERGE }

  private final KubernetesClient client;
  private final WriteMode mode;

  KubernetesClusterGateway(KubernetesClient client, WriteMode mode) {
    this.client = Objects.requireNonNull(client, "client");
    this.mode = Objects.requireNonNull(mode, "mode");
  }

  /**
   * A gateway to the cluster at {@code endpoint}: against Google Cloud over TLS with the function's own
   * Google identity (an Application Default Credentials access token as the bearer); against the local
   * cloud ({@code emulatorHost} present) in plaintext with no credentials, and only on a loopback address.
   */
  public static KubernetesClusterGateway connect(ClusterEndpoint endpoint, Optional<String> emulatorHost) {
    ConfigBuilder config = new ConfigBuilder(Config.empty())
        .withConnectionTimeout(CONNECT_TIMEOUT_MS)
        .withRequestTimeout(REQUEST_TIMEOUT_MS)
        .withRequestRetryBackoffLimit(1);
    WriteMode mode;
    if (emulatorHost.isPresent()) {
      if (!LOOPBACK.matcher(endpoint.host()).matches()) {
        throw new IllegalArgumentException("the local cloud reported cluster endpoint '" + endpoint.host()
            + "'; in emulator mode autobind talks plaintext to loopback addresses only");
      }
      config.withMasterUrl("http://" + endpoint.host());
      mode = WriteMode.CREATE_AND_MERGE;
    } else {
      config.withMasterUrl("https://" + endpoint.host()).withOauthTokenProvider(googleAccessToken());
      // The DNS-based endpoint serves a publicly trusted certificate; the IP endpoint the cluster's own CA.
      if (!endpoint.dnsBased() && !endpoint.caCertificate().isEmpty()) {
        config.withCaCertData(endpoint.caCertificate());
      }
      mode = WriteMode.SERVER_SIDE_APPLY;
    }
    KubernetesClient client = new KubernetesClientBuilder().withConfig(config.build())
        .withHttpClientFactory(new JdkHttpClientFactory()).build();
    return new KubernetesClusterGateway(client, mode);
  }

  private static io.fabric8.kubernetes.client.OAuthTokenProvider googleAccessToken() {
    GoogleCredentials credentials;
    try {
      credentials = GoogleCredentials.getApplicationDefault().createScoped(List.of(CLOUD_PLATFORM));
    } catch (IOException e) {
      throw new UncheckedIOException("no Application Default Credentials for the cluster's Kubernetes API", e);
    }
    return () -> {
      try {
        credentials.refreshIfExpired();
        AccessToken token = credentials.getAccessToken();
        return token.getTokenValue();
      } catch (IOException e) {
        throw new UncheckedIOException("refreshing the Google access token for the Kubernetes API failed", e);
      }
    };
  }

  @Override
  public Optional<ObservedObject> read(ClusterObject object) {
    HasMetadata found = client.resource(declared(object)).get();
    if (found == null) {
      return Optional.empty();
    }
    ObjectMeta meta = found.getMetadata();
    Optional<RoleRef> role = Optional.empty();
    List<io.fabric8.kubernetes.api.model.rbac.Subject> subjects = List.of();
    if (found instanceof RoleBinding rb) {
      role = roleRef(rb.getRoleRef());
      subjects = rb.getSubjects() == null ? List.of() : rb.getSubjects();
    } else if (found instanceof ClusterRoleBinding crb) {
      role = roleRef(crb.getRoleRef());
      subjects = crb.getSubjects() == null ? List.of() : crb.getSubjects();
    }
    return Optional.of(new ObservedObject(orEmpty(meta.getLabels()), orEmpty(meta.getAnnotations()), role,
        subjects.stream().map(KubernetesClusterGateway::subject).flatMap(Optional::stream).toList()));
  }

  @Override
  public void create(ClusterObject object) {
    HasMetadata declared = declared(object);
    if (mode == WriteMode.SERVER_SIDE_APPLY) {
      client.resource(declared).fieldManager(FIELD_MANAGER).serverSideApply();
    } else {
      client.resource(declared).create();
    }
  }

  @Override
  public void add(ClusterObject object, ObservedObject current, ObjectMerge.Add addition) {
    if (mode == WriteMode.SERVER_SIDE_APPLY) {
      // The applied configuration is autobind's whole intent for the object: its declared fields and, for
      // a binding, the subjects found plus the missing ones. The server keeps every other field as it is.
      List<Subject> subjects = new ArrayList<>(current.subjects());
      subjects.addAll(addition.subjects());
      ClusterObject applied = new ClusterObject(object.kind(), object.namespace(), object.name(), object.labels(),
          object.annotations(), object.role(), object.role().isPresent() ? subjects : List.of());
      client.resource(declared(applied)).fieldManager(FIELD_MANAGER).serverSideApply();
      return;
    }
    client.resource(declared(object)).patch(PatchContext.of(PatchType.JSON), Serialization.asJson(additions(current, addition)));
  }

  /**
   * A JSON patch (RFC 6902) of {@code add} operations only: each missing label, annotation and subject,
   * so nothing already on the object is replaced. A map or list the object lacks is added whole.
   */
  static List<Map<String, Object>> additions(ObservedObject current, ObjectMerge.Add addition) {
    List<Map<String, Object>> ops = new ArrayList<>();
    entries(ops, "/metadata/labels", current.labels(), addition.labels());
    entries(ops, "/metadata/annotations", current.annotations(), addition.annotations());
    List<io.fabric8.kubernetes.api.model.rbac.Subject> subjects =
        addition.subjects().stream().map(KubernetesClusterGateway::subject).toList();
    if (!subjects.isEmpty() && current.subjects().isEmpty()) {
      ops.add(Map.of("op", "add", "path", "/subjects", "value", subjects));
    } else {
      subjects.forEach(s -> ops.add(Map.of("op", "add", "path", "/subjects/-", "value", s)));
    }
    return ops;
  }

  private static void entries(List<Map<String, Object>> ops, String path, Map<String, String> current,
      Map<String, String> missing) {
    if (missing.isEmpty()) {
      return;
    }
    if (current.isEmpty()) {
      ops.add(Map.of("op", "add", "path", path, "value", missing));
      return;
    }
    // JSON pointer escaping (RFC 6901): '~' as ~0, '/' as ~1, as in iam.gke.io/gcp-service-account.
    missing.forEach((k, v) -> ops.add(Map.of("op", "add", "path", path + "/" + k.replace("~", "~0").replace("/", "~1"),
        "value", v)));
  }

  @Override
  public void close() {
    client.close();
  }

  /** The fabric8 model of {@code object}, with only the fields autobind manages. */
  static HasMetadata declared(ClusterObject object) {
    ObjectMeta meta = new ObjectMetaBuilder().withName(object.name()).withNamespace(object.namespace().orElse(null))
        .withLabels(object.labels().isEmpty() ? null : object.labels())
        .withAnnotations(object.annotations().isEmpty() ? null : object.annotations()).build();
    return switch (object.kind()) {
      case NAMESPACE -> new NamespaceBuilder().withMetadata(meta).build();
      case SERVICE_ACCOUNT -> new ServiceAccountBuilder().withMetadata(meta).build();
      case ROLE_BINDING -> new RoleBindingBuilder().withMetadata(meta).withRoleRef(roleRef(object))
          .withSubjects(object.subjects().stream().map(KubernetesClusterGateway::subject).toList()).build();
      case CLUSTER_ROLE_BINDING -> new ClusterRoleBindingBuilder().withMetadata(meta).withRoleRef(roleRef(object))
          .withSubjects(object.subjects().stream().map(KubernetesClusterGateway::subject).toList()).build();
    };
  }

  private static io.fabric8.kubernetes.api.model.rbac.RoleRef roleRef(ClusterObject object) {
    RoleRef role = object.role().orElseThrow(() -> new IllegalArgumentException(object.id() + " names no role"));
    return new RoleRefBuilder().withApiGroup("rbac.authorization.k8s.io").withKind(role.kind().kind())
        .withName(role.name()).build();
  }

  private static Optional<RoleRef> roleRef(io.fabric8.kubernetes.api.model.rbac.RoleRef ref) {
    if (ref == null) {
      return Optional.empty();
    }
    Optional<RoleKind> kind = java.util.Arrays.stream(RoleKind.values()).filter(k -> k.kind().equals(ref.getKind()))
        .findFirst();
    return kind.map(k -> new RoleRef(k, Objects.toString(ref.getName(), "")));
  }

  private static io.fabric8.kubernetes.api.model.rbac.Subject subject(Subject s) {
    SubjectBuilder b = new SubjectBuilder().withKind(s.kind().kind()).withName(s.name());
    if (s.kind() == SubjectKind.SERVICE_ACCOUNT) {
      b.withNamespace(s.namespace().orElseThrow());
    } else {
      b.withApiGroup("rbac.authorization.k8s.io");
    }
    return b.build();
  }

  /** A subject found in the cluster, when it is of a kind autobind knows; others are kept but never compared. */
  private static Optional<Subject> subject(io.fabric8.kubernetes.api.model.rbac.Subject s) {
    return java.util.Arrays.stream(SubjectKind.values()).filter(k -> k.kind().equals(s.getKind())).findFirst()
        .map(k -> new Subject(k, Objects.toString(s.getName(), ""),
            k == SubjectKind.SERVICE_ACCOUNT ? Optional.ofNullable(s.getNamespace()) : Optional.empty()));
  }

  private static Map<String, String> orEmpty(Map<String, String> map) {
    return map == null ? Map.of() : map;
  }

  /** Whether a failed call can succeed when tried again: no answer, a timeout, throttling or a server error. */
  static boolean isTransient(KubernetesClientException e) {
    int code = e.getCode();
    return code == 0 || code == 408 || code == 429 || code >= 500;
  }
}
