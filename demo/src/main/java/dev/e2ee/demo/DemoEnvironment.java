package dev.e2ee.demo;

import dev.e2ee.exporter.config.CaptureConfig;
import dev.e2ee.exporter.config.DatabaseConfig;
import dev.e2ee.exporter.config.DevicesConfig;
import dev.e2ee.exporter.config.DiagnosisConfig;
import dev.e2ee.exporter.config.ExporterConfig;
import dev.e2ee.exporter.config.HealthProbeConfig;
import dev.e2ee.exporter.config.JournaldConfig;
import dev.e2ee.exporter.config.LabelsConfig;
import dev.e2ee.exporter.config.ListenConfig;
import dev.e2ee.exporter.config.LogsConfig;
import dev.e2ee.exporter.config.SelfConfig;
import dev.e2ee.exporter.config.SslMode;
import dev.e2ee.exporter.config.StartAt;
import dev.e2ee.exporter.config.SynapseConfig;
import dev.e2ee.exporter.config.UiConfig;
import dev.e2ee.fixture.DemoLogWriter;
import dev.e2ee.fixture.DemoScenario;
import dev.e2ee.fixture.LogShape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the demo needs besides the exporter: a temp folder, an embedded PostgreSQL with the
 * seeded scenario, and a thread appending Synapse log lines. {@link #close()} stops both and
 * deletes the folder.
 */
public final class DemoEnvironment implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DemoEnvironment.class);

  static final long HISTORY_MILLIS = 60 * 60_000L;

  private final Path directory;
  private final EmbeddedSynapseDatabase database;
  private final DemoLogWriter logWriter;
  private final ScheduledExecutorService writerThread;

  /** The demo homeserver's /health, probed by the exporter as Synapse's would be. */
  private final DemoHealthEndpoint health;

  /** The clock reading the scenario's rows were seeded relative to ("overdue by 20 s" etc.). */
  private final Instant seededAt;

  /** systemd-journal-remote writing the demo's journal (the journald shape), else null. */
  private final @Nullable Process journalRemote;

  private DemoEnvironment(
      Path directory,
      EmbeddedSynapseDatabase database,
      DemoLogWriter logWriter,
      @Nullable Process journalRemote,
      Instant seededAt,
      DemoHealthEndpoint health) {
    this.health = health;
    this.journalRemote = journalRemote;
    this.seededAt = seededAt;
    this.directory = directory;
    this.database = database;
    this.logWriter = logWriter;
    this.writerThread =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "demo-log-writer");
              t.setDaemon(true);
              return t;
            });
  }

  public static DemoEnvironment start(Clock clock) throws IOException, SQLException {
    return start(clock, LogShape.TEXT);
  }

  /**
   * The demo with its log written in another shape.
   *
   * @param shape how the generated homeserver.log is written: as Synapse writes it, or as Docker's
   *     json-file driver or syslog would store it (the exporter reads each with format auto)
   */
  public static DemoEnvironment start(Clock clock, LogShape shape)
      throws IOException, SQLException {
    Path directory = Files.createTempDirectory("synapse-e2ee-demo-");
    try {
      EmbeddedSynapseDatabase database = EmbeddedSynapseDatabase.start(directory.resolve("pgdata"));
      Instant seededAt = clock.instant();
      DemoScenario.seed(database.dataSource(), seededAt.toEpochMilli());
      Process journalRemote = shape == LogShape.JOURNALD ? journalRemote(directory) : null;
      DemoLogWriter writer =
          new DemoLogWriter(
              directory.resolve("homeserver.log"),
              ZoneId.systemDefault(),
              42,
              shape,
              journalRemote == null ? null : journalRemote.getOutputStream());
      // An hour of history at the live pace, so that the landing page's sparklines (one point a
      // minute for the last hour) and the first scrape already have something to show.
      long now = clock.millis();
      for (long t = now - HISTORY_MILLIS; t < now; t += 250) {
        writer.writeTick(Instant.ofEpochMilli(t));
      }
      DemoEnvironment env =
          new DemoEnvironment(
              directory, database, writer, journalRemote, seededAt, DemoHealthEndpoint.start());
      ScheduledFuture<?> unused =
          env.writerThread.scheduleAtFixedRate(
              () -> {
                try {
                  writer.writeTick(clock.instant());
                } catch (IOException e) {
                  LOG.warn("demo log writer: {}", e.toString());
                }
              },
              250,
              250,
              TimeUnit.MILLISECONDS);
      return env;
    } catch (IOException | SQLException | RuntimeException e) {
      deleteRecursively(directory);
      throw e;
    }
  }

  /**
   * systemd-journal-remote reading journald's export format from a pipe into a journal file under
   * {@code directory/journal}, as a journal directory the exporter reads with journalctl.
   */
  private static Process journalRemote(Path directory) throws IOException {
    Path binary =
        Stream.of("/lib/systemd/systemd-journal-remote", "/usr/lib/systemd/systemd-journal-remote")
            .map(Path::of)
            .filter(Files::isExecutable)
            .findFirst()
            .orElseThrow(
                () ->
                    new IOException(
                        "systemd-journal-remote not found: install it with"
                            + " 'apt-get install systemd-journal-remote'"));
    Path journal = Files.createDirectories(directory.resolve("journal"));
    return new ProcessBuilder(
            binary.toString(), "--output=" + journal.resolve("remote.journal"), "-")
        .redirectErrorStream(true)
        .redirectOutput(directory.resolve("journal-remote.log").toFile())
        .start();
  }

  /** The exporter config that points at this environment. */
  public ExporterConfig exporterConfig(String address, int port) {
    LogsConfig logs =
        LogsConfig.DEFAULTS.with(
            l -> {
              l.files = journalRemote == null ? List.of(logWriter.file().toString()) : List.of();
              l.startAt = StartAt.BEGINNING;
              l.pollInterval = Duration.ofMillis(100);
              l.positionsFile = Optional.empty();
            });
    if (journalRemote != null) {
      logs = logs.withJournald(Optional.of(journald()));
    }
    return new ExporterConfig(
        new ListenConfig(address, port),
        SelfConfig.DEFAULTS,
        new SynapseConfig(
            DemoScenario.SERVER_NAME,
            ZoneId.systemDefault(),
            HealthProbeConfig.DEFAULTS.withUrl(health.url())),
        logs,
        DatabaseConfig.DEFAULTS.with(
            d -> {
              d.host = "127.0.0.1";
              d.port = database.port();
              d.name = EmbeddedSynapseDatabase.DATABASE;
              d.user = EmbeddedSynapseDatabase.USER;
              d.sslMode = SslMode.DISABLE;
              d.pollInterval = Duration.ofSeconds(5);
            }),
        LabelsConfig.DEFAULTS,
        DevicesConfig.DEFAULTS,
        // Short, so that the demo's stalled backlog shows as such within a minute.
        new DiagnosisConfig(Duration.ofMinutes(10), Duration.ofSeconds(30)),
        UiConfig.DEFAULTS,
        CaptureConfig.DEFAULTS);
  }

  private JournaldConfig journald() {
    return new JournaldConfig(
        Optional.empty(),
        List.of("SYSLOG_IDENTIFIER=matrix-synapse"),
        Optional.of(directory.resolve("journal")),
        "journalctl");
  }

  /** The {@code file} label the exporter gives the demo's log (the journal's, for journald). */
  public String logLabel() {
    return journalRemote == null
        ? logWriter.file().toAbsolutePath().toString()
        : "journald:SYSLOG_IDENTIFIER=matrix-synapse@" + directory.resolve("journal");
  }

  /**
   * When the scenario was seeded: its times ("overdue by 20 s", "due in 8 s") are relative to this,
   * so a test asserts what the scenario guarantees at this instant, not at however many seconds
   * later a busy machine gets to look.
   */
  public Instant seededAt() {
    return seededAt;
  }

  public Path directory() {
    return directory;
  }

  public Path logFile() {
    return logWriter.file();
  }

  public EmbeddedSynapseDatabase database() {
    return database;
  }

  @Override
  public void close() {
    health.close();
    writerThread.shutdownNow();
    try {
      writerThread.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Process remote = journalRemote;
    if (remote != null) {
      remote.destroy();
      try {
        remote.waitFor(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      database.close();
    } catch (IOException e) {
      LOG.warn("demo database did not stop cleanly: {}", e.toString());
    }
    deleteRecursively(directory);
  }

  private static void deleteRecursively(Path root) {
    // A process that is still exiting (PostgreSQL's last writes) can add files while we
    // delete: try again for a short while before giving up with a warning.
    for (int attempt = 0; attempt < 20 && Files.exists(root); attempt++) {
      try (Stream<Path> paths = Files.walk(root)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException | UncheckedIOException e) {
        // a file vanished under the walk: look again
      }
      if (Files.exists(root)) {
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    if (Files.exists(root)) {
      LOG.warn("could not delete the demo folder {}", root);
    }
  }
}
