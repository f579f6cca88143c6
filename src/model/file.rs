//! A parsed input file: its kind and, for archives, every member with its
//! decoded content (export data, Go object, host object, sentinel) or the
//! error that stopped decoding that member. Offsets in errors are absolute
//! file offsets.

use crate::error::ReadError;
use crate::input::Source;
use crate::read::archive::{ARCHIVE_MAGIC, Member, THIN_MAGIC, members};
use crate::read::goobj::GoObj;
use crate::read::member::{MemberKind, classify, classify_bytes};
use crate::read::pkgdef::PkgDef;

/// What kind of file an input is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FileKind {
    /// An `ar` archive (Go's own, GNU or BSD).
    Archive,
    /// A thin archive.
    ThinArchive,
    /// A standalone Go object.
    GoObject,
    /// A standalone ELF file.
    Elf,
}

/// The decoded content of one member (or standalone file).
#[derive(Debug, Clone)]
pub enum Content<'d> {
    /// Export data.
    PkgDef(PkgDef<'d>),
    /// A Go object.
    GoObj(Box<GoObj<'d>>),
    /// A host object; its bytes are in [`Unit::data`].
    Host,
    /// A zero-size sentinel.
    Sentinel,
    /// Unrecognised bytes.
    Unknown,
    /// Decoding failed.
    Bad(ReadError),
}

/// One member of an archive, or the whole of a standalone file.
#[derive(Debug, Clone)]
pub struct Unit<'d> {
    /// Member name (`None` for a standalone file).
    pub name: Option<&'d [u8]>,
    /// Classification.
    pub kind: MemberKind,
    /// Offset of the data in the file.
    pub offset: u64,
    /// The bytes.
    pub data: &'d [u8],
    /// Decoded content.
    pub content: Content<'d>,
    /// The archive header claims more bytes than the file holds.
    pub truncated: bool,
}

impl Unit<'_> {
    /// The member name as text, or "" for standalone files.
    pub fn name_lossy(&self) -> String {
        self.name
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .unwrap_or_default()
    }
}

/// A parsed input.
#[derive(Debug)]
pub struct FileView<'d> {
    /// Kind of file.
    pub kind: FileKind,
    /// Members (archives) or the single unit (standalone files).
    pub units: Vec<Unit<'d>>,
}

impl<'d> FileView<'d> {
    /// Parses an opened source. Fails only when the file as a whole is not
    /// readable (not an archive or object, malformed archive framing);
    /// member-level problems are kept in each unit's [`Content::Bad`].
    pub fn parse(src: &'d Source) -> Result<FileView<'d>, ReadError> {
        let data: &'d [u8] = &src.bytes;
        if data.is_empty() {
            return Err(ReadError::new("empty file", 0));
        }
        if data.starts_with(ARCHIVE_MAGIC) || data.starts_with(THIN_MAGIC) {
            let thin = data.starts_with(THIN_MAGIC);
            let ms = members(data)?;
            let units = ms.into_iter().map(|m| archive_unit(src, m)).collect();
            let kind = if thin { FileKind::ThinArchive } else { FileKind::Archive };
            return Ok(FileView { kind, units });
        }
        let kind = classify_bytes(data);
        let fk = match kind {
            MemberKind::GoObject => FileKind::GoObject,
            MemberKind::Elf => FileKind::Elf,
            _ if data.len() < 8 => return Err(ReadError::new("truncated file: too short for any known format", 0)),
            _ => return Err(ReadError::new("not a Go archive, Go object or ELF file", 0)),
        };
        let unit = Unit {
            name: None,
            kind,
            offset: 0,
            data,
            content: decode(kind, data, 0),
            truncated: false,
        };
        Ok(FileView {
            kind: fk,
            units: vec![unit],
        })
    }

    /// The Go objects, in order.
    pub fn go_objects(&self) -> impl Iterator<Item = (&Unit<'d>, &GoObj<'d>)> {
        self.units.iter().filter_map(|u| match &u.content {
            Content::GoObj(o) => Some((u, o.as_ref())),
            _ => None,
        })
    }

    /// The first unit that failed to decode, if any.
    pub fn first_error(&self) -> Option<(&Unit<'d>, ReadError)> {
        self.units.iter().find_map(|u| match u.content {
            Content::Bad(e) => Some((u, e)),
            _ => None,
        })
    }
}

fn archive_unit<'d>(src: &'d Source, m: Member<'d>) -> Unit<'d> {
    let (data, offset, kind) = if m.thin {
        match src.thin_member(m.name) {
            Some(Ok(b)) => {
                let d: &'d [u8] = b;
                (d, 0, classify(m.name, d))
            }
            _ => {
                return Unit {
                    name: Some(m.name),
                    kind: MemberKind::Unknown,
                    offset: 0,
                    data: &[],
                    content: Content::Bad(ReadError::new("thin archive member file cannot be opened", 0)),
                    truncated: false,
                };
            }
        }
    } else {
        (m.data, m.data_offset, m.kind)
    };
    let content = if m.truncated {
        Content::Bad(ReadError::new(
            "archive member data past the end of the file",
            offset + data.len() as u64,
        ))
    } else {
        decode(kind, data, offset)
    };
    Unit {
        name: Some(m.name),
        kind,
        offset,
        data,
        content,
        truncated: m.truncated,
    }
}

fn decode(kind: MemberKind, data: &[u8], offset: u64) -> Content<'_> {
    let res = match kind {
        MemberKind::PkgDef => PkgDef::parse(data).map(Content::PkgDef),
        MemberKind::GoObject => GoObj::parse(data).map(|o| Content::GoObj(Box::new(o))),
        MemberKind::Sentinel => Ok(Content::Sentinel),
        MemberKind::Unknown => Ok(Content::Unknown),
        _ => Ok(Content::Host),
    };
    res.unwrap_or_else(|e| Content::Bad(e.shift(offset)))
}
