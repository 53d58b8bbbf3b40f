#!/usr/bin/env bash
# Installs what building PilotDesk needs on Debian/Ubuntu, skipping what is
# already there: the C toolchain and X11/OpenGL headers for Fyne (cgo), and a
# Go toolchain new enough for go.mod; PostgreSQL's server, which the tests
# start a throwaway copy of (internal/testdb) to run data/ and export/ on it.
#   scripts/setup.sh            for make build / run / test
#   scripts/setup.sh --windows  also mingw-w64, for make windows
set -euo pipefail
cd "$(dirname "$0")/.."

pkgs=(gcc libc6-dev pkg-config libgl-dev libx11-dev libxrandr-dev libxcursor-dev
      libxinerama-dev libxi-dev libxxf86vm-dev ca-certificates curl unzip
      postgresql)
for arg in "$@"; do
  case "$arg" in
    --windows) pkgs+=(gcc-mingw-w64-x86-64) ;;
    *) echo "setup.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=""
  if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
  echo "setup: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Go: go.mod asks for at least this version.
want=$(sed -n 's/^go \([0-9.]*\)$/\1/p' go.mod)
local_go="$HOME/.local/go"
version_ok() { # $1: a go binary
  local v
  v=$("$1" env GOVERSION 2>/dev/null | sed 's/^go//') || return 1
  [ -n "$v" ] && [ "$(printf '%s\n%s\n' "$want" "$v" | sort -V | head -n1)" = "$want" ]
}
for g in "$(command -v go || true)" /usr/local/go/bin/go "$local_go/bin/go"; do
  if [ -n "$g" ] && [ -x "$g" ] && version_ok "$g"; then
    exit 0
  fi
done
# The Go module proxy serves official toolchains as modules; this works
# wherever 'go get' would.
v="go$want"
arch=$(dpkg --print-architecture)
url="https://proxy.golang.org/golang.org/toolchain/@v/v0.0.1-$v.linux-$arch.zip"
echo "setup: fetching $v from $url into $local_go"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
curl -fsSL "$url" -o "$tmp/go.zip"
unzip -q "$tmp/go.zip" -d "$tmp"
rm -rf "$local_go"
mkdir -p "$(dirname "$local_go")"
mv "$tmp/golang.org/toolchain@v0.0.1-$v.linux-$arch" "$local_go"
chmod +x "$local_go"/bin/* "$local_go"/pkg/tool/*/* 2>/dev/null || true
echo "setup: Go $want is in $local_go/bin (the Makefile finds it there)"
