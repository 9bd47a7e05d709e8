package dev.e2ee.exporter.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * The test (an {@code *IT}, run by failsafe after {@code package}) starts the shaded jar as its own
 * process; tagged so that every test needing more than the JVM carries {@code external}.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Tag("external")
@Tag("jar")
public @interface NeedsPackagedJar {}
