package dev.e2ee.exporter.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.testing.ExternalTool;
import dev.e2ee.exporter.testing.NeedsTool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** deploy/install.sh staged into a temp root: install, upgrade keeping the config, uninstall. */
class InstallScriptTest {
  static final Path REPO = ExternalTool.repository();

  ExternalTool.Result script(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("bash", "deploy/install.sh"));
    command.addAll(List.of(args));
    return ExternalTool.run(REPO, command);
  }

  @Test
  void installUpgradeAndUninstallKeepTheOperatorsConfig(@TempDir Path root, @TempDir Path build)
      throws Exception {
    Path jar = build.resolve("synapse-e2ee-exporter.jar");
    Files.writeString(jar, "version 1");
    var first = script("install", "--root", root.toString(), "--jar", jar.toString());
    assertThat(first.exitCode()).as(first.output()).isZero();
    Path etc = root.resolve("etc/synapse-e2ee-exporter");
    Path opt = root.resolve("opt/synapse-e2ee-exporter");
    assertThat(etc.resolve("config.yml"))
        .hasSameTextualContentAs(REPO.resolve("deploy/config.example.yml"));
    assertThat(Files.getPosixFilePermissions(etc.resolve("config.yml")))
        .isEqualTo(PosixFilePermissions.fromString("rw-r-----"));
    assertThat(Files.getPosixFilePermissions(etc.resolve("environment")))
        .isEqualTo(PosixFilePermissions.fromString("rw-r-----"));
    Path key = etc.resolve("user-id-hash.key");
    assertThat(Files.getPosixFilePermissions(key))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    byte[] firstKey = Files.readAllBytes(key);
    assertThat(firstKey).hasSize(32);
    assertThat(root.resolve("etc/systemd/system/synapse-e2ee-exporter.service"))
        .hasSameTextualContentAs(REPO.resolve("deploy/systemd/synapse-e2ee-exporter.service"));

    // The operator edits the config; an upgrade with a new jar must keep it and the old jar.
    Files.writeString(etc.resolve("config.yml"), "synapse:\n  server_name: my.example\n");
    Files.writeString(etc.resolve("environment"), "SYNAPSE_E2EE_DB_PASSWORD=secret\n");
    Files.writeString(jar, "version 2");
    var upgrade = script("install", "--root", root.toString(), "--jar", jar.toString());
    assertThat(upgrade.exitCode()).as(upgrade.output()).isZero();
    assertThat(etc.resolve("config.yml")).hasContent("synapse:\n  server_name: my.example");
    assertThat(etc.resolve("environment")).hasContent("SYNAPSE_E2EE_DB_PASSWORD=secret");
    assertThat(opt.resolve("synapse-e2ee-exporter.jar")).hasContent("version 2");
    assertThat(opt.resolve("synapse-e2ee-exporter.jar.previous")).hasContent("version 1");
    assertThat(upgrade.output()).doesNotContain("secret");
    assertThat(Files.readAllBytes(key)).as("the key is never overwritten").isEqualTo(firstKey);

    var uninstall = script("uninstall", "--root", root.toString());
    assertThat(uninstall.exitCode()).as(uninstall.output()).isZero();
    assertThat(opt).doesNotExist();
    assertThat(root.resolve("etc/systemd/system/synapse-e2ee-exporter.service")).doesNotExist();
    assertThat(etc.resolve("config.yml")).exists();
    var purge = script("uninstall", "--root", root.toString(), "--purge");
    assertThat(purge.exitCode()).as(purge.output()).isZero();
    assertThat(etc).doesNotExist();
  }

  @Test
  void badArgumentsAndAMissingJarAreClearErrors(@TempDir Path root) throws Exception {
    var unknown = script("install", "--bogus");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.output()).contains("unknown argument '--bogus'");
    var noJar =
        script(
            "install", "--root", root.toString(), "--jar", root.resolve("absent.jar").toString());
    assertThat(noJar.exitCode()).isEqualTo(2);
    assertThat(noJar.output()).contains("jar not found");
  }

  @NeedsTool
  @Test
  void systemdUnitPassesSystemdAnalyzeVerify() throws Exception {
    Path tool = Path.of("/usr/bin/systemd-analyze");
    if (!Files.isExecutable(tool)) {
      System.err.println("SKIPPED: systemd-analyze not available; the unit was not verified");
      Assumptions.abort("systemd-analyze not available");
    }
    var result =
        ExternalTool.run(
            REPO,
            List.of(tool.toString(), "verify", "deploy/systemd/synapse-e2ee-exporter.service"));
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).doesNotContain("Unknown key", "Failed to parse");
  }
}
