//! PE images (Windows executables and DLLs) and bare COFF objects (a
//! windows `.syso`), read as Go's `debug/pe` reads them, with the `object`
//! crate's low-level PE/COFF API: the image base of the optional header,
//! the section table, and the COFF symbol table with its auxiliary records
//! dropped and long names taken from the string table
//! (`removeAuxSymbols`, `COFFSymbol.FullName`). What
//! `cmd/internal/objfile/pe.go` lists and `debug/buildinfo` searches.

use object::LittleEndian as LE;
use object::pe;
use object::read::coff::{CoffHeader, SectionTable, SymbolTable};
use object::read::pe::{ImageNtHeaders, ImageOptionalHeader};

use crate::error::{ReadError, ReadResult};

/// One COFF symbol (auxiliary records skipped).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PeSym<'d> {
    /// Name (inline or from the string table).
    pub name: &'d [u8],
    /// `Value`.
    pub value: u32,
    /// `SectionNumber`: 1-based; 0 undefined, -1 absolute, -2 debug.
    pub section_number: i16,
}

/// One section header and its bytes in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PeSection<'d> {
    /// `VirtualAddress` (relative to the image base).
    pub virtual_address: u32,
    /// `VirtualSize`.
    pub virtual_size: u32,
    /// `SizeOfRawData` (debug/pe's `Size`).
    pub size: u32,
    /// `Characteristics`.
    pub characteristics: u32,
    /// File offset of its bytes.
    pub offset: u64,
    /// Its bytes in the file (empty for uninitialised data).
    pub data: &'d [u8],
}

/// A parsed PE image or COFF object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeFile<'d> {
    /// `ImageBase` of the optional header; `None` for a COFF object.
    pub image_base: Option<u64>,
    /// Sections in table order.
    pub sections: Vec<PeSection<'d>>,
    /// Symbols in table order.
    pub symbols: Vec<PeSym<'d>>,
}

fn bad(what: &'static str, offset: u64) -> ReadError {
    ReadError::new(what, offset)
}

/// Whether `data` starts like a PE image (`MZ`, then `PE\0\0` where the
/// DOS header points).
pub fn is_image(data: &[u8]) -> bool {
    let Some(off) = data.get(0x3c..0x40) else { return false };
    let off = u32::from_le_bytes([off[0], off[1], off[2], off[3]]) as usize;
    data.starts_with(b"MZ") && data.get(off..off + 4) == Some(b"PE\0\0")
}

/// Parses a PE image (`MZ`) or, otherwise, a bare COFF object.
pub fn parse(data: &[u8]) -> ReadResult<PeFile<'_>> {
    if data.starts_with(b"MZ") {
        let dos = pe::ImageDosHeader::parse(data).map_err(|_| bad("invalid DOS header", 0))?;
        let nt_at = u64::from(dos.nt_headers_offset());
        match object::read::pe::optional_header_magic(data) {
            Ok(pe::IMAGE_NT_OPTIONAL_HDR64_MAGIC) => image::<pe::ImageNtHeaders64>(data, nt_at),
            Ok(pe::IMAGE_NT_OPTIONAL_HDR32_MAGIC) => image::<pe::ImageNtHeaders32>(data, nt_at),
            _ => Err(bad("invalid PE optional header magic", nt_at)),
        }
    } else {
        let mut offset = 0;
        let header = pe::ImageFileHeader::parse(data, &mut offset).map_err(|_| bad("invalid COFF file header", 0))?;
        file_parts(data, header, offset, None)
    }
}

fn image<N: ImageNtHeaders>(data: &[u8], nt_at: u64) -> ReadResult<PeFile<'_>> {
    let mut offset = nt_at;
    let (nt, _) = N::parse(data, &mut offset).map_err(|_| bad("invalid PE headers", nt_at))?;
    file_parts(data, nt.file_header(), offset, Some(nt.optional_header().image_base()))
}

fn file_parts<'d>(
    data: &'d [u8],
    header: &pe::ImageFileHeader,
    sections_at: u64,
    image_base: Option<u64>,
) -> ReadResult<PeFile<'d>> {
    let table =
        SectionTable::parse(header, data, sections_at).map_err(|_| bad("invalid PE section table", sections_at))?;
    let sections = table
        .iter()
        .map(|s| {
            let offset = u64::from(s.pointer_to_raw_data.get(LE));
            PeSection {
                virtual_address: s.virtual_address.get(LE),
                virtual_size: s.virtual_size.get(LE),
                size: s.size_of_raw_data.get(LE),
                characteristics: s.characteristics.get(LE).0,
                offset,
                data: s.coff_data(data).unwrap_or_default(),
            }
        })
        .collect();
    let symtab_at = u64::from(header.pointer_to_symbol_table.get(LE));
    let table: SymbolTable<'d, &'d [u8]> =
        SymbolTable::parse(header, data).map_err(|_| bad("invalid COFF symbol or string table", symtab_at))?;
    let strings = table.strings();
    let mut symbols = Vec::new();
    for (index, s) in table.iter() {
        let raw = &s.name;
        // debug/pe: a name whose first four bytes are zero is an offset
        // into the string table.
        let name = if raw[..4] == [0; 4] {
            let at = u32::from_le_bytes([raw[4], raw[5], raw[6], raw[7]]);
            strings.get(at).map_err(|_| {
                bad(
                    "COFF symbol name outside the string table",
                    symtab_at + index.0 as u64 * 18,
                )
            })?
        } else {
            let end = raw.iter().position(|&c| c == 0).unwrap_or(raw.len());
            &raw[..end]
        };
        symbols.push(PeSym {
            name,
            value: s.value.get(LE),
            section_number: s.section_number.get(LE) as i16,
        });
    }
    Ok(PeFile {
        image_base,
        sections,
        symbols,
    })
}
