//! Renders relocations: ELF sections as `readelf -rW` prints them, and Go
//! object relocations one per line, `SYMBOL [off:end]R_TYPE:target+addend`
//! in the style of `go tool objdump`, with the producing release's names.

use std::io::Write;

use crate::error::ReadError;
use crate::read::elfreloc::{ElfRelocs, type_name};
use crate::read::goobj::layout::SYM_ABI_STATIC;
use crate::read::goobj::{GoObj, Target};

/// `readelf -rW` text for one ELF file (or archive member).
pub fn write_elf(w: &mut Vec<u8>, r: &ElfRelocs<'_>) {
    // readelf skips empty relocation sections.
    let nonempty =
        |s: &&crate::read::elfreloc::RelocSection<'_>| !s.relocs.is_empty() || s.relr.as_ref().is_some_and(|r| r.0 > 0);
    if !r.sections.iter().any(|s| nonempty(&s)) {
        w.extend_from_slice(b"\nThere are no relocations in this file.\n");
        return;
    }
    for s in r.sections.iter().filter(nonempty) {
        if let Some((words, offsets)) = &s.relr {
            let _ = writeln!(
                w,
                "\nRelocation section '{}' at offset 0x{:x} contains {words} {}:",
                String::from_utf8_lossy(s.name),
                s.offset,
                if *words == 1 { "entry" } else { "entries" }
            );
            let _ = writeln!(
                w,
                "  {} offset{}",
                offsets.len(),
                if offsets.len() == 1 { "" } else { "s" }
            );
            for o in offsets {
                let _ = writeln!(w, "{o:0width$x}", width = if r.elf64 { 16 } else { 8 });
            }
            continue;
        }
        let n = s.relocs.len();
        let _ = writeln!(
            w,
            "\nRelocation section '{}' at offset 0x{:x} contains {n} {}:",
            String::from_utf8_lossy(s.name),
            s.offset,
            if n == 1 { "entry" } else { "entries" }
        );
        if r.elf64 {
            w.extend_from_slice(
                b"    Offset             Info             Type               Symbol's Value  Symbol's Name + Addend\n",
            );
        } else {
            w.extend_from_slice(b" Offset     Info    Type                Sym. Value  Symbol's Name + Addend\n");
        }
        for e in &s.relocs {
            let (ow, vw, pad) = if r.elf64 { (16, 16, 20) } else { (8, 8, 12) };
            let _ = write!(w, "{:0ow$x}  {:0ow$x} ", e.offset, e.info);
            match type_name(r.machine, e.rtype) {
                Some(t) => {
                    let _ = write!(w, "{t:<22}");
                }
                None => {
                    let _ = write!(w, "unrecognized: {:<7x}", e.rtype);
                }
            }
            if e.sym != 0 {
                let _ = write!(w, " {:0vw$x} ", e.sym_value);
                w.extend_from_slice(e.sym_name);
                if let Some((v, single)) = e.sym_version {
                    w.extend_from_slice(if single { b"@" } else { b"@@" });
                    w.extend_from_slice(v);
                }
                if let Some(a) = e.addend {
                    if a < 0 {
                        let _ = write!(w, " - {:x}", a.unsigned_abs());
                    } else {
                        let _ = write!(w, " + {a:x}");
                    }
                }
            } else if let Some(a) = e.addend {
                let _ = write!(w, "{:pad$}", "");
                if a < 0 {
                    let _ = write!(w, "-{:x}", a.unsigned_abs());
                } else {
                    let _ = write!(w, "{a:x}");
                }
            }
            w.push(b'\n');
        }
    }
}

/// Go relocations of one object, one per line, prefixed with `prefix`.
pub fn write_go(w: &mut Vec<u8>, prefix: &str, o: &GoObj<'_>) -> Result<(), ReadError> {
    let mut refnames = std::collections::HashMap::new();
    for i in 0..o.nrefname() {
        let (r, n) = o.refname(i)?;
        refnames.insert(r, n);
    }
    let name_of = |i: u32| -> Result<Vec<u8>, ReadError> {
        let s = o.sym(i)?;
        let mut n = s.name.to_vec();
        if s.abi == SYM_ABI_STATIC {
            n.extend_from_slice(b"<1>");
        }
        Ok(n)
    };
    let mut outside = None;
    for i in 0..o.ndef() {
        let records = o.reloc_range(i)?;
        if records.is_empty() {
            continue;
        }
        let from = name_of(i)?;
        let len = o.data(i)?.len();
        for j in records {
            let r = o.reloc(j)?;
            if outside.is_none() && r.outside(len) {
                outside = Some(ReadError::new(
                    "relocation outside its symbol's data (the linker reports \"invalid relocation\")",
                    o.reloc_record_offset(j),
                ));
            }
            let target: Vec<u8> = match o.target(r.sym)? {
                Target::Nil => Vec::new(),
                Target::Local(t) => name_of(t)?,
                Target::Builtin(b) => match o.tables.builtin(b) {
                    Some((n, 0)) => n.as_bytes().to_vec(),
                    Some((n, abi)) => format!("{n}<{abi}>").into_bytes(),
                    None => b"?".to_vec(),
                },
                Target::Package(..) => refnames.get(&r.sym).map(|n| n.to_vec()).unwrap_or_default(),
            };
            let tname = match o.tables.reloc_name(r.typ) {
                Some(n) if o.tables.reloc_is_weak(r.typ) => format!("R_WEAK|{n}"),
                Some(n) => n.to_string(),
                None => format!("RelocType({})", r.typ as i16),
            };
            w.extend_from_slice(prefix.as_bytes());
            w.extend_from_slice(if from.is_empty() { b"(unnamed)" } else { &from });
            let _ = write!(w, "\t[{}:{}]{tname}", r.off, r.off as i64 + r.siz as i64);
            if !target.is_empty() {
                w.push(b':');
                w.extend_from_slice(&target);
            }
            if r.add != 0 {
                let _ = write!(w, "{:+}", r.add);
            }
            w.push(b'\n');
        }
    }
    // Listed in full; the first relocation outside its symbol is the error.
    outside.map_or(Ok(()), Err)
}
