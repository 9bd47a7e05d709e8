package dev.e2ee.exporter.jmh;

import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the per-operation JMH benchmarks share: one state per benchmark, the time of one operation,
 * and the same warm-up, so that their numbers in docs/benchmarks.md are taken alike. JMH's
 * annotations are inherited; a subclass adds its unit, measurement and forks (and may override).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@Warmup(iterations = 5, time = 2)
public abstract class AverageTimeBenchmark {}
