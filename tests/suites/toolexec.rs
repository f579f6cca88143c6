//! `go build -toolexec 'gosym toolexec'` with the real toolchains: a
//! program over real third-party packages (Debian's golang-*-dev sources
//! in GOPATH mode) builds, runs and stays cached on every installed
//! toolchain; a go1.23+ refused linkname pull fails with the linker's line
//! and gosym's diagnosis, and `--deny` stops it before the linker runs;
//! built by go1.22, the same program links, with a forecast note for
//! go1.27; `--report` writes schema-valid JSON per link step.

use crate::common;
use common::*;

use std::path::Path;
use std::process::{Command, Output};

/// `go build GOFLAGS… -o OUT PKG` of go`v` in `dir` (GOPATH mode over
/// `gopath` and Debian's gocode, or module mode), through `gosym
/// toolexec EXTRA…` unless `extra` is `None`.
fn build(
    v: &str,
    dir: &Path,
    gopath: Option<&Path>,
    extra: Option<&str>,
    out: &str,
    pkg: &str,
    goflags: &[&str],
) -> Output {
    let mut go = go_cmd(v);
    go.current_dir(dir);
    if extra.is_some_and(|e| e.contains("--go ")) {
        // The built-in std stubs a --go forecast rebuilds with are of the
        // default settings (cgo on).
        go.env("CGO_ENABLED", "1");
    }
    if let Some(g) = gopath {
        go.env("GO111MODULE", "off")
            .env("GOPATH", format!("{}:{GOCODE}", g.display()));
    } else {
        go.env("GO111MODULE", "on").env("GOPROXY", "off");
    }
    go.arg("build").args(goflags);
    if let Some(extra) = extra {
        go.arg("-toolexec")
            .arg(format!("{} toolexec {extra}", env!("CARGO_BIN_EXE_gosym")));
    }
    go.arg("-o").arg(out).arg(pkg);
    go.output().unwrap()
}

/// A program over pflag alone (Debian's x/sys needs go1.17+).
const APP_PFLAG: &str = "package main\n\nimport (\n\t\"fmt\"\n\n\t\"github.com/spf13/pflag\"\n)\n\nfunc main() {\n\tn := pflag.IntP(\"n\", \"n\", 1, \"a number\")\n\tpflag.Parse()\n\tfmt.Println(*n, pflag.NArg())\n}\n";

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn third_party_program_builds_runs_and_stays_cached_on_every_toolchain() {
    let have = installed(&VERSIONS);
    if have.is_empty() || !have_gocode() {
        println!("toolchains or Debian's gocode missing: toolexec not exercised");
        return;
    }
    let (s, gopath) = app_gopath("toolexec-app");
    std::fs::create_dir_all(gopath.join("src/app_pflag")).unwrap();
    std::fs::write(gopath.join("src/app_pflag/main.go"), APP_PFLAG).unwrap();
    for v in have {
        let exe = format!("app-{v}");
        // Debian's x/sys needs go1.17+: older toolchains build the
        // pflag-only program.
        let pkg = if build(v, s.path(), Some(&gopath), None, &exe, "app", &[])
            .status
            .success()
        {
            "app"
        } else {
            "app_pflag"
        };
        let o = build(v, s.path(), Some(&gopath), Some(""), &exe, pkg, &[]);
        assert!(o.status.success(), "go{v} build -toolexec: {}", stderr(&o));
        assert_eq!(stderr(&o), "", "go{v}: a good link prints nothing");
        let ran = Command::new(s.path().join(&exe)).arg("-n").arg("3").output().unwrap();
        assert!(ran.status.success(), "go{v}: the binary runs");
        // A second build compiles nothing: every tool's -V=full was the
        // tool's own, so the action IDs are the same.
        let again = build(v, s.path(), Some(&gopath), Some(""), &exe, pkg, &["-x"]);
        assert!(again.status.success(), "{}", stderr(&again));
        let compiles = stderr(&again)
            .lines()
            .filter(|l| l.contains("/compile ") && !l.contains("-V=full"))
            .count();
        assert_eq!(
            compiles,
            0,
            "go{v}: the second build compiled again:\n{}",
            stderr(&again)
        );
        println!("go{v}: {pkg} built through gosym toolexec, runs, second build cached");
    }
}

#[test]
fn refused_linkname_pull_fails_with_the_diagnosis_and_deny_stops_the_linker() {
    if installed(&["1.27"]).is_empty() {
        return;
    }
    let s = gcount_module("toolexec-gcount");
    let o = build("1.27", s.path(), None, Some(""), "bad", ".", &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let e = stderr(&o);
    // The linker's own line, then gosym's diagnosis with its help line.
    let linker = e.find("link: main: invalid reference to runtime.gcount").expect(&e);
    let diagnosis = e
        .find("error[linkname]: main: invalid reference to runtime.gcount")
        .expect(&e);
    assert!(linker < diagnosis, "{e}");
    assert!(
        e.contains("= help: runtime.gcount is not pushed by its package in go1.27"),
        "{e}"
    );
    assert!(!s.path().join("bad").exists());
    // --deny: the linker is not run (its line is absent), no binary.
    let report = s.path().join("report.jsonl");
    let deny = format!("--deny --report {}", report.display());
    let denied = build("1.27", s.path(), None, Some(&deny), "bad", ".", &[]);
    assert_eq!(denied.status.code(), Some(1), "{}", stderr(&denied));
    let e = stderr(&denied);
    assert!(!e.contains("link: main: invalid reference"), "the linker ran: {e}");
    assert!(
        e.contains("error[linkname]: main: invalid reference to runtime.gcount"),
        "{e}"
    );
    assert!(e.contains("--deny: the link of"), "{e}");
    assert!(!s.path().join("bad").exists());
    let docs = std::fs::read_to_string(&report).unwrap();
    let doc: serde_json::Value = serde_json::from_str(docs.lines().next().unwrap()).unwrap();
    assert_schema_valid(&doc);
    assert_eq!(doc["link"]["ran"], false);
    assert_eq!(doc["reports"][0]["ok"], false);
}

#[test]
fn built_by_go122_it_links_with_a_forecast_note_for_go127() {
    if installed(&["1.22", "1.27"]).len() < 2 {
        return;
    }
    let s = gcount_module("toolexec-gcount");
    let report = s.path().join("report.jsonl");
    let forecast = format!("--go 1.27 --report {}", report.display());
    // A link of its own: go build would reuse a cached one (the
    // -toolexec command is not part of the link's action ID).
    let nonce = format!("-ldflags=-X=main.nonce={}", s.path().display());
    let o = build("1.22", s.path(), None, Some(&forecast), "good", ".", &[&nonce]);
    assert!(o.status.success(), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(
        e.contains(
            "note: this program, rebuilt with go1.27.3, would fail to link: main: invalid reference to runtime.gcount"
        ),
        "{e}"
    );
    assert!(Command::new(s.path().join("good")).output().unwrap().status.success());
    let doc: serde_json::Value =
        serde_json::from_str(std::fs::read_to_string(&report).unwrap().lines().next().unwrap()).unwrap();
    assert_schema_valid(&doc);
    assert_eq!(doc["link"]["ran"], true);
    assert_eq!(doc["link"]["status"], 0);
    assert_eq!(doc["reports"][0]["ok"], true, "go1.22 links its own build");
    // --deny makes the forecast stop the link.
    let nonce = format!("-ldflags=-s -X=main.nonce={}", s.path().display());
    let denied = build(
        "1.22",
        s.path(),
        None,
        Some("--go 1.27 --deny"),
        "denied",
        ".",
        &[&nonce],
    );
    assert_eq!(denied.status.code(), Some(1), "{}", stderr(&denied));
    assert!(!s.path().join("denied").exists());
}
