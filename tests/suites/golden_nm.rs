//! `gosym nm` against the golden `go tool nm` outputs captured from each
//! producing toolchain (testdata/go1.NN/golden, made by
//! scripts/gen-testdata.sh): byte-identical stdout, and failure exactly where
//! Go's nm failed.

use crate::common;
use common::*;

fn flags_of(tag: &str) -> Vec<&'static str> {
    match tag {
        "allx" => vec![],
        "all_n" => vec!["-n"],
        "all_size" => vec!["-size"],
        "all_sortnone_size" => vec!["-sort", "none", "-size"],
        "all_sortsize_size" => vec!["-sort", "size", "-size"],
        "all_type_n" => vec!["-type", "-n"],
        other => panic!("unknown golden flag set {other}"),
    }
}

#[test]
fn nm_matches_every_golden_file() {
    let mut compared = 0;
    for (v, dir) in fixture_dirs() {
        let files = fixture_files(&dir);
        assert!(
            files.len() >= 10,
            "go{v}: expected at least 10 fixtures, found {}",
            files.len()
        );
        let golden = dir.join("golden");
        let mut names: Vec<String> = std::fs::read_dir(&golden)
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".nm"))
            .collect();
        names.sort();
        for g in names {
            let want = std::fs::read(golden.join(&g)).unwrap();
            let go_failed = golden.join(format!("{g}.err")).exists();
            let stem = g.trim_end_matches(".nm");
            let out = if stem.starts_with("all") {
                let mut args = vec!["nm"];
                args.extend(flags_of(stem));
                args.extend(files.iter().map(String::as_str));
                run_in(&dir, &args)
            } else {
                run_in(&dir, &["nm", stem])
            };
            assert!(
                out.stdout == want,
                "go{v} {g}: gosym nm differs from go tool nm: {}",
                first_diff(&want, &out.stdout)
            );
            assert_eq!(
                !out.status.success(),
                go_failed,
                "go{v} {g}: exit status disagrees with go tool nm"
            );
            compared += 1;
        }
    }
    println!("compared {compared} golden nm outputs");
    assert!(compared >= 8 * 16);
}

#[test]
fn abi_column_and_json() {
    let dir = testdata().join("go1.22");
    let out = run_in(&dir, &["nm", "--abi", "asmpkg.a"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    // The assembly body is ABI0; the Go caller is ABIInternal.
    assert!(
        text.lines()
            .any(|l| l.contains(" T ABI0 ") && l.ends_with("example.com/m/asmpkg.Double")),
        "{text}"
    );
    assert!(
        text.lines()
            .any(|l| l.contains(" T ABIInternal ") && l.ends_with("example.com/m/asmpkg.Quad")),
        "{text}"
    );
    let out = run_in(&dir, &["nm", "--format", "json", "plain.a", "dotted.v2.a"]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), 2);
    assert_eq!(files[0]["file"], "plain.a");
    let syms = files[0]["entries"][0]["symbols"].as_array().unwrap();
    assert!(
        syms.iter()
            .any(|s| s["name"] == "example.com/m/plain.Shout" && s["code"] == "T")
    );
}

#[test]
fn mixed_versions_in_one_call_use_each_producers_layout() {
    // One call over archives from all eight toolchains: each file's listing
    // equals that toolchain's own output for the file alone, prefixed.
    let mut args = vec!["nm".to_string()];
    let mut want = Vec::new();
    for (_, dir) in fixture_dirs() {
        let f = dir.join("plain.a");
        args.push(f.to_string_lossy().into_owned());
        let golden = std::fs::read_to_string(dir.join("golden/plain.a.nm")).unwrap();
        for line in golden.lines() {
            want.extend_from_slice(format!("{}:\t{line}\n", f.display()).as_bytes());
        }
    }
    let out = gosym().args(&args).output().unwrap();
    assert!(out.status.success());
    assert!(out.stdout == want, "{}", first_diff(&want, &out.stdout));
}
