//! Every command's `--format json` output validates against
//! schema/gosym.schema.json: archives of all eight releases, ELF files,
//! errors (a missing file, a corrupt one, an empty directory), check
//! reports of programs, library sets and host links.

use crate::common;
use common::*;

fn validator() -> jsonschema::Validator {
    let text =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/gosym.schema.json"))
            .unwrap();
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    jsonschema::validator_for(&schema).expect("the schema itself is valid")
}

fn json_of(args: &[&str]) -> serde_json::Value {
    let o = gosym()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("PATH", "")
        .args(args)
        .output()
        .unwrap();
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "gosym {}: not JSON ({e}): {}",
            args.join(" "),
            String::from_utf8_lossy(&o.stdout)
        )
    })
}

#[test]
fn every_command_output_validates_against_the_schema() {
    let v = validator();
    let s = Scratch::new("schema");
    let empty = s.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let bad = s.path().join("bad.a");
    let mut b = std::fs::read(testdata().join("go1.22/plain.a")).unwrap();
    b.truncate(b.len() / 2);
    std::fs::write(&bad, b).unwrap();
    let (empty, bad) = (empty.to_str().unwrap(), bad.to_str().unwrap());
    let mut runs: Vec<Vec<&str>> = Vec::new();
    let dirs: Vec<String> = VERSIONS.iter().map(|v| format!("testdata/go{v}")).collect();
    for cmd in ["nm", "info", "relocs"] {
        for d in &dirs {
            runs.push(vec![cmd, "--format", "json", d]);
        }
        runs.push(vec![cmd, "--format", "json", "testdata/elf"]);
        runs.push(vec![cmd, "--format", "json", "/nonexistent/x.a", bad]);
        runs.push(vec![cmd, "--format", "json", empty]);
    }
    runs.push(vec![
        "nm",
        "--format",
        "json",
        "--abi",
        "-type",
        "testdata/go1.22/asmpkg.a",
    ]);
    for args in [
        &[
            "testdata/go1.22/mainpkg.a",
            "testdata/go1.22/plain.a",
            "testdata/go1.21/dotted.v2.a",
        ][..],
        &["testdata/go1.27"],
        &["testdata/elf/weak.o", "testdata/elf/carchive1.27.a"],
        &["/nonexistent/x.a", "testdata/go1.22/plain.a"],
    ] {
        let mut a = vec!["check", "--format", "json"];
        a.extend_from_slice(args);
        runs.push(a);
    }
    let mut a = vec!["check", "--format", "json"];
    a.push(empty);
    runs.push(a);
    let mut failures = Vec::new();
    for args in &runs {
        let doc = json_of(args);
        let errors: Vec<String> = v
            .iter_errors(&doc)
            .take(3)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        if !errors.is_empty() {
            failures.push(format!("gosym {}:\n  {}", args.join(" "), errors.join("\n  ")));
        }
        assert_eq!(doc["schema_version"], 1);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // The schema is strict: drift in either direction fails.
    let mut doc = json_of(&["check", "--format", "json", "testdata/go1.27"]);
    assert!(v.is_valid(&doc));
    doc["reports"][0]["inputs"] = serde_json::json!(3);
    assert!(!v.is_valid(&doc), "inputs as a count must not validate");
    let mut doc = json_of(&["nm", "--format", "json", "testdata/go1.27/plain.a"]);
    doc["files"][0]["unexpected"] = serde_json::json!(true);
    assert!(!v.is_valid(&doc), "unknown fields must not validate");
    println!("json schema: {} documents valid", runs.len());
}

/// `--format jsonl`: one object per file (`"type": "file"`), then a
/// summary; put back together, they are the document the schema describes.
#[test]
fn json_lines_reassemble_into_a_valid_document() {
    let v = validator();
    for cmd in ["nm", "info", "relocs"] {
        let o = gosym()
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args([cmd, "--format", "jsonl", "testdata/go1.22", "/nonexistent/x.a"])
            .output()
            .unwrap();
        let lines: Vec<serde_json::Value> = String::from_utf8(o.stdout)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        let (summary, files) = lines.split_last().unwrap();
        assert_eq!(summary["type"], "summary");
        assert!(files.len() > 3 && files.iter().all(|f| f["type"] == "file"), "{cmd}");
        let files: Vec<serde_json::Value> = files
            .iter()
            .map(|f| {
                let mut f = f.clone();
                f.as_object_mut().unwrap().remove("type");
                f
            })
            .collect();
        let mut doc = summary.clone();
        doc.as_object_mut().unwrap().remove("type");
        doc["files"] = serde_json::Value::Array(files);
        let errors: Vec<String> = v.iter_errors(&doc).take(3).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{cmd}: {errors:?}");
        let errs = doc["errors"].as_array().unwrap();
        assert!(errs.iter().any(|e| e["file"] == "/nonexistent/x.a"), "{cmd}: {errs:?}");
    }
}

/// Errors are objects in the JSON too, with file, member and offset.
#[test]
fn errors_are_in_the_json() {
    let doc = json_of(&["nm", "--format", "json", "/nonexistent/x.a"]);
    assert_eq!(doc["files"], serde_json::json!([]));
    assert_eq!(doc["errors"][0]["file"], "/nonexistent/x.a");
    assert_eq!(doc["errors"][0]["kind"], "io");
    let doc = json_of(&[
        "check",
        "--format",
        "json",
        "/nonexistent/x.a",
        "testdata/go1.22/plain.a",
    ]);
    let inputs = doc["reports"][0]["inputs"].as_array().unwrap();
    assert_eq!(inputs.len(), 2);
    assert_eq!(inputs[0]["role"], "unreadable");
    assert_eq!(inputs[1]["role"], "go-package");
    assert_eq!(doc["errors"][0]["file"], "/nonexistent/x.a");
}

/// A report's `diagnostics` in JSON are what its text output says: the
/// same headlines, codes and help lines, in the same order.
#[test]
fn json_diagnostics_are_the_text_diagnostics() {
    let args = [
        "testdata/go1.22/mainpkg.a",
        "testdata/go1.22/plain.a",
        "testdata/go1.21/dotted.v2.a",
    ];
    let doc = json_of(&[&["check", "--format", "json"][..], &args[..]].concat());
    let text = gosym()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("PATH", "")
        .env("COLUMNS", "400")
        .args([&["check", "--color", "never"][..], &args[..]].concat())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    let diags = doc["reports"][0]["diagnostics"].as_array().expect("diagnostics");
    assert!(!diags.is_empty(), "a failing set has diagnostics: {text}");
    let mut at = 0;
    for d in diags {
        let line = format!(
            "{}[{}]: {}",
            d["level"].as_str().unwrap(),
            d["code"].as_str().unwrap(),
            d["headline"].as_str().unwrap()
        );
        let found = text[at..]
            .find(&line)
            .unwrap_or_else(|| panic!("{line:?} not in order in:\n{text}"));
        at += found + line.len();
        for c in d["children"].as_array().unwrap() {
            let child = format!("= {}: {}", c["kind"].as_str().unwrap(), c["text"].as_str().unwrap());
            assert!(text.contains(&child), "{child:?} not in:\n{text}");
        }
    }
    println!("json diagnostics: {} agree with the text output", diags.len());
}
