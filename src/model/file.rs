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
use crate::tables::Support;

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
    /// A standalone Mach-O file (a darwin or ios executable or object).
    MachO,
    /// A standalone PE image (a windows executable) or COFF object.
    Pe,
    /// A WebAssembly module (a js/wasm or wasip1/wasm executable).
    Wasm,
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

/// Something read but not vouched for (see [`FileView::warnings`]).
/// Displayed as its message; [`Warning::located`] adds file and member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The first member concerned (`None` for a standalone file).
    pub member: Option<String>,
    /// What is uncertain.
    pub message: String,
    /// How many objects of the file it concerns.
    pub count: usize,
}

impl Warning {
    /// `file(member): message`.
    pub fn located(&self, file: &str) -> String {
        match &self.member {
            Some(m) => format!("{file}({m}): {self}"),
            None => format!("{file}: {self}"),
        }
    }
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)?;
        if self.count > 1 {
            write!(f, " ({} objects)", self.count)?;
        }
        Ok(())
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
            MemberKind::MachO => FileKind::MachO,
            MemberKind::Coff => FileKind::Pe,
            MemberKind::Wasm => FileKind::Wasm,
            _ if data.len() < 8 => return Err(ReadError::new("truncated file: too short for any known format", 0)),
            _ => {
                return Err(ReadError::new(
                    "not a Go archive, Go object, ELF, Mach-O, PE or WebAssembly file",
                    0,
                ));
            }
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

    /// What gosym read but cannot vouch for, one line per cause with the
    /// first member it concerns: objects of a release whose tables are
    /// inferred from a neighbour, development builds.
    pub fn warnings(&self) -> Vec<Warning> {
        let mut out: Vec<Warning> = Vec::new();
        for (u, o) in self.go_objects() {
            let mut msgs = Vec::new();
            if let Support::Inferred { from } = o.support {
                msgs.push(format!(
                    "{} object read with go1.{from}'s symbol-kind and relocation tables \
                     (inferred: gosym has no {} tables verified against its toolchain)",
                    o.release, o.release
                ));
            }
            if o.release.devel {
                msgs.push(format!(
                    "development build ({}) read with the {} release's tables: a development tree may differ",
                    o.header.version, o.release
                ));
            }
            for message in msgs {
                if let Some(w) = out.iter_mut().find(|w| w.message == message) {
                    w.count += 1;
                } else {
                    out.push(Warning {
                        member: u.name.map(|n| String::from_utf8_lossy(n).into_owned()),
                        message,
                        count: 1,
                    });
                }
            }
        }
        out
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
