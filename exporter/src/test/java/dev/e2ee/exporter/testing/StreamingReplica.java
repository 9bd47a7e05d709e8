package dev.e2ee.exporter.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.fixture.SynapseSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A real streaming replica on loopback: a primary made with Debian's PostgreSQL (initdb, pg_ctl), a
 * hot standby cloned from it with {@code pg_basebackup -R}, both holding the Synapse schema in
 * database {@code synapse}. The standby cancels conflicting queries at once
 * (max_standby_streaming_delay 0), as a busy replica would after its delay. PostgreSQL refuses to
 * run as root, so as root every command runs as the {@code postgres} user.
 */
public final class StreamingReplica implements AutoCloseable {
  public static final String DATABASE = "synapse";
  public static final String USER = "postgres";
  private static final List<String> BIN_DIRS =
      List.of(
          "/usr/lib/postgresql/17/bin", "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/15/bin");

  private final Path bin;
  private final Path dir;
  private final int primaryPort;
  private final int standbyPort;
  private final List<Path> running = new ArrayList<>();

  private StreamingReplica(Path bin, Path dir, int primaryPort, int standbyPort) {
    this.bin = bin;
    this.dir = dir;
    this.primaryPort = primaryPort;
    this.standbyPort = standbyPort;
  }

  public static StreamingReplica start() throws Exception {
    // Debian's server binaries, not /usr/bin's pg_wrapper links (which need a cluster config).
    Path bin =
        BIN_DIRS.stream()
            .map(Path::of)
            .filter(
                d ->
                    Stream.of("initdb", "pg_ctl", "postgres", "pg_basebackup")
                        .allMatch(tool -> Files.isExecutable(d.resolve(tool))))
            .findFirst()
            .orElseGet(() -> ExternalTool.require("initdb", "postgresql", BIN_DIRS).getParent());
    Path dir = Files.createTempDirectory("e2ee-replica-");
    if (asRoot()) {
      UserPrincipal postgres =
          dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
      Files.setOwner(dir, postgres);
    }
    StreamingReplica replica =
        new StreamingReplica(bin, dir, PrometheusServer.freePort(), PrometheusServer.freePort());
    try {
      replica.startPrimary();
      replica.startStandby();
      return replica;
    } catch (Exception | AssertionError e) {
      replica.close();
      throw e;
    }
  }

  private void startPrimary() throws Exception {
    Path data = dir.resolve("primary");
    run("initdb", "-D", data.toString(), "-U", USER, "--auth=trust", "-E", "UTF8", "--locale=C");
    Files.writeString(
        data.resolve("postgresql.conf"),
        String.join(
            "\n",
            "",
            "port = " + primaryPort,
            "listen_addresses = '127.0.0.1'",
            "unix_socket_directories = '" + dir + "'",
            "wal_level = replica",
            "max_wal_senders = 5",
            "hot_standby = on",
            "max_standby_streaming_delay = 0",
            "hot_standby_feedback = off",
            "fsync = off",
            "synchronous_commit = off",
            ""),
        StandardOpenOption.APPEND);
    start(data);
    try (Connection c = primaryDataSource("postgres").getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + DATABASE);
    }
    SynapseSchema.apply(primaryDataSource(DATABASE));
  }

  private void startStandby() throws Exception {
    Path data = dir.resolve("standby");
    run(
        "pg_basebackup",
        "-h",
        "127.0.0.1",
        "-p",
        Integer.toString(primaryPort),
        "-U",
        USER,
        "-D",
        data.toString(),
        "-R",
        "-X",
        "stream",
        "-c",
        "fast");
    Files.writeString(
        data.resolve("postgresql.conf"),
        "\nport = " + standbyPort + "\n",
        StandardOpenOption.APPEND);
    start(data);
  }

  private void start(Path data) throws Exception {
    run("pg_ctl", "-D", data.toString(), "-l", data + ".log", "-w", "-t", "60", "start");
    running.add(data);
  }

  /** Superuser access to the primary, where the test writes what the standby then replays. */
  public DataSource primaryDataSource(String database) {
    return dataSource(primaryPort, database);
  }

  /** Superuser access to the standby (read-only; recovery functions such as replay pause). */
  public DataSource standbyDataSource() {
    return dataSource(standbyPort, DATABASE);
  }

  public int primaryPort() {
    return primaryPort;
  }

  public int standbyPort() {
    return standbyPort;
  }

  /** Runs statements on the primary. */
  public void onPrimary(String... sql) throws SQLException {
    execute(primaryDataSource(DATABASE), sql);
  }

  /** Runs statements on the standby. */
  public void onStandby(String... sql) throws SQLException {
    execute(standbyDataSource(), sql);
  }

  private static void execute(DataSource ds, String... sql) throws SQLException {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      for (String statement : sql) {
        s.execute(statement);
      }
    }
  }

  private static DataSource dataSource(int port, String database) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setServerNames(new String[] {"127.0.0.1"});
    ds.setPortNumbers(new int[] {port});
    ds.setDatabaseName(database);
    ds.setUser(USER);
    return ds;
  }

  private void run(String tool, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    if (asRoot()) {
      command.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    command.add(bin.resolve(tool).toString());
    command.addAll(List.of(args));
    ExternalTool.Result result = ExternalTool.run(dir, command);
    assertThat(result.exitCode()).as("%s: %s", command, result.output()).isZero();
  }

  private static boolean asRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  @Override
  public void close() {
    for (int i = running.size() - 1; i >= 0; i--) {
      try {
        run("pg_ctl", "-D", running.get(i).toString(), "-m", "immediate", "-w", "stop");
      } catch (Exception | AssertionError e) {
        System.err.println("stopping " + running.get(i) + ": " + e.getMessage());
      }
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("removing " + dir + ": " + e.getMessage());
    }
  }
}
