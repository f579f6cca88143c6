//! Std stubs: a std archive reduced to what a check needs of it, so that
//! the built-in release facts ([`super::stdbundle`]) can carry a whole std
//! in a few megabytes. A stub is itself a Go archive, read by the same
//! code as the real one:
//!
//! - `__.PKGDEF`: the text header and the export data's framing (format,
//!   version, fingerprint) without the payload;
//! - each Go object: its text part verbatim (header line, build id, cgo
//!   directives), then a binary part in the object's own layout with the
//!   same fingerprint, flags and imports, every package definition in
//!   order (other packages find them by index), the non-package
//!   definitions except DWARF (`go:cuinfo.*` kept, with its data), no
//!   hashed definitions or aux symbols, and of the references and
//!   relocations only those into package main: the one edge from std to
//!   user code (in every release, the runtime's `main.main`, through
//!   `runtime.main_main·f`), kept with its symbol's data so that a link
//!   without `main.main` fails as it does. Any other definition with
//!   content keeps one byte of it, so that "has content" (the duplicate
//!   rule, pushed linkname variables) reads as before;
//! - host (ELF) members and the go command's sentinels verbatim.
//!
//! What a stub cannot answer (std's own reachability and undefined
//! targets; `-strictdups` payload comparisons) is left out of checks
//! against it: the dead-code pass takes the stub definitions that keep a
//! relocation as reachable (the runtime reaches `main.main` in every
//! link), and the loader compares no payloads with a stub.

use crate::error::{ReadError, ReadResult};
use crate::read::archive::members;
use crate::read::goobj::layout::{Blk, Layout, SYM_ABI_STATIC};
use crate::read::goobj::object::ALL_BLKS;
use crate::read::goobj::{GoObj, Sym, SymRef, Target};
use crate::read::member::MemberKind;
use crate::read::pkgdef::PkgDef;

/// The stub of the std archive `archive`.
pub fn stub_archive(archive: &[u8]) -> ReadResult<Vec<u8>> {
    let mut out = b"!<arch>\n".to_vec();
    for m in members(archive)? {
        if m.truncated || m.thin {
            return Err(ReadError::new(
                "truncated or thin member in a std archive",
                m.data_offset,
            ));
        }
        let data = match m.kind {
            MemberKind::PkgDef => stub_pkgdef(m.data).map_err(|e| e.shift(m.data_offset))?,
            MemberKind::GoObject => stub_object(m.data).map_err(|e| e.shift(m.data_offset))?,
            _ => m.data.to_vec(),
        };
        push_member(&mut out, m.name, &data);
    }
    Ok(out)
}

/// An `ar` member: the 60-byte header as Go's `pack` writes it, the data,
/// an even-size pad.
fn push_member(out: &mut Vec<u8>, name: &[u8], data: &[u8]) {
    let mut header = format!("{:<16}{:<12}{:<6}{:<6}{:<8}{:<10}`\n", "", 0, 0, 0, 644, data.len()).into_bytes();
    let n = name.len().min(16);
    header[..n].copy_from_slice(&name[..n]);
    out.extend_from_slice(&header);
    out.extend_from_slice(data);
    if data.len() % 2 == 1 {
        out.push(b'\n');
    }
}

/// `__.PKGDEF` without its payload: everything up to the format version,
/// then the fingerprint and the end marker.
fn stub_pkgdef(data: &[u8]) -> ReadResult<Vec<u8>> {
    let d = PkgDef::parse(data)?;
    let mut out = data[..d.payload_at].to_vec();
    out.extend_from_slice(&d.fingerprint);
    out.extend_from_slice(b"\n$$\n");
    Ok(out)
}

/// Whether a non-package definition stays in the stub: everything but
/// DWARF, whose `go:cuinfo.*` (import path, producer flags) stays too.
fn keeps_nonpkg(obj: &GoObj<'_>, s: &Sym<'_>) -> bool {
    let dwarf = obj.tables.symkind_name(s.kind).is_some_and(|k| k.starts_with("SDWARF"));
    !dwarf || is_cuinfo(s.name)
}

fn is_cuinfo(name: &[u8]) -> bool {
    name.starts_with(b"go:cuinfo.") || name.starts_with(b"go.cuinfo.")
}

/// A string table being written after the header: `(len, off)` references.
struct Strings {
    base: u32,
    bytes: Vec<u8>,
}

impl Strings {
    fn add(&mut self, s: &[u8]) -> [u8; 8] {
        let mut r = [0u8; 8];
        r[..4].copy_from_slice(&(s.len() as u32).to_le_bytes());
        r[4..].copy_from_slice(&(self.base + self.bytes.len() as u32).to_le_bytes());
        self.bytes.extend_from_slice(s);
        r
    }
}

/// The stub of one Go object (see the module doc).
pub fn stub_object(data: &[u8]) -> ReadResult<Vec<u8>> {
    let obj = GoObj::parse(data)?;
    let layout = obj.layout;
    let mut strings = Strings {
        base: layout.header_size() as u32,
        bytes: Vec::new(),
    };
    let mut blocks: [Vec<u8>; 19] = Default::default();
    let blk = |b: Blk| b as usize;
    for i in 0..obj.nautolib() {
        let (path, fp) = obj.autolib(i)?;
        blocks[blk(Blk::Autolib)].extend_from_slice(&strings.add(path));
        blocks[blk(Blk::Autolib)].extend_from_slice(&fp);
    }
    for i in 0..obj.npkgidx() {
        let p = obj.pkgidx(i)?;
        blocks[blk(Blk::PkgIdx)].extend_from_slice(&strings.add(p));
    }
    let kept_nonpkg: Vec<u32> = obj
        .nonpkg_defs()
        .filter(|&i| obj.sym(i).is_ok_and(|s| keeps_nonpkg(&obj, &s)))
        .collect();
    let nkept = obj.nsym() + kept_nonpkg.len() as u32;
    // References into package main, renumbered after the kept definitions.
    let mut main_refs: Vec<u32> = Vec::new();
    let mut contents: Vec<Vec<u8>> = Vec::new();
    let mut relocs: Vec<Vec<u8>> = Vec::new();
    for (b, idxs) in [
        (Blk::Symdef, obj.package_defs().collect::<Vec<_>>()),
        (Blk::Nonpkgdef, kept_nonpkg),
    ] {
        for i in idxs {
            let s = obj.sym(i)?;
            // Statics are never found from outside: their names stay out.
            let name = if s.abi == SYM_ABI_STATIC { &b""[..] } else { s.name };
            blocks[blk(b)].extend_from_slice(&strings.add(name));
            blocks[blk(b)].extend_from_slice(&sym_fields(layout, &s));
            let kept = relocs_into_main(&obj, data, i, nkept, &mut main_refs)?;
            let d = obj.data(i)?;
            contents.push(match d {
                _ if is_cuinfo(s.name) || !kept.is_empty() => d.to_vec(),
                [] => Vec::new(),
                _ => vec![0],
            });
            relocs.push(kept.concat());
        }
    }
    for &r in &main_refs {
        let s = obj.sym(r)?;
        blocks[blk(Blk::Nonpkgref)].extend_from_slice(&strings.add(s.name));
        blocks[blk(Blk::Nonpkgref)].extend_from_slice(&sym_fields(layout, &s));
    }
    let ndef = contents.len();
    blocks[blk(Blk::AuxIdx)] = vec![0u8; (ndef + 1) * 4];
    let (mut data_off, mut reloc_n) = (0u32, 0u32);
    blocks[blk(Blk::DataIdx)].extend_from_slice(&0u32.to_le_bytes());
    blocks[blk(Blk::RelocIdx)].extend_from_slice(&0u32.to_le_bytes());
    for (c, r) in contents.iter().zip(&relocs) {
        data_off += c.len() as u32;
        blocks[blk(Blk::DataIdx)].extend_from_slice(&data_off.to_le_bytes());
        blocks[blk(Blk::Data)].extend_from_slice(c);
        reloc_n += (r.len() / layout.reloc_size()) as u32;
        blocks[blk(Blk::RelocIdx)].extend_from_slice(&reloc_n.to_le_bytes());
        blocks[blk(Blk::Reloc)].extend_from_slice(r);
    }
    // Header, string table, blocks in the layout's order.
    let mut order: Vec<(usize, Blk)> = ALL_BLKS
        .iter()
        .filter_map(|&b| layout.index(b).map(|i| (i, b)))
        .collect();
    order.sort_by_key(|(i, _)| *i);
    let mut bin = Vec::new();
    bin.extend_from_slice(&obj.bin()[..8]);
    bin.extend_from_slice(&obj.fingerprint);
    bin.extend_from_slice(&obj.flags.to_le_bytes());
    let mut at = layout.header_size() + strings.bytes.len();
    let mut offsets = Vec::new();
    for (_, b) in &order {
        offsets.push(at as u32);
        at += blocks[blk(*b)].len();
    }
    offsets.push(at as u32);
    debug_assert_eq!(offsets.len(), layout.nblk());
    for o in offsets {
        bin.extend_from_slice(&o.to_le_bytes());
    }
    bin.extend_from_slice(&strings.bytes);
    for (_, b) in &order {
        bin.extend_from_slice(&blocks[blk(*b)]);
    }
    let mut out = data[..obj.bin_offset].to_vec();
    out.extend_from_slice(&bin);
    Ok(out)
}

/// The relocations of definition `i` whose target is a non-package
/// reference into package main, as records pointing at the stub's own
/// references (`main_refs`, numbered from `nkept`).
fn relocs_into_main(
    obj: &GoObj<'_>,
    data: &[u8],
    i: u32,
    nkept: u32,
    main_refs: &mut Vec<u32>,
) -> ReadResult<Vec<Vec<u8>>> {
    let size = obj.layout.reloc_size();
    let none = obj.layout.special_pkg().none;
    let mut out = Vec::new();
    for j in obj.reloc_range(i)? {
        let r = obj.reloc(j)?;
        let Ok(Target::Local(t)) = obj.target(r.sym) else {
            continue;
        };
        if t < obj.ndef() || !obj.sym(t)?.name.starts_with(b"main.") {
            continue;
        }
        let k = match main_refs.iter().position(|&m| m == t) {
            Some(k) => k,
            None => {
                main_refs.push(t);
                main_refs.len() - 1
            }
        };
        let at = obj.reloc_record_offset(j) as usize;
        let mut rec = data
            .get(at..at + size)
            .ok_or(ReadError::new("truncated relocation", at as u64))?
            .to_vec();
        let sym = SymRef {
            pkg: none,
            idx: nkept - obj.nsym() + k as u32,
        };
        rec[size - 8..size - 4].copy_from_slice(&sym.pkg.to_le_bytes());
        rec[size - 4..].copy_from_slice(&sym.idx.to_le_bytes());
        out.push(rec);
    }
    Ok(out)
}

/// A symbol record after its name: ABI, kind, flags, size, alignment.
fn sym_fields(layout: Layout, s: &Sym<'_>) -> Vec<u8> {
    let mut r = Vec::with_capacity(13);
    r.extend_from_slice(&s.abi.to_le_bytes());
    r.push(s.kind);
    r.push(s.flag);
    if layout == Layout::Go118 {
        r.push(s.flag2);
    }
    r.extend_from_slice(&s.siz.to_le_bytes());
    r.extend_from_slice(&s.align.to_le_bytes());
    r
}
