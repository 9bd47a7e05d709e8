package dev.e2ee.exporter.log;

/** Where tailed lines go: the parser, or in tests a list. Called on the tailer's thread. */
@FunctionalInterface
public interface LineSink {
  void accept(String file, String line);
}
