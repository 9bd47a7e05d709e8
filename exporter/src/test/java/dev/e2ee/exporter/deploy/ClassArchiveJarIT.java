package dev.e2ee.exporter.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.testing.ExternalTool;
import dev.e2ee.exporter.testing.JarProcess;
import dev.e2ee.exporter.testing.NeedsPackagedJar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/class-archive.sh with the packaged jar, as the unit's ExecStartPre runs it: it makes an
 * archive a JVM maps, leaves a current one alone, and makes a new one for a new jar or after the
 * archive was damaged (a truncated archive crashes JDK 17); a jar that cannot start leaves none.
 */
@NeedsPackagedJar
class ClassArchiveJarIT {
  static final Path SCRIPT = ExternalTool.repository().resolve("deploy/class-archive.sh");

  private static ExternalTool.Result archive(Path dir, Path jar, Path archive) throws Exception {
    return ExternalTool.run(
        dir, List.of("sh", SCRIPT.toString(), jar.toString(), archive.toString()));
  }

  private static ExternalTool.Result java(Path dir, String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("java"));
    command.addAll(Arrays.asList(args));
    return ExternalTool.run(dir, command);
  }

  private static void mapsWith(Path dir, Path jar, Path archive) throws Exception {
    var run =
        java(
            dir,
            "-Xshare:on",
            "-XX:SharedArchiveFile=" + archive,
            "-jar",
            jar.toString(),
            "--version");
    assertThat(run.exitCode()).as(run.output()).isZero();
  }

  @Test
  void makesKeepsAndRemakesTheArchive(@TempDir Path dir) throws Exception {
    Path jar = dir.resolve("exporter.jar");
    Files.copy(JarProcess.jar(), jar);
    Path archive = dir.resolve("classes.jsa");

    var made = archive(dir, jar, archive);
    assertThat(made.exitCode()).as(made.output()).isZero();
    assertThat(made.output()).startsWith("class-archive: made " + archive);
    assertThat(dir.resolve("classes.jsa.stamp")).exists();
    assertThat(dir.resolve("classes.jsa.new")).doesNotExist();
    mapsWith(dir, jar, archive);

    Object identity = Files.getAttribute(archive, "unix:ino");
    var again = archive(dir, jar, archive);
    assertThat(again.exitCode()).as(again.output()).isZero();
    assertThat(again.output()).as("a current archive is left alone").isEmpty();
    assertThat(Files.getAttribute(archive, "unix:ino")).isEqualTo(identity);

    byte[] whole = Files.readAllBytes(archive);
    Files.write(archive, Arrays.copyOf(whole, whole.length / 2));
    var afterDamage = archive(dir, jar, archive);
    assertThat(afterDamage.output()).as("a truncated archive is made again").contains("made");
    mapsWith(dir, jar, archive);

    // An upgrade renames a new jar into place: the old archive no longer maps, a new one is made.
    Path upgrade = dir.resolve("exporter.jar.new");
    Files.copy(JarProcess.jar(), upgrade);
    Files.move(upgrade, jar, StandardCopyOption.REPLACE_EXISTING);
    var afterUpgrade = archive(dir, jar, archive);
    assertThat(afterUpgrade.output()).as("a new jar gets a new archive").contains("made");
    mapsWith(dir, jar, archive);
  }

  @Test
  void aJarThatCannotStartLeavesNoArchiveAndJavaStartsWithoutOne(@TempDir Path dir)
      throws Exception {
    Path broken = Files.writeString(dir.resolve("broken.jar"), "not a jar");
    Path archive = dir.resolve("classes.jsa");
    var failed = archive(dir, broken, archive);
    assertThat(failed.exitCode()).isEqualTo(1);
    assertThat(failed.output()).contains("the exporter starts without a class archive");
    assertThat(archive).doesNotExist();
    assertThat(dir.resolve("classes.jsa.stamp")).doesNotExist();
    assertThat(dir.resolve("classes.jsa.new")).doesNotExist();

    // The unit names the archive before it exists: JDK 17 starts silently without it.
    var missing =
        java(
            dir,
            "-XX:SharedArchiveFile=" + archive,
            "-jar",
            JarProcess.jar().toString(),
            "--version");
    assertThat(missing.exitCode()).isZero();
    assertThat(missing.output()).startsWith("synapse-e2ee-exporter ").doesNotContain("warning");
  }
}
