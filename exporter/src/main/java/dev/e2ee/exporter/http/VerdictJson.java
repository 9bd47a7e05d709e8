package dev.e2ee.exporter.http;

import dev.e2ee.exporter.diagnosis.Verdict;
import io.vertx.core.json.JsonObject;

/** The fields that open every device's verdict in the JSON API, in the order they are written. */
final class VerdictJson {
  private VerdictJson() {}

  static JsonObject of(String user, String device, Verdict verdict, String evidence) {
    return new JsonObject()
        .put("user", user)
        .put("device", device)
        .put("question", verdict.question().label())
        .put("verdict", verdict.label())
        .put("evidence", evidence);
  }
}
