#!/usr/bin/env bash
# The parallel parse stage (logs.parse_threads: 4, the default: as many workers as the processors
# allow) against the sequential path (parse_threads: 0) and against mtail --one_shot with the
# reference program, on
# the 5M-line synthetic log (seed 7). Whole processes, start-up included, run in turn A B A B by
# bench/pairs.sh so that ratios survive a shared machine's drift. Not run in CI. One command:
#   bench/parallel-vs-mtail.sh [runs]     (after mvn -B -DskipTests package; default 3)
#   PARTS=145 bench/parallel-vs-mtail.sh  runs only those parts (mtail's take ~10 minutes)
# Parts: 1. replay --json, default (4) vs 0; 2. replay (4) vs mtail; 3. both pinned to one CPU
# (what the second core gives: the JVM then sees one processor and starts no worker);
# 4. replay under the systemd unit's JVM flags (peak RSS); 5. serve catching up the whole file
# from the beginning, lines/s from healthy to all read; 6. the same under the unit's
# CPUQuota=50% (a cgroup v1 cpu controller at /sys/fs/cgroup/cpu, root; skipped otherwise).
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"
parts="${PARTS:-123456}"
part() { [[ $parts == *$1* ]]; }
shared="${SHARED:-../shared/bench}"
work="${WORK:-/tmp/parallel-bench}"
log="$work/synth-5m.log"
jar="$PWD/exporter/target/synapse-e2ee-exporter.jar"
port="${PORT:-18701}"
mkdir -p "$work"
[ -f "$log" ] || python3 "$shared/synth_synapse_log.py" 5000000 "$log" --seed 7
lines=$(wc -l <"$log")
for t in 0 4; do
  printf 'synapse:\n  server_name: example.org\ndatabase:\n  enabled: false\nlogs:\n  parse_threads: %s\n' \
    "$t" >"$work/replay-$t.yml"
done
unit_flags=$(sed -n '/^ExecStart=/,/[^\\]$/p' deploy/systemd/synapse-e2ee-exporter.service |
  tr -d '\\\n' | sed 's/^ExecStart=[^ ]*java//; s/ -jar .*//; s/-XX:SharedArchiveFile=[^ ]*//')
replay() { echo "java $2 -jar $jar replay --config $work/replay-$1.yml --json $work/r-$1.json $log"; }
mtail_cmd="mtail --one_shot --one_shot_format prometheus --progs $shared/reference.mtail --logs $log"
fb() { bench/pairs.sh -n "$runs" --timeout 3600 "$@"; }

if part 1; then
echo "== 1. replay --json, parse_threads 4 (A) vs 0 (B), $lines lines"
fb --vs "$(replay 0 '')" -- $(replay 4 '')
cmp "$work/r-0.json" "$work/r-4.json" && echo "the two JSON reports are identical"
fi
if part 2; then
echo "== 2. replay (4 threads) (A) vs mtail --one_shot (B)"
fb --vs "$mtail_cmd" -- $(replay 4 '')
fi
if part 3; then
echo "== 3. one CPU: replay 4 (A) vs 0 (B); then replay 4 (A) vs mtail (B)"
fb --pin 0 --vs "$(replay 0 '')" -- $(replay 4 '')
fb --pin 0 --vs "$mtail_cmd" -- $(replay 4 '')
fi
if part 4; then
echo "== 4. under the unit's JVM flags ($unit_flags): 4 (A) vs 0 (B)"
fb --vs "$(replay 0 "$unit_flags")" -- $(replay 4 "$unit_flags")
fi
part 5 || part 6 || exit 0

part 5 && echo "== 5. serve from the beginning of the file: seconds from healthy to every line read"
catchup() { # $1 threads, $2 JVM flags
  local dir="$work/serve-$1"
  rm -rf "$dir" && mkdir -p "$dir"
  printf 'listen: {address: 127.0.0.1, port: %s}\nsynapse:\n  server_name: example.org\ndatabase:\n  enabled: false\nlogs:\n  files: [%s]\n  start_at: beginning\n  positions_file: ""\n  parse_threads: %s\n' \
    "$port" "$log" "$1" >"$dir/serve.yml"
  local start healthy done_at pid
  start=$(date +%s.%N)
  # shellcheck disable=SC2086
  java $2 -jar "$jar" serve --config "$dir/serve.yml" >"$dir/out" 2>&1 &
  pid=$!
  until curl -sf "http://127.0.0.1:$port/-/healthy" >/dev/null; do sleep 0.02; done
  healthy=$(date +%s.%N)
  # Asks for the one family it reads: a whole page every 0.1 s cost the exporter 9 ms of CPU each
  # (one family: 4 ms), taken from the catch-up it measures.
  until [ "$(curl -sfg "http://127.0.0.1:$port/metrics?name[]=synapse_e2ee_log_records_total" | awk '/^synapse_e2ee_log_records_total/ {s+=$2} END {printf "%d", s}')" -ge "$3" ]; do
    sleep 0.1
  done
  done_at=$(date +%s.%N)
  # CPU seconds the process used so far (user + system, all threads), for lines per CPU-second.
  local cpu
  cpu=$(awk -v hz="$(getconf CLK_TCK)" '{print ($14 + $15) / hz}' "/proc/$pid/stat")
  kill "$pid" && wait "$pid" || true
  echo "threads=$1 healthy_after_s=$(echo "$healthy - $start" | bc) catchup_s=$(echo "$done_at - $healthy" | bc) lines_per_s=$(echo "$lines / ($done_at - $healthy)" | bc) cpu_s=$cpu lines_per_cpu_s=$(echo "$lines / $cpu" | bc)"
}
records=$(java -jar "$jar" replay --config "$work/replay-0.yml" --json /dev/stdout "$log" 2>/dev/null |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["records"])')
if part 5; then
  for i in $(seq "$runs"); do
    for t in 4 0; do catchup "$t" "$unit_flags" "$records"; done
  done
fi
part 6 || exit 0

echo "== 6. serve catch-up under a 50 % CPU quota, as the unit's CPUQuota=50% sets it"
quota=/sys/fs/cgroup/cpu/e2ee-bench-quota
if ! mkdir -p "$quota" 2>/dev/null || ! echo 100000 >"$quota/cpu.cfs_period_us" 2>/dev/null; then
  echo "skipped: no writable cgroup v1 cpu controller at /sys/fs/cgroup/cpu (run as root)"
  exit 0
fi
echo 50000 >"$quota/cpu.cfs_quota_us"
(
  echo "$BASHPID" >"$quota/tasks" # this subshell and what it starts
  java -XshowSettings:system -version 2>&1 | grep -i "cpu count" || true # the JVM's processors
  for i in $(seq "$runs"); do catchup 4 "$unit_flags" "$records"; done
)
rmdir "$quota" 2>/dev/null || true
