package dev.e2ee.exporter.config;

import static java.time.Duration.ofDays;
import static java.time.Duration.ofMinutes;
import static java.time.Duration.ofSeconds;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads and validates the YAML config file: one reader per section ({@code *ConfigReader}), each
 * holding the defaults and bounds of its keys; the record defaults are the {@code DEFAULTS} of each
 * section record.
 */
public final class ConfigLoader {
  private ConfigLoader() {}

  public static ExporterConfig load(Path file) {
    String name = file.toString();
    if (!Files.exists(file)) {
      throw new ConfigException(name + ": config file does not exist");
    }
    if (!Files.isRegularFile(file)) {
      throw new ConfigException(name + ": config path is not a regular file");
    }
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return parse(reader, name);
    } catch (NoSuchFileException e) {
      throw new ConfigException(name + ": config file does not exist", e);
    } catch (MalformedInputException e) {
      throw new ConfigException(name + ": config file is not UTF-8 text", e);
    } catch (IOException e) {
      throw new ConfigException(name + ": cannot read config file: " + e.getMessage(), e);
    }
  }

  public static ExporterConfig parse(String yaml, String sourceName) {
    return parse(new StringReader(yaml), sourceName);
  }

  static ExporterConfig parse(Reader reader, String sourceName) {
    return read(Section.root(sourceName, YamlTreeParser.parse(reader, sourceName)));
  }

  /** Every leaf key path the loader understands, for documentation checks. */
  static Set<String> knownLeafKeys() {
    Section root =
        Section.root(
            "(keys)",
            YamlTreeParser.parse(
                new StringReader(
                    "synapse: {server_name: example.org}\ndatabase: {host: localhost}\n"),
                "(keys)"));
    read(root);
    Set<String> paths = new TreeSet<>(root.allDeclaredPaths());
    paths.removeIf(p -> paths.stream().anyMatch(other -> other.startsWith(p + ".")));
    return paths;
  }

  private static ExporterConfig read(Section root) {
    ExporterConfig config =
        new ExporterConfig(
            ListenConfigReader.read(root.section("listen")),
            exporter(root.section("exporter")),
            SynapseConfigReader.read(root.section("synapse")),
            LogsConfigReader.read(root.section("logs")),
            DatabaseConfigReader.read(root.section("database")),
            LabelsConfigReader.read(root.section("labels")),
            devices(root.section("devices")),
            diagnosis(root.section("diagnosis")),
            ConsoleConfigReader.ui(root.section("ui")),
            ConsoleConfigReader.capture(root.section("capture")));
    root.finish();
    return config;
  }

  private static SelfConfig exporter(Section s) {
    SelfConfig exporter =
        new SelfConfig(s.choice("log_level", LogLevel.class, SelfConfig.DEFAULTS.logLevel()));
    s.finish();
    return exporter;
  }

  private static DiagnosisConfig diagnosis(Section s) {
    DiagnosisConfig d = DiagnosisConfig.DEFAULTS;
    DiagnosisConfig diagnosis =
        new DiagnosisConfig(
            s.duration("quiet_period", d.quietPeriod(), ofMinutes(1), ofDays(1)),
            s.duration("backlog_stall", d.backlogStall(), ofSeconds(30), ofDays(1)));
    s.finish();
    return diagnosis;
  }

  private static DevicesConfig devices(Section s) {
    DevicesConfig d = DevicesConfig.DEFAULTS;
    DevicesConfig devices =
        new DevicesConfig(
            s.integer("active_days", d.activeDays(), 1, 3650),
            s.integer("max_devices", d.maxDevices(), 1, 100_000),
            s.duration("series_idle_ttl", d.seriesIdleTtl(), ofMinutes(1), ofDays(30)));
    s.finish();
    return devices;
  }
}
