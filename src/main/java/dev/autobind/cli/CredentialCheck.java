package dev.autobind.cli;

import com.google.auth.oauth2.GoogleCredentials;
import dev.autobind.apply.CloudClients;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * Looks for Google Cloud credentials before a command calls an API, so that their absence is one line that
 * says how to fix it, instead of a client library's stack trace from deep inside the first call.
 */
final class CredentialCheck {
  /** The variable that names a key file for Application Default Credentials. */
  static final String KEY_FILE_VARIABLE = "GOOGLE_APPLICATION_CREDENTIALS";
  /** The Pub/Sub client's standard variable for its emulator. */
  static final String PUBSUB_EMULATOR_VARIABLE = "PUBSUB_EMULATOR_HOST";

  /** Finds credentials or says why not; the real one asks for Application Default Credentials. */
  @FunctionalInterface
  interface Lookup {
    void find() throws IOException;
  }

  /** Application Default Credentials, as every Google Cloud client library finds them. */
  static final Lookup APPLICATION_DEFAULT = GoogleCredentials::getApplicationDefault;

  private CredentialCheck() {}

  /**
   * The one line that says what is missing, when a command that calls Google Cloud has no credentials. No
   * credentials are needed when every call goes to an emulator: the local cloud ({@code AUTOBIND_EMULATOR_HOST})
   * and, for a command that publishes, the Pub/Sub emulator ({@code PUBSUB_EMULATOR_HOST}).
   */
  static Optional<String> missing(Map<String, String> environment, Lookup lookup, boolean publishes) {
    boolean cloud = blank(environment.get(CloudClients.EMULATOR_HOST_VARIABLE));
    boolean pubsub = publishes && blank(environment.get(PUBSUB_EMULATOR_VARIABLE));
    if (!cloud && !pubsub) {
      return Optional.empty();
    }
    try {
      lookup.find();
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.of(what(environment) + "; run gcloud auth application-default login, or set "
          + (cloud ? CloudClients.EMULATOR_HOST_VARIABLE + "=host:port for the local cloud" : "")
          + (cloud && pubsub ? " and " : "")
          + (pubsub ? PUBSUB_EMULATOR_VARIABLE + "=host:port for the Pub/Sub emulator" : ""));
    }
  }

  private static String what(Map<String, String> environment) {
    String keyFile = environment.get(KEY_FILE_VARIABLE);
    return blank(keyFile) ? "no Google Cloud credentials: Application Default Credentials were not found"
        : "no Google Cloud credentials: " + KEY_FILE_VARIABLE + " names " + keyFile.replaceAll("\\p{Cntrl}", "?")
            + ", which is not a readable credentials file";
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
