package dev.e2ee.exporter.cli;

import dev.e2ee.exporter.metrics.BuildInfo;
import picocli.CommandLine;

/** {@code --version}: the same values as {@code synapse_e2ee_build_info}. */
public final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    BuildInfo build = BuildInfo.current();
    return new String[] {
      "synapse-e2ee-exporter "
          + build.version()
          + " (revision "
          + build.revision()
          + ", Java "
          + build.javaVersion()
          + ")"
    };
  }
}
