package dev.e2ee.exporter.capture;

import dev.e2ee.exporter.domain.ClientRelease;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which client and release each captured device runs, from its {@code devices.user_agent}: the
 * first question after "which device" ("tell the user to update" or "report a client bug").
 */
public final class ClientsFinding {
  private ClientsFinding() {}

  /** One finding line per device of the capture's devices query; none when it has no rows. */
  public static List<String> forDevices(CaptureQueries.Result devices) {
    List<String> out = new ArrayList<>();
    for (Map<String, Object> row : CaptureQueries.asMaps(devices)) {
      Object agent = row.get("user_agent");
      out.add(
          "device "
              + row.get("device_id")
              + ": client "
              + (agent == null
                  ? "unknown (no user agent stored)"
                  : ClientRelease.of(agent.toString()).describe())
              + " (devices.user_agent)");
    }
    return out;
  }
}
