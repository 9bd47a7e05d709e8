#!/usr/bin/env bash
# Tests the .deb as an operator meets it, on this machine (CI's throwaway one; cleaned up
# after): lintian; install with apt; the wrapper's --version; the wrapper runs the unit's JVM
# flags; systemd-analyze verify of the installed unit; users, modes, not started; serve as the
# service user saves the default positions file and a second serve is refused; an upgrade to
# a rebuilt higher version keeps an edited conffile, the enablement and the positions file;
# purge leaves nothing. Needs root, apt, lintian, systemd-analyze; loopback ports
# DEB_TEST_PORT (default 18410) and the next one.
#   deploy/deb/test-deb.sh [PACKAGE.deb]    (default: the newest deb/target/*.deb)
set -euo pipefail
cd "$(dirname "$0")/../.."

NAME=synapse-e2ee-exporter
deb="${1:-$(ls -t deb/target/${NAME}_*_all.deb 2>/dev/null | head -n 1 || true)}"
[ -f "$deb" ] || { echo "test-deb: no package (build it: mvn -B -DskipTests package)" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || { echo "test-deb: run as root (it installs the package)" >&2; exit 1; }
if dpkg-query -W "$NAME" >/dev/null 2>&1 || getent passwd "$NAME" >/dev/null; then
  echo "test-deb: $NAME is already installed here (or its user exists); not touching it" >&2
  exit 1
fi

work="$(mktemp -d)"
apt_get() {
  DEBIAN_FRONTEND=noninteractive apt-get -y -qq -o DPkg::Lock::Timeout=300 \
    -o Dpkg::Options::=--force-confold "$@"
}
first=""
cleanup() {
  if [ -n "$first" ]; then kill "$first" 2>/dev/null || true; fi
  if dpkg-query -W "$NAME" >/dev/null 2>&1; then apt_get purge "$NAME" >/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "test-deb: FAIL: $*" >&2; exit 1; }
step() { printf '\n== %s\n' "$*"; }

step "package $(basename "$deb"): $(du -h "$deb" | cut -f1)"
dpkg-deb --info "$deb" | sed -n '/Package:/,$p'

step "lintian"
lintian --info --display-info --fail-on error,warning "$deb"

step "install"
cp "$deb" "$work/"
apt_get install "$work/$(basename "$deb")"
version="$(dpkg-query -W -f '${Version}' "$NAME")"
echo "installed $version"

step "the wrapper"
out="$($NAME --version)"
echo "$out"
mvn_version="$(sed -n 's/.*Built from the project.s Maven version \([^ .]*\.[^ ]*\)\..*/\1/p' \
  <(zcat /usr/share/doc/$NAME/changelog.gz | tr '\n' ' '))"
grep -qF "${mvn_version:-?}" <<<"$out" || fail "--version does not name $mvn_version"
flags() { tr -d '\\\n' | tr -s ' ' | sed 's/^ //; s/ $//'; }
unit_flags="$(sed -n '/^ExecStart=\/usr\/bin\/java/,/-jar/p' deploy/systemd/$NAME.service \
  | sed 's/^ExecStart=\/usr\/bin\/java//; s/-jar.*//' | flags)"
wrapper_flags="$(sed -n '/^exec \/usr\/bin\/java/,/-jar/p' /usr/bin/$NAME \
  | sed 's/^exec \/usr\/bin\/java//; s/-jar.*//' | flags)"
[ "$unit_flags" = "$wrapper_flags" ] || fail "wrapper flags '$wrapper_flags' != unit flags '$unit_flags'"
echo "the wrapper runs java with the unit's flags: $wrapper_flags"

step "the unit"
systemd-analyze verify /lib/systemd/system/$NAME.service
grep -q "^ExecStart=/usr/bin/$NAME serve --config /etc/$NAME/config.yml$" \
  /lib/systemd/system/$NAME.service || fail "ExecStart does not run the wrapper"
echo "systemd-analyze verify: ok"

step "after install"
getent passwd "$NAME" | grep -q ":/nonexistent:/usr/sbin/nologin$" || fail "no system user"
[ "$(stat -c '%U:%G %a' /var/lib/$NAME)" = "$NAME:$NAME 700" ] || fail "state directory"
[ "$(stat -c '%U:%G %a' /etc/$NAME/config.yml)" = "root:$NAME 640" ] || fail "config mode"
[ "$(stat -c '%U:%G %a' /etc/$NAME/environment)" = "root:$NAME 640" ] || fail "environment mode"
[ "$(stat -c '%U %a %s' /etc/$NAME/user-id-hash.key)" = "$NAME 600 32" ] || fail "hash key"
wants=/etc/systemd/system/multi-user.target.wants/$NAME.service
[ ! -e "$wants" ] || fail "enabled before the operator configured it"
[ -f /usr/share/$NAME/postgres/readonly-role.sql ] || fail "role SQL missing"
[ -f /usr/share/$NAME/prometheus/rules/alerts.rules.yml ] || fail "rules missing"
ls -l /etc/$NAME /var/lib/$NAME
echo "not enabled, not started: the config still names the example database"

step "serve as the service user with the default positions file; a second serve beside it"
port="${DEB_TEST_PORT:-18410}"
chmod 0755 "$work"
echo "2026-11-25 10:00:01,100 - synapse - 1 - INFO - - started" > "$work/homeserver.log"
chmod 0644 "$work/homeserver.log"
for n in 0 1; do
  cat > "$work/serve$n.yml" <<YAML
listen: {address: 127.0.0.1, port: $((port + n))}
synapse: {server_name: example.org}
logs: {files: ['$work/homeserver.log'], start_at: beginning}
database: {enabled: false}
YAML
  chmod 0644 "$work/serve$n.yml"
done
runuser -u $NAME -- $NAME serve --config "$work/serve0.yml" > "$work/serve0.log" 2>&1 &
first=$!
for _ in $(seq 1 600); do
  grep -q "listening on" "$work/serve0.log" && break
  kill -0 "$first" 2>/dev/null || break
  sleep 0.1
done
grep -q "listening on" "$work/serve0.log" || { cat "$work/serve0.log"; fail "serve did not start"; }
set +e
runuser -u $NAME -- $NAME serve --config "$work/serve1.yml" > "$work/serve1.log" 2>&1
second_exit=$?
set -e
cat "$work/serve1.log"
[ "$second_exit" -eq 1 ] || fail "the second serve exited $second_exit, not 1"
grep -q "^error: positions file /var/lib/$NAME/positions.json is in use by another exporter (pid [0-9]*)" \
  "$work/serve1.log" || fail "the second serve did not name the positions file and the pid"
kill -TERM "$first"
wait "$first" || true
first=""
grep -q '"offset"' /var/lib/$NAME/positions.json || fail "serve saved no positions"
echo "serve ran as $NAME, saved /var/lib/$NAME/positions.json; the second one was refused"

step "the operator enables it and edits the conffile"
systemctl enable $NAME.service 2>&1
[ -L "$wants" ] || fail "systemctl enable made no link"
echo "# edited by the operator" >> /etc/$NAME/config.yml
positions_before="$(sha256sum /var/lib/$NAME/positions.json)"
key_before="$(sha256sum /etc/$NAME/user-id-hash.key)"

step "upgrade to a rebuilt higher version (whose example config changed too)"
dpkg-deb -R "$deb" "$work/tree"
new_version="${version}+upgrade1"
sed -i "s/^Version: .*/Version: $new_version/" "$work/tree/DEBIAN/control"
echo "# a key the new version documents" >> "$work/tree/etc/$NAME/config.yml"
md5sum_line="$(cd "$work/tree" && md5sum etc/$NAME/config.yml)"
[ -n "$md5sum_line" ]
dpkg-deb --root-owner-group -Zxz -b "$work/tree" "$work/${NAME}_${new_version}_all.deb" >/dev/null
apt_get install "$work/${NAME}_${new_version}_all.deb"
[ "$(dpkg-query -W -f '${Version}' "$NAME")" = "$new_version" ] || fail "not upgraded"
tail -n 1 /etc/$NAME/config.yml | grep -qx "# edited by the operator" || fail "edited config lost"
[ -f /etc/$NAME/config.yml.dpkg-dist ] || fail "the new example config was not kept beside"
[ "$positions_before" = "$(sha256sum /var/lib/$NAME/positions.json)" ] || fail "positions file changed"
[ "$key_before" = "$(sha256sum /etc/$NAME/user-id-hash.key)" ] || fail "hash key replaced"
[ "$(stat -c '%U:%G %a' /etc/$NAME/config.yml)" = "root:$NAME 640" ] || fail "config mode after upgrade"
[ -L "$wants" ] || fail "no longer enabled after the upgrade"
echo "upgraded to $new_version; still enabled; kept the edited config.yml (new one: config.yml.dpkg-dist), the positions file and the key"

step "purge"
apt_get purge "$NAME"
left=""
for p in "$wants" /etc/$NAME /var/lib/$NAME /usr/share/$NAME /usr/share/doc/$NAME /usr/bin/$NAME \
  /lib/systemd/system/$NAME.service /usr/share/man/man1/$NAME.1.gz; do
  if [ -e "$p" ] || [ -L "$p" ]; then left="$left $p"; fi
done
[ -z "$left" ] || fail "left behind:$left"
if getent passwd "$NAME" >/dev/null || getent group "$NAME" >/dev/null; then fail "user or group left"; fi
if dpkg-query -W "$NAME" >/dev/null 2>&1; then fail "still known to dpkg"; fi
if ls /var/lib/systemd/deb-systemd-helper-enabled 2>/dev/null | grep -q "$NAME"; then
  fail "enablement state left"
fi
echo "purged: nothing left"
