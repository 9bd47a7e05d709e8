package dev.e2ee.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.testing.Http;
import dev.e2ee.exporter.testing.JarProcess;
import dev.e2ee.exporter.testing.NeedsPackagedJar;
import dev.e2ee.exporter.testing.Scrape;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's first command: the demo jar, stopped the way systemd stops it. */
@NeedsPackagedJar
class DemoJarIT {
  private static final Pattern URL =
      Pattern.compile("serving http://127\\.0\\.0\\.1:(\\d+)/metrics");
  private static final Pattern LOG = Pattern.compile("Synapse log (\\S+),");

  @Test
  void demoServesRealMetricsAndStopsCleanlyOnSigterm() throws Exception {
    try (JarProcess demo = JarProcess.start("--port", "0")) {
      Matcher url = URL.matcher(demo.awaitStdout(l -> URL.matcher(l).find(), 120));
      assertThat(url.find()).isTrue();
      int port = Integer.parseInt(url.group(1));
      Matcher log = LOG.matcher(demo.awaitStdout(l -> LOG.matcher(l).find(), 10));
      assertThat(log.find()).isTrue();
      Path demoDirectory = Path.of(log.group(1)).getParent();
      assertThat(demoDirectory).isDirectory();

      Scrape scrape = Scrape.awaitDbUp(port);
      assertThat(scrape.text()).contains("synapse_e2ee_build_info{");
      assertThat(scrape.valueOrFail("synapse_e2ee_db_up")).isEqualTo(1);
      assertThat(Http.get(port, "/").body())
          .contains("<td>database</td>", "<td class=\"up\">up</td>");

      // SIGTERM: the JVM reports 143 (128 + 15) after the shutdown hook has run.
      assertThat(demo.terminate(5))
          .as("stopped within 5 s after SIGTERM; stderr:\n%s", demo.stderr())
          .isEqualTo(143);
      assertThat(demoDirectory).doesNotExist();
      assertThat(demo.stderr()).contains("stopping").doesNotContain("Exception");
    }
  }
}
