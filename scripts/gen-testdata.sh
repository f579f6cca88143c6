#!/usr/bin/env bash
# Usage: scripts/gen-testdata.sh [1.NN ...]
# Regenerates testdata/go1.NN/ with every installed Debian toolchain (or the
# versions given): archives of the fixture packages in testdata/src, a
# -linkobj split, a standalone assembler object, golden `go tool nm` outputs
# of the producing toolchain, and facts the toolchain reports (facts.txt).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
versions=("$@")
[ ${#versions[@]} -gt 0 ] || versions=(1.15 1.19 1.21 1.22 1.23 1.24 1.25 1.26 1.27)
cache=${GOSYM_CACHE:-$HOME/.cache/gosym}
# Flag sets whose golden outputs are kept; "x" stands for no flag.
flagsets=("x" "-n" "-size" "-sort none -size" "-sort size -size" "-type -n")

for v in "${versions[@]}"; do
  goroot=/usr/lib/go-$v
  [ -x "$goroot/bin/go" ] || { echo "skip go$v: not installed" >&2; continue; }
  go="$goroot/bin/go"
  export GOTOOLCHAIN=local GOFLAGS= GO111MODULE=on GOPROXY=off CGO_ENABLED=1
  export GOCACHE="$cache/gocache-$v" GOPATH="$cache/gopath-$v"
  out="$root/testdata/go$v"
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  cp -r "$root/testdata/src/." "$work/"
  printf 'module example.com/m\n\ngo %s\n' "$v" > "$work/go.mod"
  [ "$v" != 1.15 ] || rm -rf "$work/generic"
  gcc -c -O1 -o "$work/sysopkg/a_long_resource_linux_amd64.syso" "$root/testdata/src-c/resource.c"
  rm -rf "$out"; mkdir -p "$out/golden"
  (
    cd "$work"
    "$go" list -export -f '{{.ImportPath}} {{.Name}} {{.Export}}' ./... > "$work/exports.txt"
    : > "$out/facts.txt"
    # go1.15 has no GOVERSION variable: take the version from `go version`.
    echo "version $("$go" version | awk '{print $3}')" >> "$out/facts.txt"
    while read -r path name export; do
      base=${path#example.com/m/}; base=${base//\//_}
      cp "$export" "$out/$base.a"
      echo "package $base.a $path $("$go" tool buildid "$export")" >> "$out/facts.txt"
    done < "$work/exports.txt"
    # -linkobj split: export data and linker object in two archives.
    cfg="$work/importcfg"; : > "$cfg"
    "$go" tool compile -p example.com/m/dotted.v2 -o "$out/split_pkgdef.a" -linkobj "$out/split_linkobj.a" -pack dotted.v2/dotted.go 2>/dev/null ||
      "$go" tool compile -p example.com/m/dotted.v2 -o "$out/split_pkgdef.a" -linkobj "$out/split_linkobj.a" dotted.v2/dotted.go
    # A standalone assembler object (not in an archive).
    inc="$goroot/pkg/include"
    "$go" tool asm -p example.com/m/asmpkg -I "$inc" -D GOOS_linux -D GOARCH_amd64 -o "$out/double.o" asmpkg/double_with_a_long_name_amd64.s 2>/dev/null ||
      "$go" tool asm -I "$inc" -D GOOS_linux -D GOARCH_amd64 -o "$out/double.o" asmpkg/double_with_a_long_name_amd64.s
  )
  (
    cd "$out"
    files=$(ls *.a *.o | sort)
    for f in $files; do
      "$go" tool nm "$f" > "golden/$f.nm" 2> "golden/$f.nm.err" || echo "exit $?" >> "golden/$f.nm.err"
      [ -s "golden/$f.nm.err" ] || rm "golden/$f.nm.err"
    done
    for fl in "${flagsets[@]}"; do
      [ "$fl" = x ] && args=() || read -r -a args <<< "$fl"
      tag=$(echo "all$fl" | tr -d ' ' | tr -s '-' '_')
      # shellcheck disable=SC2086
      "$go" tool nm "${args[@]}" $files > "golden/$tag.nm" 2> "golden/$tag.nm.err" || echo "exit $?" >> "golden/$tag.nm.err"
      [ -s "golden/$tag.nm.err" ] || rm "golden/$tag.nm.err"
    done
    sed -i 's/^[0-9/]* [0-9:]* //' golden/*.err 2>/dev/null || true
  )
  rm -rf "$work"; trap - EXIT
  echo "go$v: $(ls "$out" | wc -l) files, $(du -sh "$out" | cut -f1)"
done


# The ELF fixtures (c-archive, c-shared, executables, host objects), when
# every release is regenerated (not for `gen-testdata.sh 1.NN`).
[ $# -gt 0 ] || bash "$root/scripts/gen-elf-testdata.sh"
