//! A check that gives its mapped pages back (`GOSYM_RESIDENT_MIB`, see
//! `src/residency.rs`) answers exactly as one that keeps them, byte for
//! byte, exit code included, against the default (no limit): on the
//! fixtures a budget of 1 MiB (less than gosym's own code, so every look
//! releases every mapping and every later read maps its page again), on
//! the toolchains' builds 8 MiB (released every few hundred symbols). On the committed
//! fixtures always; with the toolchains, on a program over std built by
//! go1.27 and go1.15, and on a go1.19 build forecast for go1.27 (failing).

use crate::common;
use common::*;
use std::path::Path;
use std::process::Command;

/// (exit code, stdout) of `gosym ARGS` in `dir` under `budget` MiB (`None`:
/// the default).
fn run(dir: &Path, args: &[&std::ffi::OsStr], budget: Option<&str>) -> (Option<i32>, Vec<u8>) {
    let mut c: Command = gosym();
    c.current_dir(dir).env("PATH", path_without_go()).args(args);
    match budget {
        Some(b) => c.env("GOSYM_RESIDENT_MIB", b),
        None => c.env_remove("GOSYM_RESIDENT_MIB"),
    };
    let o = c.output().unwrap();
    (o.status.code(), o.stdout)
}

fn assert_same_under_budget(dir: &Path, args: &[&std::ffi::OsStr], budget: &str, what: &str) {
    let kept = run(dir, args, None);
    let released = run(dir, args, Some(budget));
    assert!(!kept.1.is_empty(), "{what}: no output");
    assert_eq!(kept.0, released.0, "{what}: exit code");
    assert!(
        kept.1 == released.1,
        "{what}: output differs with the pages given back: {}",
        first_diff(&kept.1, &released.1)
    );
}

/// `check --format json --goroot <go`v`> -importcfg IC MAIN`.
fn check_args(v: &str, ic: &Path, main: &Path) -> Vec<std::ffi::OsString> {
    let mut a = os(&["check", "--format", "json", "--goroot"]);
    a.push(goroot(v).unwrap().into_os_string());
    a.push("-importcfg".into());
    a.push(ic.into());
    a.push(main.into());
    a
}

fn os(args: &[&str]) -> Vec<std::ffi::OsString> {
    args.iter().map(Into::into).collect()
}

#[test]
fn fixture_checks_answer_the_same_with_pages_given_back() {
    for (v, dir) in fixture_dirs() {
        for args in [
            os(&["check", "--format", "json", "mainpkg.a", "plain.a", "dotted.v2.a"]),
            os(&["check", "mainpkg.a", "plain.a", "dotted.v2.a"]),
        ] {
            let a: Vec<&std::ffi::OsStr> = args.iter().map(|s| s.as_os_str()).collect();
            assert_same_under_budget(&dir, &a, "1", &format!("go{v} fixtures"));
        }
    }
    let d22 = testdata().join("go1.22");
    let args = os(&[
        "check",
        "--format",
        "json",
        "mainpkg.a",
        "../go1.21/plain.a",
        "dotted.v2.a",
    ]);
    let a: Vec<&std::ffi::OsStr> = args.iter().map(|s| s.as_os_str()).collect();
    assert_same_under_budget(&d22, &a, "1", "go1.22 with a go1.21 dependency");
}

#[test]
fn toolchain_builds_answer_the_same_with_pages_given_back() {
    let vs = installed(&["1.15", "1.27"]);
    if vs.is_empty() {
        println!("residency: no go1.15/go1.27 installed: toolchain builds not checked");
        return;
    }
    for v in &vs {
        let (s, gopath) = app_gopath_with(&format!("residency-{v}"), STD_APP);
        let (ic, main) = build_app(v, &gopath, s.path());
        let args = check_args(v, &ic, &main);
        let a: Vec<&std::ffi::OsStr> = args.iter().map(|s| s.as_os_str()).collect();
        assert_same_under_budget(s.path(), &a, "8", &format!("go{v} app"));
    }
    if installed(&["1.19", "1.27"]).len() == 2 {
        let (s, ic, main) = linkname_removed_program("1.19", "residency-forecast");
        let args = check_args("1.27", &ic, &main);
        let a: Vec<&std::ffi::OsStr> = args.iter().map(|s| s.as_os_str()).collect();
        let (code, _) = run(s.path(), &a, None);
        assert_eq!(code, Some(1), "go1.19's pull of runtime.tickspersecond fails on go1.27");
        assert_same_under_budget(s.path(), &a, "8", "go1.19 build checked for go1.27");
    }
}
