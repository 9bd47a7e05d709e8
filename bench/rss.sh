#!/usr/bin/env bash
# Peak RSS of the packaged sidecar under the systemd unit's JVM flags (not run in CI):
# a 1M-line backlog read at start, then 50 concurrent scrapers for 30 s; the embedded
# PostgreSQL polled every 5 s. Extra JVM flags after the unit's: bench/rss.sh -XX:...
# NMT=1 bench/rss.sh also prints the JVM's native memory summary after each phase.
# Usage (after mvn -B -DskipTests package): bench/rss.sh [extra JVM flags...]
set -euo pipefail
cd "$(dirname "$0")/.."
work="${RSS_WORK:-$(mktemp -d)}"
[ -n "${RSS_WORK:-}" ] || trap 'rm -rf "$work"' EXIT
java -cp bench/target/benchmarks.jar dev.e2ee.exporter.soak.RssBench "$work" \
  exporter/target/synapse-e2ee-exporter.jar deploy/systemd/synapse-e2ee-exporter.service "$@"
