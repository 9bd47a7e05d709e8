#!/usr/bin/env bash
# Refreshes fixture/'s Synapse schema from a real Synapse: starts (or reuses) the instance of
# synapse.sh, waits until Synapse has finished its background updates (they add indexes after
# start-up), dumps the schema with pg_dump --schema-only and writes it, with the rows of
# schema_version and schema_compat_version, to the fixture resource the demo and the database
# tests load. The instance is left running if it was running before, else stopped.
#
# Usage: refresh-schema.sh [OUTPUT]   (as root; same environment variables as synapse.sh)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
out="${1:-$repo/fixture/src/main/resources/dev/e2ee/fixture/synapse-schema.sql}"
W="${SYNAPSE_COMPAT_DIR:-/tmp/synapse-e2ee-compat}"
pg_port="${SYNAPSE_PG_PORT:-18032}"
pg_bin="${SYNAPSE_PG_BIN:-/usr/lib/postgresql/15/bin}"   # Debian's postgresql-15

fail() { echo "compat env: $*" >&2; exit 1; }
sql() { runuser -u postgres -- "$pg_bin/psql" -X -q -tA -v ON_ERROR_STOP=1 -h "$W/pg/run" -p "$pg_port" -d synapse -c "$1"; }

was_running=no
case "$("$here/synapse.sh" status)" in *"synapse: pid"*) was_running=yes ;; esac
"$here/synapse.sh" up >&2
[ "$was_running" = yes ] || trap '"$here/synapse.sh" down' EXIT

deadline=$(( $(date +%s) + 600 ))
until [ "$(sql 'SELECT count(*) FROM background_updates')" = 0 ]; do
  [ "$(date +%s)" -lt "$deadline" ] || fail "Synapse's background updates did not finish within 600 s"
  sleep 1
done

version="$("$here/synapse.sh" version)"
package="$(cat "$W/chroot/etc/synapse-e2ee-compat.version")"
schema_version="$(sql 'SELECT version FROM schema_version')"
compat_version="$(sql 'SELECT compat_version FROM schema_compat_version')"
pg_version="$(sql 'SHOW server_version')"

tmp="$(mktemp)"
{
  cat <<HEADER
-- The schema of a real Synapse $version (Debian sid package matrix-synapse $package) on
-- PostgreSQL $pg_version: schema_version $schema_version, schema_compat_version $compat_version.
-- Written by compat/env/refresh-schema.sh (see compat/env/README.md): pg_dump --schema-only
-- --no-owner --no-privileges of the database Synapse created, after its background updates
-- finished, without pg_dump's psql-only \\restrict lines and its search_path reset (every name
-- is schema-qualified), plus the rows of schema_version and schema_compat_version.
-- Loaded by the demo and every database test; do not edit by hand.
HEADER
  runuser -u postgres -- "$pg_bin/pg_dump" --schema-only --no-owner --no-privileges \
      -h "$W/pg/run" -p "$pg_port" synapse \
    | grep -v -E '^\\(un)?restrict |^SELECT pg_catalog\.set_config\('"'"'search_path'"'"', '"''"', false\);$' \
    | sed -e '/^-- Dumped from database version/d' -e '/^-- Dumped by pg_dump version/d'
  echo "INSERT INTO public.schema_version (lock, version, upgraded) VALUES ('X', $schema_version, true);"
  echo "INSERT INTO public.schema_compat_version (lock, compat_version) VALUES ('X', $compat_version);"
} >"$tmp"
grep -q '^CREATE TABLE public.e2e_one_time_keys_json ' "$tmp" || fail "the dump has no e2e_one_time_keys_json table: not a Synapse schema?"
mv "$tmp" "$out"
chmod 644 "$out"
echo "wrote $out: Synapse $version, schema_version $schema_version, $(grep -c '^CREATE TABLE' "$out") tables" >&2
