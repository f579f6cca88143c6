//! `__.PKGDEF`: the export data member. Text header lines, a blank line,
//! `\n$$B\n`, a format byte (`i` indexed export, go1.15–1.19; `u` unified
//! IR, go1.21+) with its version, the export payload, the package
//! fingerprint (8 bytes), and `\n$$\n`.
//! Source: go1.15 `cmd/compile/internal/gc/export.go`, go1.19+
//! `cmd/compile/internal/noder/export.go`, `internal/pkgbits/encoder.go`.

use super::bytes::{find, u32_at, uvarint};
use super::goobj::TextHeader;
use crate::error::{ReadError, ReadResult};

/// The decoded framing of a `__.PKGDEF` member.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PkgDef<'d> {
    /// Its text header (same fields as the object's).
    pub header: TextHeader<'d>,
    /// Export format byte: `b'i'` or `b'u'`.
    pub format: u8,
    /// Export format version (uvarint for `i`, uint32 for `u`).
    pub version: u64,
    /// The fingerprint in the export data trailer.
    pub fingerprint: [u8; 8],
    /// Offset of the export payload (after the format and its version).
    pub payload_at: usize,
}

const START: &[u8] = b"\n$$B\n";
const END: &[u8] = b"\n$$\n";

impl<'d> PkgDef<'d> {
    /// Parses a `__.PKGDEF` member. Offsets in errors are relative to `data`.
    pub fn parse(data: &'d [u8]) -> ReadResult<PkgDef<'d>> {
        let (header, pos) = TextHeader::parse(data, false)?;
        let rel =
            find(&data[pos..], START).ok_or(ReadError::new("export data: no \"$$B\" start marker", pos as u64))?;
        let fmt_at = pos + rel + START.len();
        let format = *data
            .get(fmt_at)
            .ok_or(ReadError::new("export data: truncated after $$B", fmt_at as u64))?;
        let (version, version_len) = match format {
            b'i' => uvarint_at(data, fmt_at + 1)?,
            b'u' => (
                u32_at(data, fmt_at + 1, "export data: truncated unified IR version")? as u64,
                4,
            ),
            _ => return Err(ReadError::new("export data: unknown format byte", fmt_at as u64)),
        };
        if !data.ends_with(END) || data.len() < fmt_at + 1 + 8 + END.len() {
            return Err(ReadError::new("export data: no \"$$\" end marker", data.len() as u64));
        }
        let fp_at = data.len() - END.len() - 8;
        let mut fingerprint = [0u8; 8];
        fingerprint.copy_from_slice(&data[fp_at..fp_at + 8]);
        Ok(PkgDef {
            header,
            format,
            version,
            fingerprint,
            payload_at: fmt_at + 1 + version_len,
        })
    }
}

/// The indexed-export version uvarint at `at`, and its length.
fn uvarint_at(data: &[u8], at: usize) -> ReadResult<(u64, usize)> {
    let rest = data.get(at..).unwrap_or_default();
    match uvarint(rest) {
        Some(v) => Ok(v),
        None if rest.len() >= 10 => Err(ReadError::new("export data: version varint too long", at as u64)),
        None => Err(ReadError::new(
            "export data: truncated version",
            data.len().max(at) as u64,
        )),
    }
}
