//! Host (ELF) objects inside Go archives, as internal linking loads them
//! (`ldhostobj`, then `loadelf.Load`): their global definitions define
//! symbols (version 0) that Go code may reference (an assembly function
//! calling into a `.syso`), and the relocations of a host object whose
//! symbols are reachable must find their targets, else the linker reports
//! `pkg(.text): relocation target X not defined`, naming the host
//! section as `loadelf` names it. Approximation: a host object is
//! reachable as a whole once one of its symbols is (the linker goes by
//! section).

use std::collections::{BTreeSet, HashSet};

use super::context::HostObj;
use super::loader::{Loader, SymVer};
use super::relocsym::linker_defined;
use super::report::{Category, Finding, Reporter};
use crate::read::elf::{ElfFile, SymTable};

/// The global definitions of host object `h`: defined (not `SHN_UNDEF`),
/// global or weak, named.
fn global_defs<'a>(h: &HostObj<'a>) -> Vec<&'a [u8]> {
    let Ok(elf) = ElfFile::parse(h.data) else {
        return Vec::new();
    };
    let Ok(Some(syms)) = elf.symbols(SymTable::Static) else {
        return Vec::new();
    };
    syms.iter()
        .filter(|s| s.shndx != object::elf::SHN_UNDEF.0 && !s.name.is_empty())
        .filter(|s| s.bind == object::elf::STB_GLOBAL.0 || s.bind == object::elf::STB_WEAK.0)
        .map(|s| s.name)
        .collect()
}

/// Defines the host objects' global symbols in the loader, where no Go
/// object defines them.
pub fn load(l: &mut Loader<'_, '_, '_>, hosts: &[HostObj<'_>]) {
    for (i, h) in hosts.iter().enumerate() {
        for name in global_defs(h) {
            l.define_from_host(name, i as u32);
        }
    }
}

/// `relocsym` for the reachable host objects: targets of their
/// relocations that nothing defines.
pub fn undefined(l: &Loader<'_, '_, '_>, hosts: &[HostObj<'_>], reached: &BTreeSet<u32>) -> Vec<Finding> {
    let tables = l.target.tables;
    let mut out = Vec::new();
    for &i in reached {
        let Some(h) = hosts.get(i as usize) else { continue };
        let Ok(elf) = ElfFile::parse(h.data) else { continue };
        let syms = elf.symbols(SymTable::Static).ok().flatten().unwrap_or_default();
        let defined: HashSet<&[u8]> = syms
            .iter()
            .filter(|s| s.shndx != object::elf::SHN_UNDEF.0)
            .map(|s| s.name)
            .collect();
        // `loadelf` resolves a relocation through its symbol entry: a
        // section symbol is that section of this object, a defined local
        // or global symbol is this object's own (a static function, the
        // `.rodata` a function reads, the `.text` an `.eh_frame` entry
        // covers); only an undefined entry is looked up among the others.
        let defined_here = |index: u32| {
            index
                .checked_sub(1)
                .and_then(|i| syms.get(i as usize))
                .is_some_and(|s| s.shndx != object::elf::SHN_UNDEF.0)
        };
        let Ok(relocs) = elf.relocations() else { continue };
        let mut seen = HashSet::new();
        for sect in &relocs.sections {
            let name = String::from_utf8_lossy(sect.name);
            let target = name
                .strip_prefix(".rela")
                .or_else(|| name.strip_prefix(".rel"))
                .unwrap_or(&name);
            if target.starts_with(".debug") || target.starts_with(".note") || target.starts_with(".comment") {
                continue;
            }
            for r in &sect.relocs {
                if r.sym == 0 || r.sym_name.is_empty() || defined_here(r.sym) || defined.contains(r.sym_name) {
                    continue;
                }
                let known = l.lookup(r.sym_name, SymVer::Abi0).is_some_and(|s| l.is_defined(s))
                    || linker_defined(tables, r.sym_name);
                if known || !seen.insert((target.to_string(), r.sym_name)) {
                    continue;
                }
                let sym = String::from_utf8_lossy(r.sym_name).into_owned();
                out.push(Finding {
                    file: Some(h.file.clone()),
                    member: h.member.clone(),
                    package: Some(h.pkg.clone()),
                    symbol: Some(sym.clone()),
                    remedy: format!("link the object that defines {sym}, or stop referencing it from the host object"),
                    detail: Some("a host (C) object in the archive references it; internal linking resolves it among the loaded Go and host objects".into()),
                    ..Finding::new(
                        Category::Undefined,
                        format!("{}({target}): relocation target {sym} not defined", h.pkg),
                        Reporter::Errorf,
                        false,
                    )
                });
            }
        }
    }
    out
}
