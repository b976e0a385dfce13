package dev.autobind.policy;

import dev.autobind.kinds.ShippedKinds;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads fixtures from src/test/resources. */
public final class Fixtures {

  private Fixtures() {}

  /** The text of a classpath resource, e.g. {@code policies/bad/all-users.yaml}. */
  public static String text(String resource) {
    try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no such test resource: " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(resource, e);
    }
  }

  /** A policy fixture parsed as if it were named function.yaml. */
  public static PolicyFile policy(String resource) {
    return PolicyFile.parse("function.yaml", text(resource), ShippedKinds.registry());
  }
}
