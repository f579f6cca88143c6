//! Host (ELF) objects inside Go archives, as internal linking loads them
//! (`ldhostobj`, then `loadelf.Load`): their global definitions define
//! symbols (version 0) that Go code may reference (an assembly function
//! calling into a `.syso`), and the relocations of a host object whose
//! symbols are reachable must find their targets, else the linker reports
//! `pkg(.text): relocation target X not defined`, naming the host
//! section as `loadelf` names it. Reachability goes by section, as the
//! linker's does (see [`undefined`]).

use std::collections::{BTreeSet, HashMap, HashSet};

use crate::check::ld::hostarchive::HostArchives;
use crate::check::ld::relocsym::linker_defined;
use crate::check::loader::{Loader, SymId};
use crate::check::report::{Category, Finding, Reporter};
use crate::check::target::HostObj;
use crate::read::elf::{ElfFile, SymTable};

/// A host object's ELF view and static symbol table, read once for the
/// load steps ([`load`] and `loadelf`'s walk).
pub struct HostSymbols<'a> {
    pub elf: ElfFile<'a>,
    pub syms: Vec<crate::read::elf::ElfSym<'a>>,
}

/// Each host object's [`HostSymbols`] (none where it is not ELF or has no
/// symbol table).
pub fn read_symbols<'a>(hosts: &[HostObj<'a>]) -> Vec<Option<HostSymbols<'a>>> {
    hosts
        .iter()
        .map(|h| {
            let elf = ElfFile::parse(h.data).ok()?;
            let syms = elf.symbols(SymTable::Static).ok()??;
            Some(HostSymbols { elf, syms })
        })
        .collect()
}

/// The global definitions of a host object: defined (not `SHN_UNDEF`),
/// global or weak, named.
fn global_defs<'a>(h: &HostSymbols<'a>) -> impl Iterator<Item = &'a [u8]> {
    h.syms
        .iter()
        .filter(|s| s.shndx != object::elf::SHN_UNDEF.0 && !s.name.is_empty())
        .filter(|s| s.bind == object::elf::STB_GLOBAL.0 || s.bind == object::elf::STB_WEAK.0)
        .map(|s| s.name)
}

/// Defines the host objects' global symbols in the loader, where no Go
/// object defines them.
pub fn load(l: &mut Loader<'_, '_, '_>, hosts: &[Option<HostSymbols<'_>>]) {
    for (i, h) in hosts.iter().enumerate() {
        for name in h.iter().flat_map(global_defs) {
            l.define_from_host(name, i as u32);
        }
    }
}

/// One host object as the section walk reads it.
struct HostView<'a> {
    syms: Vec<crate::read::elf::ElfSym<'a>>,
    /// Relocation sections, by the section they apply to.
    relocs: HashMap<u32, Vec<crate::read::elfreloc::RelocSection<'a>>>,
    /// The first definition of each name (any binding): its section, if
    /// it has one.
    defined: HashMap<&'a [u8], Option<u32>>,
    /// The section of the first global (or weak) definition of each name.
    globals: HashMap<&'a [u8], u32>,
}

fn host_view<'a>(h: &HostObj<'a>) -> Option<HostView<'a>> {
    let elf = ElfFile::parse(h.data).ok()?;
    let syms = elf.symbols(SymTable::Static).ok().flatten().unwrap_or_default();
    let mut relocs: HashMap<u32, Vec<_>> = HashMap::new();
    for sect in elf.relocations().ok()?.sections {
        relocs.entry(sect.applies_to).or_default().push(sect);
    }
    let (mut defined, mut globals) = (HashMap::new(), HashMap::new());
    for s in syms.iter().filter(|s| s.shndx != object::elf::SHN_UNDEF.0) {
        defined.entry(s.name).or_insert(section_of(s));
        if let Some(sect) = section_of(s)
            && s.bind != object::elf::STB_LOCAL.0
        {
            globals.entry(s.name).or_insert(sect);
        }
    }
    Some(HostView {
        syms,
        relocs,
        defined,
        globals,
    })
}

/// The section a defined symbol lives in (none for `SHN_UNDEF`, `SHN_ABS`,
/// `SHN_COMMON` and other reserved indexes).
fn section_of(s: &crate::read::elf::ElfSym<'_>) -> Option<u32> {
    (s.shndx != object::elf::SHN_UNDEF.0 && s.shndx < object::elf::SHN_LORESERVE).then_some(u32::from(s.shndx))
}

/// `relocsym` for the reached sections of host objects: targets of their
/// relocations that nothing defines. `loadelf` makes each section a
/// symbol that carries its relocations and holds the section's symbols
/// as sub-symbols; dead code marks the section of a reachable symbol
/// (its outer symbol) and what the section's relocations name, so only
/// sections reached from Go code, directly or through other reached
/// sections, are relocated. An `.eh_frame` that nothing refers to, or a
/// function of a `-ffunction-sections` object nothing calls, is not.
pub fn undefined(
    l: &Loader<'_, '_, '_>,
    hosts: &[HostObj<'_>],
    reached: &BTreeSet<SymId>,
    archives: &HostArchives,
) -> Vec<Finding> {
    if reached.is_empty() {
        return Vec::new();
    }
    let tables = l.target.tables;
    // Each host object is read when the walk first reaches it.
    let views: Vec<std::cell::OnceCell<Option<HostView<'_>>>> = hosts.iter().map(|_| Default::default()).collect();
    let view = |h: u32| {
        views
            .get(h as usize)?
            .get_or_init(|| host_view(&hosts[h as usize]))
            .as_ref()
    };
    // The section of a global that host object `h` defines.
    let global_section = |h: u32, name: &[u8]| view(h)?.globals.get(name).copied();
    let mut queue: Vec<(u32, u32)> = reached
        .iter()
        .filter_map(|&id| {
            let h = l.host(id)?;
            Some((h, global_section(h, &l.name(id))?))
        })
        .collect();
    let mut done: HashSet<(u32, u32)> = HashSet::new();
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    while let Some((h, sect)) = queue.pop() {
        if !done.insert((h, sect)) {
            continue;
        }
        let Some(v) = view(h) else { continue };
        let Some(rsects) = v.relocs.get(&sect) else { continue };
        let host = &hosts[h as usize];
        for rs in rsects {
            let name = String::from_utf8_lossy(rs.name);
            let target = name
                .strip_prefix(".rela")
                .or_else(|| name.strip_prefix(".rel"))
                .unwrap_or(&name);
            if target.starts_with(".debug") || target.starts_with(".note") || target.starts_with(".comment") {
                continue;
            }
            for (k, r) in rs.relocs.iter().enumerate() {
                // `loadelf` resolves a relocation through its symbol
                // entry: a section symbol is that section of this object,
                // a defined local or global symbol is this object's own
                // (a static function, the `.rodata` a function reads);
                // only an undefined entry is looked up among the others.
                let Some(entry) = r.sym.checked_sub(1).and_then(|i| v.syms.get(i as usize)) else {
                    continue;
                };
                if entry.shndx != object::elf::SHN_UNDEF.0 {
                    queue.extend(section_of(entry).map(|s| (h, s)));
                    continue;
                }
                if r.sym_name.is_empty() {
                    continue;
                }
                if let Some(&own) = v.defined.get(r.sym_name) {
                    queue.extend(own.map(|s| (h, s)));
                    continue;
                }
                if let Some(id) = l.host_lookup(r.sym_name)
                    && l.is_defined(id)
                {
                    if let Some(h2) = l.host(id) {
                        queue.extend(global_section(h2, r.sym_name).map(|s| (h2, s)));
                    }
                    continue;
                }
                if linker_defined(tables, r.sym_name)
                    || archives.defines(r.sym_name)
                    || !seen.insert((h, target.to_string(), r.sym_name))
                {
                    continue;
                }
                out.push(((h, rs.offset, k), undefined_finding(host, target, r.sym_name)));
            }
        }
    }
    // In the order of the objects, their sections and relocations.
    out.sort_by_key(|(at, _)| *at);
    out.into_iter().map(|(_, f)| f).collect()
}

fn undefined_finding(h: &HostObj<'_>, target: &str, name: &[u8]) -> Finding {
    let sym = String::from_utf8_lossy(name).into_owned();
    Finding::new(Category::Undefined, format!("{}({target}): relocation target {sym} not defined", h.pkg), Reporter::Errorf).package(h.pkg.clone()).symbol(sym.clone()).remedy(format!("link the object that defines {sym}, or stop referencing it from the host object")).detail("a host (C) object in the archive references it; internal linking resolves it among the loaded Go and host objects").at(h.file.clone(), h.member.clone())
}
