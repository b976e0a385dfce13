package dev.autobind.cli;

import dev.autobind.event.EventDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads the event file a command names ({@code -} for standard input), bounded in size. */
final class EventFile {
  private EventFile() {}

  /**
   * The file's bytes, at most one past the decoder's limit: enough for the decoder to reject an
   * oversized event by name without holding all of it.
   */
  static byte[] read(String file, InputStream stdin) throws IOException {
    try (InputStream in = file.equals("-") ? stdin : Files.newInputStream(Path.of(file))) {
      return in.readNBytes(EventDecoder.MAX_EVENT_BYTES + 1);
    } catch (InvalidPathException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  /** A short reason for a read failure, without the exception's class name where a plain one exists. */
  static String reason(Exception e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
