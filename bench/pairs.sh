#!/usr/bin/env bash
# Times two whole processes in turn (A B A B ...), so that a ratio survives a shared machine's
# drift, and prints each one's minimum, median and maximum wall time, CPU time and peak RSS.
# Public tools only: GNU time (Debian's `time`) and taskset (util-linux).
# Usage: bench/pairs.sh [-n RUNS] [--pin CPU] [--timeout SECONDS] [--vs 'COMMAND B'] -- COMMAND A...
set -euo pipefail
runs=5 pin="" limit=3600 other=""
while [ $# -gt 0 ]; do
  case "$1" in
    -n) runs="$2"; shift 2 ;;
    --pin) pin="$2"; shift 2 ;;
    --timeout) limit="$2"; shift 2 ;;
    --vs) other="$2"; shift 2 ;;
    --) shift; break ;;
    *) echo "pairs.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
[ $# -gt 0 ] || { echo "pairs.sh: no command after --" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "pairs.sh: needs GNU time (apt-get install time)" >&2; exit 2; }
one="$*"
results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT
run() { # $1 label, $2 command
  local prefix=()
  [ -n "$pin" ] && prefix=(taskset -c "$pin")
  # shellcheck disable=SC2086
  "${prefix[@]}" /usr/bin/time -f '%e %U %S %M' -a -o "$results/$1" \
    timeout "$limit" bash -c "$2" >/dev/null 2>"$results/$1.err" ||
    { echo "pairs.sh: $1 failed: $2 (stderr: $(tail -c 300 "$results/$1.err"))" >&2; exit 1; }
}
for _ in $(seq "$runs"); do
  run A "$one"
  [ -n "$other" ] && run B "$other"
done
summary() { # $1 label, $2 command
  awk -v label="$1" -v cmd="$2" '
    { wall[NR] = $1; cpu[NR] = $2 + $3; rss[NR] = $4 / 1024 }
    function stats(a, n,   i, j, t, s) {
      for (i = 1; i <= n; i++) s[i] = a[i]
      for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (s[j] < s[i]) { t = s[i]; s[i] = s[j]; s[j] = t }
      return sprintf("%.2f / %.2f / %.2f", s[1], s[int((n + 1) / 2)], s[n])
    }
    END {
      printf "%s: %s\n  wall s   (min / median / max) %s\n  CPU s    (min / median / max) %s\n  RSS MiB  (min / median / max) %s\n",
        label, cmd, stats(wall, NR), stats(cpu, NR), stats(rss, NR)
    }' "$results/$1"
}
summary A "$one"
if [ -n "$other" ]; then
  summary B "$other"
  paste -d' ' "$results/A" "$results/B" | awk '{ r[NR] = $5 / $1 }
    END { n = NR; for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (r[j] < r[i]) { t = r[i]; r[i] = r[j]; r[j] = t }
          printf "B/A wall time, pair by pair: median %.2fx (min %.2fx, max %.2fx)\n", r[int((n + 1) / 2)], r[1], r[n] }'
fi
