//! ELF symbol tables (`.symtab`, `.dynsym`) of host objects, shared objects
//! and executables, 32/64-bit and either endianness, read with the `object`
//! crate's low-level ELF API so that the raw fields (`st_shndx`, binding,
//! the section's flags and type) stay available to the presentation layer.

use object::read::elf::{FileHeader, SectionHeader, Sym as _};
use object::{Endianness, elf};

use crate::error::{ReadError, ReadResult};

/// One ELF symbol with the fields tools print.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ElfSym<'d> {
    /// Name from the linked string table.
    pub name: &'d [u8],
    /// `st_value`.
    pub value: u64,
    /// `st_size`.
    pub size: u64,
    /// `st_shndx` (special values such as `SHN_UNDEF`, `SHN_ABS`, `SHN_COMMON` kept).
    pub shndx: u16,
    /// `STB_*` binding.
    pub bind: u8,
    /// `STT_*` type.
    pub typ: u8,
    /// `STV_*` visibility.
    pub visibility: u8,
    /// Flags of the section `shndx` names, when it is a real section.
    pub section_flags: Option<u64>,
    /// Type of that section.
    pub section_type: Option<u32>,
    /// Symbol version (`.gnu.version`), for dynamic symbols: name, and
    /// whether it prints as `@` (hidden, or needed from another file)
    /// rather than `@@` (this file's default definition).
    pub version: Option<(&'d [u8], bool)>,
    /// Whether the symbol is 64-bit ELF (decides address widths).
    pub elf64: bool,
    /// File offset and address of the section `shndx` names (for reading
    /// the symbol's bytes).
    pub section_place: Option<(u64, u64)>,
}

impl ElfSym<'_> {
    /// The bytes of a defined symbol, from its section's file image.
    pub fn bytes<'f>(&self, file: &'f [u8]) -> Option<&'f [u8]> {
        if self.section_type == Some(elf::SHT_NOBITS.0) {
            return None;
        }
        let (off, addr) = self.section_place?;
        let start = off.checked_add(self.value.checked_sub(addr)?)? as usize;
        file.get(start..start.checked_add(self.size as usize)?)
    }
}

/// Which symbol table to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SymTable {
    /// `SHT_SYMTAB` (`.symtab`).
    Static,
    /// `SHT_DYNSYM` (`.dynsym`).
    Dynamic,
}

/// The symbols of the chosen table, without the null entry 0, in table
/// order. `Ok(None)` when the file has no such table. (Parses the file:
/// a caller that reads more than one thing should parse an [`ElfFile`]
/// once.)
pub fn symbols(data: &[u8], table: SymTable) -> ReadResult<Option<Vec<ElfSym<'_>>>> {
    ElfFile::parse(data)?.symbols(table)
}

/// An ELF file parsed once, down to its header and section table, 32- or
/// 64-bit and either byte order: the one place that dispatches on the
/// class (as `object`'s `FileKind` with `with_inner!`). Every ELF reader
/// (symbols, dynamic section, relocations, build information, notes) is a
/// method.
pub enum ElfFile<'d> {
    /// `ELFCLASS32`.
    Elf32(ElfSections<'d, elf::FileHeader32<Endianness>>),
    /// `ELFCLASS64`.
    Elf64(ElfSections<'d, elf::FileHeader64<Endianness>>),
}

impl std::fmt::Debug for ElfFile<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ElfFile")
            .field("elf64", &self.is_64())
            .field("type", &self.file_type())
            .finish_non_exhaustive()
    }
}

/// Runs `$body` with `$s` bound to the class-specific sections of `$e`.
macro_rules! with_elf {
    ($e:expr, $s:ident => $body:expr) => {
        match $e {
            ElfFile::Elf32($s) => $body,
            ElfFile::Elf64($s) => $body,
        }
    };
}
pub(crate) use with_elf;

impl<'d> ElfFile<'d> {
    /// Parses the header and section table; errors point at the class
    /// byte, the header, or the section header table (`e_shoff`).
    pub fn parse(data: &'d [u8]) -> ReadResult<ElfFile<'d>> {
        match data.get(4) {
            None => Err(ReadError::new("truncated ELF header", 0)),
            Some(&c) if c == elf::ELFCLASS32.0 => Ok(ElfFile::Elf32(open_sections(data)?)),
            Some(&c) if c == elf::ELFCLASS64.0 => Ok(ElfFile::Elf64(open_sections(data)?)),
            Some(_) => Err(ReadError::new("unknown ELF class", 4)),
        }
    }

    /// The whole file.
    pub fn data(&self) -> &'d [u8] {
        with_elf!(self, s => s.data)
    }

    /// A 64-bit file (decides address widths).
    pub fn is_64(&self) -> bool {
        matches!(self, ElfFile::Elf64(_))
    }

    /// `e_type`, in the file's own byte order.
    pub fn file_type(&self) -> u16 {
        with_elf!(self, s => s.header.e_type(s.endian).0)
    }

    /// `e_machine`.
    pub fn machine(&self) -> u16 {
        with_elf!(self, s => s.header.e_machine(s.endian).0)
    }

    /// The symbols of the chosen table (see [`symbols`]).
    pub fn symbols(&self, table: SymTable) -> ReadResult<Option<Vec<ElfSym<'d>>>> {
        with_elf!(self, s => symbols_of(s, table))
    }

    /// The names the dynamic section holds (empty without one).
    pub fn dynamic_names(&self) -> DynamicNames<'d> {
        with_elf!(self, s => dynamic_names_of(s))
    }

    /// Every section header, in index order (the null section first):
    /// name, `sh_type`, `sh_flags`; a name outside the string table is
    /// empty.
    pub fn section_infos(&self) -> Vec<SectionInfo<'d>> {
        with_elf!(self, s => {
            let (e, table) = (s.endian, &s.sections);
            table
                .iter()
                .map(|h| SectionInfo {
                    name: table.section_name(e, h).unwrap_or_default(),
                    sh_type: h.sh_type(e).0,
                    flags: h.sh_flags(e).0,
                })
                .collect()
        })
    }

    /// The file bytes of every section whose name `pick` takes (name,
    /// data), in section order; `NOBITS` sections and sections outside
    /// the file are left out.
    pub fn sections_named(&self, pick: impl Fn(&[u8]) -> bool) -> Vec<(&'d [u8], &'d [u8])> {
        with_elf!(self, s => sections_named_of(s, &pick))
    }
}

fn sections_named_of<'d, H: FileHeader<Endian = Endianness>>(
    f: &ElfSections<'d, H>,
    pick: &dyn Fn(&[u8]) -> bool,
) -> Vec<(&'d [u8], &'d [u8])> {
    let (data, e, table) = (f.data, f.endian, &f.sections);
    table
        .iter()
        .filter(|s| s.sh_type(e) != elf::SHT_NOBITS)
        .filter_map(|s| {
            let name = table.section_name(e, s).ok()?;
            pick(name).then_some(())?;
            Some((name, s.data(e, data).ok()?))
        })
        .collect()
}

/// One section header, as [`ElfFile::section_infos`] lists it.
#[derive(Debug, Clone, Copy)]
pub struct SectionInfo<'d> {
    /// Its name.
    pub name: &'d [u8],
    /// `sh_type`.
    pub sh_type: u32,
    /// `sh_flags`.
    pub flags: u64,
}

/// An ELF file of class `H` opened down to its section table.
pub struct ElfSections<'d, H: FileHeader<Endian = Endianness>> {
    /// The whole file.
    pub data: &'d [u8],
    /// The file header.
    pub header: &'d H,
    /// Its byte order.
    pub endian: Endianness,
    /// The section headers.
    pub sections: object::read::elf::SectionTable<'d, H, &'d [u8]>,
}

/// Opens the header and section table of an ELF file of class `H`; errors
/// point at the header field or at the section header table (`e_shoff`).
fn open_sections<H: FileHeader<Endian = Endianness>>(data: &[u8]) -> ReadResult<ElfSections<'_, H>> {
    let header = H::parse(data).map_err(|_| ReadError::new("malformed ELF header", 0))?;
    let endian = header
        .endian()
        .map_err(|_| ReadError::new("unknown ELF byte order", 5))?;
    let sections = header.sections(endian, data).map_err(|_| {
        ReadError::new(
            "malformed ELF section headers (offset, count or string table outside the file)",
            header.e_shoff(endian).into(),
        )
    })?;
    Ok(ElfSections {
        data,
        header,
        endian,
        sections,
    })
}

fn symbols_of<'d, H: FileHeader<Endian = Endianness>>(
    f: &ElfSections<'d, H>,
    table: SymTable,
) -> ReadResult<Option<Vec<ElfSym<'d>>>> {
    let (data, endian, sections) = (f.data, f.endian, &f.sections);
    let sh_type = match table {
        SymTable::Static => elf::SHT_SYMTAB,
        SymTable::Dynamic => elf::SHT_DYNSYM,
    };
    let Some(table_at) = sections
        .iter()
        .find(|s| s.sh_type(endian) == sh_type)
        .map(|s| -> u64 { s.sh_offset(endian).into() })
    else {
        return Ok(None);
    };
    let syms = sections.symbols(endian, data, sh_type).map_err(|_| {
        ReadError::new(
            "malformed ELF symbol table (entries or string table outside the file)",
            table_at,
        )
    })?;
    let entsize = std::mem::size_of::<H::Sym>() as u64;
    let strings = syms.strings();
    let versions = if table == SymTable::Dynamic {
        sections.versions(endian, data).ok().flatten()
    } else {
        None
    };
    let elf64 = std::mem::size_of::<H::Word>() == 8;
    let mut out = Vec::with_capacity(syms.len().saturating_sub(1));
    for (i, s) in syms.iter().enumerate().skip(1) {
        let name = s.name(endian, strings).map_err(|_| {
            ReadError::new(
                "ELF symbol name out of range",
                table_at.saturating_add(i as u64 * entsize),
            )
        })?;
        let shndx = s.st_shndx(endian).0;
        let sect = if shndx != elf::SHN_UNDEF.0 && shndx < elf::SHN_LORESERVE {
            sections.section(object::SectionIndex(shndx as usize)).ok()
        } else {
            None
        };
        out.push(ElfSym {
            name,
            value: s.st_value(endian).into(),
            size: s.st_size(endian).into(),
            shndx,
            bind: s.st_bind().0,
            typ: s.st_type().0,
            visibility: s.st_visibility().0,
            section_flags: sect.map(|h| h.sh_flags(endian).0),
            section_type: sect.map(|h| h.sh_type(endian).0),
            version: versions.as_ref().and_then(|v| {
                let vi = v.version_index(endian, object::SymbolIndex(i));
                let ver = v.version(vi.index()).ok().flatten()?;
                Some((ver.name(), vi.is_hidden() || ver.file().is_some()))
            }),
            elf64,
            section_place: sect.map(|h| (h.sh_offset(endian).into(), h.sh_addr(endian).into())),
        });
    }
    Ok(Some(out))
}

/// What an ELF file's dynamic section names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DynamicNames<'d> {
    /// `DT_NEEDED` libraries, in order.
    pub needed: Vec<&'d [u8]>,
    /// `DT_SONAME`.
    pub soname: Option<&'d [u8]>,
    /// `DT_RUNPATH` and `DT_RPATH` entries (colon lists, unsplit).
    pub runpath: Vec<&'d [u8]>,
}

/// The names an ELF file's dynamic section holds (empty without one).
pub fn dynamic_names(data: &[u8]) -> ReadResult<DynamicNames<'_>> {
    Ok(ElfFile::parse(data)?.dynamic_names())
}

fn dynamic_names_of<'d, H: FileHeader<Endian = Endianness>>(f: &ElfSections<'d, H>) -> DynamicNames<'d> {
    use object::read::elf::Dyn as _;
    let (data, endian, sections) = (f.data, f.endian, &f.sections);
    let mut out = DynamicNames::default();
    for s in sections.iter() {
        let Ok(Some((dyns, link))) = s.dynamic(endian, data) else {
            continue;
        };
        let Ok(strs) = sections.strings(endian, data, link) else {
            continue;
        };
        for d in dyns {
            let tag = d.d_tag(endian);
            let Ok(v) = d.string(endian, strs) else { continue };
            if tag == elf::DT_NEEDED {
                out.needed.push(v);
            } else if tag == elf::DT_SONAME {
                out.soname = Some(v);
            } else if tag == elf::DT_RUNPATH || tag == elf::DT_RPATH {
                out.runpath.push(v);
            }
        }
    }
    out
}

#[cfg(test)]
mod dyn_tests {
    /// A system library, when the machine has it: its NEEDED and SONAME.
    #[test]
    fn needed_and_soname_of_libm() {
        let Ok(d) = std::fs::read("/usr/lib/x86_64-linux-gnu/libm.so.6") else {
            return;
        };
        let names = super::dynamic_names(&d).unwrap();
        assert_eq!(names.soname, Some(&b"libm.so.6"[..]));
        assert!(names.needed.iter().any(|n| n.starts_with(b"libc.so")));
    }
}
