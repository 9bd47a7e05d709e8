package dev.e2ee.exporter.log.parse;

import dev.e2ee.exporter.domain.ToDeviceTypes;
import org.jspecify.annotations.Nullable;

/**
 * Classifies a request path (from the access log) into an {@link Endpoint}, plus the two details
 * the KE metrics need: the to-device event type (from a bounded set) and the delayed-event action.
 * Works on {@code r0}, {@code v3} and {@code unstable} prefixes.
 */
public final class RequestClassifier {
  private static final String CLIENT = "/_matrix/client/";
  private static final String MSC4140 = "org.matrix.msc4140/delayed_events";
  private static final String DELAY_PARAM = "org.matrix.msc4140.delay=";

  private Endpoint endpoint = Endpoint.OTHER;
  private @Nullable String toDeviceType;
  private @Nullable DelayedAction delayedAction;

  /** Classifies {@code uri} (path and query) in place; read the results with the getters. */
  public void classify(String method, String uri) {
    classify(method, uri, 0, uri.length());
  }

  /**
   * Classifies the path and query in {@code line[from, to)}, read where it is in the access line
   * rather than copied out of it first (a sync URI is most of a line's bytes). The region ends at
   * the space before the protocol, and no pattern here holds a space, so none matches across it.
   */
  public void classify(String method, String uri, int from, int to) {
    endpoint = Endpoint.OTHER;
    toDeviceType = null;
    delayedAction = null;
    int query = uri.indexOf('?', from);
    if (query >= to) {
      query = -1;
    }
    int pathEnd = query < 0 ? to : query;
    if (!uri.startsWith(CLIENT, from) || "OPTIONS".equals(method)) {
      return; // a CORS preflight asks whether the request may be made; it makes none
    }
    int version = from + CLIENT.length();
    int rest = uri.indexOf('/', version);
    if (rest < 0 || rest >= pathEnd) {
      return;
    }
    rest++;
    if (pathIs(uri, rest, pathEnd, "keys/upload") || uri.startsWith("keys/upload/", rest)) {
      endpoint = Endpoint.KEYS_UPLOAD;
    } else if (pathIs(uri, rest, pathEnd, "keys/query")) {
      endpoint = Endpoint.KEYS_QUERY;
    } else if (pathIs(uri, rest, pathEnd, "keys/claim")) {
      endpoint = Endpoint.KEYS_CLAIM;
    } else if (uri.startsWith("sendToDevice/", rest)) {
      endpoint = Endpoint.SEND_TO_DEVICE;
      int typeFrom = rest + "sendToDevice/".length();
      int typeTo = uri.indexOf('/', typeFrom);
      String type = uri.substring(typeFrom, typeTo < 0 || typeTo > pathEnd ? pathEnd : typeTo);
      toDeviceType = ToDeviceTypes.label(type);
    } else if (pathIs(uri, rest, pathEnd, "sync")
        || pathIs(uri, rest, pathEnd, "org.matrix.simplified_msc3575/sync")) {
      endpoint = Endpoint.SYNC;
    } else if (uri.startsWith(MSC4140, rest)) {
      int after = rest + MSC4140.length();
      if (after >= pathEnd) {
        endpoint = Endpoint.DELAYED_EVENTS;
        delayedAction = DelayedAction.LIST;
      } else if (uri.charAt(after) == '/') {
        endpoint = Endpoint.UPDATE_DELAYED_EVENT;
        delayedAction = actionSuffix(uri, after + 1, pathEnd);
      }
    } else if (uri.indexOf("update_delayed_event", rest) >= 0
        && uri.indexOf("update_delayed_event", rest) < pathEnd) {
      endpoint = Endpoint.UPDATE_DELAYED_EVENT;
      delayedAction = DelayedAction.UPDATE;
    } else if (query > from
        && inRegion(uri.indexOf(DELAY_PARAM, query), to)
        && "PUT".equals(method)
        && uri.startsWith("rooms/", rest)) {
      endpoint = Endpoint.DELAYED_EVENTS;
      delayedAction = DelayedAction.SCHEDULE;
    }
  }

  private static DelayedAction actionSuffix(String uri, int idFrom, int pathEnd) {
    int slash = uri.indexOf('/', idFrom);
    if (slash < 0 || slash >= pathEnd) {
      return DelayedAction.UPDATE;
    }
    String action = uri.substring(slash + 1, pathEnd);
    return switch (action) {
      case "restart" -> DelayedAction.RESTART;
      case "cancel" -> DelayedAction.CANCEL;
      case "send" -> DelayedAction.SEND;
      default -> DelayedAction.UPDATE;
    };
  }

  private static boolean inRegion(int found, int to) {
    return found > 0 && found < to;
  }

  private static boolean pathIs(String uri, int from, int pathEnd, String expected) {
    return pathEnd - from == expected.length() && uri.startsWith(expected, from);
  }

  public Endpoint endpoint() {
    return endpoint;
  }

  /** For {@link Endpoint#SEND_TO_DEVICE}: the event type, or "other"; null for other endpoints. */
  public @Nullable String toDeviceType() {
    return toDeviceType;
  }

  /** For the delayed-event endpoints: what the request did; null for other endpoints. */
  public @Nullable DelayedAction delayedAction() {
    return delayedAction;
  }
}
