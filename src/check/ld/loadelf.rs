//! `loadelf.Load`'s walk of a host object's symbols, as internal linking
//! loads the host objects (`hostobjs`, after `LoadSyms` and the cgo
//! directives): a named symbol defined in a section the linker does not
//! load (not `SHF_ALLOC` progbits or nobits, such as the
//! `.gnu.debuglto_.debug_info` of a gcc `-flto -g` object) stops the load
//! of that object with `loadelf: FILE(MEMBER): N: sym#I (…): ignoring
//! symbol in section …` (go1.27: `unrecognized symbol`), unless the
//! release lets the name pass ([`LoadelfRules`]). The line is `Errorf`'s:
//! the link goes on with the next host object and fails at its end.
//!
//! `N` is the loader's number of the symbol: the loader numbers the Go
//! symbols first ([`Loader::go_index`]), then gives each host object's
//! loaded sections a symbol, then each of its symbols one as
//! `readelfsym` meets it: a local one always, a global or weak one unless
//! a symbol of that name (version 0) exists.

use std::collections::HashMap;

use crate::check::ld::hostobj::HostSymbols;
use crate::check::loader::{Loader, SymId, SymVer};
use crate::check::report::{Category, Finding, Reporter};
use crate::check::target::HostObj;
use crate::check::target::release::LoadelfRules;
use crate::gopath::go_quote;
use crate::read::elf::ElfSym;

use object::elf;

const STT_NOTYPE: u8 = elf::STT_NOTYPE.0;
const STT_OBJECT: u8 = elf::STT_OBJECT.0;
const STT_FUNC: u8 = elf::STT_FUNC.0;
const STT_SECTION: u8 = elf::STT_SECTION.0;
const STT_COMMON: u8 = elf::STT_COMMON.0;
const STB_LOCAL: u8 = elf::STB_LOCAL.0;
const STB_GLOBAL: u8 = elf::STB_GLOBAL.0;
const STB_WEAK: u8 = elf::STB_WEAK.0;

/// The loader's next symbol number when the host objects load: one past
/// the last Go (or cgo-directive) symbol.
fn first_external_number(l: &Loader<'_, '_, '_>) -> u32 {
    match l.nsyms() {
        0 => 1,
        n => l.go_index(SymId(n as u32 - 1)) + 1,
    }
}

/// The `loadelf` lines of the host objects, in load order (one per host
/// object at most).
pub fn unloaded_section_symbols(
    l: &Loader<'_, '_, '_>,
    hosts: &[HostObj<'_>],
    read: &[Option<HostSymbols<'_>>],
) -> Vec<Finding> {
    let rules = l.target.release.loadelf_unloaded_section();
    let arch = l.target.goarch.as_str();
    // Numbers counted from 1 at the first host symbol (0 is none); the Go
    // symbols' count (a pass over every content-hashed definition) only
    // for a line.
    let mut next = 1;
    let mut base = None;
    // Version-0 names the host objects created so far.
    let mut created: HashMap<&[u8], u32> = HashMap::new();
    let mut out = Vec::new();
    for (h, read) in hosts.iter().zip(read) {
        let Some(HostSymbols { elf, syms }) = read else {
            continue;
        };
        let sections = elf.section_infos();
        // A symbol for every loaded section, in section order.
        let mut section_sym = vec![0u32; sections.len()];
        for (k, s) in sections.iter().enumerate() {
            let data = s.sh_type == elf::SHT_PROGBITS.0 || s.sh_type == elf::SHT_NOBITS.0;
            if data && s.flags & elf::SHF_ALLOC.0 != 0 {
                section_sym[k] = next;
                next += 1;
            }
        }
        let mut toc = None;
        for (k, s) in syms.iter().enumerate() {
            let i = k + 1;
            let Some(number) = readelfsym(l, s, arch, &section_sym, &mut created, &mut toc, &mut next) else {
                break;
            };
            let loaded = |t: u8| matches!(t, STT_FUNC | STT_OBJECT | STT_NOTYPE | STT_COMMON);
            if !loaded(s.typ) || s.shndx == elf::SHN_COMMON.0 || s.typ == STT_COMMON {
                continue;
            }
            let shndx = usize::from(s.shndx);
            if shndx == 0 || shndx >= sections.len() || number == Number::Nil || section_sym[shndx] != 0 {
                continue;
            }
            let sect = String::from_utf8_lossy(sections[shndx].name);
            if passes(rules, arch, s, &sect) {
                continue;
            }
            let number = match number {
                Number::Host(n) => n - 1 + *base.get_or_insert_with(|| first_external_number(l)),
                Number::Go(id) => l.go_index(id),
                Number::Nil => 0,
            };
            out.push(finding(h, rules, number, i, s, &sect));
            break;
        }
    }
    out
}

/// The loader symbol a host object's symbol stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Number {
    /// None (`elfsym.sym == 0`).
    Nil,
    /// A host symbol, by number.
    Host(u32),
    /// A Go symbol of that name (version 0).
    Go(SymId),
}

/// `readelfsym`: the loader symbol `s` stands for, creating it as the
/// loader does.
fn readelfsym<'a>(
    l: &Loader<'_, '_, '_>,
    s: &ElfSym<'a>,
    arch: &str,
    section_sym: &[u32],
    created: &mut HashMap<&'a [u8], u32>,
    toc: &mut Option<u32>,
    next: &mut u32,
) -> Option<Number> {
    let mut new = || {
        *next += 1;
        *next - 1
    };
    let name: &'a [u8] = if s.name == b"_GLOBAL_OFFSET_TABLE_" {
        b".got"
    } else {
        s.name
    };
    let bind = if name == b".TOC." { STB_LOCAL } else { s.bind };
    Some(match s.typ {
        STT_SECTION => match section_sym.get(usize::from(s.shndx)) {
            Some(&n) if n != 0 => Number::Host(n),
            _ => Number::Nil,
        },
        STT_OBJECT | STT_FUNC | STT_NOTYPE | STT_COMMON => match bind {
            STB_GLOBAL | STB_WEAK => {
                if let Some(id) = l.lookup(name, SymVer::Abi0) {
                    Number::Go(id)
                } else {
                    Number::Host(*created.entry(name).or_insert_with(new))
                }
            }
            STB_LOCAL => {
                let mapping = matches!(arch, "arm" | "arm64")
                    && (name.starts_with(b"$a") || name.starts_with(b"$d") || name.starts_with(b"$x"));
                if mapping {
                    Number::Nil
                } else if name == b".TOC." {
                    Number::Host(*toc.get_or_insert_with(new))
                } else {
                    Number::Host(new())
                }
            }
            // `invalid symbol binding`: another error, not modelled here.
            _ => return None,
        },
        _ => Number::Nil,
    })
}

/// Whether the release lets symbol `s` of unloaded section `sect` pass.
fn passes(rules: LoadelfRules, arch: &str, s: &ElfSym<'_>, sect: &str) -> bool {
    let name = s.name;
    let untyped = s.typ == STT_NOTYPE;
    let starts = |p: &[u8]| name.starts_with(p);
    if matches!(rules, LoadelfRules::Go115 | LoadelfRules::Go119) {
        return starts(b".Linfo_string")
            || (name.is_empty() && untyped && sect == ".debug_str")
            || (starts(b"$d") && untyped && sect == ".debug_frame")
            || starts(b".LASF");
    }
    let go125 = matches!(rules, LoadelfRules::Go125 | LoadelfRules::Go127);
    let untyped_passes = (sect.starts_with(".debug_") && name.is_empty())
        || starts(b".Ldebug_")
        || name == b".L0 "
        || name == b".Lline_table_start0"
        || (starts(b"$d") && sect == ".debug_frame")
        || (go125 && arch == "riscv64" && (starts(b"$d") || starts(b"$x")))
        || (go125 && arch == "loong64" && (starts(b".L") || name == b"L0\x01"))
        || (rules == LoadelfRules::Go127 && (starts(b"wm4.") || starts(b"wm8.")));
    (untyped && untyped_passes)
        || starts(b".Linfo_string")
        || starts(b".LASF")
        || starts(b".LLRL")
        || starts(b".LLST")
        || (go125 && starts(b".LVUS"))
}

fn finding(h: &HostObj<'_>, rules: LoadelfRules, number: u32, i: usize, s: &ElfSym<'_>, sect: &str) -> Finding {
    let name = String::from_utf8_lossy(s.name);
    let (shndx, typ) = (s.shndx, s.typ);
    let what = match rules {
        LoadelfRules::Go115 => format!("sym#{i}: ignoring symbol in section {shndx} (type {typ})"),
        LoadelfRules::Go119 => format!("sym#{i} ({name}): ignoring symbol in section {shndx} (type {typ})"),
        LoadelfRules::Go122 | LoadelfRules::Go125 => format!(
            "sym#{i} ({}): ignoring symbol in section {shndx} ({}) (type {typ})",
            go_quote(&name),
            go_quote(sect)
        ),
        LoadelfRules::Go127 => format!(
            "sym#{i} ({}): unrecognized symbol in section {shndx} ({}) (type {typ})",
            go_quote(&name),
            go_quote(sect)
        ),
    };
    let pn = match &h.member {
        Some(m) => format!("{}({m})", h.file),
        None => h.file.clone(),
    };
    Finding::new(
        Category::Format,
        format!("loadelf: {pn}: {number}: {what}"),
        Reporter::Errorf,
    )
    .package(h.pkg.clone())
    .symbol(name.clone().into_owned())
    .detail(format!(
        "{name} lies in {sect}, a section internal linking does not load (not allocated): the linker stops \
         loading this host object there (gcc -flto -g puts such symbols in .gnu.debuglto_ sections)"
    ))
    .remedy("link externally (-linkmode=external), or compile the C code without -flto")
    .at(h.file.clone(), h.member.clone())
}
