//! Shared helpers for the integration tests: the built binary, the fixture
//! directories, and the installed toolchains.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The `gosym` binary under test.
pub fn gosym() -> Command {
    Command::new(env!("CARGO_BIN_EXE_gosym"))
}

/// Runs gosym with `args` in `dir`.
pub fn run_in(dir: &Path, args: &[&str]) -> Output {
    gosym().current_dir(dir).args(args).output().expect("run gosym")
}

/// `testdata/`.
pub fn testdata() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata")
}

/// The eight toolchains gosym is verified against.
pub const VERSIONS: [&str; 8] = ["1.15", "1.19", "1.21", "1.22", "1.23", "1.24", "1.26", "1.27"];

/// Fixture directories `testdata/go1.NN` (all must exist).
pub fn fixture_dirs() -> Vec<(String, PathBuf)> {
    VERSIONS
        .iter()
        .map(|v| {
            let d = testdata().join(format!("go{v}"));
            assert!(d.is_dir(), "missing fixture directory {}", d.display());
            (v.to_string(), d)
        })
        .collect()
}

/// Fixture inputs of a directory (archives and objects), sorted.
pub fn fixture_files(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".a") || n.ends_with(".o"))
        .collect();
    v.sort();
    v
}

/// GOROOT of an installed toolchain, if present.
pub fn goroot(v: &str) -> Option<PathBuf> {
    let p = PathBuf::from(format!("/usr/lib/go-{v}"));
    p.join("bin/go").is_file().then_some(p)
}

/// The installed ones of `versions`. Outside CI a missing toolchain only
/// narrows the test (none installed: it passes without checking); CI must
/// have every one.
pub fn installed(versions: &[&'static str]) -> Vec<&'static str> {
    let (have, missing): (Vec<&str>, Vec<&str>) = versions.iter().partition(|v| goroot(v).is_some());
    if !missing.is_empty() {
        println!("toolchains missing: {missing:?}");
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have every toolchain installed"
        );
    }
    have
}

/// A corrupted copy of a real archive: the first sized relocation of the
/// first defined symbol whose name `pick` accepts is moved to the end of
/// that symbol's data, so that it lies outside it. Returns the bytes, the
/// relocation record's byte offset and the symbol's data length.
pub fn reloc_moved_outside(bytes: &[u8], pick: impl Fn(&[u8]) -> bool) -> (Vec<u8>, u64, usize) {
    let src = gosym::input::Source::from_bytes("x.a", bytes.to_vec());
    let v = gosym::model::file::FileView::parse(&src).unwrap();
    let (u, o) = v.go_objects().next().unwrap();
    for i in (0..o.ndef()).filter(|&i| pick(o.sym(i).unwrap().name)) {
        let len = o.data(i).unwrap().len();
        if let Some(j) = o.reloc_range(i).unwrap().find(|&j| o.reloc(j).unwrap().siz > 0) {
            let at = u.offset + o.reloc_record_offset(j);
            let mut b = bytes.to_vec();
            b[at as usize..at as usize + 4].copy_from_slice(&(len as i32).to_le_bytes());
            return (b, at, len);
        }
    }
    panic!("no picked symbol with a sized relocation");
}

/// Shows the first differing line of two outputs.
pub fn first_diff(a: &[u8], b: &[u8]) -> String {
    let (a, b) = (String::from_utf8_lossy(a), String::from_utf8_lossy(b));
    for (i, (x, y)) in a.lines().zip(b.lines()).enumerate() {
        if x != y {
            return format!("line {}:\n  want: {x}\n  got:  {y}", i + 1);
        }
    }
    format!(
        "line counts differ: want {} got {}",
        a.lines().count(),
        b.lines().count()
    )
}
