package dev.e2ee.exporter.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.testing.ExternalTool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The class-data sharing archive is named in three places that must agree: the unit's ExecStartPre
 * (which makes it, from the jar the service runs, in the service's StateDirectory), the unit's java
 * flags (which read it), and where install.sh and the .deb put the script.
 */
class ClassArchiveWiringTest {
  static final Path REPO = ExternalTool.repository();

  private static String read(String path) throws IOException {
    return Files.readString(REPO.resolve(path));
  }

  private static Matcher find(String regex, String text) {
    Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(text);
    assertThat(m.find()).as("%s in%n%s", regex, text).isTrue();
    return m;
  }

  @Test
  void theUnitMakesTheArchiveItReadsFromTheJarItRunsInItsStateDirectory() throws IOException {
    String unit = read("deploy/systemd/synapse-e2ee-exporter.service");
    Matcher pre = find("^ExecStartPre=-(\\S+) (\\S+) (\\S+)$", unit);
    String script = pre.group(1);
    String jar = pre.group(2);
    String archive = pre.group(3);
    String execStart = find("^ExecStart=/usr/bin/java ((?:.*\\\\\\n)*.*)$", unit).group(1);
    assertThat(find("-XX:SharedArchiveFile=(\\S+)", execStart).group(1)).isEqualTo(archive);
    assertThat(find("-jar (\\S+) serve", execStart).group(1)).isEqualTo(jar);
    String state = find("^StateDirectory=(\\S+)$", unit).group(1);
    assertThat(Path.of(archive).getParent()).isEqualTo(Path.of("/var/lib", state));
    // JDK 17 prints a stale archive's warning on stdout unless told otherwise.
    assertThat(execStart).contains("-Xlog:disable -Xlog:all=warning:stderr");

    String install = read("deploy/install.sh");
    String opt = find("^opt=\"\\$root(\\S+)\"$", install).group(1).replace("$NAME", state);
    assertThat(install)
        .contains("install -m 0755 \"$here/class-archive.sh\" \"$opt/class-archive\"");
    assertThat(script).isEqualTo(opt + "/class-archive");
    assertThat(jar).isEqualTo(opt + "/" + state + ".jar");
  }

  @Test
  void theDebRewritesThePathsToWhereItInstallsTheScriptAndTheJar() throws IOException {
    String pom = read("deb/pom.xml");
    Matcher rewrite =
        find(
            "<replaceregex pattern=\"(ExecStartPre=-\\S+ \\S+)\"\\s+replace=\"(ExecStartPre=-\\S+ \\S+)\"/>",
            pom);
    String unit = read("deploy/systemd/synapse-e2ee-exporter.service");
    assertThat(unit).contains(rewrite.group(1));
    Matcher debPre = find("ExecStartPre=-(\\S+) (\\S+)", rewrite.group(2));
    String script = debPre.group(1);
    String jarDir = debPre.group(2);
    assertThat(pom)
        .containsPattern(
            "<src>\\$\\{deploy.dir}/class-archive.sh</src>\\s*<dst>"
                + Pattern.quote(script)
                + "</dst>\\s*<type>file</type>\\s*<mapper><type>perm</type><filemode>755</filemode>");
    // The jar's data entry: the shaded jar under the directory the rewrite names.
    assertThat(pom)
        .containsPattern(
            "<src>\\$\\{exporter.jar}</src>\\s*<type>file</type>\\s*<mapper><type>perm</type><prefix>"
                + Pattern.quote(jarDir.replaceAll("/$", ""))
                + "</prefix>");
    // The wrapper (and so the deb's ExecStart) takes its JVM flags from the unit, archive included.
    assertThat(read("deploy/deb/synapse-e2ee-exporter.in")).contains("@JVM_FLAGS@");
  }
}
