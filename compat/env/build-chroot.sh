#!/usr/bin/env bash
# Builds (once per machine) a Debian sid chroot with Debian's matrix-synapse package and caches
# it as a tarball; prints the tarball's path on stdout.
#
# Why a chroot: only Debian unstable packages matrix-synapse, and it needs sid's Python, so the
# host (bookworm) cannot install it. The cache key is a hash of this script, so editing the
# recipe rebuilds; the same recipe on the same machine is built once and reused.
#
# Exit status 0: the tarball path is printed. Otherwise ONE line on stderr says why (archive
# unreachable, package gone, or which step failed and where its full log is).
#
# Environment:
#   SYNAPSE_COMPAT_CACHE   cache directory (default /var/cache/synapse-e2ee-compat)
#   DEBIAN_MIRROR          Debian archive (default http://deb.debian.org/debian)
#   SYNAPSE_COMPAT_SUITE   Debian suite (default sid)
set -euo pipefail

cache_dir="${SYNAPSE_COMPAT_CACHE:-/var/cache/synapse-e2ee-compat}"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
suite="${SYNAPSE_COMPAT_SUITE:-sid}"
self="$(readlink -f "${BASH_SOURCE[0]}")"
# The key covers the recipe and its inputs, not the archive's current state: a cached chroot
# keeps the Synapse version it was built with until the script (or mirror/suite) changes.
key="$( { cat "$self"; echo "$mirror $suite"; } | sha256sum | cut -c1-16)"
tarball="$cache_dir/sid-synapse-$key.tar.zst"

fail() { echo "compat env: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || fail "building the chroot needs root (debootstrap, chroot)"
if [ -s "$tarball" ]; then
  echo "$tarball"
  exit 0
fi
for tool in debootstrap zstd curl flock; do
  command -v "$tool" >/dev/null || fail "missing host tool '$tool' (apt-get install debootstrap zstd curl util-linux)"
done

mkdir -p "$cache_dir"
exec 9>"$cache_dir/.build.lock"
flock 9   # a second caller waits for the first build instead of building again
if [ -s "$tarball" ]; then
  echo "$tarball"
  exit 0
fi

work="$(mktemp -d "$cache_dir/build.XXXXXX")"
root="$work/root"
log="$cache_dir/build-$key.log"
: >"$log"
mounted=()
cleanup() {
  local m
  for m in "${mounted[@]}"; do umount -l "$m" 2>/dev/null || true; done
  rm -rf --one-file-system "$work"
}
trap cleanup EXIT

curl -fsS --max-time 30 -o /dev/null "$mirror/dists/$suite/Release" >>"$log" 2>&1 \
  || fail "Debian archive unreachable: $mirror/dists/$suite/Release could not be fetched"

start=$(date +%s)
echo "debootstrap $suite from $mirror" >>"$log"
debootstrap --variant=minbase --include=ca-certificates "$suite" "$root" "$mirror" >>"$log" 2>&1 \
  || fail "debootstrap of $suite from $mirror failed (log: $log)"

# sid's Release can be past its Valid-Until against this machine's clock.
echo 'Acquire::Check-Valid-Until "false";' >"$root/etc/apt/apt.conf.d/99no-check-valid-until"
# Packages must not start services in the chroot (Synapse is started by synapse.sh).
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
chmod 755 "$root/usr/sbin/policy-rc.d"

for m in proc dev; do
  mount --bind "/$m" "$root/$m"
  mounted=("$root/$m" "${mounted[@]}")
done
in_root() { chroot "$root" env DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8 "$@"; }

in_root apt-get update >>"$log" 2>&1 || fail "apt-get update in the $suite chroot failed (log: $log)"
candidate="$(in_root apt-cache policy matrix-synapse 2>>"$log" | awk '/Candidate:/ {print $2}')"
if [ -z "$candidate" ] || [ "$candidate" = "(none)" ]; then
  fail "package matrix-synapse is gone from Debian $suite ($mirror)"
fi
in_root apt-get install -y --no-install-recommends matrix-synapse python3-psycopg2 >>"$log" 2>&1 \
  || fail "apt-get install matrix-synapse $candidate in the $suite chroot failed (log: $log)"
in_root apt-get clean >>"$log" 2>&1 || true
for m in "${mounted[@]}"; do umount "$m"; done
mounted=()

echo "$candidate" >"$root/etc/synapse-e2ee-compat.version"
tar --numeric-owner -C "$root" -cpf - . | zstd -q -T0 -3 -o "$work/out.tar.zst" >>"$log" 2>&1 \
  || fail "packing the chroot into $tarball failed (log: $log)"
mv "$work/out.tar.zst" "$tarball"
echo "built matrix-synapse $candidate chroot in $(( $(date +%s) - start )) s -> $tarball" >>"$log"
echo "$tarball"
