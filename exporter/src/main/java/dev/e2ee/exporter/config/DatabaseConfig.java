package dev.e2ee.exporter.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Connection and polling settings. The password is deliberately not a field: only where to find it,
 * so that no toString or status page can ever print it.
 */
public record DatabaseConfig(
    boolean enabled,
    String host,
    int port,
    String name,
    String user,
    Optional<String> passwordEnv,
    Optional<Path> passwordFile,
    SslMode sslMode,
    Optional<Path> sslRootCert,
    int poolSize,
    Duration pollInterval,
    Duration statementTimeout,
    Duration lockTimeout,
    Duration connectTimeout,
    PollingConfig polling) {

  /**
   * The {@code database:} section's values for the keys the file leaves out. The host has none: an
   * enabled database must name it.
   */
  public static final DatabaseConfig DEFAULTS =
      new DatabaseConfig(
          true,
          "",
          5432,
          "synapse",
          "synapse_e2ee_exporter",
          Optional.empty(),
          Optional.empty(),
          SslMode.PREFER,
          Optional.empty(),
          2,
          Duration.ofSeconds(30),
          Duration.ofSeconds(5),
          Duration.ofSeconds(1),
          Duration.ofSeconds(5),
          PollingConfig.DEFAULTS);

  /**
   * A copy with what {@code edit} changes, so a caller names only what differs: {@code
   * DEFAULTS.with(d -> d.enabled = false)} (as {@link LogsConfig#with}).
   */
  public DatabaseConfig with(Consumer<Builder> edit) {
    Builder b = new Builder(this);
    edit.accept(b);
    return b.build();
  }

  /**
   * The fields of a copy being edited in {@link #with}; it never leaves that call. Filled and read
   * by {@link RecordCopies}, so a component added to the record needs a field here.
   */
  @SuppressWarnings("NullAway.Init") // every field is set from the record in the constructor
  public static final class Builder {
    public boolean enabled;
    public String host;
    public int port;
    public String name;
    public String user;
    public Optional<String> passwordEnv;
    public Optional<Path> passwordFile;
    public SslMode sslMode;
    public Optional<Path> sslRootCert;
    public int poolSize;
    public Duration pollInterval;
    public Duration statementTimeout;
    public Duration lockTimeout;
    public Duration connectTimeout;
    public PollingConfig polling;

    private Builder(DatabaseConfig from) {
      RecordCopies.fill(from, this);
    }

    private DatabaseConfig build() {
      return RecordCopies.build(DatabaseConfig.class, this);
    }
  }
}
