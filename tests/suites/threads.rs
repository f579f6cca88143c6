//! A check answers the same on one thread (`GOSYM_THREADS=1`) as on two,
//! byte for byte, exit code included: the dead-code pass floods a large
//! link on every core (`src/check/ld/methods.rs`), and what it records
//! must not depend on which thread reached a symbol first. With the
//! toolchains: a program over std built by go1.15 and go1.27 (method
//! liveness with reflection and interface calls), a go1.19 build forecast
//! for go1.27 (failing), the cobra/pflag/x-sys program over Debian's
//! sources (go1.27), and a package compiled with `-race` in a program linked
//! without it, where the first undefined builtin the linker meets is an
//! order the parallel flood hands back to one thread (checked against the
//! real linker's first line too).

use crate::common;
use common::*;
use std::ffi::OsString;
use std::path::Path;

/// (exit code, stdout) of `gosym ARGS` in `dir` on `threads` threads.
fn run(dir: &Path, args: &[OsString], threads: &str) -> (Option<i32>, Vec<u8>) {
    let o = gosym()
        .current_dir(dir)
        .env("PATH", path_without_go())
        .env("GOSYM_THREADS", threads)
        .args(args)
        .output()
        .unwrap();
    (o.status.code(), o.stdout)
}

/// Checks `main` (importcfg `ic`) for go`v` on one and on two threads;
/// returns the exit code and output.
fn assert_same_on_one_thread(v: &str, dir: &Path, ic: &Path, main: &Path, what: &str) -> (Option<i32>, Vec<u8>) {
    let mut args: Vec<OsString> = ["check", "--format", "json", "--goroot"].map(Into::into).to_vec();
    args.push(goroot(v).unwrap().into_os_string());
    args.extend(["-importcfg".into(), ic.into(), main.into()]);
    let one = run(dir, &args, "1");
    let two = run(dir, &args, "2");
    assert!(!one.1.is_empty(), "{what}: no output");
    assert_eq!(one.0, two.0, "{what}: exit code");
    assert!(
        one.1 == two.1,
        "{what}: output differs between one thread and two: {}",
        first_diff(&one.1, &two.1)
    );
    two
}

#[test]
fn toolchain_builds_answer_the_same_on_one_thread() {
    let vs = installed(&["1.15", "1.27"]);
    if vs.is_empty() {
        println!("threads: no go1.15/go1.27 installed: not checked");
        return;
    }
    for v in &vs {
        let (s, gopath) = app_gopath_with(&format!("threads-std-{v}"), STD_APP);
        let (ic, main) = build_app(v, &gopath, s.path());
        let (code, _) = assert_same_on_one_thread(v, s.path(), &ic, &main, &format!("go{v} std app"));
        assert_eq!(code, Some(0), "go{v}'s std app links");
        // Debian's x/sys needs go1.17+ (unsafe.Slice).
        if *v != "1.15" && Path::new(GOCODE).join("src/github.com/spf13/cobra").is_dir() {
            let (s, gopath) = app_gopath(&format!("threads-app-{v}"));
            let (ic, main) = build_app(v, &gopath, s.path());
            assert_same_on_one_thread(v, s.path(), &ic, &main, &format!("go{v} cobra app"));
        }
    }
    if installed(&["1.19", "1.27"]).len() == 2 {
        let (s, ic, main) = linkname_removed_program("1.19", "threads-forecast");
        let (code, _) = assert_same_on_one_thread("1.27", s.path(), &ic, &main, "go1.19 build checked for go1.27");
        assert_eq!(code, Some(1), "go1.19's pull of runtime.tickspersecond fails on go1.27");
    }
}

#[test]
fn the_first_undefined_builtin_is_the_linkers_on_any_number_of_threads() {
    let v = "1.27";
    if installed(&[v]).is_empty() {
        println!("threads: go{v} not installed: not checked");
        return;
    }
    let (s, gopath) = app_gopath_with(
        "threads-race",
        include_str!("../../testdata/oracle/race-package/main.go"),
    );
    std::fs::create_dir_all(gopath.join("src/rp")).unwrap();
    std::fs::write(
        gopath.join("src/rp/rp.go"),
        include_str!("../../testdata/oracle/race-package/rp.go"),
    )
    .unwrap();
    let mut go = go_cmd(v);
    go.env("GOFLAGS", "-gcflags=rp=-race");
    let (ic, main) = build_app_with(go, v, &gopath, s.path());
    let (code, out) = assert_same_on_one_thread(v, s.path(), &ic, &main, "rp compiled with -race");
    assert_eq!(code, Some(1));
    let (links, line) = link_line(v, &ic, &main, s.path());
    assert!(!links, "the real link fails");
    let doc = serde_json::from_slice::<serde_json::Value>(&out).unwrap();
    let first = &doc["reports"][0]["findings"][0];
    assert_eq!(first["linker_order"], 0, "the linker's first line comes first");
    let message = first["message"].as_str().unwrap_or_default().to_string();
    assert!(
        line.ends_with(&message) && message.contains("undefined builtin"),
        "first line: linker {line:?}, gosym {message:?}"
    );
}
