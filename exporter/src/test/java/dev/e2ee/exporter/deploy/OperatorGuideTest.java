package dev.e2ee.exporter.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.testing.ExternalTool;
import dev.e2ee.exporter.testing.NeedsPostgres;
import dev.e2ee.exporter.testing.NeedsTool;
import dev.e2ee.exporter.testing.SynapsePostgres;
import dev.e2ee.exporter.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * docs/operating.md's steps 1 and 3 as a newcomer runs them, in one shell: the password step 1
 * makes is the one step 3 writes into the environment file, and the role logs in with it (it used
 * to be generated inline and never shown, so step 3 could not authenticate).
 */
@NeedsPostgres
@NeedsTool
class OperatorGuideTest {
  static final Path REPO = ExternalTool.repository();

  /** The first ```bash block after the heading that starts with {@code heading}. */
  static String bashBlockAfter(String markdown, String heading) {
    int at = markdown.indexOf("\n" + heading);
    assertThat(at).as("heading %s", heading).isPositive();
    Matcher m = Pattern.compile("```bash\n(.*?)```", Pattern.DOTALL).matcher(markdown);
    assertThat(m.find(at)).as("a bash block after %s", heading).isTrue();
    return m.group(1);
  }

  @Test
  void stepOnesPasswordIsTheOneStepThreeWritesAndTheRoleLogsInWithIt(@TempDir Path dir)
      throws Exception {
    ExternalTool.require("psql", "postgresql-client");
    ExternalTool.require("openssl", "openssl");
    TestDatabase db = SynapsePostgres.newDatabase();
    String guide = Files.readString(REPO.resolve("docs/operating.md"));
    String step1 = bashBlockAfter(guide, "## 1. ");
    String step3 = bashBlockAfter(guide, "## 3. ");
    assertThat(step1).contains("sudo -u postgres psql -d synapse ");
    assertThat(step3).contains("sudo tee /etc/synapse-e2ee-exporter/environment");
    Path environment = dir.resolve("environment");
    String psql =
        "psql -X -q -v ON_ERROR_STOP=1 -h "
            + db.server().host()
            + " -p "
            + db.server().port()
            + " -U "
            + db.server().superuser()
            + " -d "
            + db.name()
            + " ";
    // Only the host-specific parts change: who runs psql against which server, and where the
    // environment file is.
    String script =
        "set -eu\n"
            + step1.replace("sudo -u postgres psql -d synapse ", psql)
            + step3.replace(
                "sudo tee /etc/synapse-e2ee-exporter/environment", "tee " + environment);
    try {
      var run = ExternalTool.run(REPO, List.of("bash", "-c", script));
      assertThat(run.exitCode()).as(run.output()).isZero();
      String shown = run.output().strip().lines().reduce((a, b) -> b).orElse("");
      assertThat(shown).as("the password step 1 prints").matches("[0-9a-f]{48}");
      assertThat(environment).hasContent("SYNAPSE_E2EE_DB_PASSWORD=" + shown);

      PGSimpleDataSource ds = new PGSimpleDataSource();
      ds.setServerNames(new String[] {db.server().host()});
      ds.setPortNumbers(new int[] {db.server().port()});
      ds.setDatabaseName(db.name());
      ds.setUser("synapse_e2ee_exporter");
      ds.setPassword(shown);
      try (Connection c = ds.getConnection();
          ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM devices")) {
        assertThat(rs.next()).isTrue();
      }
    } finally {
      // The role is one per server: give it back the password the other tests use.
      ReadOnlyRoleTest.applyRoleSql(db);
    }
  }
}
