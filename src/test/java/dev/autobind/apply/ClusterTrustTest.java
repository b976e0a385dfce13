package dev.autobind.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autobind.kind.ClusterEndpoint;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.internal.CertUtils;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against a cluster's IP endpoint the Kubernetes client trusts the CA certificate GetCluster reported and
 * nothing else: not the JDK's public roots, which fabric8 would otherwise add the CA to.
 */
class ClusterTrustTest {

  @TempDir static Path temp;
  static String caData;

  /** A throwaway self-signed CA, made with the JDK's keytool, as GKE reports it: base64 of the PEM. */
  @BeforeAll
  static void makeACa() throws Exception {
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Path store = temp.resolve("ca.p12");
    run(List.of(keytool.toString(), "-genkeypair", "-keystore", store.toString(), "-storepass", "changeit",
        "-alias", "ca", "-keyalg", "EC", "-dname", "CN=cluster-ca", "-validity", "1"));
    String pem = run(List.of(keytool.toString(), "-exportcert", "-rfc", "-alias", "ca", "-keystore",
        store.toString(), "-storepass", "changeit"));
    caData = Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void anIpEndpointTrustsItsClusterCaAlone() throws Exception {
    Config config = KubernetesClusterGateway.config(new ClusterEndpoint("34.1.2.3:443", caData, false), false,
        Optional.empty());
    KeyStore trusted = CertUtils.createTrustStore(config.getCaCertData(), config.getCaCertFile(),
        config.getTrustStoreFile(), config.getTrustStorePassphrase());

    assertThat(config.getMasterUrl()).isEqualTo("https://34.1.2.3:443/");
    assertThat(Collections.list(trusted.aliases())).hasSize(1);
    assertThat(trusted.getCertificate(trusted.aliases().nextElement()).toString()).contains("CN=cluster-ca");
    KeyStore own = KeyStore.getInstance(KeyStore.getDefaultType());
    try (var in = Files.newInputStream(Path.of(config.getTrustStoreFile()))) {
      own.load(in, config.getTrustStorePassphrase().toCharArray());
    }
    assertThat(own.size()).isZero();
  }

  @Test
  void anIpEndpointWithoutACaIsRefused() {
    assertThatThrownBy(() -> KubernetesClusterGateway.config(new ClusterEndpoint("34.1.2.3:443", " ", false), false,
        Optional.empty())).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("GetCluster reported no CA certificate for the endpoint 34.1.2.3:443; autobind trusts that"
            + " certificate only, so it cannot connect");
  }

  @Test
  void theDnsEndpointUsesThePubliclyTrustedCertificate() {
    Config config = KubernetesClusterGateway.config(new ClusterEndpoint("gke-1.us-central1.gke.goog", caData, true),
        false, Optional.empty());

    assertThat(config.getTrustStoreFile()).isNull();
    assertThat(config.getCaCertData()).isNull();
  }

  @Test
  void theLocalCloudIsPlaintextOnLoopbackOnly() {
    assertThat(KubernetesClusterGateway.config(new ClusterEndpoint("127.0.0.1:8443", "", false), true,
        Optional.empty()).getMasterUrl()).isEqualTo("http://127.0.0.1:8443/");
    assertThatThrownBy(() -> KubernetesClusterGateway.config(new ClusterEndpoint("10.0.0.1:443", "", false), true,
        Optional.empty())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("loopback");
  }

  private static String run(List<String> argv) throws Exception {
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }
}
