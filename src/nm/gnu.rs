//! GNU `nm -D` listings of ELF dynamic symbols: the type letters of
//! binutils' `bfd_decode_symclass` (`U`, `w`/`v` weak undefined, `W`/`V` weak
//! defined, `i` IFUNC, `u` unique, `C` common, `A` absolute, and `T`/`D`/`B`/
//! `R`/`N` by section, lower case for locals), versions as `@VER` (hidden or
//! required) and `@@VER` (default definition), sorted by name as `LC_ALL=C
//! nm -D` sorts.

use std::borrow::Cow;

use crate::error::ReadError;
use crate::read::elf::{ElfSym, SymTable, symbols};

/// One line of a GNU `nm -D` listing.
#[derive(Debug, Clone)]
pub struct GnuSym<'d> {
    /// Value.
    pub value: u64,
    /// Type letter.
    pub code: u8,
    /// Name with its version suffix.
    pub name: Cow<'d, [u8]>,
    /// 64-bit file (16 hex digits) or 32-bit (8).
    pub elf64: bool,
    /// Length of the name without its version suffix (the sort key).
    pub base_len: usize,
}

/// binutils' type letter for an ELF symbol.
pub fn gnu_code(s: &ElfSym<'_>) -> u8 {
    use object::elf::*;
    let undefined = s.shndx == SHN_UNDEF.0;
    let weak = s.bind == STB_WEAK.0;
    let object = s.typ == STT_OBJECT.0;
    if s.shndx == SHN_COMMON.0 {
        return b'C';
    }
    if undefined {
        return if weak { if object { b'v' } else { b'w' } } else { b'U' };
    }
    if s.typ == STT_GNU_IFUNC.0 {
        return b'i';
    }
    if weak {
        return if object { b'V' } else { b'W' };
    }
    if s.bind == STB_GNU_UNIQUE.0 {
        return b'u';
    }
    let c = if s.shndx == SHN_ABS.0 {
        b'a'
    } else {
        match (s.section_flags, s.section_type) {
            (Some(f), Some(t)) => {
                let alloc = f & SHF_ALLOC.0 != 0;
                if f & SHF_EXECINSTR.0 != 0 {
                    b't'
                } else if t == SHT_NOBITS.0 {
                    b'b'
                } else if alloc && f & SHF_WRITE.0 == 0 {
                    b'r'
                } else if alloc {
                    b'd'
                } else {
                    b'n'
                }
            }
            _ => return b'?',
        }
    };
    if s.bind == STB_LOCAL.0 {
        c
    } else {
        c.to_ascii_uppercase()
    }
}

/// The dynamic symbols of an ELF file as GNU `nm -D` lists them, or `None`
/// when the file has no `.dynsym`.
pub fn dynamic(data: &[u8]) -> Result<Option<Vec<GnuSym<'_>>>, ReadError> {
    let Some(syms) = symbols(data, SymTable::Dynamic)? else {
        return Ok(None);
    };
    let mut out: Vec<GnuSym> = syms
        .iter()
        .filter(|s| !s.name.is_empty())
        .map(|s| {
            let name = match s.version {
                // A version definition's own symbol prints bare.
                Some((v, _)) if v == s.name => Cow::Borrowed(s.name),
                Some((v, hidden)) => {
                    let at: &[u8] = if hidden || s.shndx == object::elf::SHN_UNDEF.0 {
                        b"@"
                    } else {
                        b"@@"
                    };
                    Cow::Owned([s.name, at, v].concat())
                }
                None => Cow::Borrowed(s.name),
            };
            GnuSym {
                value: s.value,
                code: gnu_code(s),
                name,
                elf64: s.elf64,
                base_len: s.name.len(),
            }
        })
        .collect();
    // By name without version; equal names keep table order (glibc's
    // qsort, which nm uses, is a merge sort).
    out.sort_by(|a, b| a.name[..a.base_len].cmp(&b.name[..b.base_len]));
    Ok(Some(out))
}
