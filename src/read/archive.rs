//! Walks `ar` archives (Go's own, GNU, BSD and thin) with the `object` crate,
//! which, unlike the `ar` crate, accepts Go's NUL padding after odd-sized
//! members and its unterminated 16-byte names. Thin archives store only
//! member names: their data is resolved by the caller beside the archive.

use object::read::archive::ArchiveFile;

use super::member::{MemberKind, classify};
use crate::error::{ReadError, ReadResult};

/// Global magic of ordinary archives.
pub const ARCHIVE_MAGIC: &[u8] = b"!<arch>\n";
/// Global magic of thin archives.
pub const THIN_MAGIC: &[u8] = b"!<thin>\n";

/// One archive member.
#[derive(Debug, Clone, Copy)]
pub struct Member<'d> {
    /// Member name as stored (trailing spaces and `/` removed).
    pub name: &'d [u8],
    /// Offset of the member data in the archive (0 for thin members).
    pub data_offset: u64,
    /// Member size from its header.
    pub size: u64,
    /// Member data (empty for thin members until resolved).
    pub data: &'d [u8],
    /// Content classification.
    pub kind: MemberKind,
    /// Whether the data lives outside the archive (thin archive).
    pub thin: bool,
    /// The header claims more bytes than the file holds: `data` is what is
    /// there (the walk ends with this member).
    pub truncated: bool,
}

/// Lists the members of an archive in order. A corrupt member header ends
/// the walk with an error at the offset after the last good member.
pub fn members(data: &[u8]) -> ReadResult<Vec<Member<'_>>> {
    let ar = ArchiveFile::parse(data).map_err(|_| ReadError::new("malformed archive header", 0))?;
    let thin = ar.is_thin();
    let mut out = Vec::new();
    let mut last_end = 8u64;
    for m in ar.members() {
        let m = m.map_err(|_| ReadError::new("malformed archive member header", last_end))?;
        let (off, size) = m.file_range();
        let name = m.name();
        let (bytes, truncated) = if thin {
            (&[][..], false)
        } else {
            match m.data(data) {
                Ok(b) => (b, false),
                Err(_) => (data.get(off as usize..).unwrap_or_default(), true),
            }
        };
        let kind = if thin {
            MemberKind::Unknown
        } else {
            classify(name, bytes)
        };
        out.push(Member {
            name,
            data_offset: off,
            size,
            data: bytes,
            kind,
            thin,
            truncated,
        });
        if truncated {
            break;
        }
        last_end = off + size + (size & 1);
    }
    Ok(out)
}
