#!/usr/bin/env bash
# Installs what `npm run bench` compares tmuxkit with and the tests do not need: tmuxinator (Debian's
# package, with its Ruby). tmuxp comes from scripts/install-tmuxp.sh. Already present: left alone.
# Needs root or password-less sudo; without either, it says so and exits 0 (the bench leaves it out).
#
# Usage: scripts/install-bench-tools.sh
set -uo pipefail

command -v tmuxinator >/dev/null 2>&1 && exit 0
if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  printf '%s\n' "bench tools: tmuxinator missing; install it (apt-get install tmuxinator) as root." >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
install() { "${as_root[@]}" apt-get install -y -q --no-install-recommends tmuxinator </dev/null >/dev/null; }
printf '%s\n' "bench tools: installing tmuxinator" >&2
install || { "${as_root[@]}" apt-get update -q </dev/null >/dev/null && install; } ||
  printf '%s\n' "bench tools: could not install tmuxinator" >&2
exit 0
