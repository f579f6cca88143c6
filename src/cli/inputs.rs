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

/// Walks `dir`: lists the tree first (sorted, file types from the
/// directory entries, no file opened), then reads the head of every file
/// once, in parallel ([`crate::par`]), to keep the inputs in walk order.
fn walk(dir: &Path, in_cache: bool, out: &mut Vec<InputPath>, skipped: &mut Skipped) {
    let mut files = Vec::new();
    list_tree(dir, out, &mut files, skipped);
    let sorts = crate::par::map_in_order(&files, files.len() > 64, |p| sniff(p, in_cache));
    for (p, sort) in files.into_iter().zip(sorts) {
        match sort {
            Sniffed::Input => out.push(InputPath { path: p }),
            Sniffed::CachedExecutable => skipped.cached_executables += 1,
            Sniffed::NamedLikeInput => skipped.named_like_inputs.push(p),
            Sniffed::Other => skipped.others += 1,
        }
    }
}

/// The regular files under `dir` in sorted walk order; an unlistable
/// directory becomes an input (its open error is then reported).
fn list_tree(dir: &Path, out: &mut Vec<InputPath>, files: &mut Vec<PathBuf>, skipped: &mut Skipped) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        out.push(InputPath {
            path: dir.to_path_buf(),
        });
        return;
    };
    let mut entries: Vec<_> = rd
        .filter_map(Result::ok)
        .filter_map(|e| Some((e.path(), e.file_type().ok()?)))
        .collect();
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    for (p, t) in entries {
        if t.is_dir() {
            list_tree(&p, out, files, skipped);
        } else if t.is_file() {
            files.push(p);
        } else {
            // Symbolic links and special files.
            skipped.others += 1;
        }
    }
}

/// What a walked file is, from its first bytes.
enum Sniffed {
    Input,
    CachedExecutable,
    NamedLikeInput,
    Other,
}

/// Reads the first bytes of `p` once: an input (by magic), an executable
/// cached in a build cache, a file named like an input that is not one, or
/// something else. A file that cannot be opened is an input, so its error
/// is reported.
fn sniff(p: &Path, in_cache: bool) -> Sniffed {
    let mut head = [0u8; 18];
    let Ok(mut f) = std::fs::File::open(p) else {
        return Sniffed::Input;
    };
    let mut n = 0;
    while n < head.len() {
        match f.read(&mut head[n..]) {
            Ok(0) | Err(_) => break,
            Ok(k) => n += k,
        }
    }
    let h = &head[..n];
    if in_cache && is_executable_elf(h) {
        Sniffed::CachedExecutable
    } else if looks_like_input(h) {
        Sniffed::Input
    } else if named_like_input(p) {
        Sniffed::NamedLikeInput
    } else {
        Sniffed::Other
    }
}

fn named_like_input(p: &Path) -> bool {
    p.extension()
        .is_some_and(|e| ["a", "o", "so", "syso"].iter().any(|x| e == *x))
}

/// An ELF executable or shared object (`e_type` 2 or 3, either byte order).
fn is_executable_elf(head: &[u8]) -> bool {
    if head.len() < 18 || !head.starts_with(b"\x7fELF") {
        return false;
    }
    let t = if head[5] == 2 { head[17] } else { head[16] };
    t == 2 || t == 3
}

fn looks_like_input(h: &[u8]) -> bool {
    use crate::read::member::{MemberKind, classify_bytes};
    h.starts_with(b"!<arch>\n")
        || h.starts_with(b"!<thin>\n")
        || matches!(
            classify_bytes(h),
            MemberKind::GoObject | MemberKind::Elf | MemberKind::MachO | MemberKind::Wasm
        )
        // A PE image: the head is too short for classify_bytes to reach
        // the PE signature at e_lfanew.
        || h.starts_with(b"MZ")
}
