#!/bin/sh
# Makes the exporter's class-data sharing archive when it is missing or out of date; the systemd
# unit runs it before every start (ExecStartPre=-, so a failure here never stops the service).
# The unit's java reads the archive with -XX:SharedArchiveFile: classes come mapped from it
# instead of being parsed and verified from the jar, which cuts the CPU time to /-/healthy by
# about 40 % (docs/benchmarks.md). Never required: JDK 17 ignores a missing file silently and an
# archive of another jar or JVM with one warning. A truncated archive, however, crashes JDK 17
# at start (SIGBUS), so an archive is only put in place whole and after a JVM has mapped it, and
# the stamp beside it also records the archive's own size and inode.
#   class-archive.sh JAR ARCHIVE         (as the service user: ARCHIVE in its StateDirectory)
set -u
[ $# -eq 2 ] || { echo "usage: class-archive.sh JAR ARCHIVE" >&2; exit 2; }
jar="$1" archive="$2"
java="${JAVA:-/usr/bin/java}"
stamp="$archive.stamp"
new="$archive.new"

# What an archive is made from: the jar and the JVM (its library and its module image), each
# by size, time and inode (an upgrade by dpkg or install.sh renames a new file into place).
inputs() {
  home="$(dirname "$(dirname "$(readlink -f "$java")")")"
  stat -L -c '%n %s %Y %i' "$jar" "$home/lib/modules" "$home/lib/server/libjvm.so" 2>/dev/null
}
current() { inputs; stat -c '%n %s %Y %i' "$archive" 2>/dev/null; }

if [ -f "$archive" ] && [ -f "$stamp" ] && [ "$(current)" = "$(cat "$stamp")" ]; then
  exit 0
fi
give_up() {
  rm -f "$new" "$archive" "$stamp"
  echo "class-archive: $*; the exporter starts without a class archive" >&2
  exit 1
}
rm -f "$new" "$stamp"
# The training run: the exporter started on a loopback port with a sample log, each page asked
# once (cli/WarmUpCommand); the JVM writes the classes it loaded when it exits. Its warnings
# (classes it cannot archive) are expected and not shown.
"$java" -XX:ArchiveClassesAtExit="$new" -Xlog:disable -Xlog:all=error:stderr \
  -Xmx96m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.io.tmpdir="${TMPDIR:-/var/tmp}" \
  -jar "$jar" warm-up >/dev/null || give_up "the training run failed"
[ -s "$new" ] || give_up "the training run wrote no archive"
"$java" -Xshare:on -XX:SharedArchiveFile="$new" -Xlog:disable -jar "$jar" --version >/dev/null 2>&1 ||
  give_up "the new archive does not map"
mv -f "$new" "$archive" || give_up "cannot move the archive into place"
current >"$stamp" || give_up "cannot write $stamp"
echo "class-archive: made $archive ($(du -k "$archive" | cut -f1) KiB)"
