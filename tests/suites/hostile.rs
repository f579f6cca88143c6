//! Hostile inputs the corruption sweep of `corrupt.rs` does not aim at:
//! overlapping blocks, relocations outside their symbol, archive member
//! sizes past the end of the archive, zero-length and odd-sized members.
//! Each is built from a real fixture (corrupted copies, or members added
//! with binutils `ar`), and each must give a clear error naming the file,
//! the member and the byte offset, or be read correctly.

use crate::common;
use common::*;
use gosym::input::Source;
use gosym::model::file::FileView;
use std::path::PathBuf;

fn source(bytes: Vec<u8>) -> Source {
    Source::from_bytes("x.a", bytes)
}

fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("gosym-hostile-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// `(absolute offset of the block offset table, number of blocks)` of the
/// archive's Go object.
fn block_table(bytes: &[u8]) -> (usize, usize) {
    let src = source(bytes.to_vec());
    let v = FileView::parse(&src).unwrap();
    let (u, o) = v.go_objects().next().unwrap();
    let nblk = if o.tables.minor == 15 { 15 } else { 19 };
    (u.offset as usize + o.bin_offset + 20, nblk)
}

#[test]
fn overlapping_blocks_are_errors_at_the_offending_table_entry() {
    let mut cases = 0;
    for (v, dir) in fixture_dirs() {
        let bytes = std::fs::read(dir.join("plain.a")).unwrap();
        let (table, nblk) = block_table(&bytes);
        let off = |b: &[u8], i: usize| u32::from_le_bytes(b[table + 4 * i..table + 4 * i + 4].try_into().unwrap());
        for i in 1..nblk {
            // Block i made to start inside block i-1: the two overlap.
            let prev = off(&bytes, i - 1);
            if prev == 0 {
                continue;
            }
            let mut b = bytes.clone();
            b[table + 4 * i..table + 4 * i + 4].copy_from_slice(&(prev - 1).to_le_bytes());
            let src = source(b);
            let view = FileView::parse(&src).unwrap();
            let (u, e) = view.first_error().expect("overlap accepted");
            assert_eq!(u.name_lossy(), "_go_.o");
            assert_eq!(e.what, "block offsets out of order", "go{v} block {i}");
            assert_eq!(e.offset, (table + 4 * i) as u64, "go{v} block {i}");
            cases += 1;
        }
    }
    assert!(cases > 100, "{cases}");
}

#[test]
fn relocations_outside_their_symbol_are_errors() {
    let d = scratch("reloc");
    for (v, dir) in fixture_dirs() {
        let good = std::fs::read(dir.join("plain.a")).unwrap();
        let (bad, at, _) = reloc_moved_outside(&good, |_| true);
        let p = d.join(format!("plain{v}.a"));
        std::fs::write(&p, &bad).unwrap();
        let want = run_in(&dir, &["relocs", "plain.a"]);
        assert!(want.status.success());
        let got = gosym().arg("relocs").arg(&p).output().unwrap();
        assert_eq!(got.status.code(), Some(2), "go{v}");
        let err = String::from_utf8_lossy(&got.stderr);
        assert!(
            err.contains(&format!(
                "{}(_go_.o): relocation outside its symbol's data (the linker reports \"invalid relocation\") at byte offset {at}",
                p.display()
            )),
            "go{v}: {err}"
        );
        // Everything is still listed, the moved relocation with its new range.
        let (w, g) = (
            String::from_utf8_lossy(&want.stdout),
            String::from_utf8_lossy(&got.stdout),
        );
        assert_eq!(w.lines().count(), g.lines().count(), "go{v}");
        assert_ne!(w, g);
    }
    std::fs::remove_dir_all(&d).unwrap();
}

/// Offset of the ar header of member `name` (Go and GNU name fields).
fn member_header(bytes: &[u8], name: &str) -> usize {
    let mut at = 8;
    while at + 60 <= bytes.len() {
        let field = String::from_utf8_lossy(&bytes[at..at + 16]);
        let size: usize = String::from_utf8_lossy(&bytes[at + 48..at + 58])
            .trim()
            .parse()
            .unwrap();
        if field.trim_end().trim_end_matches('/') == name {
            return at;
        }
        at += 60 + size + (size & 1);
    }
    panic!("member {name} not found");
}

#[test]
fn member_sizes_past_the_archive_end_are_errors_naming_the_member() {
    let d = scratch("size");
    for (v, dir) in fixture_dirs() {
        let good = std::fs::read(dir.join("plain.a")).unwrap();
        for (member, size) in [("_go_.o", "4294967295"), ("__.PKGDEF", "9999999999")] {
            let h = member_header(&good, member);
            let mut bad = good.clone();
            bad[h + 48..h + 58].copy_from_slice(size.as_bytes());
            let p = d.join(format!("plain{v}-{member}.a"));
            std::fs::write(&p, &bad).unwrap();
            let o = gosym().arg("nm").arg(&p).arg(dir.join("plain.a")).output().unwrap();
            assert_eq!(o.status.code(), Some(2), "go{v} {member}");
            let err = String::from_utf8_lossy(&o.stderr);
            assert!(
                err.contains(&format!(
                    "{}({member}): archive member data past the end of the file at byte offset {}",
                    p.display(),
                    bad.len()
                )),
                "go{v} {member}: {err}"
            );
            // The other input is listed all the same.
            assert!(String::from_utf8_lossy(&o.stdout).contains("example.com/m/plain.Shout"));
        }
    }
    std::fs::remove_dir_all(&d).unwrap();
}

#[test]
fn zero_length_and_odd_sized_members_keep_the_framing() {
    let d = scratch("members");
    let x = std::process::Command::new("ar")
        .current_dir(&d)
        .args(["x", testdata().join("go1.22/plain.a").to_str().unwrap()])
        .status();
    if !x.map(|s| s.success()).unwrap_or(false) {
        eprintln!("binutils ar not found: skipped");
        return;
    }
    std::fs::write(d.join("odd.txt"), b"abc").unwrap();
    std::fs::write(d.join("empty.txt"), b"").unwrap();
    std::fs::write(d.join("odd2.txt"), b"abcde").unwrap();
    // The odd-sized member first, so every later header sits behind a pad byte.
    let st = std::process::Command::new("ar")
        .current_dir(&d)
        .args(["q", "new.a", "__.PKGDEF", "odd.txt", "empty.txt", "_go_.o", "odd2.txt"])
        .status()
        .unwrap();
    assert!(st.success());
    let o = gosym()
        .args(["info", "--format", "json"])
        .arg(d.join("new.a"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let members: Vec<(String, u64)> = doc["files"][0]["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["name"].as_str().unwrap().to_string(), m["size"].as_u64().unwrap()))
        .collect();
    let names: Vec<&str> = members.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["__.PKGDEF", "odd.txt", "empty.txt", "_go_.o", "odd2.txt"]);
    assert_eq!(members[1].1, 3);
    assert_eq!(members[2].1, 0);
    assert_eq!(members[4].1, 5);
    // The Go object behind the odd and empty members is decoded whole.
    assert_eq!(doc["files"][0]["import_path"], "example.com/m/plain", "{doc:#}");
    assert_eq!(doc["files"][0]["counts"]["relocations"], 133);
    let reference = run_in(&testdata().join("go1.22"), &["relocs", "plain.a"]);
    let relocs = gosym().arg("relocs").arg(d.join("new.a")).output().unwrap();
    assert_eq!(relocs.status.code(), Some(0));
    let strip = |s: &[u8]| -> Vec<String> {
        String::from_utf8_lossy(s)
            .lines()
            .map(|l| l.split_once('\t').map(|x| x.1).unwrap_or(l).to_string())
            .collect()
    };
    assert_eq!(strip(&reference.stdout), strip(&relocs.stdout));
    std::fs::remove_dir_all(&d).unwrap();
}

#[test]
fn an_extracted_pkgdef_is_named_as_export_data() {
    let d = scratch("pkgdef");
    let x = std::process::Command::new("ar")
        .current_dir(&d)
        .args(["x", testdata().join("go1.27/plain.a").to_str().unwrap(), "__.PKGDEF"])
        .status();
    if !x.map(|s| s.success()).unwrap_or(false) {
        eprintln!("binutils ar not found: skipped");
        return;
    }
    let o = run_in(&d, &["nm", "__.PKGDEF"]);
    assert_eq!(o.status.code(), Some(2));
    let len = std::fs::metadata(d.join("__.PKGDEF")).unwrap().len();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains(&format!(
            "__.PKGDEF: no end of text header (\"\\n!\\n\") after export data: an extracted __.PKGDEF (export data only) or a truncated Go object at byte offset {len}"
        )),
        "{err}"
    );
    std::fs::remove_dir_all(&d).unwrap();
}

fn le(b: &[u8], at: usize, n: usize) -> u64 {
    b[at..at + n].iter().rev().fold(0, |v, &x| (v << 8) | u64::from(x))
}

/// `(sh_offset, sh_link)` of the first section of type `sh_type` of a
/// 64-bit little-endian ELF file.
fn section_of_type(b: &[u8], sh_type: u32) -> (usize, usize) {
    let (shoff, shnum) = (le(b, 0x28, 8) as usize, le(b, 0x3c, 2) as usize);
    (0..shnum)
        .map(|i| shoff + 64 * i)
        .find(|&h| le(b, h + 4, 4) as u32 == sh_type)
        .map(|h| (le(b, h + 24, 8) as usize, le(b, h + 40, 4) as usize))
        .expect("section")
}

#[test]
fn elf_errors_point_at_the_damaged_table() {
    let d = scratch("elf");
    let good = std::fs::read(testdata().join("elf/weak.o")).unwrap();
    // Section header table moved past the end of the file.
    let mut b = good.clone();
    let past = good.len() as u64 + 4096;
    b[0x28..0x30].copy_from_slice(&past.to_le_bytes());
    std::fs::write(d.join("shoff.o"), &b).unwrap();
    // First real symbol's name offset made huge.
    let (symtab, _) = section_of_type(&good, 2);
    let mut c = good.clone();
    c[symtab + 24..symtab + 28].copy_from_slice(&u32::MAX.to_le_bytes());
    std::fs::write(d.join("stname.o"), &c).unwrap();
    let o = run_in(&d, &["nm", "shoff.o", "stname.o"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains(&format!(
            "shoff.o: malformed ELF section headers (offset, count or string table outside the file) at byte offset {past}"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "stname.o: ELF symbol name out of range at byte offset {}",
            symtab + 24
        )),
        "{err}"
    );
    let r = run_in(&d, &["relocs", "shoff.o"]);
    assert!(String::from_utf8_lossy(&r.stderr).contains(&format!("at byte offset {past}")));
    std::fs::remove_dir_all(&d).unwrap();
}
