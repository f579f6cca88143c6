//! Warnings and `--strict`: what gosym reads but cannot vouch for (objects
//! of a release whose tables are inferred, development builds, files a walk
//! skipped, checks skipped, findings that do not fail the link) is a warning
//! on stderr with exit 0; `--strict` makes it an error with exit 2 (check:
//! 1 for findings), without changing what is printed on stdout.

use crate::common;
use common::*;
use std::path::{Path, PathBuf};
use std::process::Output;

fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("gosym-strict-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// A real go1.21 object whose header names another version.
fn relabelled(dir: &Path, name: &str, version: &str) -> PathBuf {
    let obj = std::fs::read(testdata().join("go1.21/double.o")).unwrap();
    let from = b"go1.21.13";
    let at = obj
        .windows(from.len())
        .position(|w| w == from)
        .expect("version in header");
    let mut out = obj[..at].to_vec();
    out.extend_from_slice(version.as_bytes());
    out.extend_from_slice(&obj[at + from.len()..]);
    let p = dir.join(name);
    std::fs::write(&p, out).unwrap();
    p
}

fn run(args: &[&str]) -> Output {
    gosym().args(args).output().expect("run gosym")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn inferred_tables_and_devel_builds_warn_and_strict_fails() {
    let d = scratch("versions");
    let cases = [
        (
            relabelled(&d, "go120.o", "go1.20.5"),
            "go1.20 object read with go1.21's symbol-kind and relocation tables",
        ),
        (
            relabelled(&d, "go128.o", "go1.28.1"),
            "go1.28 object read with go1.27's symbol-kind and relocation tables",
        ),
        (
            relabelled(&d, "devel.o", "devel go1.21-abcdef01 Tue Nov 3 12:00:00 2026 +0000"),
            "development build (devel go1.21-abcdef01",
        ),
    ];
    for (path, want) in &cases {
        let p = path.to_str().unwrap();
        for cmd in [&["nm", p][..], &["info", p], &["relocs", p]] {
            let plain = run(cmd);
            assert_eq!(plain.status.code(), Some(0), "{cmd:?}: {}", stderr(&plain));
            let e = stderr(&plain);
            assert!(e.contains(&format!("warning: {p}: {want}")), "{cmd:?}: {e}");
            let strict = run(&[&["--strict"], cmd].concat());
            assert_eq!(strict.status.code(), Some(2), "{cmd:?} --strict");
            assert!(stderr(&strict).contains(&format!("error (--strict): {p}: {want}")));
            assert_eq!(plain.stdout, strict.stdout, "{cmd:?}: --strict changed stdout");
            assert!(!plain.stdout.is_empty(), "{cmd:?}: nothing listed");
        }
    }
    // The listing is still the object's: same symbols as the unmodified file.
    let orig = run(&["nm", testdata().join("go1.21/double.o").to_str().unwrap()]);
    let inferred = run(&["nm", cases[0].0.to_str().unwrap()]);
    assert_eq!(orig.stdout, inferred.stdout);
    std::fs::remove_dir_all(&d).unwrap();
}

/// A release newer than every built-in one (here a development go1.28)
/// is read with the newest tables while its binary magic is a known
/// layout: a warning says so (issue 20: an unknown release never fails,
/// and never passes silently); other inputs go on.
#[test]
fn unknown_development_release_reads_inferred_and_other_inputs_go_on() {
    let d = scratch("devel28");
    let bad = relabelled(&d, "devel28.o", "devel go1.28-abcdef01 Tue Nov 3 12:00:00 2026 +0000");
    let good = testdata().join("go1.21/double.o");
    let o = run(&["nm", bad.to_str().unwrap(), good.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(
        e.contains(&format!(
            "warning: {}: go1.28 object read with go1.27's symbol-kind and relocation tables",
            bad.display()
        )),
        "{e}"
    );
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.lines().any(|l| l.starts_with(&format!("{}:", good.display()))),
        "{out}"
    );
    let strict = run(&["--strict", "nm", bad.to_str().unwrap()]);
    assert_eq!(strict.status.code(), Some(2));
    std::fs::remove_dir_all(&d).unwrap();
}

#[test]
fn files_named_like_inputs_that_are_not_fail_under_strict() {
    let d = scratch("walk");
    std::fs::copy(testdata().join("go1.22/plain.a"), d.join("plain.a")).unwrap();
    // Other files (a build cache is full of them) are only counted.
    std::fs::write(d.join("notes.txt"), b"not go").unwrap();
    let dir = d.to_str().unwrap().to_string();
    for cmd in ["nm", "info", "relocs"] {
        let strict = run(&["--strict", cmd, &dir]);
        assert_eq!(strict.status.code(), Some(0), "{cmd}: {}", stderr(&strict));
        assert!(
            stderr(&strict).contains("1 other file(s) in directories skipped"),
            "{cmd}"
        );
    }
    // A truncated archive is too short to carry the magic: by content the
    // walk cannot tell it from any other file, by name it can.
    let cut = d.join("cut.a");
    std::fs::write(&cut, b"!<ar").unwrap();
    let want = format!(
        "{}: named like an archive or object but not a Go archive, Go object, ELF, Mach-O, PE or WebAssembly file: skipped",
        cut.display()
    );
    for cmd in ["nm", "info", "relocs"] {
        let plain = run(&[cmd, &dir]);
        assert_eq!(plain.status.code(), Some(0), "{cmd}");
        assert!(
            stderr(&plain).contains(&format!("warning: {want}")),
            "{cmd}: {}",
            stderr(&plain)
        );
        let strict = run(&["--strict", cmd, &dir]);
        assert_eq!(strict.status.code(), Some(2), "{cmd}");
        assert!(stderr(&strict).contains(&format!("error (--strict): {want}")));
        assert_eq!(plain.stdout, strict.stdout);
    }
    std::fs::remove_dir_all(&d).unwrap();
}

#[test]
fn check_strict_fails_on_skipped_checks() {
    // No toolchain given and none on PATH: the target is assumed and the
    // std-dependent checks are skipped.
    let lib = testdata().join("go1.22/plain.a");
    let o = gosym()
        .env("PATH", "/nonexistent")
        .args(["check", "-q", lib.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let s = gosym()
        .env("PATH", "/nonexistent")
        .args(["check", "--strict", "-q", lib.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(s.status.code(), Some(2));
    assert!(
        stderr(&s).contains("error (--strict): target go1.22.12: skipped: target toolchain not available"),
        "{}",
        stderr(&s)
    );
}

#[test]
fn check_strict_fails_on_findings_that_do_not_fail_the_link() {
    let Some(root) = goroot("1.21") else {
        eprintln!("go1.21 not installed: skipped (CI installs it)");
        return;
    };
    // Two archives of one package: the linker takes the first, the link
    // succeeds, gosym reports a duplicate-package finding.
    let d = scratch("duppkg");
    std::fs::create_dir_all(d.join("again")).unwrap();
    let fx = testdata().join("go1.21");
    for f in ["mainpkg.a", "plain.a", "dotted.v2.a"] {
        std::fs::copy(fx.join(f), d.join(f)).unwrap();
    }
    std::fs::copy(fx.join("plain.a"), d.join("again/plain.a")).unwrap();
    let args = |strict: bool| {
        let mut a = vec![
            "check".to_string(),
            "--goroot".into(),
            root.to_string_lossy().into_owned(),
        ];
        if strict {
            a.push("--strict".into());
        }
        for f in ["mainpkg.a", "plain.a", "dotted.v2.a", "again/plain.a"] {
            a.push(d.join(f).to_string_lossy().into_owned());
        }
        a
    };
    let o = gosym().args(args(false)).output().unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{out}{}", stderr(&o));
    assert!(out.contains("verdict: would link"), "{out}");
    assert!(out.contains("duplicate-package"), "{out}");
    let s = gosym().args(args(true)).output().unwrap();
    assert_eq!(s.status.code(), Some(1), "{}", stderr(&s));
    assert!(
        stderr(&s).contains("1 finding(s) that do not fail the link (duplicate-package)"),
        "{}",
        stderr(&s)
    );
    assert_eq!(o.stdout, s.stdout);
    std::fs::remove_dir_all(&d).unwrap();
}
