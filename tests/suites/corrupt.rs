//! Corrupted copies of real fixtures: truncated at many offsets, and bytes
//! flipped in the object header, block offset table, block contents and
//! string references. Every one must give an error (or, for harmless flips,
//! a clean result) and never a panic.

use crate::common;
use common::*;
use gosym::input::Source;
use gosym::model::file::{Content, FileView};
use gosym::model::summary::summarise;
use gosym::nm::{SortOrder, list};

fn source(bytes: Vec<u8>) -> Source {
    Source::from_bytes("corrupt.a", bytes)
}

/// Parses, lists and summarises; returns whether any layer reported an error.
fn errors(bytes: Vec<u8>) -> bool {
    let src = source(bytes);
    match FileView::parse(&src) {
        Err(_) => true,
        Ok(v) => {
            let _ = summarise("corrupt.a", &v);
            let nm_err = list(&v, SortOrder::Name).is_err();
            v.first_error().is_some() || nm_err
        }
    }
}

fn fixtures() -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for (v, dir) in fixture_dirs() {
        for f in ["plain.a", "cgopkg.a", "double.o"] {
            out.push((format!("go{v}/{f}"), std::fs::read(dir.join(f)).unwrap()));
        }
    }
    out
}

/// Where the `_go_.o` member's binary part starts, and its block offset table.
fn go_obj_bin(bytes: &[u8]) -> (usize, usize, usize) {
    let src = source(bytes.to_vec());
    let v = FileView::parse(&src).unwrap();
    let (u, o) = v.go_objects().next().unwrap();
    let bin = u.offset as usize + o.bin_offset;
    let nblk = if o.tables.minor == 15 { 15 } else { 19 };
    (bin, bin + 20, nblk)
}

#[test]
fn truncations_error_and_never_panic() {
    let mut cases = 0;
    for (name, bytes) in fixtures() {
        let src = source(bytes.clone());
        let view = FileView::parse(&src).unwrap();
        // Cuts at member boundaries leave a valid, shorter archive.
        let boundaries: Vec<usize> = view
            .units
            .iter()
            .map(|u| u.offset as usize + u.data.len() + (u.data.len() & 1))
            .chain([8])
            .collect();
        let step = (bytes.len() / 300).max(1);
        let cuts = (0..bytes.len().min(400)).chain((400..bytes.len()).step_by(step));
        for cut in cuts {
            let err = errors(bytes[..cut].to_vec());
            let at_boundary = boundaries.contains(&cut) || (cut > 0 && boundaries.contains(&(cut - 1)));
            assert!(err || at_boundary, "{name}: truncation at {cut} was accepted");
            cases += 1;
        }
    }
    println!("{cases} truncated inputs, all rejected or cut at a member boundary");
}

#[test]
fn hostile_offsets_and_counts_are_errors() {
    for (name, bytes) in fixtures() {
        let (bin, table, nblk) = go_obj_bin(&bytes);
        // Every block offset pointed past the end, or to 0xFFFFFFFF.
        for i in 0..nblk {
            for val in [u32::MAX, 0x7FFF_FFFF, (bytes.len() * 2) as u32] {
                let mut b = bytes.clone();
                b[table + 4 * i..table + 4 * i + 4].copy_from_slice(&val.to_le_bytes());
                assert!(errors(b), "{name}: block offset {i} = {val:#x} accepted");
            }
        }
        // Magic and version string damage.
        for (at, what) in [(bin + 1, b'X'), (bin + 4, b'9')] {
            let mut b = bytes.clone();
            b[at] = what;
            assert!(errors(b), "{name}: damaged magic accepted");
        }
    }
}

#[test]
fn string_refs_and_indices_out_of_range_are_errors() {
    for (name, bytes) in fixtures() {
        let src = source(bytes.clone());
        let v = FileView::parse(&src).unwrap();
        let (u, o) = v.go_objects().next().unwrap();
        let bin = u.offset as usize + o.bin_offset;
        let off = |i: usize| {
            let t = bin + 20 + 4 * i;
            u32::from_le_bytes(bytes[t..t + 4].try_into().unwrap()) as usize
        };
        let symdef = off(3);
        // First symbol's name: length and offset made huge.
        for (field, val) in [(0usize, u32::MAX), (4, u32::MAX), (4, (bytes.len() + 1) as u32)] {
            let mut b = bytes.clone();
            let at = bin + symdef + field;
            b[at..at + 4].copy_from_slice(&val.to_le_bytes());
            assert!(errors(b), "{name}: symbol name reference {field}={val:#x} accepted");
        }
        // RelocIdx second entry made huge: a symbol claims 4 billion relocations.
        let relocidx = if o.tables.minor == 15 { off(6) } else { off(11) };
        let mut b = bytes.clone();
        let at = bin + relocidx + 4;
        b[at..at + 4].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(errors(b), "{name}: relocation index past the block accepted");
        drop(v);
    }
}

#[test]
fn random_flips_never_panic() {
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    let mut rnd = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut n = 0;
    for (_, bytes) in fixtures() {
        for _ in 0..150 {
            let mut b = bytes.clone();
            for _ in 0..1 + rnd() % 4 {
                let i = (rnd() as usize) % b.len();
                b[i] ^= 1 << (rnd() % 8);
            }
            let _ = errors(b);
            n += 1;
        }
    }
    println!("{n} randomly corrupted inputs handled without a panic");
}

#[test]
fn cli_reports_file_member_and_offset_and_goes_on() {
    let dir = testdata().join("go1.22");
    let tmp = std::env::temp_dir().join(format!("gosym-corrupt-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();
    let good = std::fs::read(dir.join("plain.a")).unwrap();
    let (_, table, _) = go_obj_bin(&good);
    let mut bad = good.clone();
    bad[table + 4 * 3..table + 4 * 3 + 4].copy_from_slice(&u32::MAX.to_le_bytes());
    std::fs::write(tmp.join("bad.a"), &bad).unwrap();
    std::fs::write(tmp.join("empty.a"), b"").unwrap();
    std::fs::write(tmp.join("text.a"), b"not an archive at all\n").unwrap();
    std::fs::write(tmp.join("trunc.a"), &good[..good.len() / 2]).unwrap();
    std::fs::copy(dir.join("plain.a"), tmp.join("good.a")).unwrap();
    let out = run_in(
        &tmp,
        &["nm", "bad.a", "empty.a", "good.a", "text.a", "trunc.a", "missing.a"],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.a(_go_.o): block offset past the end of the object at byte offset"),
        "{err}"
    );
    assert!(err.contains("empty.a: empty file at byte offset 0"), "{err}");
    assert!(
        err.contains("text.a: not a Go archive, Go object, ELF, Mach-O, PE or WebAssembly file"),
        "{err}"
    );
    assert!(err.contains("trunc.a"), "{err}");
    assert!(err.contains("missing.a: no such file or directory"), "{err}");
    // The good input is still listed.
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("good.a:\t") && text.contains("example.com/m/plain.Shout"),
        "{text}"
    );
    std::fs::remove_dir_all(&tmp).unwrap();
    let _ = Content::Unknown;
}

/// Replaces the first occurrence of `from` with `to` (same length).
fn patch(bytes: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    assert_eq!(from.len(), to.len());
    let at = bytes
        .windows(from.len())
        .position(|w| w == from)
        .expect("pattern present");
    let mut b = bytes.to_vec();
    b[at..at + to.len()].copy_from_slice(to);
    b
}

fn first_error_text(bytes: Vec<u8>) -> String {
    let src = source(bytes);
    let v = FileView::parse(&src).unwrap();
    let e = v.first_error().map(|(_, e)| e.what.to_string());
    e.expect("an error")
}

#[test]
fn unknown_formats_and_versions_are_named() {
    let obj = std::fs::read(testdata().join("go1.22/double.o")).unwrap();
    let cases: [(&[u8], &[u8], &str); 3] = [
        (
            b"\x00go120ld",
            b"\x00go114ld",
            "pre-go1.15 object format (\\x00go114ld)",
        ),
        (b"\x00go120ld", b"\x00go117ld", "go1.17 object format"),
        (b"\x00go120ld", b"\x00go199ld", "unknown Go object format version"),
    ];
    for (from, to, want) in cases {
        let got = first_error_text(patch(&obj, from, to));
        assert!(got.contains(want), "{want:?} not in {got:?}");
    }
    // A newer release in a known layout reads with the newest tables (a
    // warning, tests/suites/strict.rs), not an error.
    let newer = source(patch(&obj, b"go1.22.12", b"go1.99.12"));
    assert!(FileView::parse(&newer).unwrap().first_error().is_none());
    let devel = patch(&obj, b"go1.22.12", b"devel 1.2");
    assert!(first_error_text(devel).contains("unrecognised Go version"));
}
