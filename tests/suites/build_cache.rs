//! A Go build cache is a collection of archives, not a program: a real
//! GOCACHE of go1.27 (std built into it, and the `nm` tool executable
//! go1.24+ caches there) is listed by `gosym nm` with the executables
//! skipped and counted, and checked as a collection (no program mode, no
//! "provided by N inputs").

use crate::common;
use common::*;

#[test]
fn a_go_build_cache_is_a_collection_of_archives() {
    if installed(&["1.27"]).is_empty() {
        return;
    }
    // Make sure the cache holds std archives and a cached tool executable.
    std_importcfg("1.27", &["fmt"]);
    let o = go_cmd("1.27")
        .args(["tool", "nm", "-size"])
        .arg(testdata().join("go1.27/plain.a"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let cache = cache_dir().join("gocache-1.27");
    assert!(cache.join("trim.txt").is_file());

    let nm = gosym().arg("nm").arg(&cache).output().unwrap();
    let err = String::from_utf8_lossy(&nm.stderr);
    assert_eq!(nm.status.code(), Some(0), "{err}");
    assert!(
        err.contains("executable(s) cached in the Go build cache skipped"),
        "{err}"
    );

    let check = gosym()
        .args(["check", "--format", "json", "--goroot"])
        .arg(goroot("1.27").unwrap())
        .arg(&cache)
        .output()
        .unwrap();
    assert_ne!(
        check.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    let r = &doc["reports"][0];
    assert_eq!(r["mode"], "collection");
    let findings = r["findings"].as_array().unwrap();
    assert!(
        !findings.iter().any(|f| f["category"] == "duplicate-package"),
        "no one-archive-per-package noise in a cache"
    );
    println!(
        "build cache: {} inputs, {} findings",
        r["inputs"].as_array().unwrap().len(),
        findings.len()
    );
}
