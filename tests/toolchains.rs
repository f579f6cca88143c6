//! Toolchain-backed tests: run when the Debian Go toolchains are installed
//! (`.ci/run` installs them, so CI always runs these). Each prints what it
//! compared; a missing toolchain is reported, never silently passed.

mod common;
use common::*;

use std::process::Command;

fn go(v: &str) -> Command {
    go_cmd(v)
}

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
        let o = go(v)
            .args(["list", "-export", "-f", "{{.Export}}", "std"])
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "go{v} list -export std: {}",
            String::from_utf8_lossy(&o.stderr)
        );
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
        let want = go(v).arg("tool").arg("nm").args(flags).args(batch).output().unwrap();
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

#[test]
fn committed_tables_match_each_goroot() {
    if VERSIONS.iter().any(|v| goroot(v).is_none()) {
        println!("not all toolchains installed: table check not run");
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have every toolchain installed"
        );
        return;
    }
    script_check("scripts/gen-tables.py");
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
