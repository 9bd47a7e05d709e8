package dev.e2ee.exporter.log;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/** An I/O error in words an operator reads, never a Java class name. */
final class IoMessages {
  private IoMessages() {}

  static String describe(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    String message = e.getMessage();
    return message == null || message.isBlank() ? "I/O error" : message;
  }
}
