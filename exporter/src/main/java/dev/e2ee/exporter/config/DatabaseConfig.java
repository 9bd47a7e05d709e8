package dev.e2ee.exporter.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

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
    PollingConfig polling) {}
