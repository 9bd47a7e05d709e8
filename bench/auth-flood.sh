#!/usr/bin/env bash
# Scrape latency and exporter CPU with basic auth, alone and under a flood of wrong
# passwords from 20 loopback addresses; then a fresh exporter whose scraper starts during
# the flood (not run in CI). Usage: bench/auth-flood.sh [seconds per phase] [port]
# (after mvn -B -DskipTests package). Optionally a second jar to compare: JAR=... bench/auth-flood.sh
set -euo pipefail
cd "$(dirname "$0")/.."
java -cp bench/target/benchmarks.jar dev.e2ee.exporter.soak.AuthFloodBench \
  "${JAR:-exporter/target/synapse-e2ee-exporter.jar}" "${1:-20}" "${2:-0}"
