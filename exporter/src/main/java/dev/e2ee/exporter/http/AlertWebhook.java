package dev.e2ee.exporter.http;

import dev.e2ee.exporter.capture.AlertCapture;
import dev.e2ee.exporter.capture.AlertPayload;
import dev.e2ee.exporter.capture.CaptureStore;
import dev.e2ee.exporter.config.ListenConfig;
import dev.e2ee.exporter.support.ErrorText;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/alerts}: Alertmanager's webhook, handing firing KE alerts to the {@link
 * AlertCapture}; and {@code GET /captures/NAME.zip}: a bundle for download. Both sit behind the
 * listener's basic auth; without basic auth the webhook works only on a loopback listener (anyone
 * who reaches the port could otherwise make the exporter read the database on demand). Bodies are
 * limited to {@value #MAX_BODY_BYTES} bytes; what is not a version-4 payload gets a 400.
 */
final class AlertWebhook {
  static final int MAX_BODY_BYTES = 1 << 20;
  private static final Logger LOG = LoggerFactory.getLogger(AlertWebhook.class);

  private AlertWebhook() {}

  static void register(
      Router router,
      Vertx vertx,
      ListenConfig listen,
      AlertCapture capture,
      PrometheusRegistry registry) {
    Counter refused =
        Counter.builder()
            .name("synapse_e2ee_capture_requests_refused")
            .help(
                "Webhook requests refused: no_auth (a non-loopback listener without basic auth), too_large (body over 1 MiB), bad_payload (not Alertmanager's version-4 JSON).")
            .labelNames("reason")
            .register(registry);
    refused.labelValues("no_auth");
    refused.labelValues("too_large");
    refused.labelValues("bad_payload");
    boolean open = listen.basicAuth().isEmpty() && !loopback(listen.address());
    // Basic auth checks passwords off the event loop: hold the body until the BodyHandler reads
    // it, or it would arrive (and be lost) while the check runs.
    router
        .post(Routes.ALERTS)
        .order(-1)
        .handler(
            ctx -> {
              String length = ctx.request().getHeader("Content-Length");
              if (length != null
                  && length.length() < 19
                  && length.matches("\\d+")
                  && Long.parseLong(length) > MAX_BODY_BYTES) {
                // Said up front: answer before reading any of it.
                refused.labelValues("too_large").inc();
                ctx.response().setStatusCode(413).putHeader("Connection", "close").end();
                return;
              }
              ctx.request().pause();
              ctx.next();
            });
    router
        .post(Routes.ALERTS)
        .handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES))
        .handler(
            ctx -> {
              if (open) {
                refused.labelValues("no_auth").inc();
                ctx.response()
                    .setStatusCode(403)
                    .end(
                        "the alert webhook needs listen.basic_auth on a listener that is not on"
                            + " loopback\n");
              } else {
                ctx.next();
              }
            })
        .handler(ctx -> receive(ctx, capture, refused))
        .failureHandler(
            ctx -> {
              if (ctx.statusCode() == 413) {
                refused.labelValues("too_large").inc();
              } else if (ctx.failure() != null) {
                LOG.warn("alert webhook failed: {}", ErrorText.describe(ctx.failure()));
              }
              ctx.response().setStatusCode(ctx.statusCode() > 0 ? ctx.statusCode() : 500).end();
            });
    router.get(Routes.CAPTURES).handler(ctx -> download(ctx, vertx, capture.store()));
  }

  private static void receive(RoutingContext ctx, AlertCapture capture, Counter refused) {
    AlertPayload.Parsed payload;
    try {
      payload = AlertPayload.parse(ctx.body().asString());
    } catch (AlertPayload.Invalid e) {
      refused.labelValues("bad_payload").inc();
      ctx.response().setStatusCode(400).end(e.getMessage() + "\n");
      return;
    }
    int started = capture.accept(payload);
    ctx.response()
        .putHeader("Content-Type", "application/json")
        .end(
            new JsonObject()
                .put("firing_device_alerts", payload.firing().size())
                .put("captures_started", started)
                .put("ignored", new JsonObject(new java.util.TreeMap<>(payload.ignored())))
                .encode());
  }

  private static void download(RoutingContext ctx, Vertx vertx, Optional<CaptureStore> store) {
    String file = ctx.pathParam("file");
    Optional<Path> dir =
        file.endsWith(".zip") && store.isPresent()
            ? store.get().bundle(file.substring(0, file.length() - 4))
            : Optional.empty();
    if (dir.isEmpty()) {
      ctx.response().setStatusCode(404).end("no such bundle\n");
      return;
    }
    vertx
        .executeBlocking(
            () -> {
              Path zip =
                  Files.createTempFile(
                      "bundle-",
                      ".zip",
                      PosixFilePermissions.asFileAttribute(
                          PosixFilePermissions.fromString("rw-------")));
              try (OutputStream out = Files.newOutputStream(zip)) {
                CaptureStore.zip(dir.get(), out);
              }
              return zip;
            },
            false)
        .onSuccess(
            zip ->
                ctx.response()
                    .putHeader("Content-Type", "application/zip")
                    .putHeader("Content-Disposition", "attachment; filename=\"" + file + "\"")
                    .sendFile(zip.toString())
                    .onComplete(
                        done -> vertx.executeBlocking(() -> Files.deleteIfExists(zip), false)))
        .onFailure(e -> ctx.response().setStatusCode(500).end("could not pack the bundle\n"));
  }

  static boolean loopback(String address) {
    try {
      return "localhost".equals(address) || InetAddress.getByName(address).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
