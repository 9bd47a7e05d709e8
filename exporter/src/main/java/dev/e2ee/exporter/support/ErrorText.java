package dev.e2ee.exporter.support;

import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** An error in words an operator reads: never a Java class name, always on one line. */
public final class ErrorText {
  private ErrorText() {}

  public static String describe(Throwable e) {
    String text;
    if (e instanceof AccessDeniedException) {
      text = "permission denied";
    } else if (e instanceof NoSuchFileException) {
      text = "no such file";
    } else if (e instanceof NotDirectoryException) {
      text = "not a directory";
    } else if (e instanceof CharacterCodingException) {
      text = "not valid UTF-8 text";
    } else if (e instanceof FileSystemException fs && fs.getReason() != null) {
      text = fs.getReason();
    } else if (e.getMessage() == null || e.getMessage().isBlank() || wrapsItsCause(e)) {
      text = e.getCause() != null && e.getCause() != e ? describe(e.getCause()) : "no detail given";
    } else {
      text = e.getMessage();
    }
    return text.replaceAll("\\s+", " ").trim();
  }

  /**
   * {@code new RuntimeException(cause)} takes {@code cause.toString()} as its message, a class name
   * and all: the cause says it in words.
   */
  private static boolean wrapsItsCause(Throwable e) {
    Throwable cause = e.getCause();
    return cause != null && cause != e && cause.toString().equals(e.getMessage());
  }
}
