package dev.e2ee.exporter.config;

import java.nio.file.Path;

/** PEM files for HTTPS. */
public record TlsConfig(Path certFile, Path keyFile) {}
