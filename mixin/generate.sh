#!/usr/bin/env bash
# Regenerates alerts/*.rules.yml and dashboards/*.json from mixin/ (needs Debian's jsonnet).
# Usage: mixin/generate.sh [OUTDIR [jsonnet options, e.g. --tla-code config='{...}']]
# Without OUTDIR it writes into the repository; the tests render into a temporary directory
# and compare.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/..}"
shift $(( $# > 0 ? 1 : 0 ))
command -v jsonnet >/dev/null || { echo "jsonnet not found: apt-get install jsonnet" >&2; exit 1; }
mkdir -p "$out/alerts" "$out/dashboards"
jsonnet -S -m "$out" -J "$here" --tla-str part=rules "$@" "$here/build.jsonnet" >/dev/null
jsonnet -m "$out" -J "$here" --tla-str part=dashboards "$@" "$here/build.jsonnet" >/dev/null
