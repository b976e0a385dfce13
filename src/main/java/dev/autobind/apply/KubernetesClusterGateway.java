package dev.autobind.apply;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ImpersonatedCredentials;
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
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.Base64;
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
  /**
   * The account Kubernetes calls run as, which deploy.sh sets: the function impersonates it for short-lived
   * tokens, so its own account needs no Kubernetes permission. Unset, the calls use the caller's credentials.
   */
  public static final String ACCOUNT_VARIABLE = "AUTOBIND_KUBERNETES_ACCOUNT";
  /** How long each impersonated token lives, in seconds. */
  static final int TOKEN_LIFETIME_SECONDS = 600;

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
   * A gateway to the cluster at {@code endpoint}: against Google Cloud over TLS as the Kubernetes account that
   * {@value #ACCOUNT_VARIABLE} names (else the Application Default Credentials); against the local cloud
   * ({@code emulatorHost} present) in plaintext with no credentials, and only on a loopback address.
   */
  public static KubernetesClusterGateway connect(ClusterEndpoint endpoint, Optional<String> emulatorHost) {
    Optional<String> account = Optional.ofNullable(System.getenv(ACCOUNT_VARIABLE)).filter(a -> !a.isBlank());
    WriteMode mode = emulatorHost.isPresent() ? WriteMode.CREATE_AND_MERGE : WriteMode.SERVER_SIDE_APPLY;
    Config config = config(endpoint, emulatorHost.isPresent(),
        emulatorHost.isPresent() ? Optional.empty() : Optional.of(googleAccessToken(account)));
    KubernetesClient client = new KubernetesClientBuilder().withConfig(config)
        .withHttpClientFactory(new JdkHttpClientFactory()).build();
    return new KubernetesClusterGateway(client, mode);
  }

  /**
   * The client's configuration. Against a cluster's IP endpoint the client trusts the CA certificate GetCluster
   * reported and nothing else: fabric8 adds a CA to the JDK's public roots unless it is given a trust store of
   * its own, so it is given an empty one. The DNS-based endpoint serves a publicly trusted certificate.
   */
  static Config config(ClusterEndpoint endpoint, boolean emulator,
      Optional<io.fabric8.kubernetes.client.OAuthTokenProvider> token) {
    ConfigBuilder config = new ConfigBuilder(Config.empty())
        .withConnectionTimeout(CONNECT_TIMEOUT_MS)
        .withRequestTimeout(REQUEST_TIMEOUT_MS)
        .withRequestRetryBackoffLimit(1);
    if (emulator) {
      if (!LOOPBACK.matcher(endpoint.host()).matches()) {
        throw new IllegalArgumentException("the local cloud reported cluster endpoint '" + endpoint.host()
            + "'; in emulator mode autobind talks plaintext to loopback addresses only");
      }
      return config.withMasterUrl("http://" + endpoint.host()).build();
    }
    config.withMasterUrl("https://" + endpoint.host());
    token.ifPresent(config::withOauthTokenProvider);
    if (!endpoint.dnsBased()) {
      if (endpoint.caCertificate().isBlank()) {
        throw new IllegalArgumentException("GetCluster reported no CA certificate for the endpoint "
            + endpoint.host() + "; autobind trusts that certificate only, so it cannot connect");
      }
      char[] passphrase = passphrase();
      config.withCaCertData(endpoint.caCertificate()).withTrustStoreFile(emptyTrustStore(passphrase).toString())
          .withTrustStorePassphrase(new String(passphrase));
    }
    return config.build();
  }

  private static char[] passphrase() {
    byte[] bytes = new byte[18];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).toCharArray();
  }

  /** A trust store with no certificate in it, in a temporary file that is removed when the JVM exits. */
  static Path emptyTrustStore(char[] passphrase) {
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, passphrase);
      Path file = Files.createTempFile("autobind-cluster-ca", ".p12");
      file.toFile().deleteOnExit();
      try (OutputStream out = Files.newOutputStream(file)) {
        store.store(out, passphrase);
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("writing the cluster's trust store failed", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot make an empty trust store", e);
    }
  }

  /**
   * A bearer token for the Kubernetes API: when {@code account} is set, a short-lived token for that account
   * (IAM Credentials generateAccessToken, as the function's own identity); otherwise the caller's own.
   */
  private static io.fabric8.kubernetes.client.OAuthTokenProvider googleAccessToken(Optional<String> account) {
    GoogleCredentials source;
    try {
      source = GoogleCredentials.getApplicationDefault().createScoped(List.of(CLOUD_PLATFORM));
    } catch (IOException e) {
      throw new UncheckedIOException("no Application Default Credentials for the cluster's Kubernetes API", e);
    }
    GoogleCredentials credentials = account.<GoogleCredentials>map(a -> ImpersonatedCredentials.create(source, a,
        null, List.of(CLOUD_PLATFORM), TOKEN_LIFETIME_SECONDS)).orElse(source);
    return () -> {
      try {
        credentials.refreshIfExpired();
        AccessToken token = credentials.getAccessToken();
        return token.getTokenValue();
      } catch (IOException e) {
        throw new UncheckedIOException("refreshing the Google access token for the Kubernetes API failed"
            + account.map(a -> " (impersonating " + a + ")").orElse(""), e);
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
