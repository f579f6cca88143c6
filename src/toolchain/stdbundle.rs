//! The std stubs built into gosym ([`super::stub`]): for every built-in
//! release, the whole std of linux/amd64 at default settings (cgo on, no
//! GOEXPERIMENT, GOAMD64=v1), so that `--go 1.N` checks imports, undefined
//! symbols, ABIs, duplicates and linkname rules with no toolchain and no
//! importcfg. One zstd stream per release (1.2–1.6 MB; 13–20 MB
//! decompressed, once per process and release, on first use).
//!
//! Bundle format (decompressed): a line `gosym-std-stubs 1 VERSION
//! GOOS/GOARCH`, one line `PKG LEN` per package in order, a blank line,
//! then the stub archives back to back.
//!
//! `scripts/gen-release-facts.sh` writes the bundles from the real
//! toolchains; `tests/suites/release_facts.rs` proves each equal to the stubs of
//! the installed toolchain's std.

use super::ToolchainError;
use std::collections::BTreeMap;
use std::io::Read;
use std::ops::Range;
use std::sync::OnceLock;

/// The platform the stubs are for.
pub const PLATFORM: (&str, &str) = ("linux", "amd64");

/// `(version, compressed bundle)` of every release with built-in stubs.
const BUNDLES: &[(&str, &[u8])] = &[
    ("go1.15.15", include_bytes!("std/go1.15.15-linux-amd64.zst")),
    ("go1.19.8", include_bytes!("std/go1.19.8-linux-amd64.zst")),
    ("go1.21.13", include_bytes!("std/go1.21.13-linux-amd64.zst")),
    ("go1.22.12", include_bytes!("std/go1.22.12-linux-amd64.zst")),
    ("go1.23.5", include_bytes!("std/go1.23.5-linux-amd64.zst")),
    ("go1.24.4", include_bytes!("std/go1.24.4-linux-amd64.zst")),
    ("go1.25.5", include_bytes!("std/go1.25.5-linux-amd64.zst")),
    ("go1.26.10", include_bytes!("std/go1.26.10-linux-amd64.zst")),
    ("go1.27.3", include_bytes!("std/go1.27.3-linux-amd64.zst")),
];

/// One release's std stubs.
#[derive(Debug)]
pub struct StdBundle {
    /// `go1.23.5`.
    pub version: String,
    data: Vec<u8>,
    packages: BTreeMap<String, Range<usize>>,
}

impl StdBundle {
    /// The stub archive of `pkg`.
    pub fn archive(&self, pkg: &str) -> Option<&[u8]> {
        self.packages.get(pkg).map(|r| &self.data[r.clone()])
    }

    /// Every package, sorted.
    pub fn packages(&self) -> impl Iterator<Item = &str> {
        self.packages.keys().map(String::as_str)
    }

    /// Bytes of all stubs (decompressed).
    pub fn len(&self) -> usize {
        self.data.len()
    }

    /// Whether the bundle holds no package.
    pub fn is_empty(&self) -> bool {
        self.packages.is_empty()
    }

    /// Reads a decompressed bundle.
    pub fn parse(data: Vec<u8>) -> Result<StdBundle, ToolchainError> {
        let bad = |m: &str| ToolchainError::StdBundle(format!("std bundle: {m}"));
        let head_end = data
            .windows(2)
            .position(|w| w == b"\n\n")
            .ok_or_else(|| bad("no end of the package list"))?;
        let head = std::str::from_utf8(&data[..head_end]).map_err(|_| bad("package list is not text"))?;
        let mut lines = head.lines();
        let first = lines.next().unwrap_or_default();
        let version = match first.split(' ').collect::<Vec<_>>()[..] {
            ["gosym-std-stubs", "1", v, _] => v.to_string(),
            _ => return Err(bad(&format!("unknown format {first:?}"))),
        };
        let mut at = head_end + 2;
        let mut packages = BTreeMap::new();
        for l in lines {
            let (pkg, len) = l.split_once(' ').ok_or_else(|| bad("malformed package line"))?;
            let len: usize = len.parse().map_err(|_| bad("malformed package length"))?;
            let end = at.checked_add(len).filter(|&e| e <= data.len());
            let end = end.ok_or_else(|| bad(&format!("{pkg} runs past the end")))?;
            packages.insert(pkg.to_string(), at..end);
            at = end;
        }
        Ok(StdBundle {
            version,
            data,
            packages,
        })
    }
}

/// A decompressed bundle of `stubs` (`(import path, stub archive)`), as
/// the generator writes it before compressing.
pub fn encode(version: &str, stubs: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut out = format!("gosym-std-stubs 1 {version} {}/{}\n", PLATFORM.0, PLATFORM.1).into_bytes();
    for (pkg, s) in stubs {
        out.extend_from_slice(format!("{pkg} {}\n", s.len()).as_bytes());
    }
    out.push(b'\n');
    for (_, s) in stubs {
        out.extend_from_slice(s);
    }
    out
}

/// Decompresses a zstd stream.
pub fn decompress(compressed: &[u8]) -> Result<Vec<u8>, ToolchainError> {
    let bad = |e: &dyn std::fmt::Display| ToolchainError::StdBundle(format!("std bundle: {e}"));
    let mut out = Vec::new();
    ruzstd::decoding::StreamingDecoder::new(compressed)
        .map_err(|e| bad(&e))?
        .read_to_end(&mut out)
        .map_err(|e| bad(&e))?;
    Ok(out)
}

/// Versions with built-in stubs.
pub fn versions() -> impl Iterator<Item = &'static str> {
    BUNDLES.iter().map(|(v, _)| *v)
}

/// The std stubs of release `version` for `goos`/`goarch`, if built in
/// (decompressed on first use).
pub fn for_release(version: &str, goos: &str, goarch: &str) -> Option<Result<&'static StdBundle, ToolchainError>> {
    static CACHE: OnceLock<Vec<OnceLock<Result<StdBundle, ToolchainError>>>> = OnceLock::new();
    if (goos, goarch) != PLATFORM {
        return None;
    }
    let i = BUNDLES.iter().position(|(v, _)| *v == version)?;
    let slots = CACHE.get_or_init(|| BUNDLES.iter().map(|_| OnceLock::new()).collect());
    let b = slots[i].get_or_init(|| decompress(BUNDLES[i].1).and_then(StdBundle::parse));
    Some(b.as_ref().map_err(Clone::clone))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encode_then_parse_round_trips() {
        let stubs = vec![("fmt".to_string(), b"abc".to_vec()), ("os".to_string(), b"de".to_vec())];
        let b = StdBundle::parse(encode("go1.99.1", &stubs)).unwrap();
        assert_eq!(b.version, "go1.99.1");
        assert_eq!(b.archive("fmt"), Some(&b"abc"[..]));
        assert_eq!(b.archive("os"), Some(&b"de"[..]));
        assert_eq!(b.packages().collect::<Vec<_>>(), ["fmt", "os"]);
    }

    #[test]
    fn a_bundle_that_lies_about_lengths_is_refused() {
        let mut raw = encode("go1.99.1", &[("fmt".to_string(), b"abc".to_vec())]);
        raw.truncate(raw.len() - 1);
        assert!(
            StdBundle::parse(raw)
                .unwrap_err()
                .to_string()
                .contains("fmt runs past the end")
        );
    }

    #[test]
    fn every_built_in_release_has_its_std() {
        for r in super::super::builtin::releases() {
            let b = for_release(r.version, "linux", "amd64")
                .unwrap_or_else(|| panic!("no std stubs for {}", r.version))
                .unwrap();
            assert_eq!(b.version, r.version);
            assert!(b.archive("runtime").is_some() && b.archive("fmt").is_some());
            assert!(for_release(r.version, "linux", "arm64").is_none());
        }
    }
}
