//! Inputs gosym may not read: a file without read permission, a directory
//! a walk cannot list, a FIFO, a device. Each is an error naming the path,
//! nothing blocks, and the other inputs are still listed.
//!
//! Root reads everything, so as root the test runs gosym as `nobody`
//! through util-linux `setpriv`, from a copy of the binary in a directory
//! that user can reach.

use crate::common;
use common::*;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

fn chmod(p: &Path, mode: u32) {
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// A directory every user can reach, with a copy of the binary.
fn world_dir() -> (PathBuf, PathBuf) {
    let d = std::env::temp_dir().join(format!("gosym-unreadable-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    chmod(&d, 0o755);
    let bin = d.join("gosym");
    std::fs::copy(env!("CARGO_BIN_EXE_gosym"), &bin).unwrap();
    chmod(&bin, 0o755);
    (d, bin)
}

/// Runs the binary, as `nobody` when root.
fn run_unprivileged(bin: &Path, args: &[&str]) -> Option<std::process::Output> {
    let mut c = if is_root() {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
            .arg(bin);
        c
    } else {
        Command::new(bin)
    };
    c.args(args).output().ok()
}

#[test]
fn unreadable_files_and_directories_are_errors_naming_them() {
    let (d, bin) = world_dir();
    let good = d.join("good.a");
    std::fs::copy(testdata().join("go1.22/plain.a"), &good).unwrap();
    chmod(&good, 0o644);
    let locked = d.join("locked.a");
    std::fs::copy(testdata().join("go1.22/plain.a"), &locked).unwrap();
    chmod(&locked, 0o000);
    let tree = d.join("tree");
    std::fs::create_dir_all(tree.join("closed")).unwrap();
    std::fs::copy(testdata().join("go1.22/plain.a"), tree.join("closed/inner.a")).unwrap();
    std::fs::copy(testdata().join("go1.22/plain.a"), tree.join("open.a")).unwrap();
    chmod(&tree, 0o755);
    chmod(&tree.join("open.a"), 0o644);
    chmod(&tree.join("closed"), 0o000);
    let (g, l, t) = (good.to_str().unwrap(), locked.to_str().unwrap(), tree.to_str().unwrap());
    let Some(o) = run_unprivileged(&bin, &["nm", l, t, g]) else {
        eprintln!("setpriv not available as root: skipped");
        return;
    };
    let err = String::from_utf8_lossy(&o.stderr);
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains(&format!("gosym nm: {l}: permission denied")), "{err}");
    assert!(
        err.contains(&format!("{t}/closed: cannot list directory: permission denied")),
        "{err}"
    );
    assert!(out.contains(&format!("{g}:\t")), "{out}");
    assert!(out.contains(&format!("{t}/open.a:\t")), "{out}");
    for cmd in ["info", "relocs"] {
        let o = run_unprivileged(&bin, &[cmd, l, g]).unwrap();
        assert_eq!(o.status.code(), Some(2), "{cmd}");
        assert!(
            String::from_utf8_lossy(&o.stderr).contains("permission denied"),
            "{cmd}"
        );
        assert!(!o.stdout.is_empty(), "{cmd}: the readable input was not listed");
    }
    chmod(&tree.join("closed"), 0o755);
    std::fs::remove_dir_all(&d).unwrap();
}

#[test]
fn fifos_and_devices_are_refused_without_blocking() {
    let d = std::env::temp_dir().join(format!("gosym-fifo-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    let fifo = d.join("pipe.a");
    let made = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    let good = testdata().join("go1.22/plain.a");
    let mut args = vec![
        "nm".to_string(),
        "/dev/zero".into(),
        good.to_string_lossy().into_owned(),
    ];
    if made {
        args.insert(1, fifo.to_string_lossy().into_owned());
    }
    // Opening a FIFO for reading would block until a writer comes: gosym
    // must refuse it from its metadata alone.
    let o = gosym().args(&args).output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("/dev/zero: not a regular file"), "{err}");
    if made {
        assert!(
            err.contains(&format!("{}: not a regular file", fifo.display())),
            "{err}"
        );
    }
    assert!(String::from_utf8_lossy(&o.stdout).contains("plain.a:\t"));
    std::fs::remove_dir_all(&d).unwrap();
}
