//! Every file a check looks at is opened once: `gosym check --goroot G
//! -importcfg IC main.a`, traced with strace, opens main.a, each user
//! archive and each std archive the link reaches exactly once, and no
//! archive twice. Runs when go1.22 and strace are installed (CI installs
//! both).

use crate::common;
use common::*;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;

/// When go1.22 and strace are installed: a scratch directory, the go1.22
/// fixtures, and an importcfg naming every package mainpkg.a's link
/// reaches (its text and path).
fn mainpkg_link(tag: &str) -> Option<(Scratch, PathBuf, String, PathBuf)> {
    if installed(&["1.22"]).is_empty() {
        return None;
    }
    if Command::new("strace").arg("-V").output().is_err() {
        assert!(std::env::var_os("CI").is_none(), "CI must have strace");
        println!("strace not installed: skipped");
        return None;
    }
    let s = Scratch::new(tag);
    let d = testdata().join("go1.22");
    let mut cfg = std_importcfg("1.22", &["fmt", "strings"]);
    for (pkg, f) in [
        ("example.com/m/plain", "plain.a"),
        ("example.com/m/dotted.v2", "dotted.v2.a"),
    ] {
        cfg.push_str(&format!("packagefile {pkg}={}\n", d.join(f).display()));
    }
    let ic = s.path().join("importcfg");
    std::fs::write(&ic, &cfg).unwrap();
    Some((s, d, cfg, ic))
}

#[test]
fn check_opens_each_input_and_std_archive_once() {
    let Some((s, d, cfg, ic)) = mainpkg_link("open-once") else {
        return;
    };
    let main = d.join("mainpkg.a");
    let trace = s.path().join("trace");
    let o = Command::new("strace")
        .args(["-f", "-qq", "-e", "trace=open,openat", "-o"])
        .arg(&trace)
        .arg(env!("CARGO_BIN_EXE_gosym"))
        .args(["check", "--goroot", "/usr/lib/go-1.22", "-importcfg"])
        .arg(&ic)
        .arg(&main)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stdout));
    let trace = std::fs::read_to_string(&trace).unwrap();
    let mut opens: BTreeMap<String, usize> = BTreeMap::new();
    for l in trace.lines().filter(|l| !l.contains("ENOENT")) {
        if let Some(p) = l.split('"').nth(1).filter(|p| p.ends_with(".a") || p.ends_with("-d")) {
            *opens.entry(p.to_string()).or_default() += 1;
        }
    }
    let files: Vec<String> = cfg
        .lines()
        .filter_map(|l| l.split_once('=').map(|(_, f)| f.to_string()))
        .chain([main.to_string_lossy().into_owned()])
        .collect();
    for f in &files {
        let n = opens.get(f).copied().unwrap_or(0);
        assert!(n <= 1, "{f} opened {n} times");
    }
    for must in [
        main.to_string_lossy().into_owned(),
        d.join("plain.a").to_string_lossy().into_owned(),
        d.join("dotted.v2.a").to_string_lossy().into_owned(),
    ] {
        assert_eq!(opens.get(&must), Some(&1), "{must}: {opens:?}");
    }
    let runtime = cfg
        .lines()
        .find_map(|l| l.strip_prefix("packagefile runtime="))
        .unwrap();
    assert_eq!(opens.get(runtime), Some(&1), "runtime archive");
    let reached = files.iter().filter(|f| opens.contains_key(*f)).count();
    println!("open_once: {reached} archives of {} opened, each once", files.len());
    assert!(opens.values().all(|&n| n == 1), "{opens:?}");
}

/// With an importcfg that names every package of the link, a first check
/// against a toolchain gosym never saw (empty gosym cache, empty Go build
/// cache) runs no `go list`: the wanted header comes from one compile of an
/// empty package, the std archives from the importcfg.
#[test]
fn a_complete_importcfg_needs_no_std_build() {
    let Some((s, d, _, ic)) = mainpkg_link("no-go-list") else {
        return;
    };
    let trace = s.path().join("trace");
    let started = std::time::Instant::now();
    let o = Command::new("strace")
        .args(["-f", "-qq", "-e", "trace=execve", "-o"])
        .arg(&trace)
        .arg(env!("CARGO_BIN_EXE_gosym"))
        .env("GOSYM_CACHE", s.path().join("gosym-cache"))
        .env("GOCACHE", s.path().join("gocache"))
        .args(["check", "-q", "--goroot", "/usr/lib/go-1.22", "-importcfg"])
        .arg(&ic)
        .arg(d.join("mainpkg.a"))
        .output()
        .unwrap();
    let took = started.elapsed();
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let trace = std::fs::read_to_string(&trace).unwrap();
    let lists: Vec<&str> = trace
        .lines()
        .filter(|l| l.contains("execve") && l.contains("\"list\""))
        .collect();
    assert!(lists.is_empty(), "go list ran: {lists:?}");
    println!("first check with a complete importcfg: no go list, {took:.2?} (under strace)");
}
