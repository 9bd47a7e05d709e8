package dev.e2ee.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.runtime.Exporter;
import dev.e2ee.exporter.testing.Await;
import dev.e2ee.exporter.testing.ExternalTool;
import dev.e2ee.exporter.testing.Http;
import dev.e2ee.fixture.DemoScenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The landing page as a person sees it: headless Chromium loads it from the running demo; the storm
 * device must be in the verdict table. The screenshot is kept in target/.
 */
class LandingPageBrowserTest {

  @Test
  void theStormDeviceIsListedInTheBrowser(@TempDir Path profile) throws Exception {
    Path chromium = ExternalTool.require("chromium", "chromium");
    try (DemoEnvironment env = DemoEnvironment.start(Clock.systemUTC());
        Exporter exporter =
            new Exporter(env.exporterConfig("127.0.0.1", 0), Clock.systemUTC(), Map.of())) {
      int port = exporter.start();
      Await.until(
          () -> Http.get(port, "/api/v1/devices").body().contains("\"divergence\""),
          Duration.ofSeconds(60));
      String url = "http://127.0.0.1:" + port + "/";
      Path screenshot =
          Path.of(System.getProperty("project.basedir", ".")).resolve("target/landing-page.png");
      Files.createDirectories(screenshot.getParent());
      List<String> flags =
          List.of(
              "--headless",
              "--no-sandbox",
              "--disable-gpu",
              "--disable-quic",
              "--no-first-run",
              "--disable-background-networking",
              "--disable-component-update",
              "--disable-sync",
              "--user-data-dir=" + profile);
      List<String> dump = new ArrayList<>(List.of(chromium.toString()));
      dump.addAll(flags);
      dump.addAll(List.of("--dump-dom", url));
      var dom = ExternalTool.run(profile, dump);
      assertThat(dom.exitCode()).as(dom.output()).isZero();
      assertThat(dom.output())
          .contains(
              "<table id=\"verdicts\">",
              DemoScenario.STORM_DEVICE,
              "divergence",
              DemoScenario.ALICE,
              "Capture next");
      List<String> shot = new ArrayList<>(List.of(chromium.toString()));
      shot.addAll(flags);
      shot.addAll(List.of("--window-size=1400,1100", "--screenshot=" + screenshot, url));
      var taken = ExternalTool.run(profile, shot);
      assertThat(taken.exitCode()).as(taken.output()).isZero();
      assertThat(Files.size(screenshot)).isGreaterThan(10_000);
    }
  }
}
