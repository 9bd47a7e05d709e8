package dev.e2ee.exporter.config;

import java.time.Duration;
import java.util.Optional;

/**
 * How the landing page links out and refreshes.
 *
 * @param grafanaUrl Grafana's base URL; without it the page shows no Grafana links at all
 * @param deviceDashboardUid the uid of the device drill-down dashboard (dashboards/)
 * @param runbookUrl where the runbook lives; without it the page links to its own /runbook
 * @param refresh how often the page reloads itself (meta refresh, no scripts)
 */
public record UiConfig(
    Optional<String> grafanaUrl,
    String deviceDashboardUid,
    Optional<String> runbookUrl,
    Duration refresh) {
  public static final String DEVICE_DASHBOARD_UID = "synapse-e2ee-device";
  public static final UiConfig DEFAULTS =
      new UiConfig(
          Optional.empty(), DEVICE_DASHBOARD_UID, Optional.empty(), Duration.ofSeconds(30));
}
