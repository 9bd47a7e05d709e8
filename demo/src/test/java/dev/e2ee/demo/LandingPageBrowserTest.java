package dev.e2ee.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.config.ExporterConfig;
import dev.e2ee.exporter.config.UiConfig;
import dev.e2ee.exporter.runtime.Exporter;
import dev.e2ee.exporter.testing.Await;
import dev.e2ee.exporter.testing.ExternalTool;
import dev.e2ee.exporter.testing.Http;
import dev.e2ee.exporter.testing.NeedsPostgres;
import dev.e2ee.exporter.testing.NeedsTool;
import dev.e2ee.fixture.DemoScenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The landing page as a person sees it: headless Chromium loads the console from the running demo
 * and its DOM must show the storm device with an hour of history, a trend, relative times, the Q4
 * panel and the Grafana link exactly when Grafana is configured. Screenshots (desktop and a 412 px
 * phone) are kept in target/.
 */
@NeedsPostgres
@NeedsTool
class LandingPageBrowserTest {
  static final String GRAFANA = "https://grafana.example.org";

  @Test
  void theConsoleShowsTheStormDeviceWithItsHourAndLinks(@TempDir Path profile) throws Exception {
    Path chromium = ExternalTool.require("chromium", "chromium");
    try (DemoEnvironment env = DemoEnvironment.start(Clock.systemUTC())) {
      String withGrafana = dom(chromium, profile, env, Optional.of(GRAFANA), true);
      String storm = card(withGrafana, DemoScenario.STORM_DEVICE);
      assertThat(storm).contains("divergence", DemoScenario.ALICE);
      // An hour of the demo's log: every one of the 60 minutes observed.
      assertThat(storm).contains("data-points=\"60\"", "data-minutes=\"60\"");
      assertThat(pointsDrawn(storm)).isEqualTo(60);
      Matcher trend = Pattern.compile("<span class=\"trend\">([^<]+)</span>").matcher(storm);
      assertThat(trend.find()).isTrue();
      assertThat(trend.group(1)).isIn("rising", "flat", "falling");
      // Relative time with the exact UTC second on hover; since = when the storm began.
      assertThat(storm)
          .containsPattern(
              "<time datetime=\"[0-9T:-]+Z\" title=\"[0-9-]+ [0-9:]{8} UTC\">[^<]*ago</time> \\(problem started");
      assertThat(storm)
          .contains(
              "href=\""
                  + GRAFANA
                  + "/d/synapse-e2ee-device/?var-homeserver=demo.local&amp;var-user=%40alice%3Ademo.local&amp;var-device="
                  + DemoScenario.STORM_DEVICE
                  + "&amp;from=",
              "class=\"runbook\" href=\"runbook#ke-1-otk-conflict-storm\"",
              "capture --config",
              "--user @alice:demo.local --device " + DemoScenario.STORM_DEVICE);
      // Nothing of another user in the storm device's card.
      assertThat(storm).doesNotContain(DemoScenario.BOB, DemoScenario.CAROL, DemoScenario.DAVE);
      assertThat(withGrafana)
          .contains("id=\"q4\"", "Homeserver p99, excluding /sync")
          .containsPattern("q4-verdict\">(none|client_retry|homeserver_load|mixed)<")
          .contains("http-equiv=\"refresh\"")
          .doesNotContain("<script", "id=\"all-clear\"");

      String without = dom(chromium, profile, env, Optional.empty(), false);
      assertThat(card(without, DemoScenario.STORM_DEVICE))
          .contains("data-points=\"60\"")
          .doesNotContain("grafana", GRAFANA);
    }
  }

  private static String dom(
      Path chromium, Path profile, DemoEnvironment env, Optional<String> grafana, boolean shots)
      throws Exception {
    ExporterConfig base = env.exporterConfig("127.0.0.1", 0);
    ExporterConfig config =
        base.withConsole(
            new UiConfig(
                grafana, UiConfig.DEVICE_DASHBOARD_UID, Optional.empty(), Duration.ofSeconds(30)),
            base.capture());
    try (Exporter exporter = new Exporter(config, Clock.systemUTC(), Map.of())) {
      int port = exporter.start();
      Await.until(
          () -> {
            String page = Http.get(port, "/").body();
            return page.contains("data-verdict=\"divergence\"")
                && page.contains("data-points=\"60\"");
          },
          Duration.ofMinutes(2));
      String url = "http://127.0.0.1:" + port + "/";
      var dom = chromium(chromium, profile, List.of("--dump-dom", url));
      assertThat(dom.exitCode()).as(dom.output()).isZero();
      if (shots) {
        screenshot(chromium, profile, url, "landing-page.png", "1280,2700");
        screenshot(chromium, profile, url, "landing-page-412px.png", "412,2400");
        var runbook = chromium(chromium, profile, List.of("--dump-dom", url + "runbook"));
        assertThat(runbook.output())
            .contains("id=\"ke-1-otk-conflict-storm\"", "id=\"ke-4-delayed-event-timeouts\"");
      }
      return dom.output();
    }
  }

  private static void screenshot(Path chromium, Path profile, String url, String name, String size)
      throws Exception {
    Path shot = Path.of(System.getProperty("project.basedir", ".")).resolve("target").resolve(name);
    Files.createDirectories(shot.getParent());
    var taken =
        chromium(chromium, profile, List.of("--window-size=" + size, "--screenshot=" + shot, url));
    assertThat(taken.exitCode()).as(taken.output()).isZero();
    assertThat(Files.size(shot)).isGreaterThan(10_000);
  }

  private static ExternalTool.Result chromium(Path chromium, Path profile, List<String> args)
      throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                chromium.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                "--user-data-dir=" + profile.resolve("chromium")));
    command.addAll(args);
    return ExternalTool.run(profile, command);
  }

  /** The article of one device, as Chromium serialised it. */
  static String card(String dom, String device) {
    Matcher m =
        Pattern.compile(
                "<article class=\"device\"[^>]*data-device=\"" + device + "\".*?</article>",
                Pattern.DOTALL)
            .matcher(dom);
    assertThat(m.find()).as("a card for %s in %s", device, dom).isTrue();
    return m.group();
  }

  /** The points of every polyline in the card's sparkline. */
  static int pointsDrawn(String card) {
    Matcher m = Pattern.compile("<polyline points=\"([^\"]*)\"").matcher(card);
    int n = 0;
    while (m.find()) {
      n += m.group(1).trim().split("\\s+").length;
    }
    return n;
  }
}
