//! Toolchain-backed tests: run when the Debian Go toolchains are installed
//! (`.ci/run` installs them, so CI always runs these). Each prints what it
//! compared; a missing toolchain is reported, never silently passed.

use crate::common;
use common::*;

use std::process::Command;

/// The std archives of toolchain `v`: precompiled in GOROOT/pkg (go1.15,
/// go1.19) or built into a kept GOCACHE by `go list -export std`.
fn std_archives(v: &str) -> Vec<String> {
    let root = goroot(v).unwrap();
    let pkg = root.join("pkg/linux_amd64");
    let mut out = Vec::new();
    if pkg.is_dir() {
        let mut stack = vec![pkg];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).unwrap().filter_map(|e| e.ok()) {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|x| x == "a") {
                    out.push(p.to_string_lossy().into_owned());
                }
            }
        }
    } else {
        let mut c = go_cmd(v);
        c.args(["list", "-export", "-f", "{{.Export}}", "std"]);
        let o = run_ok(c, &format!("go{v} list -export std"));
        out = String::from_utf8(o.stdout)
            .unwrap()
            .lines()
            .filter(|l| !l.is_empty())
            .map(String::from)
            .collect();
    }
    out.sort();
    out
}

fn compare(v: &str, flags: &[&str], files: &[String]) -> usize {
    let mut lines = 0;
    for batch in files.chunks(120) {
        let want = go_cmd(v)
            .arg("tool")
            .arg("nm")
            .args(flags)
            .args(batch)
            .output()
            .unwrap();
        let got = gosym().arg("nm").args(flags).args(batch).output().unwrap();
        assert!(
            want.status.success(),
            "go{v} tool nm failed: {}",
            String::from_utf8_lossy(&want.stderr)
        );
        assert!(
            got.status.success(),
            "gosym nm failed: {}",
            String::from_utf8_lossy(&got.stderr)
        );
        assert!(
            want.stdout == got.stdout,
            "go{v} {flags:?}: gosym nm differs from go tool nm: {}",
            first_diff(&want.stdout, &got.stdout)
        );
        lines += want.stdout.iter().filter(|&&b| b == b'\n').count();
    }
    lines
}

#[test]
fn std_archives_nm_identical_to_each_toolchain() {
    let mut missing = Vec::new();
    for v in VERSIONS {
        if goroot(v).is_none() {
            missing.push(v);
            continue;
        }
        let files = std_archives(v);
        assert!(files.len() > 150, "go{v}: only {} std archives found", files.len());
        let lines = compare(v, &["-size"], &files);
        let some: Vec<String> = files.iter().step_by(7).cloned().collect();
        let lines2 = compare(v, &["-n", "-type"], &some) + compare(v, &["-sort", "none"], &some);
        println!(
            "go{v}: {} std archives identical to go tool nm -size ({lines} lines); {} also with -n -type and -sort none ({lines2} lines)",
            files.len(),
            some.len()
        );
    }
    if !missing.is_empty() {
        println!("toolchains not installed, not compared: {missing:?} (run scripts/install-go-toolchains.sh)");
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have every toolchain installed"
        );
    }
}

/// Runs a generator script in `--check` mode: it regenerates into memory
/// and fails when the committed file differs.
fn script_check(script: &str) {
    let o = Command::new("python3")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([script, "--check"])
        .output()
        .expect("python3");
    assert!(
        o.status.success(),
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    println!("{}", String::from_utf8_lossy(&o.stdout).trim());
}

/// src/tables/compiler_refs.rs equals what scripts/gen-compiler-refs.py
/// extracts from the installed compilers' sources.
#[test]
fn compiler_refs_match_the_toolchains() {
    if installed(&VERSIONS).len() < VERSIONS.len() {
        return;
    }
    script_check("scripts/gen-compiler-refs.py");
}

/// The Go functions `src/check/target/linkmode.rs` and
/// `src/check/target/platform.rs` were transcribed from, per release: (file
/// under GOROOT/src, function name).
fn linkmode_sources(v: &str) -> Vec<(&'static str, &'static str)> {
    let mut out = vec![
        ("cmd/link/internal/ld/config.go", "func mustLinkExternal("),
        ("cmd/link/internal/ld/config.go", "func determineLinkMode("),
        ("cmd/link/internal/ld/config.go", "func (mode *BuildMode) Set("),
        ("cmd/link/internal/ld/lib.go", "func (ctxt *Link) extld("),
    ];
    if v == "1.15" || v == "1.19" {
        out.push(("cmd/internal/sys/supported.go", "func MustLinkExternal("));
    } else {
        out.push(("internal/platform/supported.go", "func MustLinkExternal("));
        out.push(("internal/platform/supported.go", "func InternalLinkPIESupported("));
        out.push(("internal/platform/supported.go", "func BuildModeSupported("));
    }
    out
}

/// FNV-1a of a function's text, from its `func` line to the closing brace
/// at the start of a line.
fn function_hash(src: &str, head: &str) -> Option<u64> {
    let start = src.find(head)?;
    let end = start + src[start..].find("\n}\n")? + 3;
    Some(src[start..end].bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    }))
}

#[test]
fn linkmode_rules_were_transcribed_from_these_sources() {
    // Hashes of the function texts linkmode.rs follows; a toolchain whose
    // text differs (a new point release) needs the rules read again.
    const KNOWN: &[(&str, &str, u64)] = &[
        ("1.15", "func mustLinkExternal(", 0x6d97421468ea07ce),
        ("1.15", "func determineLinkMode(", 0x6be8685a5533f82b),
        ("1.15", "func (mode *BuildMode) Set(", 0x7e268fdec1cde520),
        ("1.15", "func (ctxt *Link) extld(", 0xd89a8e58d967e123),
        ("1.15", "func MustLinkExternal(", 0x9d823cc4253439a9),
        ("1.19", "func mustLinkExternal(", 0x3d6d6d7b765e3f0a),
        ("1.19", "func determineLinkMode(", 0xdd2695b58a0f2804),
        ("1.19", "func (mode *BuildMode) Set(", 0xb233c140f21aa220),
        ("1.19", "func (ctxt *Link) extld(", 0xce02f225440af7ce),
        ("1.19", "func MustLinkExternal(", 0xd89b67e87132ffed),
        ("1.21", "func mustLinkExternal(", 0xcefb421a06c43275),
        ("1.21", "func determineLinkMode(", 0xdd2695b58a0f2804),
        ("1.21", "func (mode *BuildMode) Set(", 0x9fbea04e90af815e),
        ("1.21", "func (ctxt *Link) extld(", 0x14d47ec5e8006f85),
        ("1.21", "func MustLinkExternal(", 0xb473b56430f2be02),
        ("1.21", "func InternalLinkPIESupported(", 0xba3a871a8a2f7320),
        ("1.21", "func BuildModeSupported(", 0x730a9f42fc821594),
        ("1.22", "func mustLinkExternal(", 0xcefb421a06c43275),
        ("1.22", "func determineLinkMode(", 0x8892b2da525c9b2c),
        ("1.22", "func (mode *BuildMode) Set(", 0x9fbea04e90af815e),
        ("1.22", "func (ctxt *Link) extld(", 0x14d47ec5e8006f85),
        ("1.22", "func MustLinkExternal(", 0xbcaca0b27d1fd5b9),
        ("1.22", "func InternalLinkPIESupported(", 0xba3a871a8a2f7320),
        ("1.22", "func BuildModeSupported(", 0x98b8c3e4a6876a46),
        ("1.23", "func mustLinkExternal(", 0xcefb421a06c43275),
        ("1.23", "func determineLinkMode(", 0x8892b2da525c9b2c),
        ("1.23", "func (mode *BuildMode) Set(", 0x9fbea04e90af815e),
        ("1.23", "func (ctxt *Link) extld(", 0x14d47ec5e8006f85),
        ("1.23", "func MustLinkExternal(", 0xbcaca0b27d1fd5b9),
        ("1.23", "func InternalLinkPIESupported(", 0xba3a871a8a2f7320),
        ("1.23", "func BuildModeSupported(", 0x75c6a6fd4b53465b),
        ("1.24", "func mustLinkExternal(", 0x83d6c01549917ce6),
        ("1.24", "func determineLinkMode(", 0x8892b2da525c9b2c),
        ("1.24", "func (mode *BuildMode) Set(", 0x9fbea04e90af815e),
        ("1.24", "func (ctxt *Link) extld(", 0x14d47ec5e8006f85),
        ("1.24", "func MustLinkExternal(", 0xbcaca0b27d1fd5b9),
        ("1.24", "func InternalLinkPIESupported(", 0xba3a871a8a2f7320),
        ("1.24", "func BuildModeSupported(", 0xe4a4b319277f5ab0),
        ("1.25", "func mustLinkExternal(", 0x83d6c01549917ce6),
        ("1.25", "func determineLinkMode(", 0x8892b2da525c9b2c),
        ("1.25", "func (mode *BuildMode) Set(", 0x9fbea04e90af815e),
        ("1.25", "func (ctxt *Link) extld(", 0x14d47ec5e8006f85),
        ("1.25", "func MustLinkExternal(", 0xa3c659fcf1ba0020),
        ("1.25", "func InternalLinkPIESupported(", 0x6e21d9bc044e2d48),
        ("1.25", "func BuildModeSupported(", 0x6132097e0b79a034),
        ("1.26", "func mustLinkExternal(", 0x83d6c01549917ce6),
        ("1.26", "func determineLinkMode(", 0x8892b2da525c9b2c),
        ("1.26", "func (mode *BuildMode) Set(", 0x060e50cc4c7ddf98),
        ("1.26", "func (ctxt *Link) extld(", 0x14d47ec5e8006f85),
        ("1.26", "func MustLinkExternal(", 0x9ee9151a3fc11cea),
        ("1.26", "func InternalLinkPIESupported(", 0x1cbb4ca1b3559b7e),
        ("1.26", "func BuildModeSupported(", 0x5ebedf0c0dd3f492),
        ("1.27", "func mustLinkExternal(", 0x83d6c01549917ce6),
        ("1.27", "func determineLinkMode(", 0xd4d7f58ccbbf2892),
        ("1.27", "func (mode *BuildMode) Set(", 0x060e50cc4c7ddf98),
        ("1.27", "func (ctxt *Link) extld(", 0x14d47ec5e8006f85),
        ("1.27", "func MustLinkExternal(", 0xe01159b21fe7aa1d),
        ("1.27", "func InternalLinkPIESupported(", 0xf478c11868d6c3be),
        ("1.27", "func BuildModeSupported(", 0x74d1808d2314fd86),
    ];
    let mut checked = 0;
    let mut report = String::new();
    for v in installed(&VERSIONS) {
        let root = goroot(v).unwrap().join("src");
        for (file, head) in linkmode_sources(v) {
            let src = std::fs::read_to_string(root.join(file)).unwrap();
            let h = function_hash(&src, head).unwrap_or_else(|| panic!("go{v} {file}: no {head}"));
            report.push_str(&format!("        (\"{v}\", \"{head}\", {h:#018x}),\n"));
            match KNOWN.iter().find(|(kv, kh, _)| *kv == v && *kh == head) {
                Some((_, _, want)) if *want == h => checked += 1,
                _ => {}
            }
        }
    }
    assert!(
        checked == report.lines().count(),
        "linkmode sources changed or unrecorded; read them again and record:\n{report}"
    );
    println!("linkmode: {checked} source functions as transcribed");
}
