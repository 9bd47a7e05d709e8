package dev.e2ee.exporter.testing;

import dev.e2ee.exporter.config.DevicesConfig;
import dev.e2ee.exporter.config.ExporterConfig;
import dev.e2ee.exporter.config.HashKey;
import dev.e2ee.exporter.config.LabelsConfig;
import dev.e2ee.exporter.config.LogFormat;
import dev.e2ee.exporter.config.LogsConfig;
import dev.e2ee.exporter.config.StartAt;
import dev.e2ee.exporter.config.UserIdMode;
import dev.e2ee.exporter.log.LogSource;
import dev.e2ee.exporter.log.program.LogProgram;
import dev.e2ee.exporter.log.program.ProgramEvents;
import dev.e2ee.exporter.metrics.BoundedMetrics;
import dev.e2ee.exporter.metrics.DeviceClients;
import dev.e2ee.exporter.metrics.IdentityLabels;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A log program with its own registry and a hand-moved clock, fed lines directly. */
public final class ProgramHarness {
  public final PrometheusRegistry registry = new PrometheusRegistry();
  public final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:10Z"));
  public final LogProgram program;

  /** The key hashed user labels get in tests. */
  public static final byte[] TEST_HASH_KEY =
      "a test key of thirty-two bytes!!".getBytes(StandardCharsets.UTF_8);

  public ProgramHarness(LogFormat format, UserIdMode userIds, int maxDevices) {
    this(
        format,
        userIds == UserIdMode.HASH
            ? new LabelsConfig(userIds, Optional.of(new HashKey(TEST_HASH_KEY)))
            : new LabelsConfig(userIds),
        maxDevices);
  }

  public ProgramHarness(LogFormat format, LabelsConfig labels, int maxDevices) {
    this(format, labels, maxDevices, ProgramEvents.NONE);
  }

  /** A program that also tells {@code events} what it counted (what the console is fed). */
  public ProgramHarness(
      LogFormat format, LabelsConfig labels, int maxDevices, ProgramEvents events) {
    ExporterConfig base = TestConfigs.noSources();
    ExporterConfig config =
        new ExporterConfig(
            base.listen(),
            base.exporter(),
            base.synapse(),
            TestConfigs.logsFrom(Path.of("x"), StartAt.BEGINNING).with(l -> l.format = format),
            base.database(),
            labels,
            DevicesConfig.DEFAULTS.withMaxDevices(maxDevices),
            base.diagnosis(),
            base.ui(),
            base.capture());
    IdentityLabels ids = new IdentityLabels(config.labels());
    ids.register(registry);
    BoundedMetrics bounded = new BoundedMetrics(registry, clock);
    program =
        new LogProgram(
            config,
            registry,
            bounded,
            clock,
            ids,
            events,
            DeviceClients.registered(config.devices(), registry, bounded));
  }

  public ProgramHarness() {
    this(LogFormat.TEXT, UserIdMode.FULL, 500);
  }

  /** A started log source (files, journald) feeding this program, on the wall clock. */
  public LogSource tail(LogsConfig logs) {
    LogSource source = new LogSource(logs, program, registry, Clock.systemUTC(), program::layouts);
    source.start();
    return source;
  }

  public void feed(String source, List<String> lines) {
    lines.forEach(l -> program.accept(source, l));
  }

  /** Moves past the join window and lets the program finish what is pending. */
  public Scrape settle() {
    clock.advance(Duration.ofSeconds(11));
    program.tick(clock.millis());
    return Scrape.of(registry);
  }

  public static List<String> resourceLines(String name) {
    try (InputStream in =
        ProgramHarness.class.getResourceAsStream("/dev/e2ee/exporter/log/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
