package dev.e2ee.exporter.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The committed Grafana dashboards, read as JSON trees (shared by the shape and the live tests).
 */
public final class Dashboards {
  public static final Path DIR = ExternalTool.repository().resolve("dashboards");

  private Dashboards() {}

  public static List<JsonNode> all() throws IOException {
    List<JsonNode> all = new ArrayList<>();
    try (Stream<Path> files = Files.list(DIR)) {
      for (Path p : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        all.add(new ObjectMapper().readTree(p.toFile()));
      }
    }
    return all;
  }

  /** Every panel that draws something (rows only group). */
  public static List<JsonNode> panels(JsonNode dashboard) {
    List<JsonNode> out = new ArrayList<>();
    dashboard
        .get("panels")
        .forEach(
            p -> {
              if (!"row".equals(p.get("type").asText())) {
                out.add(p);
              }
            });
    return out;
  }
}
