//! The ELF side against the peers, on testdata/elf (made by
//! scripts/gen-elf-testdata.sh with the real tools): `gosym nm` vs the
//! `go tool nm` of go1.15 and go1.27 (`--as`), `gosym nm -D` vs GNU
//! `nm -D`, `gosym relocs` vs `readelf -rW`, `gosym info --version-m` vs
//! `go version -m`, `-C` vs GNU `nm -C` names. When binutils are installed
//! the same comparisons also run live on system libraries.

use crate::common;
use common::*;
use std::path::PathBuf;

fn elf_dir() -> PathBuf {
    testdata().join("elf")
}

fn golden(name: &str) -> Vec<u8> {
    std::fs::read(elf_dir().join("golden").join(name)).unwrap_or_else(|e| panic!("golden {name}: {e}"))
}

fn same(what: &str, want: &[u8], got: &std::process::Output) {
    assert!(got.status.success(), "{what}: {}", String::from_utf8_lossy(&got.stderr));
    assert!(got.stdout == want, "{what}: {}", first_diff(want, &got.stdout));
}

#[test]
fn nm_matches_go_tool_nm_of_go115_and_go127() {
    let mut n = 0;
    for f in ["cshared1.15.so", "cshared1.27.so", "hello1.15", "hello1.27", "weak.o"] {
        for v in ["1.15", "1.27"] {
            let out = run_in(&elf_dir(), &["nm", "--as", &format!("go{v}"), f]);
            same(&format!("{f} as go{v}"), &golden(&format!("{f}.nm.go{v}")), &out);
            n += 1;
        }
    }
    // Without --as, a linked Go file is listed as the toolchain in its
    // build information lists it.
    for v in ["1.15", "1.27"] {
        let f = format!("hello{v}");
        same(&f, &golden(&format!("{f}.nm.go{v}")), &run_in(&elf_dir(), &["nm", &f]));
        n += 1;
    }
    println!("{n} ELF listings identical to go tool nm");
}

#[test]
fn other_classes_and_byte_orders() {
    // 32-bit little-endian (386), 32-bit big-endian (mips), 64-bit
    // big-endian (s390x) executables of go1.27.
    for a in ["386", "mips", "s390x"] {
        let f = format!("hello1.27-{a}");
        same(
            &f,
            &golden(&format!("{f}.nm-size.go1.27")),
            &run_in(&elf_dir(), &["nm", "-size", &f]),
        );
        same(
            &f,
            &golden(&format!("{f}.version-m")),
            &run_in(&elf_dir(), &["info", "--version-m", &f]),
        );
        same(
            &f,
            &golden(&format!("{f}.readelf-r")),
            &run_in(&elf_dir(), &["relocs", &f]),
        );
    }
}

#[test]
fn c_archive_go_member_matches_go_tool_nm() {
    // go tool nm refuses GNU archives; its listing of the extracted go.o
    // must equal gosym's lines for that member.
    let out = run_in(&elf_dir(), &["nm", "carchive1.27.a"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let prefix = "carchive1.27.a(go.o):\t";
    let got: String = text
        .lines()
        .filter_map(|l| l.strip_prefix(prefix))
        .map(|l| format!("{l}\n"))
        .collect();
    let want = golden("carchive1.27.a.go.o.nm.go1.27");
    assert!(got.as_bytes() == want, "{}", first_diff(&want, got.as_bytes()));
    assert!(
        text.lines().any(|l| l.starts_with("carchive1.27.a(000000.o):")),
        "host objects listed too"
    );
}

#[test]
fn dynamic_symbols_match_gnu_nm() {
    for f in ["cshared1.15.so", "cshared1.27.so"] {
        same(f, &golden(&format!("{f}.nm-D")), &run_in(&elf_dir(), &["nm", "-D", f]));
    }
}

#[test]
fn relocations_match_readelf() {
    for f in ["cshared1.15.so", "cshared1.27.so", "hello1.15", "hello1.27", "weak.o"] {
        same(
            f,
            &golden(&format!("{f}.readelf-r")),
            &run_in(&elf_dir(), &["relocs", f]),
        );
    }
}

#[test]
fn build_info_matches_go_version_m() {
    for f in ["cshared1.15.so", "cshared1.27.so", "hello1.15", "hello1.27"] {
        same(
            f,
            &golden(&format!("{f}.version-m")),
            &run_in(&elf_dir(), &["info", "--version-m", f]),
        );
    }
    let out = run_in(&elf_dir(), &["info", "--format", "json", "cshared1.27.so"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let notes = v["files"][0]["notes"].as_array().unwrap();
    let needed: Vec<&str> = v["files"][0]["needed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    assert!(needed.contains(&"libc.so.6"), "{needed:?}");
    assert!(
        notes
            .iter()
            .any(|n| n["section"] == ".note.go.buildid" && n["kind"] == 4)
    );
}

#[test]
fn demangled_names_match_gnu_nm() {
    for f in ["demangle_cpp.o", "demangle_rust_legacy.o", "demangle_rust_v0.o"] {
        if !elf_dir().join(f).exists() {
            continue;
        }
        let want: std::collections::BTreeSet<String> = String::from_utf8(golden(&format!("{f}.nm-C")))
            .unwrap()
            .lines()
            .map(|l| l[19..].to_string())
            .collect();
        let out = run_in(&elf_dir(), &["nm", "-C", f]);
        let got: std::collections::BTreeSet<String> = String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .filter(|l| l.contains(" T "))
            .map(|l| l.split_once(" T ").unwrap().1.to_string())
            .collect();
        assert_eq!(got, want, "{f}");
    }
}

/// Live comparisons on whatever system libraries the machine has.
#[test]
fn live_system_libraries_match_binutils() {
    let have = |t: &str| std::process::Command::new(t).arg("--version").output().is_ok();
    if !have("nm") || !have("readelf") {
        println!("binutils not installed: live comparison skipped");
        return;
    }
    let mut n = 0;
    for lib in [
        "/usr/lib/x86_64-linux-gnu/libc.so.6",
        "/usr/lib/x86_64-linux-gnu/libm.so.6",
        "/usr/lib/x86_64-linux-gnu/libz.so.1",
    ] {
        if !std::path::Path::new(lib).exists() {
            continue;
        }
        let nm = std::process::Command::new("nm")
            .env("LC_ALL", "C")
            .args(["-D", lib])
            .output()
            .unwrap();
        same(
            &format!("nm -D {lib}"),
            &nm.stdout,
            &gosym().args(["nm", "-D", lib]).output().unwrap(),
        );
        let re = std::process::Command::new("readelf")
            .args(["-rW", lib])
            .output()
            .unwrap();
        same(
            &format!("readelf -rW {lib}"),
            &re.stdout,
            &gosym().args(["relocs", lib]).output().unwrap(),
        );
        n += 1;
    }
    let carch = elf_dir().join("carchive1.27.a");
    let re = std::process::Command::new("readelf")
        .arg("-rW")
        .arg(&carch)
        .output()
        .unwrap();
    same(
        "readelf -rW carchive",
        &re.stdout,
        &gosym().arg("relocs").arg(&carch).output().unwrap(),
    );
    println!("{n} system libraries and the c-archive identical to binutils");
}

/// A C++ static library linked into a Go program through cgo (built here
/// with g++ and go1.27 when both are installed): `gosym nm -C` on the
/// program demangles its C++ symbols as GNU `nm -C` does.
#[test]
fn cpp_static_library_through_cgo() {
    if goroot("1.27").is_none() {
        assert!(std::env::var_os("CI").is_none(), "CI must have go1.27");
        return;
    }
    let have = |t: &str| std::process::Command::new(t).arg("--version").output().is_ok();
    if !have("g++") || !have("nm") {
        println!("g++ or binutils missing: skipped");
        return;
    }
    let dir = std::env::temp_dir().join(format!("gosym-cgo-cpp-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(testdata().join("src-c/demangle.cpp"), dir.join("geo.cpp")).unwrap();
    std::fs::write(dir.join("shim.cpp"), "namespace geo { struct Point { int x, y; }; }\nint use(geo::Point p);\nextern \"C\" int go_use(int x, int y) { return use(geo::Point{x, y}); }\n").unwrap();
    let run = |cmd: &mut std::process::Command| {
        let what = format!("{cmd:?}");
        run_ok(cmd.current_dir(&dir), &what);
    };
    run(std::process::Command::new("g++").args(["-c", "-O0", "geo.cpp", "shim.cpp"]));
    run(std::process::Command::new("ar").args(["rcs", "libgeo.a", "geo.o", "shim.o"]));
    std::fs::write(
        dir.join("main.go"),
        "package main\n\n// #cgo LDFLAGS: -L${SRCDIR} -lgeo -lstdc++\n// int go_use(int x, int y);\nimport \"C\"\n\nfunc main() { println(C.go_use(2, 3)) }\n",
    )
    .unwrap();
    std::fs::write(dir.join("go.mod"), "module example.com/cppgeo\n\ngo 1.21\n").unwrap();
    run(go_cmd("1.27")
        .env("CGO_ENABLED", "1")
        .args(["build", "-o", "prog", "."]));
    let nm = std::process::Command::new("nm")
        .env("LC_ALL", "C")
        .args(["-C", "prog"])
        .current_dir(&dir)
        .output()
        .unwrap();
    let want: std::collections::BTreeSet<String> = String::from_utf8_lossy(&nm.stdout)
        .lines()
        .filter_map(|l| l.get(19..))
        .filter(|n| n.contains("geo::"))
        .map(str::to_string)
        .collect();
    assert!(want.len() >= 2, "the C++ symbols are in the program: {want:?}");
    let out = gosym().current_dir(&dir).args(["nm", "-C", "prog"]).output().unwrap();
    let got: std::collections::BTreeSet<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| {
            let (_, rest) = l.trim_start().split_once(' ')?;
            Some(rest.split_once(' ')?.1.to_string())
        })
        .filter(|n| n.contains("geo::"))
        .collect();
    assert_eq!(got, want);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// GCC's LTO symbol table of a `gcc -flto` object (whose `.symtab` names
/// none of its symbols) against what `gcc-nm`, through ld's LTO plugin,
/// lists: every name, defined or undefined, weak or strong.
#[test]
fn lto_symbols_match_gcc_nm() {
    use gosym::read::lto::{LtoKind, gcc_lto_symbols};
    let bytes = std::fs::read(elf_dir().join("lto.o")).unwrap();
    let elf = gosym::read::elf::ElfFile::parse(&bytes).unwrap();
    let mut got: Vec<(String, LtoKind)> = gcc_lto_symbols(&elf)
        .expect("an LTO object")
        .iter()
        .map(|s| (String::from_utf8_lossy(s.name).into_owned(), s.kind))
        .collect();
    got.sort_by(|a, b| a.0.cmp(&b.0));
    let want: Vec<(String, LtoKind)> = String::from_utf8(golden("lto.o.gcc-nm"))
        .unwrap()
        .lines()
        .map(|l| {
            let mut f = l.split_whitespace().rev();
            let (name, letter) = (f.next().unwrap(), f.next().unwrap());
            let kind = match letter {
                "U" => LtoKind::Undef,
                "w" | "v" => LtoKind::WeakUndef,
                "W" | "V" => LtoKind::WeakDef,
                "C" => LtoKind::Common,
                _ => LtoKind::Def,
            };
            (name.to_string(), kind)
        })
        .collect();
    assert_eq!(got, want);
    // A plain object has no LTO table.
    let weak = std::fs::read(elf_dir().join("weak.o")).unwrap();
    assert!(gcc_lto_symbols(&gosym::read::elf::ElfFile::parse(&weak).unwrap()).is_none());
    println!("lto: {} symbols of lto.o as gcc-nm lists them", got.len());
}
