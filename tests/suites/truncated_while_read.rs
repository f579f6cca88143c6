//! A file truncated by another process while gosym reads it (the SIGBUS
//! risk of mapped files). With `--no-mmap` (or GOSYM_NO_MMAP=1) gosym reads
//! each file into memory and such a file is an error naming it, never a
//! signal; in the default mapped mode the process may die of SIGBUS, which
//! doc/reading.md and `src/input.rs` document. The race is run at several
//! delays; whatever the timing, `--no-mmap` must end by exit 0 (the read
//! won) or 2 with a clean message.

use crate::common;
use common::*;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

/// An archive of `copies` copies of a real go1.22 object (tens of MB), made
/// by binutils `ar`.
fn big_archive(dir: &Path, copies: usize) -> Option<PathBuf> {
    let member = dir.join("m.o");
    let st = Command::new("ar")
        .current_dir(dir)
        .args(["x", testdata().join("go1.22/generic.a").to_str().unwrap(), "_go_.o"])
        .status()
        .ok()?;
    assert!(st.success());
    std::fs::rename(dir.join("_go_.o"), &member).unwrap();
    let big = dir.join("big.a");
    let mut ar = Command::new("ar");
    ar.current_dir(dir).arg("q").arg(&big);
    for _ in 0..copies {
        ar.arg("m.o");
    }
    assert!(ar.status().unwrap().success());
    Some(big)
}

struct Outcome {
    code: Option<i32>,
    signal: Option<i32>,
    stderr: String,
}

/// How gosym is told to open files.
#[derive(Clone, Copy)]
enum Mode {
    Mapped,
    NoMmapFlag,
    NoMmapEnv,
}

fn race(big: &Path, work: &Path, delay_ms: u64, mode: Mode) -> Outcome {
    let t = work.join("t.a");
    std::fs::copy(big, &t).unwrap();
    let mut cmd = gosym();
    match mode {
        Mode::Mapped => {}
        Mode::NoMmapFlag => {
            cmd.arg("--no-mmap");
        }
        Mode::NoMmapEnv => {
            cmd.env("GOSYM_NO_MMAP", "1");
        }
    }
    let child = cmd
        .arg("nm")
        .arg(&t)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(delay_ms));
    let f = std::fs::OpenOptions::new().write(true).open(&t).unwrap();
    f.set_len(4096).unwrap();
    let out = child.wait_with_output().unwrap();
    Outcome {
        code: out.status.code(),
        signal: out.status.signal(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn no_mmap_turns_truncation_into_an_error() {
    let work = std::env::temp_dir().join(format!("gosym-trunc-{}", std::process::id()));
    std::fs::create_dir_all(&work).unwrap();
    let Some(big) = big_archive(&work, 3000) else {
        eprintln!("binutils ar not found: skipped");
        return;
    };
    // Even delays run with --no-mmap, odd ones with GOSYM_NO_MMAP=1.
    let delays = [0u64, 1, 2, 5, 10, 20, 40, 80, 160];
    let mut errors = 0;
    for &d in &delays {
        let mode = if d % 2 == 0 { Mode::NoMmapFlag } else { Mode::NoMmapEnv };
        let o = race(&big, &work, d, mode);
        assert_eq!(
            o.signal, None,
            "--no-mmap, delay {d} ms: killed by signal {:?}",
            o.signal
        );
        match o.code {
            Some(0) => {}
            Some(2) => {
                errors += 1;
                assert!(o.stderr.contains("t.a"), "error does not name the file: {}", o.stderr);
                assert!(
                    o.stderr.contains("while being read")
                        || o.stderr.contains("past the end")
                        || o.stderr.contains("truncated"),
                    "{}",
                    o.stderr
                );
            }
            c => panic!("--no-mmap, delay {d} ms: exit {c:?}: {}", o.stderr),
        }
    }
    // What mapping does in the same races (documented, not contained).
    let sigbus = delays
        .iter()
        .filter(|&&d| race(&big, &work, d, Mode::Mapped).signal == Some(7))
        .count();
    println!(
        "--no-mmap: {} races, {errors} clean errors, 0 signals; mapped: {sigbus} of {} races died of SIGBUS",
        delays.len(),
        delays.len()
    );
    std::fs::remove_dir_all(&work).unwrap();
}

#[test]
fn no_mmap_lists_like_mapping() {
    for (_, dir) in fixture_dirs() {
        for f in fixture_files(&dir) {
            let p = dir.join(&f);
            let mapped = gosym().args(["nm", "-size"]).arg(&p).output().unwrap();
            let read = gosym().args(["--no-mmap", "nm", "-size"]).arg(&p).output().unwrap();
            assert_eq!(mapped.stdout, read.stdout, "{}", p.display());
            assert_eq!(mapped.status.code(), read.status.code());
        }
    }
}

#[test]
fn a_file_changed_after_opening_is_noticed() {
    use std::io::Write;
    let work = std::env::temp_dir().join(format!("gosym-changed-{}", std::process::id()));
    std::fs::create_dir_all(&work).unwrap();
    let p = work.join("plain.a");
    std::fs::copy(testdata().join("go1.22/plain.a"), &p).unwrap();
    let src = gosym::input::Source::open(&p, gosym::input::OpenOptions::default()).unwrap();
    assert_eq!(src.changed_since_open(), None);
    // Grown by another writer while gosym holds it (no fault: the mapping
    // keeps its length) — the answer may mix contents, so it is said.
    std::fs::OpenOptions::new()
        .append(true)
        .open(&p)
        .unwrap()
        .write_all(b"\n")
        .unwrap();
    let c = src.changed_since_open().expect("growth not noticed");
    assert!(c.contains("changed while being read"), "{c}");
    drop(src);
    // Rewritten in place at the same length: the modification time says it.
    let src = gosym::input::Source::open(&p, gosym::input::OpenOptions::default()).unwrap();
    let len = std::fs::metadata(&p).unwrap().len();
    let later = std::time::SystemTime::now() + Duration::from_secs(5);
    let f = std::fs::OpenOptions::new().write(true).open(&p).unwrap();
    f.set_modified(later).unwrap();
    assert_eq!(std::fs::metadata(&p).unwrap().len(), len);
    let c = src.changed_since_open().expect("rewrite not noticed");
    assert!(c.contains("modified while being read"), "{c}");
    std::fs::remove_dir_all(&work).unwrap();
}
