#!/usr/bin/env bash
# The Debian package (issue 14): CPack makes jsms-ops_VERSION_ARCH.deb from this build directory;
# it holds the binary, the units and the defaults file with the right modes, its Depends are
# computed from the linked libraries, its maintainer scripts create the user and enable the unit
# without needing a running systemd, the extracted binary prints the project's version, and the
# units pass `systemd-analyze verify` (when systemd-analyze is there).
#
# Usage: package_test.sh BUILD_DIR VERSION BINARY_PATH DEFAULTS_FILE UNIT_DIR
# (the last three are the installed absolute paths, as packaging/package.cmake computed them).
set -euo pipefail

build=$1
version=$2
binary_path=$3
defaults_file=$4
unit_dir=$5

fail() { echo "FAIL: $*" >&2; exit 1; }
for tool in cpack dpkg-deb dpkg-shlibdeps; do
  command -v "$tool" >/dev/null || fail "$tool is not installed (tools/setup installs dpkg-dev)"
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# --- Build the package from the existing build -----------------------------------------------
cpack --config "$build/CPackConfig.cmake" -B "$work/out" >"$work/cpack.log" 2>&1 ||
  fail "cpack failed: $(cat "$work/cpack.log")"
deb="$work/out/jsms-ops_${version}_$(dpkg --print-architecture).deb"
[ -f "$deb" ] || fail "no $(basename "$deb"); cpack made: $(ls "$work/out")"

# --- Control fields -------------------------------------------------------------------------------
[ "$(dpkg-deb -f "$deb" Package)" = jsms-ops ] || fail "Package is $(dpkg-deb -f "$deb" Package)"
[ "$(dpkg-deb -f "$deb" Version)" = "$version" ] || fail "Version is $(dpkg-deb -f "$deb" Version)"
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
for lib in libc6 libsqlite3 libcpp-httplib adduser; do
  [[ "$depends" == *"$lib"* ]] || fail "Depends does not name $lib: '$depends'"
done

# --- Contents and modes ---------------------------------------------------------------------------
dpkg-deb -c "$deb" >"$work/contents"
expect_entry() {  # expect_entry MODE PATH
  grep -qE "^$1 root/root +[0-9]+ [0-9-]+ [0-9:]+ \.$2\$" "$work/contents" ||
    fail "the package has no $1 root/root .$2: $(grep -F ".$2" "$work/contents" || echo 'no such path')"
}
expect_entry -rwxr-xr-x "$binary_path"
expect_entry -rw-r--r-- "$unit_dir/jsms-ops.service"
expect_entry -rw-r--r-- "$unit_dir/jsms-ops-backup.service"
expect_entry -rw-r--r-- "$unit_dir/jsms-ops-backup.timer"
expect_entry -rw-r----- "$defaults_file"  # root only: it may hold the token

# --- Maintainer scripts ---------------------------------------------------------------------------
dpkg-deb -e "$deb" "$work/control"
[ "$(cat "$work/control/conffiles")" = "$defaults_file" ] ||
  fail "conffiles should list $defaults_file alone: '$(cat "$work/control/conffiles")'"
for script in postinst prerm postrm; do
  [ -x "$work/control/$script" ] || fail "$script is missing or not executable"
  sh -n "$work/control/$script" || fail "$script is not valid sh"
done
# postinst with the system commands it calls replaced by stubs that record their arguments: on a
# first configure it creates the system user and the state directory, and enables the unit
# without starting it; run again with the user present, it does not create it twice.
# Each stub succeeds, so deb-systemd-helper's was-enabled answers "yes", as on a first install.
mkdir "$work/stubs"
for command in adduser install deb-systemd-helper deb-systemd-invoke systemctl; do
  printf '#!/bin/sh\necho "%s $*" >>"%s"\n' "$command" "$work/calls" >"$work/stubs/$command"
done
# getent answers "no such user" (status 2) unless told otherwise.
printf '#!/bin/sh\necho "getent $*" >>"%s"\nexit "${GETENT_STATUS:-2}"\n' "$work/calls" >"$work/stubs/getent"
chmod +x "$work/stubs"/*
PATH="$work/stubs:$PATH" sh -e "$work/control/postinst" configure "" >"$work/postinst.out" 2>&1 ||
  fail "postinst configure failed: $(cat "$work/postinst.out")"
calls=$(cat "$work/calls")
grep -qx 'adduser --system --group --home /var/lib/jsms-ops --no-create-home --gecos jsms-ops order-matching back office jsms-ops' <<<"$calls" ||
  fail "postinst did not create the system user jsms-ops: $calls"
grep -qx 'install -d -o jsms-ops -g jsms-ops -m 0750 /var/lib/jsms-ops /var/backups/jsms-ops' <<<"$calls" ||
  fail "postinst did not create the state and backup directories: $calls"
grep -qx 'deb-systemd-helper enable jsms-ops.service' <<<"$calls" || fail "postinst did not enable the unit: $calls"
! grep -q 'enable jsms-ops-backup.timer' <<<"$calls" || fail "postinst enabled the backup timer: $calls"
! grep -qE '(start|restart) ' <<<"$calls" || fail "postinst started something on a first install: $calls"
: >"$work/calls"
GETENT_STATUS=0 PATH="$work/stubs:$PATH" sh -e "$work/control/postinst" configure 0.1.0 >"$work/postinst.out" 2>&1 ||
  fail "postinst configure (user present) failed: $(cat "$work/postinst.out")"
! grep -q '^adduser' "$work/calls" || fail "postinst created the user again: $(cat "$work/calls")"

# --- The extracted binary -------------------------------------------------------------------------
dpkg-deb -x "$deb" "$work/root"
shown=$("$work/root$binary_path" --version)
[ "$shown" = "jsms-ops $version" ] || fail "--version printed '$shown', expected 'jsms-ops $version'"

# --- The units ----------------------------------------------------------------------------------
unit="$work/root$unit_dir/jsms-ops.service"
for line in "ExecStart=$binary_path" "EnvironmentFile=-$defaults_file" User=jsms-ops \
            StateDirectory=jsms-ops ProtectSystem=strict ProtectHome=yes PrivateTmp=yes \
            NoNewPrivileges=yes Restart=on-failure KillSignal=SIGTERM CapabilityBoundingSet= \
            "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX" SystemCallFilter=@system-service; do
  grep -qxF -- "$line" "$unit" || fail "jsms-ops.service lacks '$line'"
done
# Every option the binary reads from the environment is documented in the defaults file.
help_vars=$("$work/root$binary_path" --help | grep -oE 'Env:JSMS_OPS_[A-Z_]+' | sed 's/^Env://' | sort -u)
file_vars=$(grep -oE '^#?JSMS_OPS_[A-Z_]+=' "$work/root$defaults_file" | tr -d '#=' | sort -u)
[ "$help_vars" = "$file_vars" ] ||
  fail "the defaults file and --help name different variables: $(diff <(echo "$help_vars") <(echo "$file_vars") | grep '^[<>]' | paste -sd' ')"

if command -v systemd-analyze >/dev/null; then
  # verify checks that ExecStart's binary exists: point it at the extracted one.
  mkdir "$work/units"
  sed "s|^ExecStart=$binary_path\$|ExecStart=$work/root$binary_path|" "$unit" >"$work/units/jsms-ops.service"
  cp "$work/root$unit_dir/jsms-ops-backup.service" "$work/root$unit_dir/jsms-ops-backup.timer" "$work/units/"
  (cd "$work/units" && systemd-analyze verify --man=no ./jsms-ops.service ./jsms-ops-backup.service \
    ./jsms-ops-backup.timer) >"$work/verify.out" 2>&1 || fail "systemd-analyze verify: $(cat "$work/verify.out")"
  [ ! -s "$work/verify.out" ] || fail "systemd-analyze verify warns: $(cat "$work/verify.out")"
  echo "systemd-analyze verify: no warnings; $(systemd-analyze security --offline=yes "$work/units/jsms-ops.service" 2>/dev/null | grep -o 'Overall exposure level.*' || true)"
else
  echo "systemd-analyze not found: the units were not verified (apt-get install systemd)"
fi
echo "package: $(basename "$deb") checked"
