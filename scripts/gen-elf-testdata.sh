#!/usr/bin/env bash
# Usage: scripts/gen-elf-testdata.sh
# Regenerates testdata/elf: a c-archive (go1.27), c-shared libraries and
# executables (go1.15, whose build info is pre-go1.18, and go1.27), host
# objects from gcc, g++ and rustc, and golden outputs of the peers
# (go tool nm of go1.15 and go1.27, GNU nm -D / nm -C, readelf -rW,
# go version -m).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cache=${GOSYM_CACHE:-$HOME/.cache/gosym}
# ---- ELF fixtures (testdata/elf): c-archive, c-shared and an executable
# from go1.15 (pre-go1.18 build info) and go1.27, host objects from gcc, g++
# and rustc for symbol kinds and demangling; golden outputs of the peers.
elf=$root/testdata/elf
rm -rf "$elf"; mkdir -p "$elf/golden"
for v in 1.15 1.27; do
  goroot=/usr/lib/go-$v; go="$goroot/bin/go"
  [ -x "$go" ] || continue
  export GOTOOLCHAIN=local GOFLAGS= GO111MODULE=on GOPROXY=off CGO_ENABLED=1
  export GOCACHE="$cache/gocache-$v" GOPATH="$cache/gopath-$v"
  for p in cx hello; do
    work=$(mktemp -d); cp -r "$root/testdata/src-elf/$p/." "$work/"
    printf 'module example.com/%s\n\ngo %s\n' "$p" "$v" > "$work/go.mod"
    if [ $p = cx ]; then
      (cd "$work" && "$go" build -trimpath -buildmode=c-shared -ldflags=-w -o "$elf/cshared$v.so" .)
      [ $v = 1.27 ] && (cd "$work" && "$go" build -trimpath -buildmode=c-archive -ldflags=-w -o "$elf/carchive$v.a" .)
    else
      (cd "$work" && "$go" build -trimpath -ldflags=-w -o "$elf/hello$v" .)
    fi
    rm -rf "$work"
  done
done
# The same program for other ELF classes and byte orders (pure Go, so any
# GOARCH builds here): 32-bit little-endian, 32-bit big-endian, 64-bit big-endian.
for arch in 386 mips s390x; do
  work=$(mktemp -d); cp -r "$root/testdata/src-elf/hello/." "$work/"
  printf 'module example.com/hello\n\ngo 1.27\n' > "$work/go.mod"
  (cd "$work" && GOTOOLCHAIN=local GOCACHE="$cache/gocache-1.27" CGO_ENABLED=0 GOARCH=$arch /usr/lib/go-1.27/bin/go build -trimpath -ldflags=-w -o "$elf/hello1.27-$arch" .)
  rm -rf "$work"
done
rm -f "$elf"/*.h
gcc -c -O1 -o "$elf/weak.o" "$root/testdata/src-c/weak.c"
# gcc -flto (slim): what ld's LTO plugin sees of it, as gcc-nm lists it.
gcc -c -O2 -g -flto -o "$elf/lto.o" "$root/testdata/src-c/lto.c"
gcc-nm "$elf/lto.o" > "$elf/golden/lto.o.gcc-nm"
g++ -c -O0 -o "$elf/demangle_cpp.o" "$root/testdata/src-c/demangle.cpp"
if command -v rustc >/dev/null; then
  rustc --crate-type=lib --emit=obj -C opt-level=1 -C symbol-mangling-version=legacy -o "$elf/demangle_rust_legacy.o" "$root/testdata/src-c/demangle.rs" 2>/dev/null ||
    rustc --crate-type=lib --emit=obj -C opt-level=1 -o "$elf/demangle_rust_legacy.o" "$root/testdata/src-c/demangle.rs"
  rustc --crate-type=lib --emit=obj -C opt-level=1 -C symbol-mangling-version=v0 -o "$elf/demangle_rust_v0.o" "$root/testdata/src-c/demangle.rs"
fi
(
  cd "$elf"
  for f in cshared1.15.so cshared1.27.so hello1.15 hello1.27 weak.o; do
    for v in 1.15 1.27; do
      GOTOOLCHAIN=local /usr/lib/go-$v/bin/go tool nm "$f" > "golden/$f.nm.go$v"
    done
    readelf -rW "$f" > "golden/$f.readelf-r"
  done
  for f in cshared1.15.so cshared1.27.so; do LC_ALL=C nm -D "$f" > "golden/$f.nm-D"; done
  for f in cshared1.15.so cshared1.27.so hello1.15 hello1.27 hello1.27-386 hello1.27-mips hello1.27-s390x; do
    GOTOOLCHAIN=local /usr/lib/go-1.27/bin/go version -m "$f" > "golden/$f.version-m"
  done
  for f in hello1.27-386 hello1.27-mips hello1.27-s390x; do
    GOTOOLCHAIN=local /usr/lib/go-1.27/bin/go tool nm -size "$f" > "golden/$f.nm-size.go1.27"
    readelf -rW "$f" > "golden/$f.readelf-r"
  done
  # go tool nm cannot read GNU archives: the linked go.o member alone.
  tmp=$(mktemp -d); (cd "$tmp" && ar x "$elf/carchive1.27.a" go.o)
  GOTOOLCHAIN=local /usr/lib/go-1.27/bin/go tool nm "$tmp/go.o" > golden/carchive1.27.a.go.o.nm.go1.27; rm -rf "$tmp"
  for f in demangle_*.o; do LC_ALL=C nm -C "$f" > "golden/$f.nm-C"; done
)
echo "elf: $(ls "$elf" | wc -l) files, $(du -sh "$elf" | cut -f1)"
