//! Archive variants other than Go's own: GNU archives written by binutils
//! `ar` (with `/`-terminated names and a symbol table), thin archives whose
//! members are resolved beside the archive, and Go members re-packed by GNU
//! ar. Built at test time from the real fixtures with `ar` (binutils).

use crate::common;
use common::*;
use std::path::Path;
use std::process::Command;

fn ar(dir: &Path, args: &[&str]) {
    let st = Command::new("ar")
        .current_dir(dir)
        .args(args)
        .status()
        .expect("binutils ar");
    assert!(st.success(), "ar {args:?}");
}

fn nm_lines(dir: &Path, file: &str) -> Vec<String> {
    let out = run_in(dir, &["nm", "-sort", "none", file]);
    assert!(out.status.success(), "{file}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(String::from)
        .collect()
}

#[test]
fn gnu_and_thin_archives_list_like_the_go_archive() {
    for (v, dir) in fixture_dirs() {
        let tmp = std::env::temp_dir().join(format!("gosym-ar-{}-{v}", std::process::id()));
        std::fs::create_dir_all(&tmp).unwrap();
        std::fs::copy(dir.join("cgopkg.a"), tmp.join("cgopkg.a")).unwrap();
        ar(&tmp, &["x", "cgopkg.a"]);
        // Go archive members re-packed by GNU ar, in the same order.
        ar(&tmp, &["rc", "gnu.a", "__.PKGDEF", "_go_.o", "_x001.o", "_x002.o"]);
        ar(&tmp, &["rcT", "thin.a", "__.PKGDEF", "_go_.o", "_x001.o", "_x002.o"]);
        // go1.15's nm prints file offsets as addresses: those move with the
        // archive layout, so compare the other columns there.
        let strip = |l: &str| -> String {
            if v != "1.15" {
                return l.to_string();
            }
            let (prefix, rest) = l.split_once('\t').unwrap();
            format!("{prefix}\t{}", &rest[8..])
        };
        let want: Vec<String> = nm_lines(&tmp, "cgopkg.a").iter().map(|l| strip(l)).collect();
        assert!(
            want.iter().any(|l| l.starts_with("cgopkg.a(_x001.o):")),
            "go{v}: no host object lines"
        );
        for f in ["gnu.a", "thin.a"] {
            let got: Vec<String> = nm_lines(&tmp, f)
                .iter()
                .map(|l| strip(&l.replacen(f, "cgopkg.a", 1)))
                .collect();
            assert_eq!(got, want, "go{v} {f}");
        }
        // A thin archive whose member file is gone: a clear error, not a panic.
        std::fs::remove_file(tmp.join("_x002.o")).unwrap();
        let out = run_in(&tmp, &["nm", "thin.a"]);
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("thin.a(_x002.o): thin archive member file cannot be opened"),
            "{err}"
        );
        std::fs::remove_dir_all(&tmp).unwrap();
    }
}

#[test]
fn directories_are_walked_and_non_go_files_counted() {
    let tmp = std::env::temp_dir().join(format!("gosym-walk-{}", std::process::id()));
    std::fs::create_dir_all(tmp.join("sub")).unwrap();
    let dir = testdata().join("go1.24");
    std::fs::copy(dir.join("plain.a"), tmp.join("sub/plain.a")).unwrap();
    std::fs::copy(dir.join("dotted.v2.a"), tmp.join("dotted.v2.a")).unwrap();
    std::fs::write(tmp.join("notes.txt"), "not go").unwrap();
    let out = run_in(&tmp, &["nm", "."]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.lines().next().unwrap().starts_with("./dotted.v2.a:\t"), "{text}");
    assert!(text.contains("./sub/plain.a:\t"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 other file(s) in directories skipped"));
    std::fs::remove_dir_all(&tmp).unwrap();
}

#[test]
fn symlink_loops_and_odd_names_do_not_hang_or_fail_the_walk() {
    let tmp = std::env::temp_dir().join(format!("gosym-loop-{}", std::process::id()));
    let deep = tmp.join("a/b/c/d");
    std::fs::create_dir_all(&deep).unwrap();
    std::os::unix::fs::symlink(&tmp, deep.join("loop")).unwrap();
    std::os::unix::fs::symlink("missing-target", tmp.join("dangling.a")).unwrap();
    std::fs::copy(testdata().join("go1.27/plain.a"), deep.join("plain.a")).unwrap();
    // A name that is not UTF-8.
    use std::os::unix::ffi::OsStrExt;
    let odd = tmp.join(std::ffi::OsStr::from_bytes(b"odd\xffname.a"));
    std::fs::copy(testdata().join("go1.27/dotted.v2.a"), &odd).unwrap();
    let out = gosym().args(["nm", "-n"]).arg(&tmp).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("example.com/m/plain.Shout"));
    assert!(text.contains("example.com/m/dotted%2ev2.V"));
    std::fs::remove_dir_all(&tmp).unwrap();
}
