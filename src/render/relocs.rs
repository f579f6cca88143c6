//! Renders relocations: ELF sections as `readelf -rW` prints them, and Go
//! object relocations one per line, `SYMBOL [off:end]R_TYPE:target+addend`
//! in the style of `go tool objdump`, with the producing release's names.

use std::io::Write;

use crate::model::relocs::GoReloc;
use crate::read::elfreloc::{ElfRelocs, type_name};

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

/// Go relocations of one object, one per line, prefixed with `prefix`:
/// `SYMBOL\t[off:end]R_TYPE:target+addend`.
pub fn write_go(w: &mut Vec<u8>, prefix: &str, relocs: &[GoReloc]) {
    for r in relocs {
        w.extend_from_slice(prefix.as_bytes());
        w.extend_from_slice(if r.from.is_empty() { b"(unnamed)" } else { &r.from });
        let _ = write!(w, "\t[{}:{}]{}", r.off, r.off as i64 + r.siz as i64, r.typ);
        if !r.target.is_empty() {
            w.push(b':');
            w.extend_from_slice(&r.target);
        }
        if r.add != 0 {
            let _ = write!(w, "{:+}", r.add);
        }
        w.push(b'\n');
    }
}

/// Go relocations as JSON values.
pub fn go_json(relocs: &[GoReloc]) -> serde_json::Value {
    let lossy = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    serde_json::Value::Array(
        relocs
            .iter()
            .map(|r| {
                serde_json::json!({
                    "symbol": lossy(&r.from),
                    "offset": r.off,
                    "size": r.siz,
                    "type": r.typ,
                    "target": lossy(&r.target),
                    "addend": r.add,
                })
            })
            .collect(),
    )
}

/// ELF relocation sections as JSON values (the fields `readelf -rW` prints).
pub fn elf_json(r: &ElfRelocs<'_>) -> serde_json::Value {
    let lossy = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    serde_json::Value::Array(
        r.sections
            .iter()
            .map(|s| {
                let relocs: Vec<serde_json::Value> = s
                    .relocs
                    .iter()
                    .map(|e| {
                        serde_json::json!({
                            "offset": e.offset,
                            "info": e.info,
                            "type": type_name(r.machine, e.rtype).map(str::to_string)
                                .unwrap_or_else(|| format!("unrecognized: {:x}", e.rtype)),
                            "symbol": (e.sym != 0).then(|| lossy(e.sym_name)),
                            "symbol_value": (e.sym != 0).then_some(e.sym_value),
                            "version": e.sym_version.map(|(v, _)| lossy(v)),
                            "addend": e.addend,
                        })
                    })
                    .collect();
                serde_json::json!({
                    "section": lossy(s.name),
                    "offset": s.offset,
                    "relocations": relocs,
                    "relr_offsets": s.relr.as_ref().map(|(_, o)| o.clone()),
                })
            })
            .collect(),
    )
}
