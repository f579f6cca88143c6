//! ELF relocation sections (`SHT_REL`, `SHT_RELA`), each entry with the
//! symbol it names resolved through the section's linked symbol table (the
//! section name for unnamed section symbols, the version for dynamic
//! symbols), as `readelf -r` shows them.

use object::read::elf::{FileHeader, Rel as _, Rela as _, SectionHeader, Sym as _};
use object::{Endianness, elf};

use super::elf::{ElfFile, ElfSections};
use crate::error::{ReadError, ReadResult};

/// One relocation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ElfReloc<'d> {
    /// `r_offset`.
    pub offset: u64,
    /// `r_info` as stored.
    pub info: u64,
    /// Relocation type.
    pub rtype: u32,
    /// Symbol index (0: none).
    pub sym: u32,
    /// Symbol value.
    pub sym_value: u64,
    /// Symbol name (section name for section symbols).
    pub sym_name: &'d [u8],
    /// Version of a dynamic symbol, with `@` (true) or `@@` (false).
    pub sym_version: Option<(&'d [u8], bool)>,
    /// Addend (RELA only).
    pub addend: Option<i64>,
}

/// A resolved symbol: value, name, version.
type SymInfo<'d> = (u64, &'d [u8], Option<(&'d [u8], bool)>);

/// One relocation section.
#[derive(Debug, Clone)]
pub struct RelocSection<'d> {
    /// Section name.
    pub name: &'d [u8],
    /// File offset of the section.
    pub offset: u64,
    /// `sh_info`: the index of the section the entries apply to (0 for
    /// dynamic relocations).
    pub applies_to: u32,
    /// Entries (REL/RELA).
    pub relocs: Vec<ElfReloc<'d>>,
    /// For `SHT_RELR`: the number of stored words and the decoded offsets.
    pub relr: Option<(usize, Vec<u64>)>,
}

/// The relocation sections of an ELF file, with its machine and class.
#[derive(Debug, Clone)]
pub struct ElfRelocs<'d> {
    /// `e_machine`.
    pub machine: u16,
    /// 64-bit.
    pub elf64: bool,
    /// Sections in header order.
    pub sections: Vec<RelocSection<'d>>,
}

/// Reads the relocation sections of an ELF file.
pub fn read(data: &[u8]) -> ReadResult<ElfRelocs<'_>> {
    ElfFile::parse(data)?.relocations()
}

impl<'d> ElfFile<'d> {
    /// The relocation sections (REL, RELA, RELR), with symbols and versions.
    pub fn relocations(&self) -> ReadResult<ElfRelocs<'d>> {
        let elf64 = self.is_64();
        super::elf::with_elf!(self, s => read_of(s, elf64))
    }
}

fn read_of<'d, H: FileHeader<Endian = Endianness>>(f: &ElfSections<'d, H>, elf64: bool) -> ReadResult<ElfRelocs<'d>> {
    let (data, h, e, sections) = (f.data, f.header, f.endian, &f.sections);
    let machine = h.e_machine(e).0;
    let mips64el = h.is_mips64el(e);
    let mut out = Vec::new();
    for s in sections.iter() {
        let t = s.sh_type(e);
        let name = sections.section_name(e, s).unwrap_or_default();
        let off: u64 = s.sh_offset(e).into();
        if t == elf::SHT_RELR {
            let words = s
                .data(e, data)
                .map_err(|_| ReadError::new("malformed ELF RELR section", off))?;
            out.push(RelocSection {
                name,
                offset: off,
                applies_to: s.sh_info(e),
                relocs: Vec::new(),
                relr: Some(decode_relr(words, elf64, e)),
            });
            continue;
        }
        if t != elf::SHT_RELA && t != elf::SHT_REL {
            continue;
        }
        let bad = ReadError::new("malformed ELF relocation section", off);
        let link = s.sh_link(e) as usize;
        let symtab = if link != 0 {
            sections.symbol_table_by_index(e, data, object::SectionIndex(link)).ok()
        } else {
            None
        };
        let versions = if symtab.as_ref().is_some_and(|st| {
            st.section().0 == link
                && sections
                    .section(object::SectionIndex(link))
                    .map(|ls| ls.sh_type(e) == elf::SHT_DYNSYM)
                    .unwrap_or(false)
        }) {
            sections.versions(e, data).ok().flatten()
        } else {
            None
        };
        let resolve = |sym: u32| -> SymInfo<'_> {
            let Some(st) = symtab.as_ref() else {
                return (0, b"", None);
            };
            let Ok(sy) = st.symbol(object::SymbolIndex(sym as usize)) else {
                return (0, b"", None);
            };
            let mut nm = sy.name(e, st.strings()).unwrap_or_default();
            if nm.is_empty()
                && sy.st_type() == elf::STT_SECTION
                && let Ok(sec) = sections.section(object::SectionIndex(sy.st_shndx(e).0 as usize))
            {
                nm = sections.section_name(e, sec).unwrap_or_default();
            }
            let ver = versions.as_ref().and_then(|v| {
                let vi = v.version_index(e, object::SymbolIndex(sym as usize));
                let ver = v.version(vi.index()).ok().flatten()?;
                Some((ver.name(), vi.is_hidden() || ver.file().is_some()))
            });
            (sy.st_value(e).into(), nm, ver)
        };
        let mut relocs = Vec::new();
        if t == elf::SHT_RELA {
            let (rs, _) = s.rela(e, data).map_err(|_| bad)?.ok_or(bad)?;
            for r in rs {
                let sym = r.r_sym(e, mips64el);
                let (v, n, ver) = if sym != 0 { resolve(sym) } else { (0, &b""[..], None) };
                relocs.push(ElfReloc {
                    offset: r.r_offset(e).into(),
                    info: r.r_info(e, mips64el).into(),
                    rtype: r.r_type(e, mips64el).0,
                    sym,
                    sym_value: v,
                    sym_name: n,
                    sym_version: ver,
                    addend: Some(r.r_addend(e).into()),
                });
            }
        } else {
            let (rs, _) = s.rel(e, data).map_err(|_| bad)?.ok_or(bad)?;
            for r in rs {
                let sym = r.r_sym(e);
                let (v, n, ver) = if sym != 0 { resolve(sym) } else { (0, &b""[..], None) };
                relocs.push(ElfReloc {
                    offset: r.r_offset(e).into(),
                    info: r.r_info(e).into(),
                    rtype: r.r_type(e).0,
                    sym,
                    sym_value: v,
                    sym_name: n,
                    sym_version: ver,
                    addend: None,
                });
            }
        }
        out.push(RelocSection {
            name,
            offset: off,
            applies_to: s.sh_info(e),
            relocs,
            relr: None,
        });
    }
    Ok(ElfRelocs {
        machine,
        elf64,
        sections: out,
    })
}

/// Decodes `SHT_RELR` words (an address, then bitmaps of the following
/// words) into relocated offsets.
fn decode_relr(words: &[u8], elf64: bool, e: Endianness) -> (usize, Vec<u64>) {
    let size = if elf64 { 8 } else { 4 };
    let bits = size as u64 * 8 - 1;
    let mut out = Vec::new();
    let mut next = 0u64;
    let n = words.len() / size;
    for w in words.chunks_exact(size) {
        let x = match (elf64, e) {
            (true, Endianness::Little) => u64::from_le_bytes(w.try_into().unwrap_or_default()),
            (true, Endianness::Big) => u64::from_be_bytes(w.try_into().unwrap_or_default()),
            (false, Endianness::Little) => u32::from_le_bytes(w.try_into().unwrap_or_default()) as u64,
            (false, Endianness::Big) => u32::from_be_bytes(w.try_into().unwrap_or_default()) as u64,
        };
        if x & 1 == 0 {
            out.push(x);
            next = x.wrapping_add(size as u64);
        } else {
            for i in 0..bits {
                if (x >> (i + 1)) & 1 != 0 {
                    out.push(next.wrapping_add(i * size as u64));
                }
            }
            next = next.wrapping_add(bits * size as u64);
        }
    }
    (n, out)
}

/// The machine's name for relocation type `t` (`R_X86_64_PLT32`, …).
pub fn type_name(machine: u16, t: u32) -> Option<&'static str> {
    use object::elf::*;
    let names = match machine {
        m if m == EM_X86_64.0 => &NAMES_R_X86_64,
        m if m == EM_386.0 => &NAMES_R_386,
        m if m == EM_AARCH64.0 => &NAMES_R_AARCH64,
        m if m == EM_ARM.0 => &NAMES_R_ARM,
        m if m == EM_RISCV.0 => &NAMES_R_RISCV,
        m if m == EM_PPC64.0 => &NAMES_R_PPC64,
        m if m == EM_S390.0 => &NAMES_R_390,
        m if m == EM_LOONGARCH.0 => &NAMES_R_LARCH,
        m if m == EM_MIPS.0 => &NAMES_R_MIPS,
        _ => return None,
    };
    names.name(RelocationType(t))
}
