//! `gosym audit` on a build cache written by two toolchains (go1.22 and
//! go1.27 each `go build -a` a few std packages into one GOCACHE): the
//! producer of every archive is the version its own object header names
//! (read here from the bytes), the per-producer counts are those of the
//! headers, and the stale list is exactly the archives whose header line
//! is not the one go1.22's compiler writes in the same environment (what
//! its linker wants). Runs when the toolchains are installed.

use crate::common;
use common::*;
use std::collections::{BTreeMap, BTreeSet};

/// The first `go object ` line of a file (the archive's first object or
/// export data: both carry the header).
fn header_line(bytes: &[u8]) -> Option<String> {
    let at = bytes.windows(10).position(|w| w == b"go object ")?;
    let end = bytes[at..].iter().position(|&b| b == b'\n')? + at;
    Some(String::from_utf8_lossy(&bytes[at..end]).into_owned())
}

#[test]
fn audit_producers_and_stale_list_follow_the_headers() {
    let versions = installed(&["1.22", "1.27"]);
    if versions.len() < 2 {
        return;
    }
    let s = Scratch::new("audit");
    let cache = s.path().join("gocache");
    for v in &versions {
        let o = go_cmd(v)
            .env("GOCACHE", &cache)
            .env("GO111MODULE", "off")
            .current_dir(s.path())
            .args(["build", "-a", "errors", "sort", "unicode/utf8"])
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    // What go1.22's linker wants: the header its compiler writes here.
    std::fs::write(s.path().join("p.go"), "package p\n").unwrap();
    let obj = s.path().join("p.a");
    let o = tool("1.22", "compile")
        .current_dir(s.path())
        .args(["-p", "p", "-pack", "-o"])
        .arg(&obj)
        .arg("p.go")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let wanted = header_line(&std::fs::read(&obj).unwrap()).unwrap();
    // The archives of the cache, by their own headers.
    let mut by_version: BTreeMap<String, usize> = BTreeMap::new();
    let mut stale: BTreeSet<String> = BTreeSet::new();
    for entry in walk(&cache) {
        let bytes = std::fs::read(&entry).unwrap();
        if !bytes.starts_with(b"!<arch>\n") {
            continue;
        }
        let Some(h) = header_line(&bytes) else { continue };
        *by_version
            .entry(h.split_whitespace().nth(4).unwrap().to_string())
            .or_default() += 1;
        if h != wanted {
            stale.insert(entry.to_string_lossy().into_owned());
        }
    }
    assert_eq!(by_version.len(), 2, "two producers: {by_version:?}");
    let mut c = gosym_defaults();
    c.args(["audit", "--format", "json", "--list-stale", "--goroot"])
        .arg(goroot("1.22").unwrap())
        .arg(&cache);
    let (code, doc) = run_json(c);
    assert_eq!(code, Some(1), "stale archives: exit 1");
    let a = &doc["audit"];
    assert_eq!(a["wanted_header"], wanted.as_str());
    let got: BTreeMap<String, usize> = a["producers"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["header"] != "")
        .map(|p| {
            (
                p["version"].as_str().unwrap().to_string(),
                p["files"].as_u64().unwrap() as usize,
            )
        })
        .collect();
    assert_eq!(got, by_version, "per-producer counts");
    let got_stale: BTreeSet<String> = a["stale_paths"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().to_string())
        .collect();
    assert_eq!(got_stale, stale, "stale list");
    println!(
        "audit: {} archives of {} producers, {} stale, as their headers say",
        by_version.values().sum::<usize>(),
        by_version.len(),
        stale.len()
    );
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}
