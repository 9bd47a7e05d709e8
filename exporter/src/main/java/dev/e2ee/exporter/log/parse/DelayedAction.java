package dev.e2ee.exporter.log.parse;

import java.util.Locale;

/** What an MSC4140 delayed-event request did. */
public enum DelayedAction {
  /** PUT .../send|state/...?org.matrix.msc4140.delay=N: a new delayed event. */
  SCHEDULE,
  /** POST .../delayed_events/<id> with the action in the body (js-sdk's update_delayed_event). */
  UPDATE,
  RESTART,
  CANCEL,
  SEND,
  /** GET .../delayed_events. */
  LIST;

  private final String label = name().toLowerCase(Locale.ROOT);

  public String label() {
    return label;
  }
}
