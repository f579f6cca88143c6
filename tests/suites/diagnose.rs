//! `gosym diagnose` on the output of real failed builds: go1.27's plain
//! output of a refused linkname pull (exit 1, the cause and the help), the
//! same build with `-x -work` (the check of the link's own inputs, with
//! the archive it names), a good build's output (exit 0) and an unreadable
//! input (exit 2). Every failing oracle case's real linker output is
//! classified in tests/oracle.rs.

use crate::common;
use common::*;

use std::io::Write;
use std::process::{Output, Stdio};

fn diagnose(input: &str, args: &[&str]) -> Output {
    let mut child = gosym()
        .arg("diagnose")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn a_failed_go127_build_is_explained() {
    if installed(&["1.27"]).is_empty() {
        return;
    }
    let s = gcount_module("diagnose");
    let build = |flags: &[&str]| {
        let o = go_cmd("1.27")
            .current_dir(s.path())
            .env("GO111MODULE", "on")
            .env("GOPROXY", "off")
            .arg("build")
            .args(flags)
            .args(["-o", "bad", "."])
            .output()
            .unwrap();
        assert!(!o.status.success());
        format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )
    };
    let plain = build(&[]);
    let o = diagnose(&plain, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", String::from_utf8_lossy(&o.stderr));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("error[linkname]: main: invalid reference to runtime.gcount"),
        "{out}"
    );
    assert!(out.contains("= help: stop pulling the symbol"), "{out}");
    // JSON: the same, schema-valid.
    let j = diagnose(&plain, &["--format", "json"]);
    let doc: serde_json::Value = serde_json::from_slice(&j.stdout).unwrap();
    assert_schema_valid(&doc);
    assert_eq!(doc["failures"][0]["category"], "linkname");
    // -x -work: the link command names $WORK and the importcfg, still
    // there: the check of those inputs, with the main archive.
    let x = build(&["-x", "-work"]);
    let o = diagnose(&x, &[]);
    assert_eq!(o.status.code(), Some(1));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("the check of the link's inputs:"), "{out}");
    assert!(out.contains("target go1.27.3"), "{out}");
    assert!(out.contains("verdict: would NOT link"), "{out}");
    if let Some(work) = x.lines().find_map(|l| l.strip_prefix("WORK=")) {
        let _ = std::fs::remove_dir_all(work.trim());
    }
}

#[test]
fn output_without_a_linker_failure_is_exit_0_and_unreadable_input_exit_2() {
    let o = diagnose("# example.com/m\n./main.go:3:1: syntax error\n", &[]);
    assert_eq!(o.status.code(), Some(0));
    let none = gosym().args(["diagnose", "/nonexistent/build.log"]).output().unwrap();
    assert_eq!(none.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&none.stderr).contains("/nonexistent/build.log"));
}
