package dev.e2ee.exporter.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.testing.ExternalTool;
import dev.e2ee.exporter.testing.NeedsTool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/systemd/lxc-unprivileged.conf, the drop-in for unprivileged LXC containers without
 * nesting: it parses, it applies to the unit (systemd's own offline security report sees the
 * namespace options off and the rest of the sandbox kept), and it only turns off what the unit
 * sets. Whether the service then starts in such a container is not tested: none is at hand.
 */
class LxcDropInTest {
  static final Path REPO = ExternalTool.repository();
  static final Path UNIT = REPO.resolve("deploy/systemd/synapse-e2ee-exporter.service");
  static final Path DROP_IN = REPO.resolve("deploy/systemd/lxc-unprivileged.conf");

  /** The unit and its drop-in laid out as systemd reads them from a unit directory. */
  static Path staged(Path dir) throws Exception {
    Path unit = Files.copy(UNIT, dir.resolve(UNIT.getFileName()));
    Path d = Files.createDirectories(dir.resolve(UNIT.getFileName() + ".d"));
    Files.copy(DROP_IN, d.resolve(DROP_IN.getFileName()));
    return unit;
  }

  @NeedsTool
  @Test
  void theDropInParsesAndAppliesToTheUnit(@TempDir Path dir) throws Exception {
    Path tool = ExternalTool.require("systemd-analyze", "systemd");
    Path unit = staged(dir);
    var verify = ExternalTool.run(dir, List.of(tool.toString(), "verify", unit.toString()));
    assertThat(verify.exitCode()).as(verify.output()).isZero();
    assertThat(verify.output()).doesNotContain("Unknown key", "Failed to parse", "ignoring");

    var security =
        ExternalTool.run(
            dir,
            List.of(tool.toString(), "security", "--offline=yes", "--no-pager", unit.toString()));
    assertThat(security.exitCode()).as(security.output()).isZero();
    assertThat(security.output())
        .contains(
            "✗ ProtectSystem=",
            "✗ PrivateTmp=",
            "✗ ProtectHostname=",
            "✗ ProcSubset=",
            "✓ NoNewPrivileges=",
            "✓ SystemCallFilter=~@privileged",
            "✓ CapabilityBoundingSet=~CAP_SYS_ADMIN",
            "✓ RestrictNamespaces=~user");
  }

  @Test
  void itTurnsOffOnlyWhatTheUnitSets() throws Exception {
    Map<String, String> unit = settings(UNIT);
    Map<String, String> dropIn = settings(DROP_IN);
    assertThat(dropIn).hasSizeGreaterThan(10);
    assertThat(unit.keySet()).containsAll(dropIn.keySet());
    assertThat(dropIn.values()).allMatch(v -> List.of("no", "default", "all").contains(v));
    assertThat(dropIn)
        .doesNotContainKeys(
            "NoNewPrivileges", "CapabilityBoundingSet", "SystemCallFilter", "User", "MemoryMax");
  }

  /** Key=value lines of a unit file, comments and section headers left out. */
  static Map<String, String> settings(Path file) throws Exception {
    Map<String, String> settings = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file)) {
      int eq = line.indexOf('=');
      if (!line.startsWith("#") && !line.startsWith("[") && eq > 0) {
        settings.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
      }
    }
    return settings;
  }
}
