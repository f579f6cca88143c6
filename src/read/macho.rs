//! Mach-O symbol tables (`LC_SYMTAB`) of executables and objects, 32/64-bit
//! and either byte order, read with the `object` crate's low-level Mach-O
//! API, with the section (segment and name) each symbol lies in: what
//! `cmd/internal/objfile/macho.go` lists.

use object::Endianness;
use object::macho;
use object::read::macho::{MachHeader, Nlist, Section, Segment};

use crate::error::{ReadError, ReadResult};

/// One Mach-O symbol.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MachoSym<'d> {
    /// Name.
    pub name: &'d [u8],
    /// `n_type`.
    pub n_type: u8,
    /// `n_sect` (1-based; 0: none).
    pub n_sect: u8,
    /// `n_value`.
    pub value: u64,
}

/// One section: segment and section names, address and file bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MachoSection<'d> {
    /// `segname`.
    pub segment: &'d [u8],
    /// `sectname`.
    pub name: &'d [u8],
    /// `addr`.
    pub addr: u64,
    /// File offset of its bytes.
    pub offset: u64,
    /// Its bytes in the file (empty for zero-fill sections).
    pub data: &'d [u8],
}

fn trim(b: &[u8]) -> &[u8] {
    let end = b.iter().position(|&c| c == 0).unwrap_or(b.len());
    &b[..end]
}

/// The sections of a Mach-O file.
pub fn sections(data: &[u8]) -> ReadResult<Vec<MachoSection<'_>>> {
    match data.get(..4) {
        Some([0xfe, 0xed, 0xfa, 0xcf]) | Some([0xcf, 0xfa, 0xed, 0xfe]) => {
            Ok(symbols_of::<macho::MachHeader64<Endianness>>(data, true)?
                .map(|(_, s)| s)
                .unwrap_or_default())
        }
        Some([0xfe, 0xed, 0xfa, 0xce]) | Some([0xce, 0xfa, 0xed, 0xfe]) => {
            Ok(symbols_of::<macho::MachHeader32<Endianness>>(data, true)?
                .map(|(_, s)| s)
                .unwrap_or_default())
        }
        _ => Err(ReadError::new("not a Mach-O file", 0)),
    }
}

/// The symbols and sections of a Mach-O file; `Ok(None)` without a symbol
/// table.
pub fn symbols(data: &[u8]) -> ReadResult<Option<(Vec<MachoSym<'_>>, Vec<MachoSection<'_>>)>> {
    match data.get(..4) {
        Some([0xfe, 0xed, 0xfa, 0xcf]) | Some([0xcf, 0xfa, 0xed, 0xfe]) => {
            symbols_of::<macho::MachHeader64<Endianness>>(data, false)
        }
        Some([0xfe, 0xed, 0xfa, 0xce]) | Some([0xce, 0xfa, 0xed, 0xfe]) => {
            symbols_of::<macho::MachHeader32<Endianness>>(data, false)
        }
        _ => Err(ReadError::new("not a Mach-O file", 0)),
    }
}

/// With `always`, an empty symbol list stands for a missing table (so the
/// sections are returned either way).
fn symbols_of<M: MachHeader<Endian = Endianness>>(
    data: &[u8],
    always: bool,
) -> ReadResult<Option<(Vec<MachoSym<'_>>, Vec<MachoSection<'_>>)>> {
    let header = M::parse(data, 0).map_err(|_| ReadError::new("malformed Mach-O header", 0))?;
    let endian = header
        .endian()
        .map_err(|_| ReadError::new("unknown Mach-O byte order", 0))?;
    let mut commands = header
        .load_commands(endian, data, 0)
        .map_err(|_| ReadError::new("malformed Mach-O load commands", 0))?;
    let mut sections = Vec::new();
    let mut syms = None;
    while let Some(cmd) = commands
        .next()
        .map_err(|_| ReadError::new("malformed Mach-O load command", 0))?
    {
        if let Ok(Some((seg, section_data))) = M::Segment::from_command(cmd) {
            for s in seg.sections(endian, section_data).unwrap_or_default() {
                sections.push(MachoSection {
                    segment: trim(s.segment_name()),
                    name: trim(s.name()),
                    addr: s.addr(endian).into(),
                    offset: u64::from(s.offset(endian)),
                    data: s.data(endian, data, u64::from(s.offset(endian))).unwrap_or_default(),
                });
            }
        } else if let Ok(Some(symtab)) = cmd.symtab() {
            let table = symtab
                .symbols::<M, _>(endian, data)
                .map_err(|_| ReadError::new("malformed Mach-O symbol table", symtab.symoff.get(endian).into()))?;
            let strings = table.strings();
            let mut out = Vec::with_capacity(table.len());
            for n in table.iter() {
                out.push(MachoSym {
                    name: n.name(endian, strings).unwrap_or_default(),
                    n_type: n.n_type().0,
                    n_sect: n.n_sect(),
                    value: n.n_value(endian).into(),
                });
            }
            syms = Some(out);
        }
    }
    if always {
        return Ok(Some((syms.unwrap_or_default(), sections)));
    }
    Ok(syms.map(|s| (s, sections)))
}
