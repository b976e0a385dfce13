package dev.autobind.localcloud;

import dev.autobind.apply.CloudClients;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension: one local cloud per test class on a {@link ManualClock}, reset to its seed before
 * each test, with {@link CloudClients} pointed at it. Register it as a static field:
 * {@code @RegisterExtension static final LocalCloudExtension LOCAL = LocalCloudExtension.seeded("localcloud/demo-seed.yaml");}
 */
public final class LocalCloudExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {

  private final String seedResource;
  private final ManualClock clock = ManualClock.atEpochOf2025();
  private LocalCloud cloud;
  private CloudClients clients;

  private LocalCloudExtension(String seedResource) {
    this.seedResource = seedResource;
  }

  /** A local cloud seeded from a test-classpath resource. */
  public static LocalCloudExtension seeded(String seedResource) {
    return new LocalCloudExtension(seedResource);
  }

  public LocalCloud cloud() {
    return cloud;
  }

  public CloudClients clients() {
    return clients;
  }

  public ManualClock clock() {
    return clock;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    cloud = LocalCloud.builder().seed(Seed.fromResource(seedResource)).clock(clock).start();
    clients = CloudClients.forEmulator(cloud.host());
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    cloud.reset(Seed.fromResource(seedResource));
  }

  @Override
  public void afterAll(ExtensionContext context) {
    try {
      clients.close();
    } finally {
      cloud.close();
    }
  }
}
