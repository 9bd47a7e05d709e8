package dev.e2ee.exporter.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemdUnitTest {
  @Test
  void takesTheJvmFlagsOfExecStartAcrossContinuationLines(@TempDir Path dir) throws Exception {
    Path unit =
        Files.writeString(
            dir.resolve("x.service"),
            """
            [Service]
            Environment=MALLOC_ARENA_MAX=2
            Environment=LANG=C.UTF-8
            ExecStart=/usr/bin/java -Xmx96m \\
              -XX:+UseSerialGC -Djava.io.tmpdir=/var/tmp \\
              -jar /usr/share/x/x.jar serve --config /etc/x/config.yml
            """);
    assertThat(SystemdUnit.jvmFlags(unit))
        .containsExactly("-Xmx96m", "-XX:+UseSerialGC", "-Djava.io.tmpdir=/var/tmp");
    assertThat(SystemdUnit.environment(unit))
        .containsExactly(Map.entry("MALLOC_ARENA_MAX", "2"), Map.entry("LANG", "C.UTF-8"));
  }

  @Test
  void aUnitWithoutExecStartIsAnErrorNotAnEmptyFlagList(@TempDir Path dir) throws Exception {
    Path unit = Files.writeString(dir.resolve("x.service"), "[Service]\nType=simple\n");
    assertThatThrownBy(() -> SystemdUnit.jvmFlags(unit)).hasMessageContaining("no ExecStart");
  }
}
