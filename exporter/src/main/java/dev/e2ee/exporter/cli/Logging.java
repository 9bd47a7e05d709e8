package dev.e2ee.exporter.cli;

import dev.e2ee.exporter.config.LogLevel;

/**
 * Sets up the exporter's own logging: one line per event on stderr, level from config. slf4j-simple
 * reads these properties once, when the first logger is created, so this runs before anything else
 * logs.
 */
public final class Logging {
  private Logging() {}

  public static void configure(LogLevel level) {
    setIfAbsent("org.slf4j.simpleLogger.logFile", "System.err");
    setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", level.toString());
    setIfAbsent("org.slf4j.simpleLogger.showDateTime", "true");
    setIfAbsent("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
    setIfAbsent("org.slf4j.simpleLogger.showThreadName", "false");
    setIfAbsent("org.slf4j.simpleLogger.showShortLogName", "true");
    setIfAbsent("org.slf4j.simpleLogger.levelInBrackets", "false");
    // Third-party chatter is only interesting when something is wrong.
    setIfAbsent("org.slf4j.simpleLogger.log.io.netty", "warn");
    setIfAbsent("org.slf4j.simpleLogger.log.io.vertx", "warn");
    setIfAbsent("org.slf4j.simpleLogger.log.io.zonky", "warn");
    setIfAbsent(
        "vertx.logger-delegate-factory-class-name",
        "io.vertx.core.logging.SLF4JLogDelegateFactory");
    // Vert.x would otherwise try to create a .vertx cache directory in the working directory,
    // which ProtectSystem=strict makes read-only.
    setIfAbsent("vertx.disableFileCaching", "true");
    setIfAbsent("vertx.disableFileCPResolving", "true");
    // Netty's allocator events would start JDK Flight Recorder's event machinery on the first
    // request even when nothing records: a quarter of the time to /-/healthy (docs/benchmarks.md).
    // -Dio.netty.jfr.enabled=true brings them back for a recording.
    setIfAbsent("io.netty.jfr.enabled", "false");
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
