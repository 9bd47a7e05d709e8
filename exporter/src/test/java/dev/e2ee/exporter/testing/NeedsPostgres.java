package dev.e2ee.exporter.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * The test starts a real PostgreSQL server (the embedded zonky one, a Testcontainers one, or the
 * demo's): seconds per class, so {@code mvn test -DexcludedGroups=external} leaves it out. CI runs
 * it (CONTRIBUTING.md, "Fast tests"); {@code ExternalToolsAreTaggedTest} keeps the tag honest.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Tag("external")
@Tag("postgres")
public @interface NeedsPostgres {}
