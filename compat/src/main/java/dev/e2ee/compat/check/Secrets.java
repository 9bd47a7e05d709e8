package dev.e2ee.compat.check;

import java.util.List;

/** Whether a text holds one of the run's secrets (access tokens, key values); names none. */
public final class Secrets {
  private Secrets() {}

  /** How many distinct secrets appear in {@code text}. */
  public static long found(String text, List<String> secrets) {
    return secrets.stream().filter(s -> !s.isEmpty() && text.contains(s)).count();
  }
}
