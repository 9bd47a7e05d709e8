package dev.e2ee.exporter.domain;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The to-device event types worth a label value of their own, for the log side ({@code PUT
 * /sendToDevice/<type>/...}) and the database side ({@code device_inbox}) alike, so that one type
 * never has two names. Clients may invent types: anything else is {@value #OTHER}, which keeps the
 * label bounded.
 */
public final class ToDeviceTypes {
  public static final String OTHER = "other";

  /** In a stable order, for series initialised at 0. */
  public static final List<String> KNOWN =
      List.of(
          "m.room.encrypted",
          "io.element.call.encryption_keys",
          "org.matrix.msc3401.call.encryption_keys",
          "m.room_key_request",
          "m.room_key",
          "m.forwarded_room_key",
          "m.secret.request",
          "m.secret.send",
          "m.dummy",
          "m.key.verification.request",
          "m.key.verification.ready",
          "m.key.verification.start",
          "m.key.verification.accept",
          "m.key.verification.key",
          "m.key.verification.mac",
          "m.key.verification.done",
          "m.key.verification.cancel");

  private static final Set<String> LOOKUP = Set.copyOf(KNOWN);

  private ToDeviceTypes() {}

  /** The label value for {@code type}: itself when known, else {@value #OTHER}. */
  public static String label(String type) {
    return type != null && LOOKUP.contains(type) ? type : OTHER;
  }

  /** Every label value, known types first, {@value #OTHER} last. */
  public static List<String> labels() {
    return Stream.concat(KNOWN.stream(), Stream.of(OTHER)).toList();
  }
}
