#!/usr/bin/env bash
# Measures how long a line appended to homeserver.log takes to show on /metrics, through the
# packaged jar as an operator runs it (default logs.poll_interval 250ms). Loopback only.
# Usage: bench/line-to-metrics-latency.sh [samples]   (after mvn package)
set -euo pipefail
cd "$(dirname "$0")/.."
samples="${1:-20}"
work="$(mktemp -d)"
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
log="$work/homeserver.log"
: > "$log"
port=19491
cat > "$work/config.yml" <<YAML
listen: {address: 127.0.0.1, port: $port}
synapse: {server_name: example.org}
logs: {files: ["$log"]}
database: {enabled: false}
YAML
java -jar exporter/target/synapse-e2ee-exporter.jar serve --config "$work/config.yml" 2>/dev/null &
pid=$!
until curl -sf "http://127.0.0.1:$port/-/ready" >/dev/null; do sleep 0.05; done
metric="synapse_e2ee_http_requests_total{code=\"200\",endpoint=\"keys_query\",method=\"POST\"}"
count() { curl -s "http://127.0.0.1:$port/metrics" | awk -v m="$metric" '$1 == m {print $2}'; }
results=()
for i in $(seq 1 "$samples"); do
  before="$(count)"; before="${before:-0}"
  ts="$(date -u '+%Y-%m-%d %H:%M:%S,000')"
  start=$(date +%s%N)
  echo "$ts - synapse.access.http.8008 - 461 - INFO - POST-$i - ::1 - 8008 - {@a:example.org} Processed request: 0.010sec/0.001sec ru=(0.001sec, 0.001sec) db=(0.000sec/0.002sec/1) 63B 200 \"POST /_matrix/client/v3/keys/query HTTP/1.1\" \"bench\" [0 dbevts]" >> "$log"
  while [ "$(count)" = "$before" ]; do :; done
  end=$(date +%s%N)
  results+=($(( (end - start) / 1000000 )))
  sleep 0.$((RANDOM % 9 + 1))
done
printf '%s\n' "${results[@]}" | sort -n | awk '{a[NR]=$1} END {printf "samples %d: min %d ms, median %d ms, p95 %d ms, max %d ms\n", NR, a[1], a[int((NR+1)/2)], a[int(NR*0.95+0.5)], a[NR]}'
