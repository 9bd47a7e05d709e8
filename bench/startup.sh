#!/usr/bin/env bash
# Start to /-/healthy: `serve` (a one-line log, no database) from process start until
# /-/healthy answers 200, against the JVM's own start (`--version`), with and without the
# class-data sharing archive the unit makes (deploy/class-archive.sh), under default JVM flags
# and the systemd unit's. Whole processes run in turn A B A B by bench/pairs.sh, so that ratios
# survive a shared machine's drift; wall and CPU seconds include the JVM's start. The load
# average is printed before and after: on a loaded machine only the ratios hold. Not run in CI.
#   bench/startup.sh [runs]      (after mvn -B -DskipTests package; default 5)
#   PARTS=34 bench/startup.sh    only those parts
# Parts: 1/2. default flags: --version (A) vs healthy without (1) / with (2) the archive (B);
# 3/4. the same under the unit's flags; 5. unit flags: healthy with the archive (A) vs without (B);
# 6. unit flags, archive: healthy while reading a 1M-line backlog from the beginning (A) vs the
# one-line log (B).
set -euo pipefail
cd "$(dirname "$0")/.."
jar="$PWD/exporter/target/synapse-e2ee-exporter.jar"
[ -f "$jar" ] || { echo "startup.sh: no $jar (mvn -B -DskipTests package)" >&2; exit 2; }
work="${WORK:-/tmp/startup-bench}"
archive="$work/classes.jsa"
mkdir -p "$work"
port="${PORT:-18720}" runs="${1:-5}" parts="${PARTS:-123456}"
part() { [[ $parts == *$1* ]]; }
# The unit's flags without its own archive path (this one's is $archive).
unit_flags=$(sed -n '/^ExecStart=/,/[^\\]$/p' deploy/systemd/synapse-e2ee-exporter.service |
  tr -d '\\\n' | sed 's/^ExecStart=[^ ]*java//; s/ -jar .*//; s/-XX:SharedArchiveFile=[^ ]*//')
echo "2026-11-25 10:00:01,100 - synapse - 1 - INFO - - started" >"$work/one.log"
config() { # $1 name, $2 log, $3 start_at
  printf 'listen: {address: 127.0.0.1, port: %s}\nsynapse: {server_name: example.org}\ndatabase: {enabled: false}\nlogs: {files: [%s], start_at: %s, positions_file: ""}\n' \
    "$port" "$2" "$3" >"$work/$1.yml"
}
config one "$work/one.log" end

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"
echo "making the archive as the unit does: deploy/class-archive.sh"
rm -f "$archive" "$archive.stamp"
sh deploy/class-archive.sh "$jar" "$archive"

version() { echo "java $1 -jar $jar --version"; }
# Starts serve, asks /-/healthy (bash's /dev/tcp: no process per try) until it answers 200, then
# kills it at once: the wall time is start to healthy.
cat >"$work/healthy.sh" <<'SH'
# healthy.sh PORT CONFIG JAR [JVM flags...]
port=$1 config=$2 jar=$3; shift 3
java "$@" -jar "$jar" serve --config "$config" & p=$!
until exec 3<>"/dev/tcp/127.0.0.1/$port" && printf 'GET /-/healthy HTTP/1.0\r\n\r\n' >&3 &&
  read -r status <&3 && [[ $status == *' 200 '* ]]; do
  exec 3>&-
  kill -0 $p || exit 1
  sleep 0.01
done 2>/dev/null
kill -9 $p
wait $p
true
SH
healthy() { # $1 JVM flags, $2 config name
  echo "bash $work/healthy.sh $port $work/$2.yml $jar $1"
}
with="-XX:SharedArchiveFile=$archive"
fb() { bench/pairs.sh -n "$runs" --timeout 120 "$@"; }

if part 1; then
  echo "== 1. default flags: --version (A) vs healthy, no archive (B)"
  fb --vs "$(healthy '' one)" -- "$(version '')"
fi
if part 2; then
  echo "== 2. default flags: --version (A) vs healthy, with the archive (B)"
  fb --vs "$(healthy "$with" one)" -- "$(version '')"
fi
if part 3; then
  echo "== 3. unit flags ($unit_flags): --version (A) vs healthy, no archive (B)"
  fb --vs "$(healthy "$unit_flags" one)" -- "$(version "$unit_flags")"
fi
if part 4; then
  echo "== 4. unit flags: --version (A) vs healthy, with the archive (B)"
  fb --vs "$(healthy "$unit_flags $with" one)" -- "$(version "$unit_flags")"
fi
if part 5; then
  echo "== 5. unit flags: healthy with the archive (A) vs without (B)"
  fb --vs "$(healthy "$unit_flags" one)" -- "$(healthy "$unit_flags $with" one)"
fi
if part 6; then
  backlog="$work/synth-1m.log"
  [ -f "$backlog" ] || python3 "${SHARED:-../shared/bench}/synth_synapse_log.py" 1000000 "$backlog" --seed 7
  config backlog "$backlog" beginning
  echo "== 6. unit flags, archive: healthy reading a 1M-line backlog (A) vs the one-line log (B)"
  fb --vs "$(healthy "$unit_flags $with" one)" -- "$(healthy "$unit_flags $with" backlog)"
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
