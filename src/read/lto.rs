//! GCC's link-time-optimisation symbol table: an object compiled with
//! `-flto` keeps its code as GIMPLE in `.gnu.lto_*` sections, and its ELF
//! `.symtab` names none of its functions or variables (a "slim" object:
//! only `__gnu_lto_slim`). The linker plugin reads the definitions and
//! references from `.gnu.lto_.symtab.*` instead (lto-plugin's
//! `parse_table_entry`): per entry the name and the comdat group
//! (NUL-terminated), the kind and visibility (a byte each), the size (8
//! bytes) and a slot number (4 bytes).

use super::elf::ElfFile;

/// What an LTO symbol table entry says of its name (`ld_plugin_symbol_kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LtoKind {
    /// `LDPK_DEF`.
    Def,
    /// `LDPK_WEAKDEF`.
    WeakDef,
    /// `LDPK_UNDEF`.
    Undef,
    /// `LDPK_WEAKUNDEF`.
    WeakUndef,
    /// `LDPK_COMMON`.
    Common,
}

/// One entry of an LTO symbol table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LtoSym<'d> {
    /// The symbol's (assembler) name.
    pub name: &'d [u8],
    /// Definition or reference.
    pub kind: LtoKind,
}

impl LtoSym<'_> {
    /// A definition (weak or common ones included).
    pub fn defines(&self) -> bool {
        matches!(self.kind, LtoKind::Def | LtoKind::WeakDef | LtoKind::Common)
    }
}

/// Bytes after the two names of an entry: kind, visibility, size, slot.
const ENTRY_TAIL: usize = 1 + 1 + 8 + 4;

/// The entries of every `.gnu.lto_.symtab.*` section of `elf`, in order;
/// `None` when it has none (not a GCC LTO object). An entry cut short by
/// the end of its section ends that section's list.
pub fn gcc_lto_symbols<'d>(elf: &ElfFile<'d>) -> Option<Vec<LtoSym<'d>>> {
    let tables = elf.sections_named(|n| n.starts_with(b".gnu.lto_.symtab."));
    if tables.is_empty() {
        return None;
    }
    let mut out = Vec::new();
    for (_, mut rest) in tables {
        while !rest.is_empty() {
            let Some(entry) = entry(rest) else { break };
            out.push(entry.0);
            rest = entry.1;
        }
    }
    Some(out)
}

/// The entry at the start of `b` and what follows it.
fn entry(b: &[u8]) -> Option<(LtoSym<'_>, &[u8])> {
    let name_end = b.iter().position(|&c| c == 0)?;
    let after_name = &b[name_end + 1..];
    let comdat_end = after_name.iter().position(|&c| c == 0)?;
    let tail = after_name.get(comdat_end + 1..)?;
    let kind = match *tail.first()? {
        0 => LtoKind::Def,
        1 => LtoKind::WeakDef,
        2 => LtoKind::Undef,
        3 => LtoKind::WeakUndef,
        _ => LtoKind::Common,
    };
    let rest = tail.get(ENTRY_TAIL..)?;
    Some((
        LtoSym {
            name: &b[..name_end],
            kind,
        },
        rest,
    ))
}
