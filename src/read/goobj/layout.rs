//! The two binary layouts of the Go object format since go1.15, as constants:
//! group A (`\x00go115ld`, go1.15) and group B (`\x00go118ld`/`\x00go120ld`,
//! go1.18–go1.27, byte-identical layouts). Source: go1.15
//! `cmd/internal/goobj2/objfile.go`, go1.19+ `cmd/internal/goobj/objfile.go`.

/// Which binary layout an object uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum Layout {
    /// `\x00go115ld`: 15 blocks, 20-byte symbols, 22-byte relocations.
    Go115,
    /// `\x00go118ld` or `\x00go120ld`: 19 blocks, 21-byte symbols, 23-byte relocations.
    Go118,
}

/// Magic of go1.15 objects.
pub const MAGIC_115: &[u8; 8] = b"\x00go115ld";
/// Magic of go1.18 and go1.19 objects.
pub const MAGIC_118: &[u8; 8] = b"\x00go118ld";
/// Magic of go1.20 to go1.27 objects.
pub const MAGIC_120: &[u8; 8] = b"\x00go120ld";

/// Logical block names, shared by both layouts (A lacks the hashed ones,
/// B lacks Pcdata).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum Blk {
    Autolib,
    PkgIdx,
    File,
    Symdef,
    Hashed64def,
    Hasheddef,
    Nonpkgdef,
    Nonpkgref,
    RefFlags,
    Hash64,
    Hash,
    RelocIdx,
    AuxIdx,
    DataIdx,
    Reloc,
    Aux,
    Data,
    Pcdata,
    RefName,
}

impl Layout {
    /// Recognises a magic.
    pub fn from_magic(m: &[u8]) -> Option<Layout> {
        if m == MAGIC_115 {
            Some(Layout::Go115)
        } else if m == MAGIC_118 || m == MAGIC_120 {
            Some(Layout::Go118)
        } else {
            None
        }
    }

    /// Number of block offsets in the header (including the end offset).
    pub fn nblk(self) -> usize {
        match self {
            Layout::Go115 => 15,
            Layout::Go118 => 19,
        }
    }

    /// Header size: magic, fingerprint, flags, offsets.
    pub fn header_size(self) -> usize {
        8 + 8 + 4 + 4 * self.nblk()
    }

    /// Size of a symbol record.
    pub fn sym_size(self) -> usize {
        match self {
            Layout::Go115 => 20,
            Layout::Go118 => 21,
        }
    }

    /// Size of a relocation record.
    pub fn reloc_size(self) -> usize {
        match self {
            Layout::Go115 => 22,
            Layout::Go118 => 23,
        }
    }

    /// Position of `b` in the offset table, if this layout has it.
    pub fn index(self, b: Blk) -> Option<usize> {
        use Blk::*;
        match self {
            Layout::Go115 => Some(match b {
                Autolib => 0,
                PkgIdx => 1,
                File => 2,
                Symdef => 3,
                Nonpkgdef => 4,
                Nonpkgref => 5,
                RelocIdx => 6,
                AuxIdx => 7,
                DataIdx => 8,
                Reloc => 9,
                Aux => 10,
                Data => 11,
                Pcdata => 12,
                RefName => 13,
                Hashed64def | Hasheddef | RefFlags | Hash64 | Hash => return None,
            }),
            Layout::Go118 => Some(match b {
                Autolib => 0,
                PkgIdx => 1,
                File => 2,
                Symdef => 3,
                Hashed64def => 4,
                Hasheddef => 5,
                Nonpkgdef => 6,
                Nonpkgref => 7,
                RefFlags => 8,
                Hash64 => 9,
                Hash => 10,
                RelocIdx => 11,
                AuxIdx => 12,
                DataIdx => 13,
                Reloc => 14,
                Aux => 15,
                Data => 16,
                RefName => 17,
                Pcdata => return None,
            }),
        }
    }

    /// Special package indices: (None, Hashed64, Hashed, Builtin, Self).
    pub fn special_pkg(self) -> SpecialPkg {
        match self {
            Layout::Go115 => SpecialPkg {
                none: 0x7FFF_FFFF,
                hashed64: None,
                hashed: None,
                builtin: 0x7FFF_FFFE,
                self_: 0x7FFF_FFFD,
            },
            Layout::Go118 => SpecialPkg {
                none: 0x7FFF_FFFF,
                hashed64: Some(0x7FFF_FFFE),
                hashed: Some(0x7FFF_FFFD),
                builtin: 0x7FFF_FFFC,
                self_: 0x7FFF_FFFB,
            },
        }
    }
}

/// The special `PkgIdx` values of a layout.
#[derive(Debug, Clone, Copy)]
#[allow(missing_docs)]
pub struct SpecialPkg {
    pub none: u32,
    pub hashed64: Option<u32>,
    pub hashed: Option<u32>,
    pub builtin: u32,
    pub self_: u32,
}

/// `Sym.ABI` value of file-local (static) symbols.
pub const SYM_ABI_STATIC: u16 = 0xFFFF;
/// Size of an Autolib (imported package) record.
pub const AUTOLIB_SIZE: usize = 16;
/// Size of a string reference.
pub const STRING_REF_SIZE: usize = 8;
/// Size of an aux record.
pub const AUX_SIZE: usize = 9;
/// Size of a RefName record.
pub const REFNAME_SIZE: usize = 16;
/// Size of a RefFlags record.
pub const REFFLAGS_SIZE: usize = 10;
