//! Go build information in linked files (executables, c-shared/plugin/shared
//! libraries): the `.go.buildinfo` section, `\xff Go buildinf:`, then either
//! (go1.18+, flag bit 2) the version and module info as varint-prefixed
//! strings, or (before go1.18) two pointers to Go string headers, resolved
//! through the ELF sections. Module info is framed by 16-byte sentinels.
//! Source: `debug/buildinfo/buildinfo.go` of go1.18+ and go1.15's
//! `cmd/go/internal/version/version.go`. Also reads the Go ELF notes
//! (`.note.go.buildid` and the `-buildmode=shared` ones).

use object::read::elf::{FileHeader, SectionHeader};
use object::{Endianness, elf};

use super::elf::{ElfFile, ElfSections};
use crate::error::{ReadError, ReadResult};

const MAGIC: &[u8] = b"\xff Go buildinf:";

/// Version and module information of a linked Go file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildInfo {
    /// `go1.22.12`.
    pub version: String,
    /// Module info text (`path\t…\nmod\t…\n…`), sentinels removed; may be empty.
    pub modinfo: String,
}

/// Note type of `.note.go.abihash` (`ELF_NOTE_GOABIHASH_TAG`).
pub const NOTE_GO_ABIHASH: u32 = 2;

/// A Go ELF note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoNote {
    /// Section name (`.note.go.buildid`, …).
    pub section: String,
    /// Note type (1 pkg-list, 2 abihash, 3 deps, 4 buildid).
    pub kind: u32,
    /// Descriptor bytes.
    pub desc: Vec<u8>,
}

struct Sect<'d> {
    name: &'d [u8],
    addr: u64,
    /// File offset of the section's data (errors are absolute offsets).
    offset: u64,
    data: &'d [u8],
    sh_type: u32,
}

fn sections<'d>(f: &ElfFile<'d>) -> (Vec<Sect<'d>>, bool) {
    super::elf::with_elf!(f, s => sections_of(s))
}

fn sections_of<'d, H: FileHeader<Endian = Endianness>>(f: &ElfSections<'d, H>) -> (Vec<Sect<'d>>, bool) {
    let (data, e, table) = (f.data, f.endian, &f.sections);
    let mut out = Vec::new();
    for s in table.iter() {
        let name = table.section_name(e, s).unwrap_or_default();
        let bytes = if s.sh_type(e) == elf::SHT_NOBITS {
            &[][..]
        } else {
            s.data(e, data).unwrap_or_default()
        };
        out.push(Sect {
            name,
            addr: s.sh_addr(e).into(),
            offset: s.sh_offset(e).into(),
            data: bytes,
            sh_type: s.sh_type(e).0,
        });
    }
    (out, e == Endianness::Big)
}

impl<'d> Sect<'d> {
    /// A section of a Mach-O or PE file in the ELF terms the decoder uses:
    /// no file bytes is NOBITS (zero-fill), else PROGBITS.
    fn loaded(name: &'d [u8], addr: u64, offset: u64, data: &'d [u8]) -> Sect<'d> {
        let sh_type = if data.is_empty() {
            elf::SHT_NOBITS.0
        } else {
            elf::SHT_PROGBITS.0
        };
        Sect {
            name,
            addr,
            offset,
            data,
            sh_type,
        }
    }
}

/// The build information of an ELF file, if it has any.
pub fn read(data: &[u8]) -> ReadResult<Option<BuildInfo>> {
    ElfFile::parse(data)?.build_info()
}

/// The build information of a Mach-O file (`__go_buildinfo`), if any.
pub fn read_macho(data: &[u8]) -> ReadResult<Option<BuildInfo>> {
    let sects: Vec<Sect<'_>> = super::macho::sections(data)?
        .into_iter()
        .map(|s| Sect::loaded(s.name, s.addr, s.offset, s.data))
        .collect();
    let Some(bi) = sects.iter().find(|s| s.name == b"__go_buildinfo") else {
        return Ok(None);
    };
    build_info_in(bi, &sects, data.len()).map_err(|e| e.shift(bi.offset))
}

/// The build information of a PE image, found as `debug/buildinfo` finds
/// it: the magic at a 16-byte aligned place in the first section whose
/// characteristics are exactly initialised, readable, writable data
/// (alignment bits aside), with a virtual address and a raw size.
pub fn read_pe(data: &[u8]) -> ReadResult<Option<BuildInfo>> {
    const DATA_RW: u32 = 0x40 | 0x4000_0000 | 0x8000_0000;
    const ALIGN_32: u32 = 0x60_0000;
    let f = super::pe::parse(data)?;
    let base = f.image_base.unwrap_or(0);
    let sects: Vec<Sect<'_>> = f
        .sections
        .iter()
        .map(|s| Sect::loaded(b"", base + u64::from(s.virtual_address), s.offset, s.data))
        .collect();
    let Some(i) = f
        .sections
        .iter()
        .position(|s| s.virtual_address != 0 && s.size != 0 && s.characteristics & !ALIGN_32 == DATA_RW)
    else {
        return Ok(None);
    };
    let d = sects[i].data;
    let Some(at) = (0..d.len()).step_by(16).find(|&k| d[k..].starts_with(MAGIC)) else {
        return Ok(None);
    };
    let bi = Sect {
        name: b"",
        addr: sects[i].addr + at as u64,
        offset: sects[i].offset + at as u64,
        data: &d[at..],
        sh_type: elf::SHT_PROGBITS.0,
    };
    build_info_in(&bi, &sects, data.len()).map_err(|e| e.shift(bi.offset))
}

/// The Go notes (name `Go`) of an ELF file.
pub fn go_notes(data: &[u8]) -> ReadResult<Vec<GoNote>> {
    Ok(ElfFile::parse(data)?.go_notes())
}

impl ElfFile<'_> {
    /// The build information (`.go.buildinfo`), if the file has any;
    /// errors carry file offsets.
    pub fn build_info(&self) -> ReadResult<Option<BuildInfo>> {
        let (sects, _) = sections(self);
        let Some(bi) = sects.iter().find(|s| s.name == b".go.buildinfo") else {
            return Ok(None);
        };
        build_info_in(bi, &sects, self.data().len()).map_err(|e| e.shift(bi.offset))
    }

    /// The Go notes (name `Go`) of the file.
    pub fn go_notes(&self) -> Vec<GoNote> {
        let (sects, big) = sections(self);
        go_notes_in(&sects, big)
    }
}

/// Decodes `.go.buildinfo` (`bi`); offsets relative to its data.
fn build_info_in(bi: &Sect<'_>, sects: &[Sect<'_>], file_len: usize) -> ReadResult<Option<BuildInfo>> {
    let data_len = file_len;
    let d = bi.data;
    if !d.starts_with(MAGIC) || d.len() < 32 {
        return Err(ReadError::new("malformed .go.buildinfo header", 0));
    }
    let ptr_size = d[14] as usize;
    let flags = d[15];
    let big = flags & 1 != 0;
    let (version, modinfo) = if flags & 2 != 0 {
        let (v, n) = varint_string(d, 32)?;
        let (m, _) = varint_string(d, n)?;
        (v.to_vec(), m.to_vec())
    } else {
        if ptr_size != 4 && ptr_size != 8 {
            return Err(ReadError::new("bad pointer size in .go.buildinfo", 14));
        }
        let read_ptr = |b: &[u8]| -> u64 {
            let mut x = 0u64;
            for (i, &byte) in b.iter().enumerate().take(ptr_size) {
                let shift = if big { 8 * (ptr_size - 1 - i) } else { 8 * i };
                x |= (byte as u64) << shift;
            }
            x
        };
        let at = |addr: u64, len: usize| -> Option<&[u8]> {
            sects.iter().filter(|s| s.sh_type != elf::SHT_NOBITS.0).find_map(|s| {
                let off = addr.checked_sub(s.addr)? as usize;
                s.data.get(off..off.checked_add(len)?)
            })
        };
        let string_at = |ptr_addr: u64| -> Option<Vec<u8>> {
            let hdr = at(ptr_addr, 2 * ptr_size)?;
            let (p, n) = (read_ptr(&hdr[..ptr_size]), read_ptr(&hdr[ptr_size..]) as usize);
            if n > data_len {
                return None;
            }
            at(p, n).map(<[u8]>::to_vec)
        };
        let v = read_ptr(&d[16..16 + ptr_size]);
        let m = read_ptr(&d[16 + ptr_size..16 + 2 * ptr_size]);
        (
            string_at(v).ok_or(ReadError::new("build info version pointer does not resolve", 16))?,
            string_at(m).unwrap_or_default(),
        )
    };
    let mut modinfo = modinfo;
    if modinfo.len() >= 33 && modinfo[modinfo.len() - 17] == b'\n' {
        modinfo = modinfo[16..modinfo.len() - 16].to_vec();
    } else {
        modinfo.clear();
    }
    Ok(Some(BuildInfo {
        version: String::from_utf8_lossy(&version).into_owned(),
        modinfo: String::from_utf8_lossy(&modinfo).into_owned(),
    }))
}

fn varint_string(d: &[u8], at: usize) -> ReadResult<(&[u8], usize)> {
    let mut n = 0u64;
    let mut i = at;
    for shift in (0..64).step_by(7) {
        let b = *d
            .get(i)
            .ok_or(ReadError::new("truncated build info string", i as u64))?;
        i += 1;
        n |= ((b & 0x7f) as u64) << shift;
        if b < 0x80 {
            break;
        }
    }
    let end = i
        .checked_add(n as usize)
        .filter(|&e| e <= d.len())
        .ok_or(ReadError::new("build info string past the section end", at as u64))?;
    Ok((&d[i..end], end))
}

fn go_notes_in(sects: &[Sect<'_>], big: bool) -> Vec<GoNote> {
    let mut out = Vec::new();
    for s in sects
        .iter()
        .filter(|s| s.sh_type == elf::SHT_NOTE.0 && s.name.starts_with(b".note.go."))
    {
        let d = s.data;
        let rd = |o: usize| -> Option<u32> {
            let b: [u8; 4] = d.get(o..o + 4)?.try_into().ok()?;
            Some(if big {
                u32::from_be_bytes(b)
            } else {
                u32::from_le_bytes(b)
            })
        };
        let mut o = 0usize;
        while let (Some(namesz), Some(descsz), Some(kind)) = (rd(o), rd(o + 4), rd(o + 8)) {
            let name_end = o + 12 + namesz as usize;
            let desc_start = (name_end + 3) & !3;
            let Some(desc) = d.get(desc_start..desc_start + descsz as usize) else {
                break;
            };
            if d.get(o + 12..name_end).is_some_and(|n| n.starts_with(b"Go")) {
                out.push(GoNote {
                    section: String::from_utf8_lossy(s.name).into_owned(),
                    kind,
                    desc: desc.to_vec(),
                });
            }
            o = (desc_start + descsz as usize + 3) & !3;
        }
    }
    out
}
