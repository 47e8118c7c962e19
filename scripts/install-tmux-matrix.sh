#!/usr/bin/env bash
# Installs the tmux version matrix (3.1c, 3.3a, 3.5a, 3.7c, 3.8) into .cache/tmux/<slot>/ from Debian's
# packages, without touching the system: a private apt configuration and state directory, `apt-get
# download`, `dpkg -x` into a private root, and a bin/tmux launcher that runs the binary through an ELF
# loader with --library-path (no LD_LIBRARY_PATH, so nothing leaks into the shells tmux spawns).
#
# Idempotent: a slot whose bin/tmux already runs is left alone. A slot that cannot be installed is
# reported plainly and skipped; tests run on whatever slots exist.
#
# Usage: scripts/install-tmux-matrix.sh [slot ...]      (default: all slots)
set -uo pipefail

root_dir=$(cd "$(dirname "$0")/.." && pwd)
cache="$root_dir/.cache/tmux"
apt_dir="$root_dir/.cache/apt"
arch=$(dpkg --print-architecture 2>/dev/null || echo unknown)
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || echo x86_64-linux-gnu)

# slot | suite of tmux | extra packages (package/suite) | use the private root's own loader
slots=(
  "3.1c|bullseye|libevent-2.1-7/bullseye libutempter0/bullseye libtinfo6/bullseye|no"
  "3.3a|bookworm|libevent-core-2.1-7/bookworm libutempter0/bookworm|no"
  "3.5a|bookworm-backports|libevent-core-2.1-7/bookworm libutempter0/bookworm libjemalloc2/bookworm|no"
  "3.7c|trixie-backports|libc6/trixie libtinfo6/trixie libevent-core-2.1-7t64/trixie libjemalloc2/trixie libsystemd0/trixie libutempter0/trixie|yes"
  "3.8|sid|libc6/sid libtinfo6/sid libevent-core-2.1-7t64/sid libjemalloc2/sid libsystemd0/sid libutempter0/sid libstdc++6/sid libgcc-s1/sid|yes"
)

log() { printf '%s\n' "$*" >&2; }

if [ "$arch" != "amd64" ]; then
  log "tmux matrix: only amd64 is supported by this script (this machine: $arch); no slot installed."
  exit 0
fi
for tool in apt-get dpkg; do
  command -v "$tool" >/dev/null || { log "tmux matrix: $tool not found; no slot installed."; exit 0; }
done

# The Debian mirror this machine already uses (deb822 .sources or one-line sources.list).
mirror_uri() {
  local uri=""
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    uri=$(awk '/^URIs:/ { for (i = 2; i <= NF; i++) if ($i !~ /security/) { print $i; exit } }' "$f")
    [ -n "$uri" ] && break
  done
  if [ -z "$uri" ] && [ -f /etc/apt/sources.list ]; then
    uri=$(awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { if ($i !~ /security/) { print $i; exit } } }' /etc/apt/sources.list)
  fi
  printf '%s' "${uri%/}"
}

slot_works() { [ -x "$cache/$1/bin/tmux" ] && "$cache/$1/bin/tmux" -V >/dev/null 2>&1; }

wanted=("$@")
want_slot() {
  [ ${#wanted[@]} -eq 0 ] && return 0
  local w; for w in "${wanted[@]}"; do [ "$w" = "$1" ] && return 0; done; return 1
}

need_apt=0
for entry in "${slots[@]}"; do
  slot=${entry%%|*}
  want_slot "$slot" || continue
  slot_works "$slot" || need_apt=1
done

apt_opts=()
if [ "$need_apt" = 1 ]; then
  uri=$(mirror_uri)
  if [ -z "$uri" ]; then
    log "tmux matrix: no Debian mirror found in /etc/apt sources; no slot installed."
    exit 0
  fi
  keyring=/usr/share/keyrings/debian-archive-keyring.gpg
  mkdir -p "$apt_dir/lists/partial" "$apt_dir/archives/partial" "$apt_dir/etc"
  {
    for suite in bullseye bookworm bookworm-backports trixie trixie-backports sid; do
      printf 'deb [signed-by=%s] %s %s main\n' "$keyring" "$uri" "$suite"
    done
  } > "$apt_dir/etc/sources.list.new"
  # A changed suite list (a new slot) needs fresh lists at once, whatever the stamp says.
  if ! cmp -s "$apt_dir/etc/sources.list.new" "$apt_dir/etc/sources.list" 2>/dev/null; then
    rm -f "$apt_dir/lists/.updated"
  fi
  mv "$apt_dir/etc/sources.list.new" "$apt_dir/etc/sources.list"
  apt_opts=(
    -o "Dir::Etc::SourceList=$apt_dir/etc/sources.list"
    -o "Dir::Etc::SourceParts=/dev/null"
    -o "Dir::State::Lists=$apt_dir/lists"
    -o "Dir::Cache=$apt_dir"
    -o "Dir::Cache::archives=$apt_dir/archives"
    -o "APT::Get::List-Cleanup=0"
    -o "Acquire::Languages=none"
    -o "Debug::NoLocking=1"
  )
  # Refresh the private package lists at most once a day.
  stamp="$apt_dir/lists/.updated"
  if [ ! -f "$stamp" ] || [ -n "$(find "$stamp" -mmin +1440 2>/dev/null)" ]; then
    log "tmux matrix: updating private package lists from $uri"
    if apt-get "${apt_opts[@]}" -qq update >"$apt_dir/update.log" 2>&1; then
      touch "$stamp"
    else
      log "tmux matrix: apt-get update reported problems (see .cache/apt/update.log); trying anyway."
    fi
  fi
fi

install_slot() {
  local slot=$1 suite=$2 extras=$3 own_loader=$4
  local dir="$cache/$slot" work
  work=$(mktemp -d "$cache/.work-$slot.XXXXXX")
  (
    cd "$work" || exit 1
    # shellcheck disable=SC2086
    apt-get "${apt_opts[@]}" -qq download "tmux/$suite" $extras >download.log 2>&1 || { cat download.log >&2; exit 1; }
    mkdir root
    for deb in ./*.deb; do dpkg -x "$deb" root || exit 1; done
    dpkg-deb -f ./tmux_*.deb Version > debian-version
  ) || { rm -rf "$work"; return 1; }

  rm -rf "$dir"
  mkdir -p "$dir/bin"
  mv "$work/root" "$dir/root"
  mv "$work/debian-version" "$dir/debian-version"
  rm -rf "$work"

  local libs="$dir/root/usr/lib/$multiarch:$dir/root/lib/$multiarch"
  local loader
  if [ "$own_loader" = yes ]; then
    loader="$dir/root/usr/lib/$multiarch/ld-linux-x86-64.so.2"
    [ -e "$loader" ] || loader="$dir/root/lib64/ld-linux-x86-64.so.2"
  else
    loader=/lib64/ld-linux-x86-64.so.2
  fi
  cat > "$dir/bin/tmux" <<LAUNCHER
#!/bin/sh
# Generated by scripts/install-tmux-matrix.sh: tmux $slot from Debian $suite, run with its private libraries.
exec "$loader" --library-path "$libs" "$dir/root/usr/bin/tmux" "\$@"
LAUNCHER
  chmod +x "$dir/bin/tmux"
  slot_works "$slot"
}

mkdir -p "$cache"
status=0
for entry in "${slots[@]}"; do
  IFS='|' read -r slot suite extras own_loader <<<"$entry"
  want_slot "$slot" || continue
  if slot_works "$slot"; then
    printf 'tmux matrix: %s -> %s (cached, Debian %s)\n' "$slot" "$("$cache/$slot/bin/tmux" -V)" "$(cat "$cache/$slot/debian-version" 2>/dev/null || echo '?')"
    continue
  fi
  if install_slot "$slot" "$suite" "$extras" "$own_loader"; then
    printf 'tmux matrix: %s -> %s (installed, Debian %s from %s)\n' "$slot" "$("$cache/$slot/bin/tmux" -V)" "$(cat "$cache/$slot/debian-version")" "$suite"
  else
    printf 'tmux matrix: %s -> NOT INSTALLED (could not download or run tmux from Debian %s); tests skip this slot\n' "$slot" "$suite"
    rm -rf "$cache/$slot"
    status=0
  fi
done
exit $status
