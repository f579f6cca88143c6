//! A zero-copy view of one Go object (`_go_.o` or an assembler `.o`): the
//! text header, then the binary part, whose header and block table are
//! validated once in [`GoObj::parse`] so that every later access is a
//! bounds-checked read that cannot run past its block.
//!
//! Counts are derived from block sizes (as Go's own reader does), so they can
//! never exceed what the file holds: memory use follows the file, never a
//! count field.

use std::ops::Range;

use super::layout::*;
use super::textheader::{GoRelease, TextHeader};
use crate::error::{ReadError, ReadResult};
use crate::read::bytes::{array_at, slice_at, u8_at, u32_at};
use crate::tables::{self, ReleaseTables, Support};

/// A reference to a symbol: package index and symbol index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SymRef {
    /// Package index (or a special value, see [`SpecialPkg`]).
    pub pkg: u32,
    /// Symbol index within that package.
    pub idx: u32,
}

/// What a [`SymRef`] points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// `{0, 0}`: no symbol.
    Nil,
    /// A symbol of this object, by its index in the object's symbol list
    /// (defined symbols, then non-package references).
    Local(u32),
    /// A builtin symbol of the producing release.
    Builtin(u32),
    /// An indexed symbol of another package: its PkgIndex entry and index.
    Package(u32, u32),
}

/// One symbol record (defined or referenced).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sym<'d> {
    /// Raw name (may be empty; not necessarily UTF-8).
    pub name: &'d [u8],
    /// 0 = ABI0, 1 = ABIInternal, 0xFFFF = static.
    pub abi: u16,
    /// `objabi.SymKind` value of the producing release.
    pub kind: u8,
    /// `Flag` bits.
    pub flag: u8,
    /// `Flag2` bits (0 for go1.15).
    pub flag2: u8,
    /// Declared size.
    pub siz: u32,
    /// Alignment (0 = default).
    pub align: u32,
}

impl Sym<'_> {
    /// `SymFlagDupok`: duplicate definitions are allowed.
    pub fn dupok(&self) -> bool {
        self.flag & SYM_FLAG_DUPOK != 0
    }
}

/// `goobj.SymFlagDupok` (the `Flag` byte, whose bits every release shares).
pub const SYM_FLAG_DUPOK: u8 = 1;
/// `goobj.SymFlagTypelink`.
pub const SYM_FLAG_TYPELINK: u8 = 1 << 2;
/// `goobj.SymFlagNoSplit`.
pub const SYM_FLAG_NOSPLIT: u8 = 1 << 4;
/// `goobj.SymFlagReflectMethod`.
pub const SYM_FLAG_REFLECT_METHOD: u8 = 1 << 5;
/// `goobj.SymFlagGoType`.
pub const SYM_FLAG_GO_TYPE: u8 = 1 << 6;
/// `Flag2` `SymFlagUsedInIface` (go1.19+; the low `Flag2` bits keep
/// their places, the high ones moved in go1.27: look those up by name).
pub const SYM_FLAG2_USED_IN_IFACE: u8 = 1;
/// `Flag2` `SymFlagItab` (go1.19+).
pub const SYM_FLAG2_ITAB: u8 = 1 << 1;
/// `goobj.ObjFlagFromAssembly` (go1.19+).
pub const OBJ_FLAG_FROM_ASSEMBLY: u32 = 4;
/// `goobj.ObjFlagUnlinkable` (go1.19+).
pub const OBJ_FLAG_UNLINKABLE: u32 = 8;
/// `goobj.ObjFlagStd` (go1.23+).
pub const OBJ_FLAG_STD: u32 = 16;

/// One relocation record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reloc {
    /// Offset in the symbol's data.
    pub off: i32,
    /// Size of the patched field.
    pub siz: u8,
    /// On-disk type (release-specific numbering).
    pub typ: u16,
    /// Addend.
    pub add: i64,
    /// Target.
    pub sym: SymRef,
}

impl Reloc {
    /// Whether the patched field lies outside a symbol data of `len` bytes:
    /// the linker's `off < 0 || off+siz > len(P)`, in its int32 arithmetic.
    pub fn outside(&self, len: usize) -> bool {
        self.off < 0 || i64::from(self.off.wrapping_add(i32::from(self.siz))) > len as i64
    }
}

/// One aux record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Aux {
    /// Aux type (release-specific numbering).
    pub typ: u8,
    /// Target.
    pub sym: SymRef,
}

/// A validated Go object.
#[derive(Clone)]
pub struct GoObj<'d> {
    /// The text header.
    pub header: TextHeader<'d>,
    /// Release named by the header.
    pub release: GoRelease,
    /// Tables for that release.
    pub tables: &'static ReleaseTables,
    /// Whether those tables are verified or inferred.
    pub support: Support,
    /// Binary layout.
    pub layout: Layout,
    /// Offset of the binary part (the magic) within the object's bytes.
    pub bin_offset: usize,
    /// Package fingerprint (zero for assembler objects).
    pub fingerprint: [u8; 8],
    /// Object flags.
    pub flags: u32,
    bin: &'d [u8],
    /// The text part before the binary one (header lines, export stubs,
    /// cgo directives).
    text: &'d [u8],
    blocks: [Range<usize>; 19],
    nsym: u32,
    nhashed64: u32,
    nhashed: u32,
    nnonpkgdef: u32,
    nnonpkgref: u32,
}

impl std::fmt::Debug for GoObj<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GoObj")
            .field("header", &self.header.line)
            .field("layout", &self.layout)
            .field("nsym", &self.nsym)
            .finish_non_exhaustive()
    }
}

fn blk_slot(b: Blk) -> usize {
    b as usize
}

impl<'d> GoObj<'d> {
    /// Parses a Go object from its first byte (`go object …`). Errors carry
    /// offsets relative to `data`.
    pub fn parse(data: &'d [u8]) -> ReadResult<GoObj<'d>> {
        let (header, bin_offset) = TextHeader::parse(data, true)?;
        let bin = &data[bin_offset..];
        let at = |e: ReadError| e.shift(bin_offset as u64);
        let magic = slice_at(bin, 0, 8, "truncated Go object: no binary magic").map_err(at)?;
        let layout = match Layout::from_magic(magic) {
            Some(l) => l,
            None => return Err(unknown_magic(magic).shift(bin_offset as u64)),
        };
        let release = header
            .release()
            .ok_or(ReadError::new("unrecognised Go version in object header", 0))?;
        let (tables, support) = tables::for_minor(release.minor).ok_or(ReadError::new(
            "Go object from a release gosym cannot read (before go1.15, or the unverified go1.16/go1.17 layout)",
            0,
        ))?;
        let expect = if tables.minor == 15 {
            Layout::Go115
        } else {
            Layout::Go118
        };
        if expect != layout {
            return Err(ReadError::new(
                "binary magic does not match the Go version in the object header",
                bin_offset as u64,
            ));
        }
        let hsize = layout.header_size();
        slice_at(bin, 0, hsize, "truncated Go object header").map_err(at)?;
        let fingerprint = array_at::<8>(bin, 8, "truncated fingerprint").map_err(at)?;
        let flags = u32_at(bin, 16, "truncated object flags").map_err(at)?;
        let mut offs = [0usize; 19];
        let n = layout.nblk();
        for (i, o) in offs.iter_mut().enumerate().take(n) {
            *o = u32_at(bin, 20 + 4 * i, "truncated block offset table").map_err(at)? as usize;
        }
        // Offsets must rise, start after the string table start, and stay in the file.
        let mut prev = hsize;
        for (i, &o) in offs.iter().enumerate().take(n) {
            if o < prev {
                return Err(ReadError::new("block offsets out of order", (20 + 4 * i) as u64).shift(bin_offset as u64));
            }
            if o > bin.len() {
                return Err(
                    ReadError::new("block offset past the end of the object", (20 + 4 * i) as u64)
                        .shift(bin_offset as u64),
                );
            }
            prev = o;
        }
        let mut blocks: [Range<usize>; 19] = Default::default();
        for b in ALL_BLKS {
            if let Some(i) = layout.index(b) {
                blocks[blk_slot(b)] = offs[i]..offs[i + 1];
            }
        }
        let mut obj = GoObj {
            header,
            release,
            tables,
            support,
            layout,
            bin_offset,
            fingerprint,
            flags,
            bin,
            text: &data[..bin_offset],
            blocks,
            nsym: 0,
            nhashed64: 0,
            nhashed: 0,
            nnonpkgdef: 0,
            nnonpkgref: 0,
        };
        obj.validate_blocks()?;
        Ok(obj)
    }

    /// go1.15's pc-value tables of the object's functions (the `Pcdata`
    /// block, which `FuncInfo` offsets index; later layouts keep the tables
    /// in symbols of their own). Empty for other layouts.
    pub fn pcdata_block(&self) -> &'d [u8] {
        self.bin.get(self.blk(Blk::Pcdata)).unwrap_or_default()
    }

    fn blk(&self, b: Blk) -> Range<usize> {
        self.blocks[blk_slot(b)].clone()
    }

    fn count(&self, b: Blk, size: usize) -> ReadResult<u32> {
        let r = self.blk(b);
        let len = r.end - r.start;
        if !len.is_multiple_of(size) {
            return Err(ReadError::new(BLOCK_SIZE_ERRORS[blk_slot(b)], self.abs(r.start)));
        }
        Ok((len / size) as u32)
    }

    fn abs(&self, off: usize) -> u64 {
        (self.bin_offset + off) as u64
    }

    fn validate_blocks(&mut self) -> ReadResult<()> {
        let ss = self.layout.sym_size();
        self.nsym = self.count(Blk::Symdef, ss)?;
        self.nhashed64 = self.count(Blk::Hashed64def, ss)?;
        self.nhashed = self.count(Blk::Hasheddef, ss)?;
        self.nnonpkgdef = self.count(Blk::Nonpkgdef, ss)?;
        self.nnonpkgref = self.count(Blk::Nonpkgref, ss)?;
        self.count(Blk::Autolib, AUTOLIB_SIZE)?;
        self.count(Blk::PkgIdx, STRING_REF_SIZE)?;
        self.count(Blk::File, STRING_REF_SIZE)?;
        self.count(Blk::RefFlags, REFFLAGS_SIZE)?;
        self.count(Blk::Reloc, self.layout.reloc_size())?;
        self.count(Blk::Aux, AUX_SIZE)?;
        self.count(Blk::RefName, REFNAME_SIZE)?;
        let ndef = self.ndef() as usize;
        let data = self.blk(Blk::Data);
        let limits = [
            (Blk::RelocIdx, self.nreloc() as usize, "relocation index out of range"),
            (Blk::AuxIdx, self.naux() as usize, "aux index out of range"),
            (Blk::DataIdx, data.end - data.start, "data index out of range"),
        ];
        for (b, limit, what) in limits {
            let r = self.blk(b);
            if r.end - r.start != (ndef + 1) * 4 {
                return Err(ReadError::new(
                    "index block size does not match the number of defined symbols",
                    self.abs(r.start),
                ));
            }
            // Each index table must rise and stay inside its block, so every
            // per-symbol range read later is valid.
            let mut prev = 0usize;
            for (k, w) in self.bin[r.clone()].chunks_exact(4).enumerate() {
                let x = u32::from_le_bytes([w[0], w[1], w[2], w[3]]) as usize;
                if x < prev || x > limit {
                    return Err(ReadError::new(what, self.abs(r.start + 4 * k)));
                }
                prev = x;
            }
        }
        if self.layout == Layout::Go118 {
            let h64 = self.blk(Blk::Hash64);
            let h = self.blk(Blk::Hash);
            if h64.end - h64.start != self.nhashed64 as usize * 8 || h.end - h.start != self.nhashed as usize * 16 {
                return Err(ReadError::new(
                    "hash block size does not match the hashed symbol count",
                    self.abs(h64.start),
                ));
            }
        }
        Ok(())
    }

    /// The binary part, from the magic on.
    pub fn bin(&self) -> &'d [u8] {
        self.bin
    }

    /// Number of package symbols (`Symdef`).
    pub fn nsym(&self) -> u32 {
        self.nsym
    }
    /// Number of `Hashed64def` symbols.
    pub fn nhashed64(&self) -> u32 {
        self.nhashed64
    }
    /// Number of `Hasheddef` symbols.
    pub fn nhashed(&self) -> u32 {
        self.nhashed
    }
    /// Number of `Nonpkgdef` symbols.
    pub fn nnonpkgdef(&self) -> u32 {
        self.nnonpkgdef
    }
    /// Number of `Nonpkgref` symbols.
    pub fn nnonpkgref(&self) -> u32 {
        self.nnonpkgref
    }
    /// Number of defined symbols (all def blocks).
    pub fn ndef(&self) -> u32 {
        self.nsym + self.nhashed64 + self.nhashed + self.nnonpkgdef
    }
    /// Number of symbols in the symbol list (defined, then references).
    pub fn nsym_total(&self) -> u32 {
        self.ndef() + self.nnonpkgref
    }
    /// Number of relocations in the object.
    pub fn nreloc(&self) -> u32 {
        let r = self.blk(Blk::Reloc);
        ((r.end - r.start) / self.layout.reloc_size()) as u32
    }
    /// Number of aux records.
    pub fn naux(&self) -> u32 {
        let r = self.blk(Blk::Aux);
        ((r.end - r.start) / AUX_SIZE) as u32
    }
    /// Number of RefName records.
    pub fn nrefname(&self) -> u32 {
        let r = self.blk(Blk::RefName);
        ((r.end - r.start) / REFNAME_SIZE) as u32
    }
    /// Number of imported packages (Autolib).
    pub fn nautolib(&self) -> u32 {
        let r = self.blk(Blk::Autolib);
        ((r.end - r.start) / AUTOLIB_SIZE) as u32
    }
    /// Number of PkgIndex entries (entry 0 is a dummy).
    pub fn npkgidx(&self) -> u32 {
        let r = self.blk(Blk::PkgIdx);
        ((r.end - r.start) / STRING_REF_SIZE) as u32
    }

    /// The string a string reference at `at` (offset in the binary part) names.
    pub fn string_ref(&self, at: usize) -> ReadResult<&'d [u8]> {
        let len = u32_at(self.bin, at, "truncated string reference").map_err(|e| e.shift(self.bin_offset as u64))?;
        let off =
            u32_at(self.bin, at + 4, "truncated string reference").map_err(|e| e.shift(self.bin_offset as u64))?;
        slice_at(
            self.bin,
            off as usize,
            len as usize,
            "string reference past the end of the object",
        )
        .map_err(|_| ReadError::new("string reference past the end of the object", self.abs(at)))
    }

    /// Where symbol record `i` starts in the binary part, if `i` is in range.
    fn sym_at(&self, i: u32) -> Option<usize> {
        (i < self.nsym_total()).then(|| self.blk(Blk::Symdef).start + i as usize * self.layout.sym_size())
    }

    /// The `Flag` and `Flag2` bytes of symbol `i` (0 for go1.15's
    /// `Flag2`), without reading its name.
    pub fn sym_flags(&self, i: u32) -> Option<(u8, u8)> {
        let at = self.sym_at(i)?;
        let flag = *self.bin.get(at + 11)?;
        let flag2 = match self.layout {
            Layout::Go115 => 0,
            Layout::Go118 => *self.bin.get(at + 12)?,
        };
        Some((flag, flag2))
    }

    /// The kind byte of symbol `i` (`SymKind`), without reading its name.
    pub fn sym_kind(&self, i: u32) -> Option<u8> {
        self.bin.get(self.sym_at(i)? + 10).copied()
    }

    /// The ABI of symbol `i`, without reading its name.
    pub fn sym_abi(&self, i: u32) -> Option<u16> {
        let at = self.sym_at(i)?;
        let b = self.bin.get(at + 8..at + 10)?;
        Some(u16::from_le_bytes([b[0], b[1]]))
    }

    /// Symbol `i` of the symbol list (`i < nsym_total()`).
    pub fn sym(&self, i: u32) -> ReadResult<Sym<'d>> {
        if i >= self.nsym_total() {
            return Err(ReadError::new(
                "symbol index out of range",
                self.abs(self.blk(Blk::Symdef).start),
            ));
        }
        let size = self.layout.sym_size();
        let at = self.blk(Blk::Symdef).start + i as usize * size;
        // One bounds check for the whole record (the listing's hot path).
        let rec = self
            .bin
            .get(at..at + size)
            .ok_or_else(|| ReadError::new("truncated symbol", self.abs(at)))?;
        let name = self.string_ref(at)?;
        let u32_of = |o: usize| u32::from_le_bytes([rec[o], rec[o + 1], rec[o + 2], rec[o + 3]]);
        let (flag2, siz_at) = match self.layout {
            Layout::Go115 => (0, 12),
            Layout::Go118 => (rec[12], 13),
        };
        Ok(Sym {
            name,
            abi: u16::from_le_bytes([rec[8], rec[9]]),
            kind: rec[10],
            flag: rec[11],
            flag2,
            siz: u32_of(siz_at),
            align: u32_of(siz_at + 4),
        })
    }

    fn idx_range(&self, b: Blk, i: u32, limit: u32, what: &'static str) -> ReadResult<Range<u32>> {
        if i >= self.ndef() {
            return Err(ReadError::new(
                "defined symbol index out of range",
                self.abs(self.blk(b).start),
            ));
        }
        let at = self.blk(b).start + i as usize * 4;
        let e = |e: ReadError| e.shift(self.bin_offset as u64);
        let s = u32_at(self.bin, at, what).map_err(e)?;
        let t = u32_at(self.bin, at + 4, what).map_err(e)?;
        if s > t || t > limit {
            return Err(ReadError::new(what, self.abs(at)));
        }
        Ok(s..t)
    }

    /// Index range into the relocation block of defined symbol `i`.
    pub fn reloc_range(&self, i: u32) -> ReadResult<Range<u32>> {
        self.idx_range(Blk::RelocIdx, i, self.nreloc(), "relocation index out of range")
    }

    /// Relocation `j` of the object's relocation block. The block holds
    /// whole records ([`GoObj::parse`] checks), so one bounds check serves
    /// the record (the dead-code pass's hot path).
    pub fn reloc(&self, j: u32) -> ReadResult<Reloc> {
        let size = self.layout.reloc_size();
        let at = self.blk(Blk::Reloc).start + j as usize * size;
        let rec = self
            .bin
            .get(at..at + size)
            .ok_or_else(|| ReadError::new("truncated relocation", self.abs(at)))?;
        let u32_of = |o: usize| u32::from_le_bytes([rec[o], rec[o + 1], rec[o + 2], rec[o + 3]]);
        let (typ, rest) = match self.layout {
            Layout::Go115 => (u16::from(rec[5]), 6),
            Layout::Go118 => (u16::from_le_bytes([rec[5], rec[6]]), 7),
        };
        let mut add = [0u8; 8];
        add.copy_from_slice(&rec[rest..rest + 8]);
        Ok(Reloc {
            off: u32_of(0) as i32,
            siz: rec[4],
            typ,
            add: i64::from_le_bytes(add),
            sym: SymRef {
                pkg: u32_of(rest + 8),
                idx: u32_of(rest + 12),
            },
        })
    }

    /// Relocations of defined symbol `i`.
    pub fn relocs(&self, i: u32) -> ReadResult<impl Iterator<Item = ReadResult<Reloc>> + '_> {
        let r = self.reloc_range(i)?;
        Ok(r.map(move |j| self.reloc(j)))
    }

    /// The first aux record of defined symbol `i` whose type this release
    /// names `name` (`FuncInfo`, `Gotype`, `Pcsp`, …), if any.
    pub fn aux_named(&self, i: u32, name: &str) -> Option<Aux> {
        self.auxs(i)
            .ok()?
            .flatten()
            .find(|a| self.tables.aux_name(a.typ) == Some(name))
    }

    /// Aux records of defined symbol `i`.
    pub fn auxs(&self, i: u32) -> ReadResult<impl Iterator<Item = ReadResult<Aux>> + '_> {
        let r = self.idx_range(Blk::AuxIdx, i, self.naux(), "aux index out of range")?;
        Ok(r.map(move |j| {
            let at = self.blk(Blk::Aux).start + j as usize * AUX_SIZE;
            let typ = u8_at(self.bin, at, "truncated aux record").map_err(|e| e.shift(self.bin_offset as u64))?;
            Ok(Aux {
                typ,
                sym: self.symref_at(at + 1)?,
            })
        }))
    }

    /// Data of defined symbol `i`.
    pub fn data(&self, i: u32) -> ReadResult<&'d [u8]> {
        let d = self.blk(Blk::Data);
        let r = self.idx_range(Blk::DataIdx, i, (d.end - d.start) as u32, "data index out of range")?;
        Ok(&self.bin[d.start + r.start as usize..d.start + r.end as usize])
    }

    /// Go's `Reader.DataOff(i)`: offset of symbol `i`'s data from the magic
    /// (what `go tool nm` prints as the address).
    pub fn data_off(&self, i: u32) -> ReadResult<u32> {
        let d = self.blk(Blk::Data);
        let r = self.idx_range(Blk::DataIdx, i, (d.end - d.start) as u32, "data index out of range")?;
        Ok(d.start as u32 + r.start)
    }

    fn symref_at(&self, at: usize) -> ReadResult<SymRef> {
        let e = |e: ReadError| e.shift(self.bin_offset as u64);
        Ok(SymRef {
            pkg: u32_at(self.bin, at, "truncated symbol reference").map_err(e)?,
            idx: u32_at(self.bin, at + 4, "truncated symbol reference").map_err(e)?,
        })
    }

    /// Imported package `i` (Autolib): unescaped import path and the
    /// fingerprint this object expects of it.
    pub fn autolib(&self, i: u32) -> ReadResult<(&'d [u8], [u8; 8])> {
        let at = self.blk(Blk::Autolib).start + i as usize * AUTOLIB_SIZE;
        let path = self.string_ref(at)?;
        let fp =
            array_at::<8>(self.bin, at + 8, "truncated import record").map_err(|e| e.shift(self.bin_offset as u64))?;
        Ok((path, fp))
    }

    /// PkgIndex entry `i`: escaped package path (entry 0 is empty).
    pub fn pkgidx(&self, i: u32) -> ReadResult<&'d [u8]> {
        self.string_ref(self.blk(Blk::PkgIdx).start + i as usize * STRING_REF_SIZE)
    }

    /// RefName record `i`: a symbol of another package and its name.
    pub fn refname(&self, i: u32) -> ReadResult<(SymRef, &'d [u8])> {
        let at = self.blk(Blk::RefName).start + i as usize * REFNAME_SIZE;
        Ok((self.symref_at(at)?, self.string_ref(at + 8)?))
    }

    /// Resolves a reference the way Go's tools do (`resolveSymRef`).
    pub fn target(&self, r: SymRef) -> ReadResult<Target> {
        let sp = self.layout.special_pkg();
        let local = |base: u32, n: u32| -> ReadResult<Target> {
            if r.idx >= n {
                return Err(ReadError::new("symbol reference index out of range", 0));
            }
            Ok(Target::Local(base + r.idx))
        };
        if r.pkg == 0 {
            return if r.idx == 0 {
                Ok(Target::Nil)
            } else {
                Err(ReadError::new("invalid symbol reference", 0))
            };
        }
        if r.pkg == sp.self_ {
            return local(0, self.nsym);
        }
        if Some(r.pkg) == sp.hashed64 {
            return local(self.nsym, self.nhashed64);
        }
        if Some(r.pkg) == sp.hashed {
            return local(self.nsym + self.nhashed64, self.nhashed);
        }
        if r.pkg == sp.none {
            let base = self.nsym + self.nhashed64 + self.nhashed;
            return local(base, self.nnonpkgdef + self.nnonpkgref);
        }
        if r.pkg == sp.builtin {
            return Ok(Target::Builtin(r.idx));
        }
        if r.pkg < self.npkgidx() {
            return Ok(Target::Package(r.pkg, r.idx));
        }
        Err(ReadError::new("symbol reference to an unknown package index", 0))
    }

    /// The package's own import path, from the `go.cuinfo.packagename.<path>`
    /// (`go:cuinfo…` from go1.21) symbol the compiler always writes.
    pub fn import_path(&self) -> Option<&'d [u8]> {
        for i in self.nsym + self.nhashed64 + self.nhashed..self.ndef() {
            let s = self.sym(i).ok()?;
            for p in [&b"go:cuinfo.packagename."[..], &b"go.cuinfo.packagename."[..]] {
                if let Some(rest) = s.name.strip_prefix(p) {
                    return Some(rest);
                }
            }
        }
        None
    }

    /// The cgo directives the compiler recorded for the linker (the JSON
    /// `$$  // cgo` section of the text part, as `ld.ldpkg` reads it):
    /// `["cgo_import_dynamic", local, remote, lib]`, `["cgo_export_static",
    /// …]`, …. Empty when there are none or they do not parse.
    pub fn cgo_directives(&self) -> Vec<Vec<String>> {
        const START: &[u8] = b"\n$$  // cgo\n";
        let Some(at) = self.text.windows(START.len()).position(|w| w == START) else {
            return Vec::new();
        };
        let rest = &self.text[at + START.len()..];
        let end = rest.windows(3).position(|w| w == b"\n$$").unwrap_or(rest.len());
        serde_json::from_slice(&rest[..end]).unwrap_or_default()
    }

    /// `ObjFlagStd` (go1.23+): the object belongs to the standard library.
    pub fn is_std(&self) -> bool {
        self.flags & OBJ_FLAG_STD != 0
    }

    /// `ObjFlagUnlinkable` (go1.19+): compiled without `-p`.
    pub fn is_unlinkable(&self) -> bool {
        self.flags & OBJ_FLAG_UNLINKABLE != 0
    }

    /// The range of package definitions (found by index from other objects).
    pub fn package_defs(&self) -> std::ops::Range<u32> {
        0..self.nsym
    }

    /// The range of content-hashed definitions.
    pub fn hashed_defs(&self) -> std::ops::Range<u32> {
        self.nsym..self.nsym + self.nhashed64 + self.nhashed
    }

    /// The content hash of hashed definition `i` (go1.18+ layout; the
    /// loader merges hashed definitions with equal hashes): the 8-byte
    /// hash of a short one, the 16-byte hash of the others. `None` for
    /// other definitions, or when the object has no hash blocks.
    pub fn content_hash(&self, i: u32) -> Option<ContentHash> {
        if self.layout != Layout::Go118 {
            return None;
        }
        let h64 = self.blk(Blk::Hash64);
        let h = self.blk(Blk::Hash);
        let k = i.checked_sub(self.nsym)? as usize;
        if k < self.nhashed64 as usize {
            let at = h64.start + 8 * k;
            let b: [u8; 8] = self.bin.get(at..at + 8)?.try_into().ok()?;
            return Some(ContentHash::Short(u64::from_le_bytes(b)));
        }
        let k = k - self.nhashed64 as usize;
        if k < self.nhashed as usize {
            let at = h.start + 16 * k;
            return Some(ContentHash::Long(self.bin.get(at..at + 16)?.try_into().ok()?));
        }
        None
    }

    /// The range of non-package definitions (found by name).
    pub fn nonpkg_defs(&self) -> std::ops::Range<u32> {
        self.nsym + self.nhashed64 + self.nhashed..self.ndef()
    }

    /// The range of non-package references (found by name).
    pub fn nonpkg_refs(&self) -> std::ops::Range<u32> {
        self.ndef()..self.nsym_total()
    }

    /// Whether the object came from the assembler (go1.19+ flag; for go1.15,
    /// an all-zero fingerprint and no `X:` header field).
    pub fn from_assembler(&self) -> bool {
        match self.layout {
            Layout::Go115 => self.header.experiments.is_none(),
            Layout::Go118 => self.flags & OBJ_FLAG_FROM_ASSEMBLY != 0,
        }
    }

    /// Offset of relocation record `j` from the object's first byte (for
    /// diagnostics).
    pub fn reloc_record_offset(&self, j: u32) -> u64 {
        self.abs(self.blk(Blk::Reloc).start + j as usize * self.layout.reloc_size())
    }

    /// The byte range of a block within the binary part (for diagnostics).
    pub fn block_range(&self, b: Blk) -> Range<usize> {
        self.blk(b)
    }
}

/// Every block, in the order of [`Blk`].
pub const ALL_BLKS: [Blk; 19] = [
    Blk::Autolib,
    Blk::PkgIdx,
    Blk::File,
    Blk::Symdef,
    Blk::Hashed64def,
    Blk::Hasheddef,
    Blk::Nonpkgdef,
    Blk::Nonpkgref,
    Blk::RefFlags,
    Blk::Hash64,
    Blk::Hash,
    Blk::RelocIdx,
    Blk::AuxIdx,
    Blk::DataIdx,
    Blk::Reloc,
    Blk::Aux,
    Blk::Data,
    Blk::Pcdata,
    Blk::RefName,
];

const BLOCK_SIZE_ERRORS: [&str; 19] = [
    "Autolib block size is not a whole number of records",
    "PkgIndex block size is not a whole number of records",
    "File block size is not a whole number of records",
    "Symdef block size is not a whole number of records",
    "Hashed64def block size is not a whole number of records",
    "Hasheddef block size is not a whole number of records",
    "Nonpkgdef block size is not a whole number of records",
    "Nonpkgref block size is not a whole number of records",
    "RefFlags block size is not a whole number of records",
    "Hash64 block size is not a whole number of records",
    "Hash block size is not a whole number of records",
    "RelocIdx block size is not a whole number of records",
    "AuxIdx block size is not a whole number of records",
    "DataIdx block size is not a whole number of records",
    "Reloc block size is not a whole number of records",
    "Aux block size is not a whole number of records",
    "Data block size is not a whole number of records",
    "Pcdata block size is not a whole number of records",
    "RefName block size is not a whole number of records",
];

/// The error for a magic that is not a readable layout, naming the format.
pub fn unknown_magic(m: &[u8]) -> ReadError {
    match m {
        b"\x00go114ld" => ReadError::new("pre-go1.15 object format (\\x00go114ld) is not supported", 0),
        b"\x00go116ld" => ReadError::new("go1.16 object format (\\x00go116ld) is not supported", 0),
        b"\x00go117ld" => ReadError::new("go1.17 object format (\\x00go117ld) is not supported", 0),
        b"\x00\x00go19ld" | b"\x00\x00go17ld" | b"\x00\x00go18ld" | b"\x00\x00go13ld" => {
            ReadError::new("pre-go1.15 object format is not supported", 0)
        }
        _ if m.starts_with(b"\x00go1") && m.ends_with(b"ld") => {
            ReadError::new("unknown Go object format version (magic \\x00go1??ld)", 0)
        }
        _ => ReadError::new("unknown Go object binary magic", 0),
    }
}

/// A hashed definition's content hash ([`GoObj::content_hash`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ContentHash {
    /// `Hash64`: short symbols (the content itself, up to 8 bytes).
    Short(u64),
    /// `Hash`: the others.
    Long([u8; 16]),
}
