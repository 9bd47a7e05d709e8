#!/usr/bin/env bash
# A real Synapse (Debian sid's matrix-synapse, in a chroot) on a PostgreSQL 15 cluster of the
# host's Debian `postgresql` package, both in one work directory and on loopback only.
# Several instances can run side by side: each has its own work directory and ports.
#
# Usage: synapse.sh COMMAND [ARGS]   (as root; see compat/env/README.md)
#   up                       build or reuse the chroot, start PostgreSQL and Synapse, wait for
#                            both, apply deploy/postgres/readonly-role.sql, print the version
#   down                     stop Synapse and PostgreSQL, unmount everything (files are kept)
#   purge                    down, then delete the work directory
#   env                      print the instance's facts as shell assignments (source-able)
#   register USER PASSWORD [--admin]   a user via synapse_register_new_matrix_user
#   restart                  stop Synapse (SIGTERM, wait for exit) and start it again
#   log-format text|json     switch the file handler between the generated `precise` text
#                            formatter and synapse.logging.TerseJsonFormatter (SIGHUP reload)
#   freeze | thaw            SIGSTOP / SIGCONT the Synapse process (a homeserver stall)
#   status                   say what is running
#   version                  print Synapse's version
#   dump-schema FILE         pg_dump --schema-only of the Synapse database into FILE
#
# Environment (defaults in brackets):
#   SYNAPSE_COMPAT_DIR    work directory [/tmp/synapse-e2ee-compat]
#   SYNAPSE_PORT          Synapse client/federation listener on 127.0.0.1 [18008]
#   SYNAPSE_PG_PORT       PostgreSQL on 127.0.0.1 [18032]
#   SYNAPSE_SERVER_NAME   server_name [compat.test]
#   SYNAPSE_READY_TIMEOUT seconds to wait for readiness [180]
#   SYNAPSE_PG_BIN        PostgreSQL server binaries [/usr/lib/postgresql/15/bin]
#   plus build-chroot.sh's SYNAPSE_COMPAT_CACHE and DEBIAN_MIRROR.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
W="${SYNAPSE_COMPAT_DIR:-/tmp/synapse-e2ee-compat}"
port="${SYNAPSE_PORT:-18008}"
pg_port="${SYNAPSE_PG_PORT:-18032}"
server_name="${SYNAPSE_SERVER_NAME:-compat.test}"
ready_timeout="${SYNAPSE_READY_TIMEOUT:-180}"
pg_bin="${SYNAPSE_PG_BIN:-/usr/lib/postgresql/15/bin}"   # Debian's postgresql-15

root="$W/chroot"          # the unpacked sid chroot
data="$W/synapse"         # config, signing key, media, log: bind-mounted at the same path inside
pg_data="$W/pg/data"
pg_run="$W/pg/run"        # unix socket directory
state="$W/state"          # passwords and the pid, readable by root only
log="$data/homeserver.log"
log_config="$data/$server_name.log.config"
config="$data/homeserver.yaml"

fail() { echo "compat env: $*" >&2; exit 1; }
note() { echo "compat env: $*" >&2; }
now_ms() { date +%s%3N; }

# Polls CONDITION (a command) every 0.2 s until it succeeds or SECONDS pass; never a fixed sleep.
wait_for() {
  local seconds="$1" what="$2"; shift 2
  local deadline=$(( $(date +%s) + seconds ))
  until "$@"; do
    [ "$(date +%s)" -lt "$deadline" ] || return 1
    sleep 0.2
  done
}

in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C.UTF-8 "$@"; }
as_postgres() { runuser -u postgres -- "$@"; }
psql_super() { as_postgres "$pg_bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$pg_run" -p "$pg_port" "$@"; }
synapse_pid() { [ -s "$state/synapse.pid" ] && cat "$state/synapse.pid"; }
synapse_alive() { local p; p="$(synapse_pid)" && kill -0 "$p" 2>/dev/null; }
pg_running() { [ -s "$pg_data/postmaster.pid" ] && as_postgres "$pg_bin/pg_ctl" -D "$pg_data" status >/dev/null 2>&1; }
is_mounted() { findmnt -rn --mountpoint "$1" >/dev/null 2>&1; }
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
secret() { head -c 24 /dev/urandom | base64 | tr -d '/+=' ; }

unpack_chroot() {
  local tarball key
  tarball="$("$here/build-chroot.sh")" || exit 1
  key="$(basename "$tarball")"
  if [ -f "$root/.compat-key" ] && [ "$(cat "$root/.compat-key")" = "$key" ]; then
    return
  fi
  unmount_all
  rm -rf --one-file-system "$root"
  mkdir -p "$root"
  local t0; t0=$(now_ms)
  zstd -q -dc "$tarball" | tar --numeric-owner -C "$root" -xpf - || fail "unpacking $tarball into $root failed"
  echo "$key" >"$root/.compat-key"
  note "chroot unpacked in $(( ($(now_ms) - t0) )) ms from $tarball"
}

mount_all() {
  mkdir -p "$root$data"
  is_mounted "$root/proc" || mount --bind /proc "$root/proc"
  is_mounted "$root/dev" || mount --bind /dev "$root/dev"
  is_mounted "$root$data" || mount --bind "$data" "$root$data"
}

unmount_all() {
  local m
  for m in "$root$data" "$root/dev" "$root/proc"; do
    if is_mounted "$m"; then umount "$m" || umount -l "$m"; fi
  done
}

start_postgres() {
  install -d -o postgres -g postgres -m 755 "$W/pg"
  install -d -o postgres -g postgres -m 700 "$W/pg/run"
  if [ ! -s "$pg_data/PG_VERSION" ]; then
    install -d -o postgres -g postgres -m 700 "$pg_data"
    # initdb's own locale/encoding do not matter: the synapse database sets its own below.
    as_postgres "$pg_bin/initdb" -D "$pg_data" -E UTF8 --locale=C.UTF-8 -U postgres \
      --auth-local=peer --auth-host=scram-sha-256 >"$W/pg/initdb.log" 2>&1 \
      || fail "initdb of PostgreSQL 15 in $pg_data failed (log: $W/pg/initdb.log)"
  fi
  pg_running && return
  port_free "$pg_port" || fail "127.0.0.1:$pg_port is already in use: choose another SYNAPSE_PG_PORT"
  as_postgres "$pg_bin/pg_ctl" -D "$pg_data" -l "$W/pg/postgres.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -c port=$pg_port -c unix_socket_directories=$pg_run" start \
    >/dev/null || fail "PostgreSQL 15 did not start on 127.0.0.1:$pg_port (log: $W/pg/postgres.log)"
}

# The database exactly as Synapse's docs/postgres.md asks: UTF8, C collation and ctype.
create_database() {
  [ -s "$state/synapse-db-password" ] || secret >"$state/synapse-db-password"
  local pw; pw="$(cat "$state/synapse-db-password")"
  if [ "$(psql_super -d postgres -tAc "SELECT 1 FROM pg_roles WHERE rolname='synapse'")" != 1 ]; then
    psql_super -d postgres -c "CREATE ROLE synapse LOGIN PASSWORD '$pw'"
  fi
  if [ "$(psql_super -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='synapse'")" != 1 ]; then
    psql_super -d postgres -c "CREATE DATABASE synapse ENCODING 'UTF8' LC_COLLATE='C' LC_CTYPE='C' TEMPLATE template0 OWNER synapse"
  fi
}

generate_config() {
  [ -s "$config" ] && return
  local uid gid; uid="$(in_root id -u matrix-synapse)"; gid="$(in_root id -g matrix-synapse)"
  chown "$uid:$gid" "$data"
  in_root setpriv --reuid="$uid" --regid="$gid" --clear-groups \
    python3 -m synapse.app.homeserver --server-name "$server_name" --config-path "$config" \
    --data-directory "$data" --generate-config --report-stats=no >"$W/generate-config.log" 2>&1 \
    || fail "synapse --generate-config failed (log: $W/generate-config.log)"
  # The DEFAULT generated log config; only the file path is set (explicitly, to $log).
  sed -i -E "s#^( +filename: ).*#\\1$log#" "$log_config"
  [ -s "$state/registration-shared-secret" ] || secret >"$state/registration-shared-secret"
  in_root python3 - "$config" "$port" "$pg_port" "$(cat "$state/synapse-db-password")" \
    "$(cat "$state/registration-shared-secret")" <<'PY'
import sys, yaml
path, port, pg_port, pw, shared_secret = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), *sys.argv[4:]
with open(path) as f:
    c = yaml.safe_load(f)
c["listeners"] = [{"port": port, "tls": False, "type": "http", "x_forwarded": False,
                   "bind_addresses": ["127.0.0.1"],
                   "resources": [{"names": ["client", "federation"], "compress": False}]}]
c["database"] = {"name": "psycopg2", "args": {"user": "synapse", "password": pw,
                 "dbname": "synapse", "host": "127.0.0.1", "port": pg_port,
                 "cp_min": 2, "cp_max": 10}}
c["trusted_key_servers"] = []
c["report_stats"] = False
c["enable_registration"] = False
# Ours instead of the generated one: alphanumeric, so `env` output is KEY=VALUE without quoting.
c["registration_shared_secret"] = shared_secret
# In 1.160 setting this alone enables MSC4140 delayed events.
c["max_event_delay_duration"] = "24h"
# Generous limits: the compat driver sends at realistic client rates from few addresses.
many = {"per_second": 1000, "burst_count": 10000}
for k in ("rc_message", "rc_registration", "rc_admin_redaction", "rc_3pid_validation",
          "rc_delayed_event_mgmt", "rc_room_creation", "rc_joins_per_room", "rc_key_requests"):
    c[k] = dict(many)
c["rc_invites"] = {"per_room": many, "per_user": many, "per_issuer": many}
c["rc_presence"] = {"per_user": many}
c["rc_login"] = {"address": many, "account": many, "failed_attempts": many}
c["rc_joins"] = {"local": many, "remote": many}
c["rc_federation"] = {"window_size": 1000, "sleep_limit": 1000, "sleep_delay": 0,
                      "reject_limit": 10000, "concurrent": 1000}
with open(path, "w") as f:
    yaml.safe_dump(c, f, default_flow_style=False, sort_keys=False)
PY
  chown -R "$uid:$gid" "$data"
}

start_synapse() {
  if synapse_alive; then return; fi
  # Otherwise another server's /health on this port would pass for ours.
  port_free "$port" || fail "127.0.0.1:$port is already in use: choose another SYNAPSE_PORT"
  local uid gid t0; uid="$(in_root id -u matrix-synapse)"; gid="$(in_root id -g matrix-synapse)"
  t0=$(now_ms)
  # setsid: Synapse outlives this script; its pid is the python process (exec all the way).
  setsid chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C.UTF-8 \
    setpriv --reuid="$uid" --regid="$gid" --clear-groups \
    python3 -m synapse.app.homeserver --config-path "$config" \
    >>"$W/synapse.stdout" 2>&1 </dev/null &
  echo $! >"$state/synapse.pid"
  if ! wait_for "$ready_timeout" "Synapse /health" health_ok; then
    tail -n 20 "$W/synapse.stdout" "$log" >&2 2>/dev/null || true
    fail "Synapse did not answer /health on 127.0.0.1:$port within ${ready_timeout}s (log: $log)"
  fi
  note "Synapse ready in $(( $(now_ms) - t0 )) ms on http://127.0.0.1:$port"
}

health_ok() {
  synapse_alive || fail "Synapse exited during start-up (see $W/synapse.stdout and $log)"
  [ "$(curl -fsS --max-time 2 "http://127.0.0.1:$port/health" 2>/dev/null)" = OK ]
}

stop_synapse() {
  local p
  p="$(synapse_pid)" || return 0
  if kill -0 "$p" 2>/dev/null; then
    kill -CONT "$p" 2>/dev/null || true   # a frozen process cannot act on SIGTERM
    kill -TERM "$p" 2>/dev/null || true
    if ! wait_for 60 "Synapse exit" gone "$p"; then
      kill -KILL "$p" 2>/dev/null || true
      wait_for 10 "Synapse exit" gone "$p" || fail "Synapse (pid $p) survived SIGKILL"
    fi
  fi
  rm -f "$state/synapse.pid"
}
gone() { ! kill -0 "$1" 2>/dev/null; }

apply_readonly_role() {
  [ -s "$state/exporter-db-password" ] || secret >"$state/exporter-db-password"
  psql_super -d synapse -v password="'$(cat "$state/exporter-db-password")'" \
    -f - <"$repo/deploy/postgres/readonly-role.sql" >/dev/null \
    || fail "applying deploy/postgres/readonly-role.sql failed"
}

synapse_version() { in_root python3 -c 'import synapse; print(synapse.__version__)'; }
schema_version() { psql_super -d synapse -tAc "SELECT version FROM schema_version"; }

cmd_up() {
  install -d -m 755 "$W" "$data"
  install -d -m 700 "$state"
  unpack_chroot
  mount_all
  start_postgres
  create_database
  generate_config
  start_synapse
  apply_readonly_role
  echo "Synapse $(synapse_version) (schema_version $(schema_version)) on http://127.0.0.1:$port," \
    "PostgreSQL 15 on 127.0.0.1:$pg_port, work dir $W"
}

cmd_down() {
  stop_synapse
  if pg_running; then
    as_postgres "$pg_bin/pg_ctl" -D "$pg_data" -m fast -w -t 60 stop >/dev/null \
      || fail "PostgreSQL in $pg_data did not stop"
  fi
  unmount_all
  if findmnt -rn -o TARGET | grep -q "^$W/"; then
    fail "mounts left under $W: $(findmnt -rn -o TARGET | grep "^$W/" | tr '\n' ' ')"
  fi
}

cmd_env() {
  cat <<EOF
SYNAPSE_COMPAT_DIR=$W
SYNAPSE_URL=http://127.0.0.1:$port
SYNAPSE_SERVER_NAME=$server_name
SYNAPSE_LOG=$log
SYNAPSE_LOG_CONFIG=$log_config
SYNAPSE_CONFIG=$config
SYNAPSE_PID=$(synapse_pid || true)
SYNAPSE_REGISTRATION_SHARED_SECRET=$(cat "$state/registration-shared-secret")
SYNAPSE_DB_JDBC_URL=jdbc:postgresql://127.0.0.1:$pg_port/synapse
SYNAPSE_DB_URL=postgresql://127.0.0.1:$pg_port/synapse
SYNAPSE_DB_EXPORTER_USER=synapse_e2ee_exporter
SYNAPSE_DB_EXPORTER_PASSWORD=$(cat "$state/exporter-db-password")
SYNAPSE_DB_OWNER_USER=synapse
SYNAPSE_DB_OWNER_PASSWORD=$(cat "$state/synapse-db-password")
EOF
}

cmd_register() {
  [ $# -ge 2 ] || fail "usage: synapse.sh register USER PASSWORD [--admin]"
  local admin=--no-admin
  [ "${3:-}" = --admin ] && admin=--admin
  in_root synapse_register_new_matrix_user -c "$config" -u "$1" -p "$2" "$admin" \
    "http://127.0.0.1:$port" >/dev/null || fail "registering @$1:$server_name failed"
  echo "@$1:$server_name"
}

cmd_log_format() {
  local formatter
  case "${1:-}" in
    text) formatter=precise ;;
    json) formatter=structured ;;
    *) fail "usage: synapse.sh log-format text|json" ;;
  esac
  in_root python3 - "$log_config" "$formatter" <<'PY'
import sys, yaml
path, formatter = sys.argv[1], sys.argv[2]
with open(path) as f:
    c = yaml.safe_load(f)
c["formatters"].setdefault("structured", {"class": "synapse.logging.TerseJsonFormatter"})
c["handlers"]["file"]["formatter"] = formatter
with open(path, "w") as f:
    yaml.safe_dump(c, f, default_flow_style=False, sort_keys=False)
PY
  # Synapse re-reads its log config on SIGHUP: same process, the next records change format.
  if synapse_alive; then kill -HUP "$(synapse_pid)"; fi
}

cmd_signal() {
  synapse_alive || fail "Synapse is not running"
  kill "-$1" "$(synapse_pid)"
}

cmd_status() {
  if synapse_alive; then
    echo "synapse: pid $(synapse_pid) ($(ps -o stat= -p "$(synapse_pid)"))"
  else
    echo "synapse: not running"
  fi
  if pg_running; then echo "postgresql: running on 127.0.0.1:$pg_port"; else echo "postgresql: not running"; fi
}

[ "$(id -u)" = 0 ] || fail "synapse.sh needs root (chroot, mounts, the postgres user)"
[ -x "$pg_bin/initdb" ] && id postgres >/dev/null 2>&1 \
  || fail "PostgreSQL 15 server missing ($pg_bin/initdb): apt-get install postgresql-15"
command="${1:-}"
[ $# -gt 0 ] && shift
case "$command" in
  up) cmd_up ;;
  down) cmd_down ;;
  purge) cmd_down; rm -rf --one-file-system "$W" ;;
  env) cmd_env ;;
  register) cmd_register "$@" ;;
  restart) stop_synapse; start_synapse ;;
  log-format) cmd_log_format "$@" ;;
  freeze) cmd_signal STOP ;;
  thaw) cmd_signal CONT ;;
  status) cmd_status ;;
  version) synapse_version ;;
  schema-version) schema_version ;;
  dump-schema)
    [ $# -eq 1 ] || fail "usage: synapse.sh dump-schema FILE"
    as_postgres "$pg_bin/pg_dump" --schema-only --no-owner --no-privileges -h "$pg_run" -p "$pg_port" synapse >"$1"
    ;;
  *) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
