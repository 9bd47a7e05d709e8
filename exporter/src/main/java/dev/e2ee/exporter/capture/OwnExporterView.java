package dev.e2ee.exporter.capture;

import dev.e2ee.exporter.metrics.IdentityLabels;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The running exporter's answers cut down to one user (and device, when asked): its /metrics keep
 * the series labelled with that user (and device) and every series labelled with no user or device
 * (the exporter's own self-metrics, totals); /api/v1/devices keeps that user's verdicts;
 * /api/v1/findings that user's conflicts, stale targets and the events they sent or the capture
 * asked about. Label values are compared as the exporter writes them ({@code labels.user_id}: full,
 * localpart or hash). What is left still goes through {@link OtherIdentities}.
 */
public final class OwnExporterView {
  private static final Pattern USER_LABEL = label("user");
  private static final Pattern DEVICE_LABEL = label("device");

  private final String user;
  private final @Nullable String device;
  private final @Nullable String event;
  private final String userLabel;
  private final @Nullable String deviceLabel;
  private final OtherIdentities others;

  public OwnExporterView(
      String user,
      @Nullable String device,
      @Nullable String event,
      IdentityLabels ids,
      OtherIdentities others) {
    this.user = user;
    this.device = device;
    this.event = event;
    this.userLabel = escaped(ids.user(user));
    this.deviceLabel = device == null ? null : escaped(ids.device(device));
    this.others = others;
  }

  /** The exposition's comment lines and the samples of this user or of no user. */
  public String metrics(String exposition) {
    return others.scrub(
        exposition
            .lines()
            .filter(l -> l.startsWith("#") || ownSample(l))
            .collect(Collectors.joining("\n", "", "\n")));
  }

  private boolean ownSample(String line) {
    int open = line.indexOf('{');
    if (open < 0) {
      return true; // no labels: one figure of the whole exporter
    }
    String u = value(USER_LABEL, line, open);
    String d = value(DEVICE_LABEL, line, open);
    if (u != null && !u.equals(userLabel)) {
      return false;
    }
    if (d == null) {
      return true;
    }
    // A device label without a user label names a device of nobody in particular: not kept.
    return deviceLabel == null ? u != null : d.equals(deviceLabel);
  }

  /** /api/v1/devices?all=true with only this user's (device's) verdicts. */
  public String verdicts(String json) {
    JsonObject all = parse(json);
    JsonObject out = new JsonObject().put("devices", keep(all.getJsonArray("devices"), this::own));
    return others.scrub(out.encodePrettily());
  }

  /** /api/v1/findings with only this user's (device's) conflicts, events and stale targets. */
  public String findings(String json) {
    JsonObject all = parse(json);
    JsonObject out =
        new JsonObject()
            .put("otk_conflicts", keep(all.getJsonArray("otk_conflicts"), this::own))
            .put(
                "encrypted_events_without_algorithm",
                keep(
                    all.getJsonArray("encrypted_events_without_algorithm"),
                    e ->
                        user.equals(e.getString("sender"))
                            || (event != null && event.equals(e.getString("event_id")))))
            .put(
                "stale_to_device_targets",
                keep(all.getJsonArray("stale_to_device_targets"), this::own));
    return others.scrub(out.encodePrettily());
  }

  private boolean own(JsonObject entry) {
    return user.equals(entry.getString("user"))
        && (device == null || device.equals(entry.getString("device")));
  }

  private static JsonArray keep(@Nullable JsonArray entries, Predicate<JsonObject> own) {
    JsonArray out = new JsonArray();
    if (entries != null) {
      for (Object e : entries) {
        if (e instanceof JsonObject o && own.test(o)) {
          out.add(o);
        }
      }
    }
    return out;
  }

  private static JsonObject parse(String json) {
    try {
      return new JsonObject(json);
    } catch (DecodeException | ClassCastException e) {
      throw new IllegalArgumentException(
          "the exporter answered something that is not a JSON object");
    }
  }

  private static Pattern label(String name) {
    return Pattern.compile("[{,]" + name + "=\"((?:[^\"\\\\]|\\\\.)*)\"");
  }

  private static @Nullable String value(Pattern label, String line, int from) {
    Matcher m = label.matcher(line);
    return m.find(from) ? m.group(1) : null;
  }

  /** As the text format writes a label value. */
  private static String escaped(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
