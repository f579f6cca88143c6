//! Expands command-line paths into input files: files as given, directories
//! walked recursively in sorted order (symlinked directories are not
//! followed, so loops cannot occur), keeping only files that look like Go
//! archives, Go objects or ELF files. What a walk skips is reported, not
//! hidden: files named like inputs (`.a`, `.o`, `.so`, `.syso`) whose
//! content is not one are listed by name (a warning: a cut-short archive
//! looks like this), other files are counted.

use std::ffi::OsString;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::{InputError, InputErrorKind};
use crate::input::{OpenOptions, Source};
use crate::model::file::FileView;

/// Opens `path`, parses it and runs `f` on the parsed view. Returns what
/// `f` returns with the warnings to print: the view's (inferred tables,
/// development builds) and the file's having changed while `f` ran.
pub fn with_view<T>(
    path: &Path,
    opts: OpenOptions,
    f: impl FnOnce(&Source, &FileView) -> T,
) -> Result<(T, Vec<String>), InputError> {
    let src = Source::open(path, opts)?;
    let view = FileView::parse(&src).map_err(|e| src.error(None, InputErrorKind::Read(e)))?;
    let mut warnings: Vec<String> = view.warnings().iter().map(|w| w.located(&src.display)).collect();
    let out = f(&src, &view);
    warnings.extend(src.changed_since_open().map(|c| format!("{}: {c}", src.display)));
    Ok((out, warnings))
}

/// An input: its path and whether the user named it (errors on named
/// inputs are always reported; walked files are pre-filtered by magic).
#[derive(Debug, Clone)]
pub struct InputPath {
    /// Path.
    pub path: PathBuf,
}

/// What a directory walk left out.
#[derive(Debug, Default)]
pub struct Skipped {
    /// Files named like archives or objects whose content is not one.
    pub named_like_inputs: Vec<PathBuf>,
    /// Other files (and symbolic links), counted.
    pub others: usize,
    /// Executables cached in a Go build cache (go1.24+ caches `go tool`
    /// binaries there), counted.
    pub cached_executables: usize,
    /// The Go build caches among the directories walked.
    pub build_caches: Vec<PathBuf>,
}

/// Whether `dir` is a Go build cache (`cmd/go/internal/cache`: a `README`
/// that says so, and `trim.txt`).
pub fn is_go_build_cache(dir: &Path) -> bool {
    dir.join("trim.txt").is_file()
        && std::fs::read(dir.join("README"))
            .is_ok_and(|r| r.starts_with(b"This directory holds cached build artifacts from the Go build system."))
}

/// Expands `args`; returns the inputs and what the walks skipped.
pub fn expand(args: &[OsString]) -> (Vec<InputPath>, Skipped) {
    let mut out = Vec::new();
    let mut skipped = Skipped::default();
    for a in args {
        let p = PathBuf::from(a);
        if p.is_dir() {
            let cache = is_go_build_cache(&p);
            if cache {
                skipped.build_caches.push(p.clone());
            }
            walk(&p, cache, &mut out, &mut skipped);
        } else {
            out.push(InputPath { path: p });
        }
    }
    (out, skipped)
}

fn walk(dir: &Path, in_cache: bool, out: &mut Vec<InputPath>, skipped: &mut Skipped) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        out.push(InputPath {
            path: dir.to_path_buf(),
        });
        return;
    };
    let mut entries: Vec<_> = rd.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        let Ok(meta) = std::fs::symlink_metadata(&p) else {
            continue;
        };
        if meta.is_dir() {
            walk(&p, in_cache, out, skipped);
        } else if in_cache && meta.is_file() && is_executable_elf(&p) {
            skipped.cached_executables += 1;
        } else if meta.is_file() && looks_like_input(&p) {
            out.push(InputPath { path: p });
        } else if meta.is_file() && named_like_input(&p) {
            skipped.named_like_inputs.push(p);
        } else {
            skipped.others += 1;
        }
    }
}

fn named_like_input(p: &Path) -> bool {
    p.extension()
        .is_some_and(|e| ["a", "o", "so", "syso"].iter().any(|x| e == *x))
}

/// An ELF executable or shared object (`e_type` 2 or 3, either byte order).
fn is_executable_elf(p: &Path) -> bool {
    let mut head = [0u8; 18];
    let Ok(mut f) = std::fs::File::open(p) else {
        return false;
    };
    if f.read_exact(&mut head).is_err() || !head.starts_with(b"\x7fELF") {
        return false;
    }
    let t = if head[5] == 2 { head[17] } else { head[16] };
    t == 2 || t == 3
}

fn looks_like_input(p: &Path) -> bool {
    let mut head = [0u8; 10];
    let Ok(mut f) = std::fs::File::open(p) else { return true };
    let n = f.read(&mut head).unwrap_or(0);
    let h = &head[..n];
    h.starts_with(b"!<arch>\n")
        || h.starts_with(b"!<thin>\n")
        || h.starts_with(b"go object ")
        || h.starts_with(b"\x7fELF")
        || matches!(
            crate::read::member::classify_bytes(h),
            crate::read::member::MemberKind::MachO | crate::read::member::MemberKind::Wasm
        )
        || h.starts_with(b"MZ")
}
