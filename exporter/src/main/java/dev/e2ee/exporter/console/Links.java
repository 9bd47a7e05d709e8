package dev.e2ee.exporter.console;

import dev.e2ee.exporter.config.UiConfig;
import dev.e2ee.exporter.diagnosis.Verdict;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Where the console links to: the device drill-down dashboard in Grafana (only when {@code
 * ui.grafana_url} is set: no dead links), and the runbook section of each verdict (the configured
 * runbook, else the exporter's own /runbook, which is always there).
 */
public final class Links {
  /** Grafana's range starts this long before the problem did. */
  static final long BEFORE_SINCE_MILLIS = 30 * 60_000L;

  private final UiConfig ui;
  private final String homeserver;

  public Links(UiConfig ui, String homeserver) {
    this.ui = ui;
    this.homeserver = homeserver;
  }

  /**
   * The drill-down dashboard for one device around {@code sinceMillis}, with the label values the
   * metrics carry ({@code userLabel} may be a hash, see labels.user_id).
   */
  public Optional<String> grafana(
      String userLabel, String deviceLabel, long sinceMillis, long nowMillis) {
    return ui.grafanaUrl()
        .map(
            base ->
                base
                    + "/d/"
                    + ui.deviceDashboardUid()
                    + "/?var-homeserver="
                    + encode(homeserver)
                    + "&var-user="
                    + encode(userLabel)
                    + "&var-device="
                    + encode(deviceLabel)
                    + "&from="
                    + (sinceMillis - BEFORE_SINCE_MILLIS)
                    + "&to="
                    + Math.max(nowMillis, sinceMillis + BEFORE_SINCE_MILLIS));
  }

  /** The runbook section a verdict points to. */
  public String runbook(Verdict verdict) {
    return runbook(anchor(verdict));
  }

  public String runbook(String anchor) {
    return ui.runbookUrl().orElse("runbook") + "#" + anchor;
  }

  public static String anchor(Verdict verdict) {
    return switch (verdict) {
      case DIVERGENCE, CLIENT_LOOP -> "ke-1-otk-conflict-storm";
      case EXHAUSTION -> "otk-exhaustion";
      case BACKLOG, OBSERVING, DRAINING, NONE_QUEUED -> "ke-2-to-device-backlog";
      case STALE_DEVICE -> "ke-2-stale-device";
      case HEALTHY, NO_DEVICE_KEYS -> "ke-1-otk-conflict-storm";
    };
  }

  public static final String Q4_ANCHOR = "ke-4-delayed-event-timeouts";

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
