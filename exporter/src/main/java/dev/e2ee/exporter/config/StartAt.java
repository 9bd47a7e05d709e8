package dev.e2ee.exporter.config;

import java.util.Locale;

public enum StartAt {
  END,
  BEGINNING;

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
