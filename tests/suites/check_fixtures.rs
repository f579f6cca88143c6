//! `gosym check` on the committed fixtures, with no toolchain on PATH (the
//! target is then assumed from the inputs): verdicts and findings that
//! follow from facts the toolchains reported (tests/suites/info.rs checks those).

use crate::common;
use common::*;
use serde_json::Value;
use std::path::Path;

fn check(dir: &Path, args: &[&str]) -> (i32, Value) {
    let mut a = vec!["check", "--format", "json"];
    a.extend_from_slice(args);
    let out = gosym()
        .current_dir(dir)
        .env("PATH", path_without_go())
        .args(&a)
        .output()
        .unwrap();
    let v = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (out.status.code().unwrap(), v)
}

fn info(dir: &Path, file: &str) -> Value {
    let out = run_in(dir, &["info", "--format", "json", file]);
    serde_json::from_slice::<Value>(&out.stdout).unwrap()["files"][0].clone()
}

#[test]
fn same_toolchain_program_would_link() {
    for (v, dir) in fixture_dirs() {
        let (code, doc) = check(&dir, &["mainpkg.a", "plain.a", "dotted.v2.a"]);
        let r = &doc["reports"][0];
        assert_eq!(code, 0, "go{v}: {doc:#}");
        assert_eq!(r["ok"], true);
        assert_eq!(r["mode"], "program");
        assert_eq!(r["target"]["assumed"], true);
        assert!(r["target"]["version"].as_str().unwrap().starts_with(&format!("go{v}")));
        assert!(
            !r["skipped"].as_array().unwrap().is_empty(),
            "go{v}: the missing toolchain must be said"
        );
    }
}

#[test]
fn dependency_from_another_toolchain_is_a_header_then_fingerprint_failure() {
    let d22 = testdata().join("go1.22");
    let (code, doc) = check(&d22, &["mainpkg.a", "../go1.21/plain.a", "dotted.v2.a"]);
    assert_eq!(code, 1, "{doc:#}");
    let f = doc["reports"][0]["findings"].as_array().unwrap().clone();
    let first = f.iter().find(|x| x["linker_order"] == 0).unwrap();
    assert_eq!(first["category"], "header");
    let have = info(&d22, "../go1.21/plain.a")["producer"]["header"]
        .as_str()
        .unwrap()
        .to_string();
    let want = info(&d22, "mainpkg.a")["producer"]["header"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        first["message"].as_str().unwrap(),
        format!("../go1.21/plain.a(_go_.o): linked object header mismatch:\nhave \"{have}\\n\"\nwant \"{want}\\n\"")
    );
    // The fingerprint the importer recorded against the one the archive has.
    let stop = f
        .iter()
        .find(|x| x["fatal"] == true && x["linker_order"].is_u64())
        .unwrap();
    assert_eq!(stop["category"], "fingerprint");
    let has = info(&d22, "../go1.21/plain.a")["fingerprint"]
        .as_str()
        .unwrap()
        .to_string();
    let main = info(&d22, "mainpkg.a");
    let expecting = main["imports"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["path"] == "example.com/m/plain")
        .unwrap()["fingerprint"]
        .as_str()
        .unwrap()
        .to_string();
    assert_ne!(has, expecting);
    assert_eq!(
        stop["message"].as_str().unwrap(),
        format!("fingerprint mismatch: example.com/m/plain has {has}, import from main expecting {expecting}")
    );
}

#[test]
fn go115_target_wording_and_object_skip() {
    // go1.15 assumed (main built by it) with a go1.19 dependency: the
    // object is refused with the go1.15 wording and never loaded.
    let d15 = testdata().join("go1.15");
    let (code, doc) = check(&d15, &["mainpkg.a", "../go1.19/plain.a", "dotted.v2.a"]);
    assert_eq!(code, 1);
    let f = doc["reports"][0]["findings"].as_array().unwrap().clone();
    let first = f.iter().find(|x| x["linker_order"] == 0).unwrap();
    let msg = first["message"].as_str().unwrap();
    assert!(
        msg.starts_with("../go1.19/plain.a(_go_.o): object is [linux amd64 go1.19.8 "),
        "{msg}"
    );
    assert!(msg.ends_with("] expected [linux amd64 go1.15.15 ]"), "{msg}");
    assert!(
        f.iter().all(|x| x["category"] != "fingerprint"),
        "go1.15 never loads the refused object"
    );
}

#[test]
fn library_set_groups_archives_by_producer() {
    let root = testdata();
    let files: Vec<String> = [
        "go1.19/plain.a",
        "go1.19/dotted.v2.a",
        "go1.19/asmpkg.a",
        "go1.24/generic.a",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let args: Vec<&str> = files.iter().map(String::as_str).collect();
    let (code, doc) = check(&root, &args);
    assert_eq!(code, 1);
    let r = &doc["reports"][0];
    assert_eq!(r["mode"], "library");
    assert!(
        r["target"]["version"].as_str().unwrap().starts_with("go1.24"),
        "newest producer assumed"
    );
    let f = r["findings"].as_array().unwrap();
    let headers: Vec<&Value> = f.iter().filter(|x| x["category"] == "header").collect();
    assert_eq!(headers.len(), 4, "three archives, asmpkg has two objects");
    let group = headers[0]["group"].as_str().unwrap();
    assert!(headers.iter().all(|h| h["group"] == group), "one producer, one group");
    assert!(
        f.iter().any(|x| x["category"] == "format"),
        "go118ld objects cannot be read by go1.24"
    );
}

#[test]
fn importcfg_errors_use_the_linkers_words() {
    let tmp = std::env::temp_dir().join(format!("gosym-icfg-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();
    std::fs::write(tmp.join("ic.bad"), "packagefile fmt=/x/fmt.a\nimportmap a=b\n").unwrap();
    std::fs::write(tmp.join("ic.syntax"), "packagefile example.com/lib\n").unwrap();
    let main = testdata().join("go1.22/mainpkg.a");
    let m = main.to_str().unwrap();
    for (cfg, want) in [
        ("ic.bad", "ic.bad:2: unknown directive \"importmap\""),
        (
            "ic.syntax",
            "ic.syntax:1: invalid packagefile: syntax is \"packagefile path=filename\"",
        ),
        ("ic.none", "-importcfg: open ic.none: no such file or directory"),
    ] {
        let out = gosym()
            .current_dir(&tmp)
            .args(["check", "-importcfg", cfg, m])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(want), "{cfg}: {err}");
    }
    std::fs::remove_dir_all(&tmp).unwrap();
}

#[test]
fn ldflags_f_skips_the_header_check_only_on_go127() {
    let d27 = testdata().join("go1.27");
    let (code0, doc0) = check(&d27, &["mainpkg.a", "../go1.26/dotted.v2.a", "plain.a"]);
    assert_eq!(code0, 1);
    assert_eq!(doc0["reports"][0]["findings"][0]["category"], "header");
    let (_, doc) = check(&d27, &["--ldflags=-f", "mainpkg.a", "../go1.26/dotted.v2.a", "plain.a"]);
    assert!(
        doc["reports"][0]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|x| x["category"] != "header")
    );
    let d26 = testdata().join("go1.26");
    let (_, doc) = check(&d26, &["--ldflags=-f", "mainpkg.a", "../go1.24/dotted.v2.a", "plain.a"]);
    assert!(
        doc["reports"][0]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["category"] == "header")
    );
}

#[test]
fn quiet_mode_prints_nothing_and_keeps_the_exit_status() {
    let d22 = testdata().join("go1.22");
    let out = gosym()
        .current_dir(&d22)
        .env("PATH", path_without_go())
        .args(["check", "-q", "mainpkg.a", "../go1.21/plain.a", "dotted.v2.a"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
}

#[test]
fn abi_markers_must_agree_across_inputs() {
    // Host objects compiled here by gcc: one strong abiVersion_1, one weak
    // abiVersion_2, one agreeing copy; a Go archive without markers.
    let tmp = std::env::temp_dir().join(format!("gosym-abm-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();
    std::fs::write(tmp.join("a.c"), "int abiVersion_1 = 1;\nint f1(void) { return 1; }\n").unwrap();
    std::fs::write(tmp.join("b.c"), "__attribute__((weak)) int abiVersion_2 = 2;\n").unwrap();
    for c in ["a", "b"] {
        let st = std::process::Command::new("gcc")
            .current_dir(&tmp)
            .args(["-c", &format!("{c}.c"), "-o", &format!("{c}.o")])
            .status()
            .unwrap();
        assert!(st.success());
    }
    std::fs::copy(tmp.join("a.o"), tmp.join("a2.o")).unwrap();
    std::fs::copy(testdata().join("go1.22/cgopkg.a"), tmp.join("cgopkg.a")).unwrap();
    let (code, doc) = check(&tmp, &["a.o", "a2.o", "cgopkg.a"]);
    assert_eq!(code, 0, "{doc:#}");
    let (code, doc) = check(&tmp, &["a.o", "b.o", "cgopkg.a"]);
    assert_eq!(code, 1);
    let f = &doc["reports"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["category"] == "abi-markers")
        .unwrap()
        .clone();
    assert_eq!(
        f["message"],
        "ABI markers disagree: b.o defines abiVersion_2 (weak); a.o defines abiVersion_1"
    );
    assert_eq!(doc["reports"][0]["ok"], true, "the Go linker would accept it");
    assert_eq!(doc["reports"][0]["consistent"], false);
    // Another glob selects other markers.
    let (code, _) = check(&tmp, &["--abi-marker", "nomatch_*", "a.o", "b.o"]);
    assert_eq!(code, 0);
    std::fs::remove_dir_all(&tmp).unwrap();
}
