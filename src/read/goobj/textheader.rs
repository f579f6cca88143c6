//! The text header that starts every Go object (`_go_.o`, assembler `.o`,
//! and `__.PKGDEF`): `go object GOOS GOARCH VERSION [KEY=VAL] [X:EXPS]`,
//! then optional `build id "…"` and `main` lines, and for linkable objects
//! the `\n!\n` that ends the text part.
//!
//! Mirrors `cmd/internal/objabi.HeaderString` (go1.19+), the go1.15
//! compiler's and assembler's header writers, and the linker's end-of-header
//! scan (`cmd/link/internal/ld/lib.go` ldobj, which counts `$$` markers so a
//! `\n!\n` inside cgo or export sections is not taken as the end).

use crate::error::{ReadError, ReadResult};

/// The prefix every Go object and export-data member starts with.
pub const GO_OBJECT_PREFIX: &[u8] = b"go object ";

/// The parsed text header of a Go object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextHeader<'d> {
    /// The whole first line, without its newline: what the linker compares.
    pub line: &'d str,
    /// `GOOS` field.
    pub goos: &'d str,
    /// `GOARCH` field.
    pub goarch: &'d str,
    /// The toolchain version (`go1.22.12`, or `devel go1.28-abc … ` with spaces).
    pub version: &'d str,
    /// The `GOAMD64=v1`-style field (go1.21+), if present.
    pub gogoarch: Option<&'d str>,
    /// The experiment list after `X:`; `None` when the line has no `X:` field
    /// (go1.15 assembler objects).
    pub experiments: Option<&'d str>,
    /// The build id from a `build id "…"` line, without quotes.
    pub build_id: Option<&'d str>,
    /// Whether a `main` line marks package main.
    pub is_main: bool,
    /// A `safe` line: compiled with `-u` (go1.15's linker `-u` refuses
    /// packages without it).
    pub is_safe: bool,
}

/// A Go release number taken from a version string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct GoRelease {
    /// Minor version: 22 for go1.22.12.
    pub minor: u32,
    /// Patch level: 12 for go1.22.12 (0 for devel or rc builds).
    pub patch: u32,
    /// A `devel` build.
    pub devel: bool,
}

impl GoRelease {
    /// Parses `go1.22.12`, `go1.22`, `go1.22rc1`, `devel go1.28-abcdef …`.
    pub fn parse(version: &str) -> Option<GoRelease> {
        let (devel, v) = match version.strip_prefix("devel ") {
            Some(rest) => (true, rest.trim_start()),
            None => (false, version),
        };
        let v = v.strip_prefix("go1.")?;
        let digits = |s: &str| -> (Option<u32>, usize) {
            let n = s.bytes().take_while(u8::is_ascii_digit).count();
            (s[..n].parse().ok(), n)
        };
        let (minor, n) = digits(v);
        let minor = minor?;
        let rest = &v[n..];
        let patch = match rest.strip_prefix('.') {
            Some(p) => digits(p).0.unwrap_or(0),
            None => 0,
        };
        Some(GoRelease { minor, patch, devel })
    }
}

impl std::fmt::Display for GoRelease {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "go1.{}", self.minor)
    }
}

impl<'d> TextHeader<'d> {
    /// Parses the header at the start of `data`. Returns the header and the
    /// offset just past the terminating `\n!\n` when `need_end` is set (for
    /// linkable objects), or past the header lines otherwise (`__.PKGDEF`).
    pub fn parse(data: &'d [u8], need_end: bool) -> ReadResult<(TextHeader<'d>, usize)> {
        if !data.starts_with(GO_OBJECT_PREFIX) {
            return Err(ReadError::new("not a Go object: no \"go object\" header", 0));
        }
        let nl = data
            .iter()
            .position(|&b| b == b'\n')
            .ok_or(ReadError::new("truncated Go object header: no end of line", 0))?;
        let line = std::str::from_utf8(&data[..nl])
            .map_err(|e| ReadError::new("Go object header line is not UTF-8", e.valid_up_to() as u64))?;
        let (goos, goarch, version, gogoarch, experiments) = split_fields(line)?;

        // Extra header lines, up to the blank line or the `!` line.
        let mut build_id = None;
        let mut is_main = false;
        let mut is_safe = false;
        let mut pos = nl + 1;
        while pos < data.len() {
            let end = data[pos..].iter().position(|&b| b == b'\n').map(|p| pos + p);
            let Some(end) = end else { break };
            let l = &data[pos..end];
            if let Some(rest) = l.strip_prefix(b"build id ") {
                let s =
                    std::str::from_utf8(rest).map_err(|_| ReadError::new("build id line is not UTF-8", pos as u64))?;
                build_id = Some(s.trim_matches('"'));
            } else if l == b"main" {
                is_main = true;
            } else if l == b"safe" {
                is_safe = true;
            } else {
                break;
            }
            pos = end + 1;
        }
        let end = if need_end { find_end(data, nl)? } else { pos };
        Ok((
            TextHeader {
                line,
                goos,
                goarch,
                version,
                gogoarch,
                experiments,
                build_id,
                is_main,
                is_safe,
            },
            end,
        ))
    }

    /// The release this header names, if it parses as one.
    pub fn release(&self) -> Option<GoRelease> {
        GoRelease::parse(self.version)
    }
}

type Fields<'d> = (&'d str, &'d str, &'d str, Option<&'d str>, Option<&'d str>);

/// Splits the fields after `go object `. The version may span several
/// space-separated words for devel toolchains; it ends before a
/// `KEY=VALUE` or `X:` field.
fn split_fields(line: &str) -> ReadResult<Fields<'_>> {
    let bad = ReadError::new("malformed Go object header line", 0);
    let rest = &line[GO_OBJECT_PREFIX.len()..];
    let mut words = rest.splitn(3, ' ');
    let goos = words.next().filter(|w| !w.is_empty()).ok_or(bad)?;
    let goarch = words.next().filter(|w| !w.is_empty()).ok_or(bad)?;
    let after = words.next().filter(|w| !w.is_empty()).ok_or(bad)?;
    // Find where trailing fields start.
    let mut version_end = after.len();
    let mut gogoarch = None;
    let mut experiments = None;
    let mut off: usize = 0;
    let mut first = true;
    for w in after.split(' ') {
        let is_exp = w.starts_with("X:");
        let is_kv = !first
            && w.split_once('=').is_some_and(|(k, _)| {
                k.starts_with("GO") && k.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
            });
        if (is_exp || is_kv) && version_end == after.len() && !first {
            version_end = off.saturating_sub(1);
        }
        if !first && is_kv && experiments.is_none() {
            gogoarch = Some(w);
        }
        if !first && is_exp {
            experiments = Some(&w[2..]);
        }
        first = false;
        off += w.len() + 1;
    }
    let version = &after[..version_end];
    if version.is_empty() {
        return Err(bad);
    }
    Ok((goos, goarch, version, gogoarch, experiments))
}

/// The linker's end-of-text scan: the first `\n!\n` seen after an even
/// number of `\n$$` markers, starting at the newline that ends line one.
fn find_end(data: &[u8], first_nl: usize) -> ReadResult<usize> {
    let mut markers = 0u32;
    let mut i = first_nl;
    while i + 2 < data.len() {
        if data[i] == b'\n' {
            let (c2, c3) = (data[i + 1], data[i + 2]);
            if markers.is_multiple_of(2) && c2 == b'!' && c3 == b'\n' {
                return Ok(i + 3);
            }
            if c2 == b'$' && c3 == b'$' {
                markers += 1;
            }
        }
        i += 1;
    }
    let what = if markers > 0 {
        "no end of text header (\"\\n!\\n\") after export data: an extracted __.PKGDEF (export data only) or a truncated Go object"
    } else {
        "truncated Go object: no end of text header (\"\\n!\\n\")"
    };
    Err(ReadError::new(what, data.len() as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_fields() {
        let h = b"go object linux amd64 go1.22.12 GOAMD64=v1 X:regabiwrappers,regabiargs\nbuild id \"a/b\"\nmain\n\n!\n\x00go120ld";
        let (t, end) = TextHeader::parse(h, true).unwrap();
        assert_eq!(t.goos, "linux");
        assert_eq!(t.goarch, "amd64");
        assert_eq!(t.version, "go1.22.12");
        assert_eq!(t.gogoarch, Some("GOAMD64=v1"));
        assert_eq!(t.experiments, Some("regabiwrappers,regabiargs"));
        assert_eq!(t.build_id, Some("a/b"));
        assert!(t.is_main);
        assert_eq!(&h[end..], b"\x00go120ld");
        assert_eq!(t.release().unwrap().minor, 22);
    }

    #[test]
    fn devel_and_asm_headers() {
        let (t, _) =
            TextHeader::parse(b"go object linux amd64 devel go1.28-abcdef Tue Jan 1 X:none\n!\n", true).unwrap();
        assert_eq!(t.version, "devel go1.28-abcdef Tue Jan 1");
        assert_eq!(t.experiments, Some("none"));
        assert!(t.release().unwrap().devel);
        let (t, _) = TextHeader::parse(b"go object linux amd64 go1.15.15\n!\n", true).unwrap();
        assert_eq!(t.version, "go1.15.15");
        assert_eq!(t.experiments, None);
        let (t, _) = TextHeader::parse(b"go object linux amd64 go1.19.8 X:\n!\n", true).unwrap();
        assert_eq!(t.experiments, Some(""));
    }

    #[test]
    fn truncated_and_cgo_marker_headers() {
        assert!(TextHeader::parse(b"go object linux amd64 go1.22.12", true).is_err());
        assert!(TextHeader::parse(b"go object linux amd64 go1.22.12\n\n", true).is_err());
        let h = b"go object linux amd64 go1.22.12 X:\n\n\n$$\n\n!\n$$\n\n!\nBIN";
        let (_, end) = TextHeader::parse(h, true).unwrap();
        assert_eq!(&h[end..], b"BIN");
    }
}
