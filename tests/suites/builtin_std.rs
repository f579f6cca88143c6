//! The built-in std stubs (`--go 1.N` with no importcfg and no toolchain)
//! against the real thing: on a real third-party program (cobra, pflag,
//! x/sys from Debian's source packages) built by each toolchain, the check
//! from the stubs says what the check from the toolchain's own std
//! archives says, and for each toolchain's own build what its real linker
//! does; on a go:linkname pull of a runtime symbol, the stubs give the
//! real linker's verdict and first line (go1.23+ blocks it, go1.27 no
//! longer defines it). Runs when the toolchains are installed.

use crate::common;
use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

/// `gosym check` of `main` (with the other `inputs`) against go`v`, no
/// importcfg: from the built-in stubs (`--go`, no go on PATH), else from
/// the toolchain (`--goroot`). Returns (ok, first finding's message,
/// skipped notes).
fn check_without_importcfg(v: &str, stubs: bool, main: &Path, inputs: &[PathBuf]) -> (bool, String, Vec<String>) {
    let mut g: Command = gosym_defaults();
    g.args(["check", "--format", "json", "--main"]).arg(main);
    if stubs {
        g.env("PATH", path_without_go()).args(["--go", v]);
    } else {
        g.arg("--goroot").arg(goroot(v).unwrap());
    }
    let o = g.args(inputs).output().unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("gosym: {e}\n{}", String::from_utf8_lossy(&o.stderr)));
    let r = &doc["reports"][0];
    (r["ok"].as_bool().unwrap(), first_error_message(r), skipped_notes(r))
}

/// The non-std archives an importcfg names, for go`v`.
fn user_archives(v: &str, ic: &Path) -> Vec<PathBuf> {
    let std = &gosym::toolchain::builtin::find(v).unwrap().std_packages;
    std::fs::read_to_string(ic)
        .unwrap()
        .lines()
        .filter_map(|l| l.strip_prefix("packagefile ")?.split_once('='))
        .filter(|(p, _)| !std.contains(p))
        .map(|(_, f)| PathBuf::from(f))
        .collect()
}

#[test]
fn stubs_check_third_party_programs_as_the_real_std_does() {
    // x/sys/unix needs go1.17+: the go1.15 toolchain cannot build the app.
    let have = installed(&["1.19", "1.21", "1.22", "1.23", "1.24", "1.25", "1.26", "1.27"]);
    if have.is_empty() {
        return;
    }
    if !have_gocode() {
        return;
    }
    let (s, gopath) = app_gopath("builtin-std");
    // At default settings (cgo on, the go command's own build cache), as
    // the stubs and `check --goroot` take std: pflag imports net, whose
    // cgo and non-cgo builds differ in fingerprint.
    let builds: Vec<(&str, PathBuf, PathBuf)> = have
        .iter()
        .map(|v| {
            let mut go = go_cmd(v);
            go.env_remove("CGO_ENABLED").env_remove("GOCACHE");
            let (ic, main) = build_app_with(go, v, &gopath, s.path());
            (*v, ic, main)
        })
        .collect();
    let mut cases = 0;
    for &(y, ref yic, ref ymain) in &builds {
        // The target's own build: the real linker links it; so do the stubs.
        assert!(link_line(y, yic, ymain, s.path()).0, "go{y} links its own build");
        for (x, ic, main) in &builds {
            let inputs = user_archives(y, ic);
            let from_stubs = check_without_importcfg(y, true, main, &inputs);
            let from_std = check_without_importcfg(y, false, main, &inputs);
            assert!(
                !from_stubs.2.iter().any(|n| n.contains("std")),
                "go{y}: the stubs must stand for std: {:?}",
                from_stubs.2
            );
            assert_eq!(
                (from_stubs.0, &from_stubs.1),
                (from_std.0, &from_std.1),
                "built by go{x}, target go{y}: stubs vs the toolchain's std"
            );
            if *x == y {
                assert!(from_stubs.0, "go{y}'s own build: {:?}", from_stubs.1);
            } else {
                assert!(!from_stubs.0, "go{x}'s objects against go{y}");
            }
            cases += 1;
        }
    }
    println!(
        "built-in std stubs: {cases} producer/target pairs of a cobra program, same verdict and first message as the toolchain's std"
    );
}

#[test]
fn stubs_give_the_linkers_verdict_on_a_runtime_linkname_pull() {
    let have = installed(&VERSIONS);
    for v in have {
        let (s, ic, main) = linkname_removed_program(v, &format!("builtin-linkname-{v}"));
        let (links, line) = link_line(v, &ic, &main, s.path());
        let (ok, first, skipped) = check_without_importcfg(v, true, &main, &[]);
        assert!(skipped.is_empty(), "go{v}: {skipped:?}");
        assert_eq!(ok, links, "go{v}: gosym {first:?}, linker {line:?}");
        if !links {
            assert_eq!(first, line, "go{v}: first line");
        }
        println!(
            "go{v}: runtime.tickspersecond pull {}, as its linker says",
            if links { "links" } else { "fails" }
        );
    }
}

/// An architecture level in the environment: `--go` wants the header the
/// release's own compiler writes at that level, so an archive built at
/// GOAMD64=v3 passes the header check and one built at the default does
/// not; the std stubs (default level) are then not used, and the report
/// says why.
#[test]
fn architecture_levels_give_the_headers_the_compilers_write() {
    for v in installed(&["1.21", "1.23", "1.27"]) {
        let s = Scratch::new(&format!("builtin-level-{v}"));
        std::fs::write(s.path().join("lib.go"), "package lib\n\nfunc F() int { return 1 }\n").unwrap();
        for level in ["v1", "v3"] {
            let mut c = tool(v, "compile");
            c.current_dir(s.path())
                .env("GOAMD64", level)
                .args(["-p", "example.com/lib", "-pack", "-o"])
                .arg(format!("lib-{level}.a"))
                .arg("lib.go");
            run_ok(c, &format!("go{v} compile GOAMD64={level}"));
        }
        let want =
            gosym::toolchain::level_header(&goroot(v).unwrap(), "linux", "amd64", Some(("GOAMD64", "v3"))).unwrap();
        for (lib, ok) in [("lib-v3.a", true), ("lib-v1.a", false)] {
            let mut g = gosym();
            g.current_dir(s.path())
                .env("PATH", path_without_go())
                .env("GOAMD64", "v3")
                .env_remove("GOEXPERIMENT")
                .args(["check", "--format", "json", "--go", v, lib]);
            let (_, doc) = run_json(g);
            let r = &doc["reports"][0];
            assert_eq!(r["target"]["wanted_header"], want.as_str(), "go{v}");
            assert_eq!(r["ok"], ok, "go{v} {lib} against GOAMD64=v3: {r:#}");
            assert!(
                skipped_notes(r).iter().any(|n| n.contains("architecture level")),
                "go{v}: {:?}",
                skipped_notes(r)
            );
        }
        println!("go{v}: GOAMD64=v3 wants {want:?}, as its compiler writes");
    }
}
