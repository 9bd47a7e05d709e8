#!/usr/bin/env bash
# replay against mtail --one_shot on the same corpus, whole process (start-up included), run in
# turn by bench/pairs.sh so the ratio survives the machine's drift. Not run in CI.
#   1. replay --json vs mtail on the 1M-line plain corpus (both CPUs available)
#   2. the same pinned to one CPU (JIT threads included on that CPU)
#   3. replay of the gzipped corpus vs the plain one (what inflating costs)
#   4. 5M lines, pinned: with run 2 it gives the steady rate on one core
# Usage: bench/replay-vs-mtail.sh [runs]   (after mvn -B -DskipTests package; default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
corpus="${CORPUS:-/tmp/synapse-bench.log}"
big="${corpus%.log}-5m.log"
jar=exporter/target/synapse-e2ee-exporter.jar
[ -f "$corpus" ] || java -cp bench/target/benchmarks.jar dev.e2ee.exporter.log.SynapseLogCorpus "$corpus" 1000000
[ -f "$corpus.gz" ] || gzip -k -1 "$corpus"
[ -f "$big" ] || java -cp bench/target/benchmarks.jar dev.e2ee.exporter.log.SynapseLogCorpus "$big" 5000000
mtail_cmd="mtail --one_shot --one_shot_format prometheus --progs bench/mtail --logs $corpus"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
echo "== 1. replay vs mtail, 1M lines"
bench/pairs.sh -n "$runs" --timeout 3600 --vs "$mtail_cmd" -- java -jar "$jar" replay --json "$out/a.json" "$corpus"
echo "== 2. replay vs mtail, 1M lines, one CPU"
bench/pairs.sh -n "$runs" --pin 0 --timeout 3600 --vs "$mtail_cmd" -- java -jar "$jar" replay --json "$out/b.json" "$corpus"
echo "== 3. replay .gz vs plain"
bench/pairs.sh -n "$runs" --timeout 3600 --vs "java -jar $jar replay --json $out/c.json $corpus" -- java -jar "$jar" replay --json "$out/d.json" "$corpus.gz"
echo "== 4. replay, 5M lines, one CPU"
bench/pairs.sh -n 3 --pin 0 --timeout 3600 -- java -jar "$jar" replay --json "$out/e.json" "$big"
cmp <(grep -v '"name"' "$out/c.json") <(grep -v '"name"' "$out/d.json") && echo "gz and plain reports are identical (but the file name)"
