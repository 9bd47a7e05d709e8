#!/usr/bin/env bash
# Installs, upgrades or removes synapse-e2ee-exporter on the Synapse host. Idempotent:
# running 'install' again upgrades the jar and the unit and never touches an existing
# config.yml or environment file.
#
#   deploy/install.sh install   [--jar PATH] [--root DIR] [--no-systemctl]
#   deploy/install.sh uninstall [--root DIR] [--no-systemctl] [--purge]
#
# --root DIR      install below DIR instead of / (staging or tests); implies --no-systemctl
#                 and skips creating the system user.
# --no-systemctl  do not run systemctl (containers without systemd).
# --purge         with uninstall: also remove /etc/synapse-e2ee-exporter and the user.
set -euo pipefail

NAME=synapse-e2ee-exporter
SERVICE_USER=synapse-e2ee-exporter
LOG_DIR=/var/log/matrix-synapse
here="$(cd "$(dirname "$0")" && pwd)"

action="${1:-}"
[ -n "$action" ] && shift || true
jar="$here/../exporter/target/$NAME.jar"
root=""
use_systemctl=1
purge=0
while [ $# -gt 0 ]; do
  case "$1" in
    --jar) jar="$2"; shift 2 ;;
    --root) root="${2%/}"; use_systemctl=0; shift 2 ;;
    --no-systemctl) use_systemctl=0; shift ;;
    --purge) purge=1; shift ;;
    *) echo "install.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done

opt="$root/opt/$NAME"
etc="$root/etc/$NAME"
unit="$root/etc/systemd/system/$NAME.service"

say() { printf '%s: %s\n' "$NAME" "$*"; }

need_root() {
  if [ -z "$root" ] && [ "$(id -u)" -ne 0 ]; then
    echo "install.sh: run as root (or with --root DIR to stage into a folder)" >&2
    exit 2
  fi
}

ensure_user() {
  [ -n "$root" ] && return 0
  if ! getent passwd "$SERVICE_USER" >/dev/null; then
    useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin --user-group "$SERVICE_USER"
    say "created system user $SERVICE_USER"
  fi
  if [ -d "$LOG_DIR" ]; then
    log_group="$(stat -c %G "$LOG_DIR")"
    if [ "$log_group" != "root" ] && ! id -nG "$SERVICE_USER" | tr ' ' '\n' | grep -qx "$log_group"; then
      usermod -aG "$log_group" "$SERVICE_USER"
      say "added $SERVICE_USER to group $log_group to read $LOG_DIR"
    fi
  else
    say "note: $LOG_DIR does not exist; give $SERVICE_USER read access to Synapse's log yourself"
  fi
}

owner_group() { if [ -n "$root" ]; then echo "$(id -u):$(id -g)"; else echo "root:$SERVICE_USER"; fi; }

install_files() {
  [ -f "$jar" ] || { echo "install.sh: jar not found at $jar (build it: mvn -B -q -DskipTests package)" >&2; exit 2; }
  install -d -m 0755 "$opt" "$root/etc/systemd/system"
  install -d -m 0750 "$etc"
  chown "$(owner_group)" "$etc"
  # Upgrade atomically and keep the previous jar for a quick rollback.
  if [ -f "$opt/$NAME.jar" ] && ! cmp -s "$jar" "$opt/$NAME.jar"; then
    cp -p "$opt/$NAME.jar" "$opt/$NAME.jar.previous"
    say "kept the previous jar as $opt/$NAME.jar.previous"
  fi
  install -m 0644 "$jar" "$opt/$NAME.jar.new"
  mv -f "$opt/$NAME.jar.new" "$opt/$NAME.jar"
  install -m 0644 "$here/../README.md" "$opt/README.md"
  install -m 0755 "$here/class-archive.sh" "$opt/class-archive"

  if [ ! -f "$etc/config.yml" ]; then
    install -m 0640 "$here/config.example.yml" "$etc/config.yml"
    chown "$(owner_group)" "$etc/config.yml"
    say "wrote $etc/config.yml from the example: set synapse.server_name and database.* before starting"
  elif ! cmp -s "$here/config.example.yml" "$etc/config.example.yml" 2>/dev/null; then
    say "kept your $etc/config.yml; the new example is $etc/config.example.yml (compare for new keys)"
  fi
  install -m 0644 "$here/config.example.yml" "$etc/config.example.yml"
  if [ ! -f "$etc/environment" ]; then
    install -m 0640 /dev/null "$etc/environment"
    chown "$(owner_group)" "$etc/environment"
    printf '# SYNAPSE_E2EE_DB_PASSWORD=...\n' > "$etc/environment"
    say "wrote an empty $etc/environment for the database password"
  fi
  if [ ! -f "$etc/user-id-hash.key" ]; then
    # The secret of labels.user_id: hash (HMAC-SHA-256). Never overwritten: a new key would
    # change every hashed label. Readable by the service user only.
    ( umask 077; head -c 32 /dev/urandom > "$etc/user-id-hash.key" )
    if [ -z "$root" ]; then chown "$SERVICE_USER:$SERVICE_USER" "$etc/user-id-hash.key"; fi
    chmod 0600 "$etc/user-id-hash.key"
    say "wrote a random key to $etc/user-id-hash.key (for labels.user_id: hash)"
  fi
  install -m 0644 "$here/systemd/$NAME.service" "$unit"
}

case "$action" in
  install)
    need_root
    ensure_user
    install_files
    if [ "$use_systemctl" -eq 1 ]; then
      systemctl daemon-reload
      if systemctl is-active --quiet "$NAME"; then
        systemctl restart "$NAME"
        say "restarted with the new version"
      else
        systemctl enable "$NAME" >/dev/null
        # check runs as the service user with the service's environment, as the operator guide says:
        # as root it would pass file permissions the service does not have.
        say "enabled; check the config as the service user, then start: sudo -u $SERVICE_USER sh -c 'set -a; . $etc/environment; java -jar $opt/$NAME.jar check --config $etc/config.yml' && systemctl start $NAME"
      fi
    fi
    say "installed into ${root:-/}"
    ;;
  uninstall)
    need_root
    if [ "$use_systemctl" -eq 1 ] && systemctl list-unit-files "$NAME.service" >/dev/null 2>&1; then
      systemctl disable --now "$NAME" >/dev/null 2>&1 || true
    fi
    rm -f "$unit"
    rm -rf "$opt"
    [ "$use_systemctl" -eq 1 ] && systemctl daemon-reload || true
    if [ "$purge" -eq 1 ]; then
      rm -rf "$etc"
      if [ -z "$root" ] && getent passwd "$SERVICE_USER" >/dev/null; then
        userdel "$SERVICE_USER" || true
      fi
      say "removed, including configuration"
    else
      say "removed; configuration kept in $etc (uninstall --purge removes it)"
    fi
    ;;
  *)
    sed -n '2,14p' "$0" >&2
    exit 2
    ;;
esac
