package dev.e2ee.exporter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.e2ee.exporter.config.BasicAuthConfig;
import dev.e2ee.exporter.config.ExporterConfig;
import dev.e2ee.exporter.config.ListenConfig;
import dev.e2ee.exporter.config.PasswordHash;
import dev.e2ee.exporter.config.TlsConfig;
import dev.e2ee.exporter.runtime.Exporter;
import dev.e2ee.exporter.testing.ExternalTool;
import dev.e2ee.exporter.testing.NeedsTool;
import dev.e2ee.exporter.testing.Scrape;
import dev.e2ee.exporter.testing.TestConfigs;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real TLS handshake with a certificate made by openssl, and basic auth against it. */
class TlsAndBasicAuthTest {

  @NeedsTool
  @Test
  void httpsWithBasicAuth(@TempDir Path dir) throws Exception {
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    var openssl = ExternalTool.require("openssl", "openssl");
    var made =
        ExternalTool.run(
            dir,
            List.of(
                openssl.toString(),
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                key.toString(),
                "-out",
                cert.toString(),
                "-days",
                "2",
                "-subj",
                "/CN=localhost",
                "-addext",
                "subjectAltName=IP:127.0.0.1,DNS:localhost"));
    assertThat(made.exitCode()).as(made.output()).isZero();

    ExporterConfig base = TestConfigs.noSources();
    ListenConfig listen =
        new ListenConfig(
            "127.0.0.1",
            0,
            Optional.of(new TlsConfig(cert, key)),
            Optional.of(
                new BasicAuthConfig(
                    "prometheus", PasswordHash.hash("correct horse".toCharArray()))));
    ExporterConfig config = base.withListen(listen);
    try (Exporter exporter = new Exporter(config, Clock.systemUTC(), Map.of())) {
      int port = exporter.start();
      HttpClient client =
          HttpClient.newBuilder()
              .sslContext(trusting(cert))
              .connectTimeout(Duration.ofSeconds(5))
              .build();
      String base64Right =
          Base64.getEncoder()
              .encodeToString("prometheus:correct horse".getBytes(StandardCharsets.UTF_8));
      String base64Wrong =
          Base64.getEncoder()
              .encodeToString("prometheus:battery staple".getBytes(StandardCharsets.UTF_8));

      assertThat(get(client, port, "/-/healthy", null).statusCode()).isEqualTo(200);
      HttpResponse<String> missing = get(client, port, "/metrics", null);
      assertThat(missing.statusCode()).isEqualTo(401);
      assertThat(missing.headers().firstValue("WWW-Authenticate"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("Basic "));
      assertThat(get(client, port, "/", "Basic " + base64Wrong).statusCode()).isEqualTo(401);
      assertThat(get(client, port, "/metrics", "Basic not-base64!").statusCode()).isEqualTo(401);
      HttpResponse<String> ok = get(client, port, "/metrics", "Basic " + base64Right);
      assertThat(ok.statusCode()).isEqualTo(200);
      Scrape scrape = new Scrape(get(client, port, "/metrics", "Basic " + base64Right).body());
      assertThat(scrape.valueOrFail("synapse_e2ee_http_auth_failures_total{reason=\"missing\"}"))
          .isEqualTo(1);
      assertThat(scrape.valueOrFail("synapse_e2ee_http_auth_failures_total{reason=\"invalid\"}"))
          .isEqualTo(2);
      assertThat(scrape.text()).doesNotContain("correct horse", "battery staple");

      HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      assertThatThrownBy(
              () ->
                  plain.send(
                      HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/-/healthy"))
                          .timeout(Duration.ofSeconds(5))
                          .build(),
                      HttpResponse.BodyHandlers.ofString()))
          .as("plain HTTP to the TLS port")
          .isInstanceOf(IOException.class);
    }
  }

  @Test
  void passwordHashesAreSaltedAndVerifiedExactly() {
    String one = PasswordHash.hash("same password".toCharArray());
    String two = PasswordHash.hash("same password".toCharArray());
    assertThat(one).isNotEqualTo(two).startsWith("pbkdf2-sha256$210000$");
    assertThat(PasswordHash.verify("same password".toCharArray(), one)).isTrue();
    assertThat(PasswordHash.verify("same passwore".toCharArray(), one)).isFalse();
    assertThat(PasswordHash.verify("same password".toCharArray(), "pbkdf2-sha256$1$x$y")).isFalse();
  }

  static HttpResponse<String> get(HttpClient client, int port, String path, String authorization)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(20));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static SSLContext trusting(Path certPem) throws Exception {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(certPem)) {
      trust.setCertificateEntry(
          "exporter", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    return context;
  }
}
