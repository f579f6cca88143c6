//! Opening inputs: the only place that touches the file system and maps
//! files. Regular files are memory-mapped, except small ones (64 KiB or
//! less: a build cache's action records and small objects), which are
//! read; anything else (directories, devices, FIFOs) is refused before
//! mapping, and empty files are read as empty buffers. Thin archives get
//! their member files mapped from the archive's directory.
//!
//! SIGBUS: a mapped file truncated by another process while gosym reads it
//! faults on the first page past the new end, and the process dies; no
//! safe Rust can catch that. gosym contains it by choice of mode:
//! - mapping (the default): only regular files are mapped, each input is
//!   read once. Fine for installed toolchains and finished build outputs.
//!   The Go build cache does truncate in place (`cmd/go/internal/cache`
//!   `copyFile` calls `Truncate(0)` when a write fails), so a tree that a
//!   build is writing at the same time is not such an input.
//! - reading (`--no-mmap`, or `GOSYM_NO_MMAP=1`): each file is read into
//!   memory, exactly the length it had when opened; a file that shrinks or
//!   grows meanwhile is an error naming it, never a signal. Memory is the
//!   size of the files being read, as with mapping.
//!
//! In both modes a file whose length or modification time changed between
//! opening and the end of its listing is reported
//! ([`Source::changed_since_open`]): the answer may mix old and new bytes.

use memmap2::Mmap;
use std::fs::File;
use std::io::Read;
use std::ops::Deref;
use std::path::{Path, PathBuf};

use crate::error::{InputError, InputErrorKind, IoError};
use crate::read::archive::{THIN_MAGIC, members};

/// How inputs are opened: chosen once (by the CLI from `--no-mmap` and
/// `GOSYM_NO_MMAP`) and passed down to every open. See the module
/// documentation for the trade-off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadMode {
    /// Memory-map regular files (the default).
    Map,
    /// Read each file into memory, exactly the length it had when opened.
    Read,
}

/// Options for opening inputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenOptions {
    /// Mapped or read.
    pub mode: ReadMode,
}

impl Default for OpenOptions {
    fn default() -> OpenOptions {
        OpenOptions { mode: ReadMode::Map }
    }
}

impl OpenOptions {
    /// Options that read files instead of mapping them when `no_mmap`.
    pub fn new(no_mmap: bool) -> OpenOptions {
        OpenOptions {
            mode: if no_mmap { ReadMode::Read } else { ReadMode::Map },
        }
    }
}

/// Bytes of an input: a mapping, or an owned buffer (empty files, `--no-mmap`).
#[derive(Debug)]
pub enum Bytes {
    /// A read-only mapping of a regular file (its pages given back on
    /// request: [`crate::residency`]).
    Map(crate::residency::Mapping),
    /// An owned buffer.
    Owned(Vec<u8>),
    /// Bytes built into gosym (the built-in std stubs).
    Static(&'static [u8]),
}

impl Deref for Bytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Bytes::Map(m) => m,
            Bytes::Owned(v) => v,
            Bytes::Static(s) => s,
        }
    }
}

/// One opened input file.
#[derive(Debug)]
pub struct Source {
    /// The path as the user wrote it (used in all output).
    pub display: String,
    /// The path.
    pub path: PathBuf,
    /// Its bytes.
    pub bytes: Bytes,
    /// For thin archives: member name → the mapped member file or the error
    /// opening it.
    pub thin: Vec<(Vec<u8>, Result<Bytes, IoError>)>,
    /// Length and modification time when opened (`None` for bytes that
    /// did not come from a file).
    opened: Option<(u64, Option<std::time::SystemTime>)>,
}

impl Source {
    /// A source over bytes already in memory (tests, fuzzing, stdin-like
    /// uses); `display` names it in messages.
    pub fn from_bytes(display: &str, bytes: Vec<u8>) -> Source {
        Source {
            display: display.to_string(),
            path: PathBuf::from(display),
            bytes: Bytes::Owned(bytes),
            thin: Vec::new(),
            opened: None,
        }
    }

    /// A source over bytes built into gosym; `display` names it.
    pub fn from_static(display: &str, bytes: &'static [u8]) -> Source {
        Source {
            bytes: Bytes::Static(bytes),
            ..Source::from_bytes(display, Vec::new())
        }
    }

    /// Whether the bytes are built into gosym rather than read from a file.
    pub fn is_built_in(&self) -> bool {
        matches!(self.bytes, Bytes::Static(_))
    }

    /// An error about this file (and `member`, if any).
    pub fn error(&self, member: Option<String>, kind: InputErrorKind) -> InputError {
        InputError {
            file: self.display.clone(),
            member,
            kind,
        }
    }

    /// Whether the file changed on disk since it was opened (length or
    /// modification time): then what was read may mix old and new
    /// contents. Returns what changed.
    pub fn changed_since_open(&self) -> Option<String> {
        let (len, mtime) = self.opened?;
        let meta = match std::fs::metadata(&self.path) {
            Ok(m) => m,
            Err(e) => return Some(format!("{} after it was read", io_msg(&e))),
        };
        if meta.len() != len {
            return Some(format!(
                "changed while being read ({len} bytes when opened, {} now): the answer may mix old and new contents",
                meta.len()
            ));
        }
        if meta.modified().ok() != mtime {
            return Some("modified while being read: the answer may mix old and new contents".into());
        }
        None
    }

    /// Opens `path` (mapped or read, per `opts`).
    pub fn open(path: &Path, opts: OpenOptions) -> Result<Source, InputError> {
        let display = path.to_string_lossy().into_owned();
        let (bytes, meta) = open_regular(path, opts).map_err(|e| InputError {
            file: display.clone(),
            member: None,
            kind: InputErrorKind::Io(e),
        })?;
        let mut src = Source {
            display,
            path: path.to_path_buf(),
            bytes,
            thin: Vec::new(),
            opened: Some((meta.len(), meta.modified().ok())),
        };
        if src.bytes.starts_with(THIN_MAGIC) {
            let dir = path.parent().unwrap_or(Path::new("."));
            let names: Vec<Vec<u8>> = members(&src.bytes)
                .map_err(|e| src.error(None, InputErrorKind::Read(e)))?
                .iter()
                .map(|m| m.name.to_vec())
                .collect();
            for n in names {
                let p = dir.join(String::from_utf8_lossy(&n).as_ref());
                let b = map_file(&p, opts);
                src.thin.push((n, b));
            }
        }
        Ok(src)
    }

    /// The bytes of thin member `name`, if it was resolved.
    pub fn thin_member(&self, name: &[u8]) -> Option<&Result<Bytes, IoError>> {
        self.thin.iter().find(|(n, _)| n == name).map(|(_, b)| b)
    }
}

/// Files up to this size are read, not mapped: a mapping costs a system
/// call to make and one to unmap, and unmapping in a process running
/// several threads interrupts the other cores to flush their TLBs, which
/// costs more than copying a few pages (a build cache is mostly such files).
const READ_BELOW: u64 = 64 * 1024;

/// Maps a regular file (or reads it, when empty, small or under
/// [`ReadMode::Read`]).
pub fn map_file(path: &Path, opts: OpenOptions) -> Result<Bytes, IoError> {
    open_regular(path, opts).map(|(bytes, _)| bytes)
}

/// [`map_file`], also returning the metadata the file had when opened.
fn open_regular(path: &Path, opts: OpenOptions) -> Result<(Bytes, std::fs::Metadata), IoError> {
    let meta = std::fs::metadata(path).map_err(|e| IoError::os(&e))?;
    if meta.is_dir() {
        // A directory reaches here when a walk could not list it: say why.
        return Err(match std::fs::read_dir(path) {
            Err(e) => IoError::CannotList(IoError::os(&e).to_string()),
            Ok(_) => IoError::IsDirectory,
        });
    }
    if !meta.is_file() {
        return Err(IoError::NotRegularFile);
    }
    let f = File::open(path).map_err(|e| IoError::os(&e))?;
    let bytes = if meta.len() == 0 {
        Bytes::Owned(Vec::new())
    } else if opts.mode == ReadMode::Read || meta.len() <= READ_BELOW {
        Bytes::Owned(read_whole(f, meta.len())?)
    } else {
        // SAFETY: the file is a regular file opened read-only; see the
        // module documentation for the truncation (SIGBUS) trade-off.
        Bytes::Map(crate::residency::Mapping::new(
            unsafe { Mmap::map(&f) }.map_err(|e| IoError::os(&e))?,
        ))
    };
    Ok((bytes, meta))
}

/// Reads exactly the `len` bytes a file had when opened. Reading stops one
/// byte past `len`, so a file that grows cannot make it read without bound.
fn read_whole(f: File, len: u64) -> Result<Vec<u8>, IoError> {
    let want = usize::try_from(len).map_err(|_| IoError::TooLarge)?;
    let mut buf = Vec::new();
    buf.try_reserve_exact(want).map_err(|_| IoError::CannotAllocate(want))?;
    f.take(len + 1).read_to_end(&mut buf).map_err(|e| IoError::os(&e))?;
    match buf.len().cmp(&want) {
        std::cmp::Ordering::Equal => Ok(buf),
        std::cmp::Ordering::Less => Err(IoError::Shrank {
            opened: want,
            read: buf.len(),
        }),
        std::cmp::Ordering::Greater => Err(IoError::Grew { opened: want }),
    }
}

/// An I/O error in Go's words: lower case, without the `(os error N)` tail.
pub fn io_msg(e: &std::io::Error) -> String {
    IoError::os(e).to_string()
}
