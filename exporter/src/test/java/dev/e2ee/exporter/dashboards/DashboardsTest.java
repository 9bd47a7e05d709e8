package dev.e2ee.exporter.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.e2ee.exporter.testing.Dashboards;
import dev.e2ee.exporter.testing.ExternalTool;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The dashboards' JSON: well-formed, importable, every panel and variable wired to a query. */
class DashboardsTest {
  @Test
  void uniqueUidsAndTitlesAndAnImportableShape() throws Exception {
    List<JsonNode> all = Dashboards.all();
    assertThat(all).hasSize(2);
    Set<String> uids = new HashSet<>();
    Set<String> titles = new HashSet<>();
    for (JsonNode d : all) {
      assertThat(uids.add(d.get("uid").asText())).as("unique uid %s", d.get("uid")).isTrue();
      assertThat(titles.add(d.get("title").asText())).isTrue();
      assertThat(d.get("schemaVersion").asInt()).isGreaterThanOrEqualTo(36); // Grafana 10
      assertThat(d.at("/__inputs/0/name").asText()).isEqualTo("DS_PROMETHEUS");
      Set<Integer> ids = new HashSet<>();
      Set<String> panelTitles = new HashSet<>();
      d.get("panels")
          .forEach(
              p -> {
                assertThat(ids.add(p.get("id").asInt()))
                    .as("unique panel id in %s", d.get("uid"))
                    .isTrue();
                assertThat(panelTitles.add(p.get("title").asText()))
                    .as("unique panel title %s", p.get("title"))
                    .isTrue();
              });
    }
  }

  @Test
  void everyPanelHasADataSourceAnExpressionAUnitAndADescription() throws Exception {
    for (JsonNode d : Dashboards.all()) {
      for (JsonNode p : Dashboards.panels(d)) {
        String title = p.get("title").asText();
        assertThat(p.at("/datasource/uid").asText()).as(title).isEqualTo("${DS_PROMETHEUS}");
        assertThat(p.get("description").asText()).as(title).hasSizeGreaterThan(30);
        assertThat(p.get("targets")).as(title).isNotEmpty();
        p.get("targets")
            .forEach(
                t -> {
                  assertThat(t.get("expr").asText()).as(title).isNotBlank();
                  assertThat(t.at("/datasource/uid").asText())
                      .as(title)
                      .isEqualTo("${DS_PROMETHEUS}");
                });
        if ("timeseries".equals(p.get("type").asText())) {
          assertThat(p.at("/fieldConfig/defaults/unit").asText())
              .as("unit of %s", title)
              .isNotBlank();
        }
      }
      for (JsonNode v : d.at("/templating/list")) {
        if ("query".equals(v.get("type").asText())) {
          assertThat(v.at("/datasource/uid").asText()).isEqualTo("${DS_PROMETHEUS}");
          assertThat(v.at("/query/query").asText()).startsWith("label_values(");
        }
      }
    }
  }

  @Test
  void everyQueryFiltersOnTheHomeserverVariable() throws Exception {
    for (JsonNode d : Dashboards.all()) {
      List<String> variables = new ArrayList<>();
      d.at("/templating/list").forEach(v -> variables.add(v.get("name").asText()));
      assertThat(variables).as(d.get("uid").asText()).contains("homeserver", "instance");
      assertThat(variables.indexOf("homeserver")).isLessThan(variables.indexOf("instance"));
      List<String> queries = new ArrayList<>();
      Dashboards.panels(d)
          .forEach(p -> p.get("targets").forEach(t -> queries.add(t.get("expr").asText())));
      d.at("/annotations/list").forEach(a -> queries.add(a.get("expr").asText()));
      d.at("/templating/list")
          .forEach(
              v -> {
                if ("query".equals(v.get("type").asText())
                    && !"homeserver".equals(v.get("name").asText())) {
                  queries.add(v.at("/query/query").asText());
                }
              });
      for (String query : queries) {
        assertThat(query).as(d.get("uid").asText()).contains("homeserver=~\"$homeserver\"");
      }
    }
  }

  @Test
  void provisioningPointsAtAFileProvider() throws Exception {
    String yaml =
        Files.readString(ExternalTool.repository().resolve("deploy/grafana/dashboards.yml"));
    assertThat(yaml).contains("type: file", "apiVersion: 1");
  }
}
