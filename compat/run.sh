#!/usr/bin/env bash
# The compat suite (docs/compat.md): a real Synapse (Debian sid's matrix-synapse in a chroot, on a
# PostgreSQL 15 cluster of the host) driven through its client API while the packaged exporter
# runs beside it; then every figure the exporter claims is checked against what the driver did.
#
# Needs root (chroot, mounts), the jars of `mvn package` (exporter/target/synapse-e2ee-exporter.jar,
# compat/target/synapse-e2ee-compat.jar), and compat/env/ (builds or reuses the cached chroot).
# Exit 0: every check passed. 1: a check failed, or the environment could not be built (one line
# says which). Leaves nothing running: Synapse, PostgreSQL and the exporter are stopped on exit.
#
# Environment (defaults in brackets): SYNAPSE_COMPAT_DIR [/tmp/synapse-e2ee-compat-suite],
# SYNAPSE_PORT [18108], SYNAPSE_PG_PORT [18132], COMPAT_EXPORTER_PORT [18177],
# COMPAT_OUT [compat/target/run]: truth.json, checks.json, the log and every report of the run.
set -euo pipefail
cd "$(dirname "$0")/.."

export SYNAPSE_COMPAT_DIR="${SYNAPSE_COMPAT_DIR:-/tmp/synapse-e2ee-compat-suite}"
export SYNAPSE_PORT="${SYNAPSE_PORT:-18108}"
export SYNAPSE_PG_PORT="${SYNAPSE_PG_PORT:-18132}"
exporter_port="${COMPAT_EXPORTER_PORT:-18177}"
out="${COMPAT_OUT:-compat/target/run}"
env_sh="$PWD/compat/env/synapse.sh"
exporter_jar="$PWD/exporter/target/synapse-e2ee-exporter.jar"
compat_jar="$PWD/compat/target/synapse-e2ee-compat.jar"

fail() { echo "compat suite: $*" >&2; exit 1; }
[ -x "$env_sh" ] || fail "missing $env_sh (the environment scripts)"
[ -s "$exporter_jar" ] || fail "missing $exporter_jar: run mvn package (or verify) first"
[ -s "$compat_jar" ] || fail "missing $compat_jar: run mvn package (or verify) first"

start=$(date +%s)
# purge: Synapse and PostgreSQL stopped, mounts gone, the instance's files deleted; the cached
# chroot tarball (/var/cache/synapse-e2ee-compat) stays for the next run.
cleanup() { "$env_sh" purge >/dev/null 2>&1 || "$env_sh" down >&2 || true; }
trap cleanup EXIT
"$env_sh" purge >/dev/null 2>&1 || true   # leftovers of a run that was killed
"$env_sh" up
rm -rf "$out"
set +e
java -jar "$compat_jar" "$env_sh" "$exporter_jar" "$out" "$exporter_port"
rc=$?
set -e
echo "compat suite: $(( $(date +%s) - start )) s, exit $rc; results in $out/checks.json"
exit "$rc"
