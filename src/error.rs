//! Errors. The read layer reports [`ReadError`]: a static message and the
//! byte offset where the problem is, cheap to create and `Copy`. The input
//! layer wraps it in an [`InputError`] that names the file and member, so a
//! user sees `FILE(MEMBER): MESSAGE at byte offset N`.

use std::fmt;

/// A malformed or unsupported byte sequence, located by its offset.
///
/// The offset is relative to the slice the parser was handed; callers that
/// know where that slice sits in the file shift it with [`ReadError::shift`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadError {
    /// What is wrong, in words.
    pub what: &'static str,
    /// Where, in bytes.
    pub offset: u64,
}

impl ReadError {
    /// A new error at `offset`.
    pub fn new(what: &'static str, offset: u64) -> Self {
        ReadError { what, offset }
    }

    /// The same error with its offset moved by `base`.
    pub fn shift(self, base: u64) -> Self {
        ReadError {
            what: self.what,
            offset: self.offset.saturating_add(base),
        }
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at byte offset {}", self.what, self.offset)
    }
}

impl std::error::Error for ReadError {}

/// Result of the read layer.
pub type ReadResult<T> = Result<T, ReadError>;

/// Why a file could not be opened, mapped or read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IoError {
    /// The operating system refused (in Go's words: `no such file or
    /// directory`, `permission denied`).
    Os(String),
    /// A directory that could not be listed.
    CannotList(String),
    /// A directory where a file was expected.
    IsDirectory,
    /// A device, socket or pipe.
    NotRegularFile,
    /// Larger than this machine can address.
    TooLarge,
    /// The buffer for reading it could not be allocated.
    CannotAllocate(usize),
    /// It shrank between opening and reading.
    Shrank {
        /// Its length when opened.
        opened: usize,
        /// What could be read.
        read: usize,
    },
    /// It grew between opening and reading.
    Grew {
        /// Its length when opened.
        opened: usize,
    },
}

impl IoError {
    /// An operating-system error in Go's words: lower case, without the
    /// `(os error N)` tail.
    pub fn os(e: &std::io::Error) -> IoError {
        let s = e.to_string();
        // "No such file or directory (os error 2)" -> "no such file or directory"
        let s = s.split(" (os error").next().unwrap_or(&s).to_string();
        let mut c = s.chars();
        IoError::Os(match c.next() {
            Some(f) => f.to_lowercase().collect::<String>() + c.as_str(),
            None => s,
        })
    }
}

impl fmt::Display for IoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IoError::Os(m) => f.write_str(m),
            IoError::CannotList(m) => write!(f, "cannot list directory: {m}"),
            IoError::IsDirectory => f.write_str("is a directory"),
            IoError::NotRegularFile => f.write_str("not a regular file"),
            IoError::TooLarge => f.write_str("file too large to read into memory"),
            IoError::CannotAllocate(n) => write!(f, "cannot allocate {n} bytes to read the file"),
            IoError::Shrank { opened, read } => {
                write!(
                    f,
                    "file shrank while being read: {opened} bytes when opened, {read} read"
                )
            }
            IoError::Grew { opened } => write!(f, "file grew while being read: {opened} bytes when opened"),
        }
    }
}

impl std::error::Error for IoError {}

/// An error tied to one input: the file, the archive member if any, and what
/// went wrong there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// The path as the user gave it.
    pub file: String,
    /// The archive member, when the problem is inside one.
    pub member: Option<String>,
    /// The problem.
    pub kind: InputErrorKind,
}

/// What went wrong with an input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputErrorKind {
    /// The bytes are malformed or of an unsupported format.
    Read(ReadError),
    /// The file could not be opened, mapped or read.
    Io(IoError),
    /// A message that is not about bytes at an offset (e.g. "no symbols").
    Other(String),
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.member {
            Some(m) => write!(f, "{}({})", self.file, m)?,
            None => write!(f, "{}", self.file)?,
        }
        match &self.kind {
            InputErrorKind::Read(e) => write!(f, ": {e}"),
            InputErrorKind::Io(e) => write!(f, ": {e}"),
            InputErrorKind::Other(e) => write!(f, ": {e}"),
        }
    }
}

impl std::error::Error for InputError {}

/// An error as `--format json` reports it, in every command's `errors`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ErrorRecord {
    /// The path as the user gave it.
    pub file: String,
    /// The archive member, if any.
    pub member: Option<String>,
    /// `read` (malformed bytes), `io` (cannot open or read), `other`.
    pub kind: &'static str,
    /// The message, without file and member.
    pub message: String,
    /// The byte offset in the file, for `read` errors.
    pub offset: Option<u64>,
}

impl From<&InputError> for ErrorRecord {
    fn from(e: &InputError) -> ErrorRecord {
        let (kind, message, offset) = match &e.kind {
            InputErrorKind::Read(r) => ("read", r.what.to_string(), Some(r.offset)),
            InputErrorKind::Io(m) => ("io", m.to_string(), None),
            InputErrorKind::Other(m) => ("other", m.clone(), None),
        };
        ErrorRecord {
            file: e.file.clone(),
            member: e.member.clone(),
            kind,
            message,
            offset,
        }
    }
}

/// The version of gosym's JSON output (`schema_version` in every
/// document; schema/gosym.schema.json describes it).
pub const JSON_SCHEMA_VERSION: u32 = 1;
