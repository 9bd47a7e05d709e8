package dev.e2ee.exporter.testing;

import dev.e2ee.fixture.DemoScenario;

/**
 * The demo scenario's storming device as the exporter's /metrics page names it, for the tests (here
 * and in the demo module) that read that page.
 */
public final class DemoStormSeries {
  /** The stored-key divergence gauge of the storming device, without its value. */
  public static final String DIVERGENCE_GAUGE =
      "synapse_e2ee_otk_conflict_divergence{device=\""
          + DemoScenario.STORM_DEVICE
          + "\",user=\""
          + DemoScenario.ALICE
          + "\"}";

  /** The storming device's Q1 verdict sample when it answers divergence. */
  public static final String DIVERGENCE_VERDICT_SAMPLE =
      "synapse_e2ee_verdict{device=\""
          + DemoScenario.STORM_DEVICE
          + "\",question=\"q1\",user=\""
          + DemoScenario.ALICE
          + "\",verdict=\"divergence\"} 1.0";

  private DemoStormSeries() {}
}
