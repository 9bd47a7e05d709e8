package dev.e2ee.exporter.capture;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Alertmanager's webhook payload (version 4), reduced to what a capture needs: the firing KE alerts
 * that name a user and a device. Everything else is ignored and counted by reason; a body that is
 * not such a payload at all is refused ({@link Invalid}).
 */
public final class AlertPayload {
  /** The alerts (alerts/alerts.rules.yml) whose labels name one device of one user. */
  public static final Set<String> DEVICE_ALERTS =
      Set.of(
          "E2EEOtkDivergence",
          "E2EEOtkConflictStorm",
          "E2EEOtkConflictStormSevere",
          "E2EEOtkExhaustion",
          "E2EEToDeviceBacklogStalled");

  private AlertPayload() {}

  /** A body that is not a version-4 webhook payload; the message says why (for the 400). */
  public static final class Invalid extends Exception {
    private static final long serialVersionUID = 1L;

    Invalid(String message) {
      super(message);
    }
  }

  /** One firing KE alert for one device, with the label values as the metrics carry them. */
  public record Firing(String alertName, String userLabel, String deviceLabel, Instant startsAt) {}

  /** The firing device alerts, and per reason (resolved, unknown_alert ...) how many were not. */
  public record Parsed(List<Firing> firing, Map<String, Integer> ignored) {}

  public static Parsed parse(String body) throws Invalid {
    JsonObject json;
    try {
      json = new JsonObject(body);
    } catch (DecodeException | ClassCastException e) {
      throw new Invalid("the body is not a JSON object");
    }
    if (!"4".equals(String.valueOf(json.getValue("version")))) {
      throw new Invalid("expected Alertmanager's webhook payload version \"4\"");
    }
    Object alerts = json.getValue("alerts");
    if (!(alerts instanceof JsonArray array)) {
      throw new Invalid("\"alerts\" must be an array");
    }
    List<Firing> firing = new ArrayList<>();
    Map<String, Integer> ignored = new TreeMap<>();
    for (Object a : array) {
      String reason = reasonToIgnore(a);
      if (reason != null) {
        ignored.merge(reason, 1, Integer::sum);
        continue;
      }
      JsonObject alert = (JsonObject) a;
      JsonObject labels = alert.getJsonObject("labels");
      firing.add(
          new Firing(
              labels.getString("alertname"),
              labels.getString("user"),
              labels.getString("device"),
              Instant.parse(alert.getString("startsAt"))));
    }
    return new Parsed(firing, ignored);
  }

  private static @org.jspecify.annotations.Nullable String reasonToIgnore(Object a) {
    if (!(a instanceof JsonObject alert)
        || !(alert.getValue("labels") instanceof JsonObject labels)
        || !(alert.getValue("status") instanceof String status)) {
      return "invalid_alert";
    }
    if (!"firing".equals(status)) {
      return "resolved";
    }
    if (!(labels.getValue("alertname") instanceof String name) || !DEVICE_ALERTS.contains(name)) {
      return "unknown_alert";
    }
    if (!(labels.getValue("user") instanceof String user)
        || !(labels.getValue("device") instanceof String device)
        || user.isBlank()
        || device.isBlank()) {
      return "no_device";
    }
    try {
      Instant.parse(String.valueOf(alert.getValue("startsAt")));
    } catch (DateTimeParseException e) {
      return "invalid_alert";
    }
    return null;
  }
}
