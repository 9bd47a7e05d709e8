package dev.e2ee.exporter.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * The test runs a program installed from Debian (promtool, prometheus, amtool, jsonnet, chromium,
 * psql, openssl, journalctl, systemd-journal-remote, systemd-analyze, Debian's PostgreSQL server):
 * {@code mvn test -DexcludedGroups=external} leaves it out, CI runs it with the tool required.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Tag("external")
@Tag("tool")
public @interface NeedsTool {}
