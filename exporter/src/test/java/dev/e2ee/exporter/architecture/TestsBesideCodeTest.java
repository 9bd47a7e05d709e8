package dev.e2ee.exporter.architecture;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Tests that mirror the code (#28): every production class of the exporter that has logic has a
 * test beside it, a {@code <Name>Test} or {@code <Name>*Test} in the same package of the test tree,
 * where a maintainer who changes the class looks first.
 *
 * <p>The rule for "has logic": the class's code (comments and literals left out) holds a branch or
 * a loop: {@code if}, {@code for}, {@code while}, {@code switch}, {@code case}, {@code catch} or
 * the conditional {@code ?:}. Records and enums without bodies, interfaces of abstract methods and
 * holders that only pass values on have none and need no test of their own; a method that only
 * delegates is tested where the work is done.
 *
 * <p>What has no test beside it yet is named below with the reason; the list only shrinks: an entry
 * whose class has gained a test (or lost its logic, or is gone) fails the test, so the list cannot
 * go stale.
 */
class TestsBesideCodeTest {
  private static final Path MAIN = Path.of("src/main/java");
  private static final Path TEST = Path.of("src/test/java");
  private static final String ROOT = "dev/e2ee/exporter/";

  /** Comments, text blocks, strings and char literals: none of them is logic. */
  private static final Pattern NOT_CODE =
      Pattern.compile(
          "(?s)\"\"\".*?\"\"\"|\"(?:\\\\.|[^\"\\\\\\n])*\"|'(?:\\\\.|[^'\\\\\\n])*'"
              + "|//[^\\n]*|/\\*.*?\\*/");

  /** A branch or a loop; {@code ?} after {@code <} or {@code ,} is a wildcard, not a choice. */
  private static final Pattern LOGIC =
      Pattern.compile("\\b(?:if|for|while|switch|catch)\\s*\\(|\\bcase\\b|[^<,\\s]\\s*\\?\\s");

  private static final String CAPTURE =
      "capture/: tested end to end through AlertCaptureTest, RealSynapseCaptureTest and the"
          + " LogSlicer tests; a test per class is still to write (#28)";
  private static final String CLI =
      "cli/: tested through the command tests (CaptureCommandTest, CheckCommandTest, MainTest,"
          + " ServeJarIT); ReplayCommand is the testsdups lane's, ServeCommand the startup lane's";
  private static final String CONFIG =
      "config/: being split by the config lane (#28); read through ConfigLoaderTest today";
  private static final String CONSOLE =
      "console/: tested through ConsoleViewsTest, DeviceHistoryTest and LiveQ4Test";
  private static final String DB =
      "db/: tested through the collector and poller tests on PostgreSQL (CollectorRegistryTest,"
          + " DatabasePollerTest, RealSchemaTest); a test per class is still to write (#28)";
  private static final String DIAGNOSIS =
      "diagnosis/: tested through DecisionTreeTest and Q1PerDeviceTest";
  private static final String DOMAIN =
      "domain/: small value classes, tested through the collector and log tests that use them";
  private static final String EVIDENCE =
      "evidence/: tested through the diagnosis and collector tests that read them";
  private static final String HTTP =
      "http/: tested through HttpApiTest, TlsAndBasicAuthTest, ListenerAbuseTest and the auth"
          + " tests over a real listener; a test per class is still to write (#28)";
  private static final String LOG =
      "log/: tested through FileTailerTest, LosslessTailingTest, JournaldTest and LogSourceTest;"
          + " a test of its own is still to write (#28)";
  private static final String PERF =
      "log/pipeline and log/program: being rewritten by the perf lane (#29), which adds the tests"
          + " beside them";
  private static final String METRICS =
      "metrics/: tested through BoundedMetricsTest, GaugesTest and LabelGuardTest";
  private static final String PAGE =
      "page/: tested through ConsoleViewsTest, MarkdownTest and TimesAndSparklineTest";
  private static final String REPLAY =
      "replay/: tested through ReplayCommandTest, RealSynapseLogTest and the Replay* tests";
  private static final String RUNTIME =
      "runtime/: the wiring; tested through DeviceTablesTest and the jar tests (ServeJarIT)";
  private static final String SUPPORT =
      "support/: two helpers, tested through the log and HTTP tests that use them";

  /**
   * Classes with logic and no test beside them yet, relative to {@code dev/e2ee/exporter/}, each
   * with why. Remove an entry when its test lands.
   */
  static final Map<String, String> NO_TEST_BESIDE_YET =
      Map.ofEntries(
          entry("capture/AlertPayload", CAPTURE),
          entry("capture/CaptureBundle", CAPTURE),
          entry("capture/CaptureQueries", CAPTURE),
          entry("capture/CaptureStore", CAPTURE),
          entry("capture/ClientsFinding", CAPTURE),
          entry("capture/Q3", CAPTURE),
          entry("capture/ServerSide", CAPTURE),
          entry("cli/ConfigFiles", CLI),
          entry("cli/Logging", CLI),
          entry("cli/ProgressLine", CLI),
          entry("cli/ReplayCommand", CLI),
          entry("cli/RunUntilStopped", CLI),
          entry("cli/ServeCommand", CLI),
          entry("config/ConsoleConfigReader", CONFIG),
          entry("config/DatabaseConfigReader", CONFIG),
          entry("config/Durations", CONFIG),
          entry("config/ExporterConfig", CONFIG),
          entry("config/LabelsConfigReader", CONFIG),
          entry("config/ListenAddress", CONFIG),
          entry("config/ListenConfigReader", CONFIG),
          entry("config/LogsConfigReader", CONFIG),
          entry("config/PasswordHash", CONFIG),
          entry("config/Secrets", CONFIG),
          entry("config/Section", CONFIG),
          entry("config/Suggestions", CONFIG),
          entry("config/SynapseConfigReader", CONFIG),
          entry("config/YamlTreeParser", CONFIG),
          entry("console/CaptureCommandLine", CONSOLE),
          entry("console/ConsoleEvents", CONSOLE),
          entry("console/Links", CONSOLE),
          entry("console/MinuteRing", CONSOLE),
          entry("console/Q4Now", CONSOLE),
          entry("console/SourceView", CONSOLE),
          entry("console/Trend", CONSOLE),
          entry("db/CollectorRounds", DB),
          entry("db/DatabaseCheck", DB),
          entry("db/DeviceAgentsCollector", DB),
          entry("db/DeviceListing", DB),
          entry("db/Params", DB),
          entry("db/PollerMetrics", DB),
          entry("db/QueryErrors", DB),
          entry("db/QueryMetrics", DB),
          entry("db/ReadOnlyPool", DB),
          entry("db/ReplicaStatus", DB),
          entry("db/SchemaVersionCollector", DB),
          entry("db/SessionCheck", DB),
          entry("db/WatchedDevicesQuery", DB),
          entry("db/WholeTableFigures", DB),
          entry("diagnosis/DiagnosisService", DIAGNOSIS),
          entry("diagnosis/Q4Rule", DIAGNOSIS),
          entry("domain/KeyHash", DOMAIN),
          entry("domain/OtkConflict", DOMAIN),
          entry("domain/ToDeviceTypes", DOMAIN),
          entry("evidence/ConflictState", EVIDENCE),
          entry("evidence/DatabaseTime", EVIDENCE),
          entry("http/BasicAuthHandler", HTTP),
          entry("http/BoundedWrite", HTTP),
          entry("http/ConnectionGuard", HTTP),
          entry("http/ConsoleJson", HTTP),
          entry("http/FindingsApi", HTTP),
          entry("http/LandingPage", HTTP),
          entry("http/MetricsEndpoint", HTTP),
          entry("http/Routes", HTTP),
          entry("http/ScrapeRequest", HTTP),
          entry("http/StatusJson", HTTP),
          entry("http/TokenBucket", HTTP),
          entry("log/FileStat", LOG),
          entry("log/FileStream", LOG),
          entry("log/HeadPrint", LOG),
          entry("log/JournalCheck", LOG),
          entry("log/JournalReader", LOG),
          entry("log/JournalStream", LOG),
          entry("log/LineAssembler", LOG),
          entry("log/LogFileCheck", LOG),
          entry("log/LogFiles", LOG),
          entry("log/RotatedNames", LOG),
          entry("log/RotatedSiblings", LOG),
          entry("log/RotationRecovery", LOG),
          entry("log/TailMetrics", LOG),
          entry("log/parse/ContinuationTracker", LOG),
          entry("log/parse/Cursor", LOG),
          entry("log/parse/JsonLine", LOG),
          entry("log/parse/LogRecord", LOG),
          entry("log/parse/RecordParser", LOG),
          entry("log/parse/RecordParsers", LOG),
          entry("log/pipeline/LineBatch", PERF),
          entry("log/pipeline/ParallelSink", PERF),
          entry("log/pipeline/ParseWorkers", PERF),
          entry("log/program/AccessMetrics", PERF),
          entry("log/program/ConflictingDevices", PERF),
          entry("log/program/KeyEventMetrics", PERF),
          entry("log/program/KeyUploadJoin", PERF),
          entry("log/program/KeyUploadLines", PERF),
          entry("log/program/LogProgram", PERF),
          entry("log/program/NewestRecords", PERF),
          entry("log/program/PipelineMetrics", PERF),
          entry("log/program/ProgramSources", PERF),
          entry("log/program/UploadOutcomes", PERF),
          entry("metrics/BuildInfo", METRICS),
          entry("metrics/DeviceClients", METRICS),
          entry("metrics/HomeserverInfo", METRICS),
          entry("metrics/IdentityLabels", METRICS),
          entry("metrics/Refusals", METRICS),
          entry("metrics/SeriesLimiter", METRICS),
          entry("page/ConsolePage", PAGE),
          entry("page/DeviceCard", PAGE),
          entry("page/Html", PAGE),
          entry("page/Q4Panel", PAGE),
          entry("page/RunbookPage", PAGE),
          entry("page/Sparkline", PAGE),
          entry("replay/DatabaseConfirmation", REPLAY),
          entry("replay/FloatList", REPLAY),
          entry("replay/IncidentRecorder", REPLAY),
          entry("replay/IncidentReports", REPLAY),
          entry("replay/InputFile", REPLAY),
          entry("replay/JsonReport", REPLAY),
          entry("replay/MarkdownReport", REPLAY),
          entry("replay/OpenMetricsBackfill", REPLAY),
          entry("replay/ProcessLog", REPLAY),
          entry("replay/Q4", REPLAY),
          entry("replay/ReplayFile", REPLAY),
          entry("replay/ReplayInputs", REPLAY),
          entry("runtime/DatabaseSide", RUNTIME),
          entry("runtime/DeviceOwnView", RUNTIME),
          entry("runtime/Exporter", RUNTIME),
          entry("runtime/LogSide", RUNTIME),
          entry("runtime/ProbeReadings", RUNTIME),
          entry("support/ErrorText", SUPPORT),
          entry("support/WarnLimiter", SUPPORT));

  @Test
  void everyClassWithLogicHasATestBesideIt() throws IOException {
    Set<String> untested = untestedClassesWithLogic();
    assertThat(new TreeSet<>(untested))
        .as("write a test beside each (#28), or name it in NO_TEST_BESIDE_YET with why")
        .isSubsetOf(NO_TEST_BESIDE_YET.keySet());
    assertThat(new TreeSet<>(NO_TEST_BESIDE_YET.keySet()))
        .as("has a test now (or no logic, or is gone): remove from NO_TEST_BESIDE_YET")
        .isSubsetOf(untested);
  }

  @Test
  void logicIsABranchOrALoopInCodeNotInTextOrTypes() {
    assertThat(hasLogic("record R(int x) {}")).isFalse();
    assertThat(hasLogic("interface I { Map<String, ? extends Number> m(List<?> l); }")).isFalse();
    assertThat(hasLogic("class A { /** if (x) */ String s = \"for (;;)\"; char c = '?'; }"))
        .isFalse();
    assertThat(hasLogic("class A { String s = \"\"\"\n  while (true) ? :\n  \"\"\"; }")).isFalse();
    assertThat(hasLogic("class A { int m(int x) { return x > 0 ? x : -x; } }")).isTrue();
    assertThat(hasLogic("class A { void m(int[] a) { for (int x : a) {} } }")).isTrue();
    assertThat(hasLogic("enum E { A; int m() { return switch (this) { case A -> 1; }; } }"))
        .isTrue();
  }

  @Test
  void aTestBesideIsNamedAfterTheClassInTheSamePackage() {
    assertThat(isTestOf("CursorTest.java", "Cursor")).isTrue();
    assertThat(isTestOf("CursorStepsTest.java", "Cursor")).isTrue();
    assertThat(isTestOf("Cursor.java", "Cursor")).isFalse();
    assertThat(isTestOf("CursorFixture.java", "Cursor")).isFalse();
    assertThat(isTestOf("ACursorTest.java", "Cursor")).isFalse();
  }

  private static Set<String> untestedClassesWithLogic() throws IOException {
    Set<String> untested = new TreeSet<>();
    List<Path> sources;
    try (Stream<Path> files = Files.walk(MAIN)) {
      sources = files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
    }
    for (Path file : sources) {
      if (!hasLogic(Files.readString(file, StandardCharsets.UTF_8))) {
        continue;
      }
      String relative = MAIN.relativize(file).toString().replace('\\', '/');
      String name = file.getFileName().toString().replace(".java", "");
      if (!testsIn(TEST.resolve(MAIN.relativize(file)).getParent()).stream()
          .anyMatch(test -> isTestOf(test, name))) {
        untested.add(relative.substring(ROOT.length(), relative.length() - ".java".length()));
      }
    }
    return untested;
  }

  private static List<String> testsIn(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    List<String> names = new ArrayList<>();
    try (Stream<Path> files = Files.list(directory)) {
      files.forEach(f -> names.add(f.getFileName().toString()));
    }
    return names;
  }

  static boolean hasLogic(String source) {
    return LOGIC.matcher(NOT_CODE.matcher(source).replaceAll("\"\"")).find();
  }

  static boolean isTestOf(String testFile, String className) {
    return testFile.startsWith(className) && testFile.endsWith("Test.java");
  }
}
