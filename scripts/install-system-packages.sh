#!/usr/bin/env bash
# Installs the Debian packages the tests need and the base system may lack: the shells `pane.run` is
# proven on (bash, dash, zsh), the system python3 with PyYAML that runs tmuxp for the compatibility
# tests (scripts/install-tmuxp.sh), Chromium for the documentation site's browser test, and OpenSSH (the
# client, and the server the remote tests start privately on 127.0.0.1: test/support/private-sshd.ts;
# the package's own service is not started here and nothing in /etc/ssh is changed). What is already
# present is left alone; nothing is installed twice.
# Needs root or password-less sudo for a missing package (CI machines are root); without either, it says
# what is missing and exits 0, and the tests that need it fail naming it.
#
# Usage: scripts/install-system-packages.sh
set -uo pipefail

# Debian package | how to tell it is there
wanted=(
  "bash|command -v bash"
  "dash|command -v dash"
  "zsh|command -v zsh"
  "python3|test -x /usr/bin/python3"
  "python3-yaml|/usr/bin/python3 -c 'import yaml'"
  "chromium|test -x /usr/bin/chromium"
  "openssh-client|command -v ssh && command -v ssh-keygen"
  "openssh-server|test -x /usr/sbin/sshd"
)

log() { printf '%s\n' "$*" >&2; }

missing=()
for entry in "${wanted[@]}"; do
  eval "${entry#*|}" >/dev/null 2>&1 || missing+=("${entry%%|*}")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  log "system packages: missing ${missing[*]}; install them (apt-get install ${missing[*]}) as root."
  exit 0
fi

export DEBIAN_FRONTEND=noninteractive
install() { "${as_root[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null; }
log "system packages: installing ${missing[*]}"
if ! install >/dev/null; then
  # A fresh machine may have no package lists yet.
  "${as_root[@]}" apt-get update -q </dev/null >/dev/null && install >/dev/null ||
    log "system packages: could not install ${missing[*]}"
fi
exit 0
