//! `gosym info` fields against what the toolchains report (facts.txt from
//! `go env GOVERSION`, `go list`, `go tool buildid`) and against each other
//! (the fingerprint an importer records equals the imported archive's own).

use crate::common;
use common::*;
use serde_json::Value;

fn info_json(dir: &std::path::Path, files: &[String]) -> Value {
    let mut args = vec!["info", "--format", "json"];
    args.extend(files.iter().map(String::as_str));
    let out = run_in(dir, &args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn info_agrees_with_the_toolchain() {
    for (v, dir) in fixture_dirs() {
        let facts = std::fs::read_to_string(dir.join("facts.txt")).unwrap();
        let version = facts
            .lines()
            .find_map(|l| l.strip_prefix("version "))
            .unwrap()
            .to_string();
        let archives: Vec<(String, String, String)> = facts
            .lines()
            .filter_map(|l| l.strip_prefix("package "))
            .map(|l| {
                let f: Vec<&str> = l.split(' ').collect();
                (f[0].to_string(), f[1].to_string(), f[2].to_string())
            })
            .collect();
        assert!(archives.len() >= 7, "go{v}: facts list too short");
        let names: Vec<String> = archives.iter().map(|a| a.0.clone()).collect();
        let doc = info_json(&dir, &names);
        let files = doc["files"].as_array().unwrap();
        let mut fp_of = std::collections::HashMap::new();
        for ((name, path, buildid), f) in archives.iter().zip(files) {
            assert_eq!(f["file"], name.as_str());
            let p = &f["producer"];
            assert_eq!(p["version"], version.as_str(), "go{v} {name}");
            assert_eq!(p["goos"], "linux");
            assert_eq!(p["goarch"], "amd64");
            assert_eq!(p["support"], "verified");
            let header = p["header"].as_str().unwrap();
            assert!(
                header.starts_with(&format!("go object linux amd64 {version}")),
                "{header}"
            );
            assert_eq!(
                p["gogoarch"].as_str().is_some(),
                v != "1.15" && v != "1.19",
                "go{v}: GOAMD64 field"
            );
            // The go command compiles package main as `-p main`: that is the
            // path the object (and the linker) knows it by.
            let want_path = if name == "mainpkg.a" { "main" } else { path.as_str() };
            assert_eq!(f["import_path"], want_path, "go{v} {name}");
            assert_eq!(f["build_id"], buildid.as_str(), "go{v} {name}");
            assert_eq!(f["main"], name == "mainpkg.a");
            fp_of.insert(path.clone(), f["fingerprint"].as_str().unwrap().to_string());
            let kinds: Vec<&str> = f["members"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| m["kind"].as_str().unwrap())
                .collect();
            assert_eq!(kinds[0], "pkg-def", "go{v} {name}");
            assert_eq!(kinds[1], "go-object", "go{v} {name}");
            if name == "cgopkg.a" {
                assert!(
                    kinds.iter().filter(|k| **k == "elf").count() >= 2,
                    "go{v}: cgo host objects {kinds:?}"
                );
            }
            if name == "sysopkg.a" {
                let m = f["members"].as_array().unwrap().last().unwrap().clone();
                assert_eq!(m["name"], "a_long_resource_");
                assert_eq!(m["kind"], "elf");
            }
        }
        // The fingerprints main expects are the imported archives' own.
        let main = files.iter().find(|f| f["file"] == "mainpkg.a").unwrap();
        let imports = main["imports"].as_array().unwrap();
        let mut checked = 0;
        for imp in imports {
            if let Some(fp) = fp_of.get(imp["path"].as_str().unwrap()) {
                assert_eq!(imp["fingerprint"].as_str().unwrap(), fp, "go{v}: {}", imp["path"]);
                checked += 1;
            }
        }
        assert_eq!(checked, 2, "go{v}: main imports plain and dotted.v2");
        assert!(imports.iter().any(|i| i["path"] == "fmt"));
    }
}

#[test]
fn linkobj_split_and_standalone_objects() {
    for (v, dir) in fixture_dirs() {
        let doc = info_json(
            &dir,
            &["split_pkgdef.a".into(), "split_linkobj.a".into(), "double.o".into()],
        );
        let f = doc["files"].as_array().unwrap();
        let kinds = |i: usize| -> Vec<String> {
            f[i]["members"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| m["kind"].as_str().unwrap().to_string())
                .collect()
        };
        assert_eq!(kinds(0), ["pkg-def"], "go{v}");
        assert_eq!(kinds(1), ["go-object"], "go{v}");
        assert_eq!(f[2]["kind"], "go-object", "go{v}");
        // Both halves carry the same package fingerprint.
        assert_eq!(f[0]["fingerprint"], f[1]["fingerprint"], "go{v}");
        assert_eq!(f[1]["import_path"], "example.com/m/dotted.v2", "go{v}");
    }
}

#[test]
fn info_table_names_the_toolchain() {
    let out = run_in(&testdata().join("go1.27"), &["info", "cgopkg.a"]);
    assert!(out.status.success());
    let t = String::from_utf8(out.stdout).unwrap();
    assert!(t.contains("go1.27.3 linux/amd64 (verified)"), "{t}");
    assert!(t.contains("example.com/m/cgopkg"));
    assert!(t.contains("_x001.o"));
}
