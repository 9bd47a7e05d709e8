package dev.e2ee.exporter.http;

import dev.e2ee.exporter.source.SourceStatus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Locale;

/** {@code GET /api/v1/status}: the landing page's content for machines. */
final class StatusJson {
  private StatusJson() {}

  static JsonObject render(StatusModel model, Instant now) {
    JsonArray sources = new JsonArray();
    for (SourceStatus s : model.sources().get()) {
      sources.add(
          new JsonObject()
              .put("name", s.name())
              .put("state", s.state().name().toLowerCase(Locale.ROOT))
              .put("target", s.target())
              .put("detail", s.detail())
              .put("last_success", s.lastSuccess().map(Instant::toString).orElse(null)));
    }
    return new JsonObject()
        .put("version", model.build().version())
        .put("revision", model.build().revision())
        .put("java_version", model.build().javaVersion())
        .put("started_at", model.startedAt().toString())
        .put("uptime_seconds", now.getEpochSecond() - model.startedAt().getEpochSecond())
        .put("ready", model.ready())
        .put("sources", sources)
        .put("q4", ConsoleJson.q4(model.console().get()));
  }
}
