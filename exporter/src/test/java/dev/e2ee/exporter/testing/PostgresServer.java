package dev.e2ee.exporter.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * One real PostgreSQL 17 per test JVM: a Testcontainers {@code postgres:17} container when a Docker
 * engine answers, otherwise an embedded PostgreSQL 17 (zonky) - the path CI takes on these
 * Docker-less machines. Tests never see which; they get host, port and superuser.
 */
public interface PostgresServer extends AutoCloseable {
  String host();

  int port();

  String superuser();

  String superuserPassword();

  String flavour();

  @Override
  void close();

  static PostgresServer start() {
    if (DockerProbe.dockerAvailable()) {
      return ContainerPostgres.start();
    }
    return EmbeddedPostgresServer.start();
  }

  /** Docker detection kept apart so that loading it cannot break the embedded path. */
  final class DockerProbe {
    private DockerProbe() {}

    static boolean dockerAvailable() {
      if (Boolean.getBoolean("e2ee.tests.forceEmbeddedPostgres")) {
        return false;
      }
      // Without a socket there is nothing to probe; asking Testcontainers would just wait.
      if (!Files.exists(Path.of("/var/run/docker.sock")) && System.getenv("DOCKER_HOST") == null) {
        return false;
      }
      try {
        return DockerClientFactory.instance().isDockerAvailable();
      } catch (Throwable e) {
        return false;
      }
    }
  }

  /** Testcontainers path. */
  final class ContainerPostgres implements PostgresServer {
    private final PostgreSQLContainer container;

    private ContainerPostgres(PostgreSQLContainer container) {
      this.container = container;
    }

    static ContainerPostgres start() {
      var container =
          new PostgreSQLContainer("postgres:17").withStartupTimeout(Duration.ofMinutes(2));
      container.start();
      return new ContainerPostgres(container);
    }

    @Override
    public String host() {
      return container.getHost();
    }

    @Override
    public int port() {
      return container.getMappedPort(5432);
    }

    @Override
    public String superuser() {
      return container.getUsername();
    }

    @Override
    public String superuserPassword() {
      return container.getPassword();
    }

    @Override
    public String flavour() {
      return "testcontainers postgres:17";
    }

    @Override
    public void close() {
      container.stop();
    }
  }

  /** Embedded path. */
  final class EmbeddedPostgresServer implements PostgresServer {
    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
      this.postgres = postgres;
    }

    static EmbeddedPostgresServer start() {
      try {
        Path directory = Files.createTempDirectory("e2ee-test-pg-");
        var postgres =
            EmbeddedPostgres.builder()
                .setDataDirectory(directory.resolve("data"))
                .setCleanDataDirectory(true)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("max_connections", "100")
                .setServerConfig("fsync", "off")
                .setPGStartupWait(Duration.ofSeconds(60))
                .start();
        return new EmbeddedPostgresServer(postgres);
      } catch (IOException e) {
        throw new IllegalStateException(
            "embedded PostgreSQL 17 did not start: " + e.getMessage(), e);
      }
    }

    @Override
    public String host() {
      return "127.0.0.1";
    }

    @Override
    public int port() {
      return postgres.getPort();
    }

    @Override
    public String superuser() {
      return "postgres";
    }

    @Override
    public String superuserPassword() {
      return "";
    }

    @Override
    public String flavour() {
      return "embedded PostgreSQL 17 (zonky)";
    }

    @Override
    public void close() {
      try {
        postgres.close();
      } catch (IOException e) {
        // best effort at JVM exit
      }
    }
  }
}
