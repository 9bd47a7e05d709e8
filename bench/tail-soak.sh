#!/usr/bin/env bash
# Whole-process soak of tailing (not run in CI): the packaged jar under the systemd unit's JVM
# flags, a 20 requests/s KE-1 storm plus ordinary traffic, rotation every minute alternating
# rename+create and copytruncate, the database polled every 5 s. Prints a row a minute and
# the lines written vs counted at the end. Loopback only.
# Usage: bench/tail-soak.sh [minutes]   (after mvn -B -DskipTests package; default 30)
set -euo pipefail
cd "$(dirname "$0")/.."
minutes="${1:-30}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
java -cp bench/target/benchmarks.jar dev.e2ee.exporter.soak.TailSoak "$minutes" "$work" \
  exporter/target/synapse-e2ee-exporter.jar deploy/systemd/synapse-e2ee-exporter.service
