# Sourced by the install scripts: a private apt configuration and state under .cache/apt that reads
# several Debian suites from the system's own mirror, without touching the system's apt setup.
#
# private_apt_setup ROOT_DIR   sets the array `apt_opts` (returns 1 when no Debian mirror is configured)
#                              and refreshes the private package lists at most once a day.

private_apt_mirror() {
  local uri="" f
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

private_apt_setup() {
  local apt_dir="$1/.cache/apt" uri keyring suite stamp
  uri=$(private_apt_mirror)
  if [ -z "$uri" ]; then
    printf '%s\n' "private apt: no Debian mirror found in /etc/apt sources" >&2
    return 1
  fi
  keyring=/usr/share/keyrings/debian-archive-keyring.gpg
  mkdir -p "$apt_dir/lists/partial" "$apt_dir/archives/partial" "$apt_dir/etc"
  {
    for suite in bullseye bookworm bookworm-backports trixie trixie-backports sid; do
      printf 'deb [signed-by=%s] %s %s main\n' "$keyring" "$uri" "$suite"
    done
  } > "$apt_dir/etc/sources.list.new"
  # A changed suite list needs fresh lists at once, whatever the stamp says.
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
  stamp="$apt_dir/lists/.updated"
  if [ ! -f "$stamp" ] || [ -n "$(find "$stamp" -mmin +1440 2>/dev/null)" ]; then
    printf '%s\n' "private apt: updating private package lists from $uri" >&2
    if apt-get "${apt_opts[@]}" -qq update >"$apt_dir/update.log" 2>&1; then
      touch "$stamp"
    else
      printf '%s\n' "private apt: apt-get update reported problems (see .cache/apt/update.log); trying anyway." >&2
    fi
  fi
  return 0
}
