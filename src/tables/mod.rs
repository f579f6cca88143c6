//! Per-release enumerations of the Go object format: relocation type names,
//! symbol kind names, the builtin symbol list (all generated from each
//! toolchain's sources into [`generated`]), plus the small hand-kept lists
//! (aux types, symbol `Flag2` bits, object flags) that `goobj/objfile.go`
//! defines per release.
//!
//! go1.21 to go1.27 share the binary magic `\x00go120ld` but renumber
//! relocation types and symbol kinds and shift `Flag2` bits, so a reader must
//! pick the table by the version in the object's text header, never by magic.

#[rustfmt::skip]
pub mod compiler_refs;
#[allow(missing_docs)]
#[rustfmt::skip]
pub mod generated;

use generated::*;

/// How well a release's tables are known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Support {
    /// Tables generated from that release's own sources and checked against
    /// its own tools.
    Verified,
    /// No toolchain of that release was available: tables of the nearest
    /// verified release (`from`, a minor version) are used.
    Inferred {
        /// The minor version whose tables are used.
        from: u32,
    },
}

/// The enumerations of one verified Go release.
#[derive(Debug)]
pub struct ReleaseTables {
    /// Minor version (22 for go1.22).
    pub minor: u32,
    /// `objabi.RelocType` names: first value and the dense names from it.
    pub reloc: (u16, &'static [&'static str]),
    /// `objabi.SymKind` names.
    pub symkind: (u16, &'static [&'static str]),
    /// Builtin symbols `(name, abi)` referenced by `PkgIdxBuiltin`.
    pub builtins: &'static [(&'static str, u8)],
    /// Aux symbol type names by value.
    pub aux: &'static [&'static str],
    /// Symbol `Flag2` bits `(mask, name)`; empty for go1.15 (no Flag2 byte).
    pub flag2: &'static [(u8, &'static str)],
    /// Object header flag bits `(mask, name)`.
    pub objflags: &'static [(u32, &'static str)],
    /// The linker's `blockedLinknames` (go1.23+; empty before).
    pub blocked: &'static [(&'static str, &'static [&'static str])],
    /// Names the linker defines itself, sorted by bytes.
    pub linker_defined: &'static [&'static [u8]],
}

const AUX_115: &[&str] = &[
    "Gotype",
    "FuncInfo",
    "Funcdata",
    "DwarfInfo",
    "DwarfLoc",
    "DwarfRanges",
    "DwarfLines",
];
const AUX_119: &[&str] = &[
    "Gotype",
    "FuncInfo",
    "Funcdata",
    "DwarfInfo",
    "DwarfLoc",
    "DwarfRanges",
    "DwarfLines",
    "Pcsp",
    "Pcfile",
    "Pcline",
    "Pcinline",
    "Pcdata",
];
const AUX_121: &[&str] = &[
    "Gotype",
    "FuncInfo",
    "Funcdata",
    "DwarfInfo",
    "DwarfLoc",
    "DwarfRanges",
    "DwarfLines",
    "Pcsp",
    "Pcfile",
    "Pcline",
    "Pcinline",
    "Pcdata",
    "WasmImport",
    "SehUnwindInfo",
];
const AUX_124: &[&str] = &[
    "Gotype",
    "FuncInfo",
    "Funcdata",
    "DwarfInfo",
    "DwarfLoc",
    "DwarfRanges",
    "DwarfLines",
    "Pcsp",
    "Pcfile",
    "Pcline",
    "Pcinline",
    "Pcdata",
    "WasmImport",
    "WasmType",
    "SehUnwindInfo",
];

const F2_119: &[(u8, &str)] = &[(0x01, "UsedInIface"), (0x02, "Itab"), (0x04, "Dict")];
const F2_121: &[(u8, &str)] = &[(0x01, "UsedInIface"), (0x02, "Itab"), (0x04, "Dict"), (0x08, "PkgInit")];
const F2_123: &[(u8, &str)] = &[
    (0x01, "UsedInIface"),
    (0x02, "Itab"),
    (0x04, "Dict"),
    (0x08, "PkgInit"),
    (0x10, "Linkname"),
    (0x20, "ABIWrapper"),
];
const F2_124: &[(u8, &str)] = &[
    (0x01, "UsedInIface"),
    (0x02, "Itab"),
    (0x04, "Dict"),
    (0x08, "PkgInit"),
    (0x10, "Linkname"),
    (0x20, "ABIWrapper"),
    (0x40, "WasmExport"),
];
const F2_127: &[(u8, &str)] = &[
    (0x01, "UsedInIface"),
    (0x02, "Itab"),
    (0x04, "Dict"),
    (0x08, "PkgInit"),
    (0x10, "Linkname"),
    (0x20, "LinknameStd"),
    (0x40, "ABIWrapper"),
    (0x80, "WasmExport"),
];

const OF_115: &[(u32, &str)] = &[(1, "Shared")];
const OF_119: &[(u32, &str)] = &[(1, "Shared"), (4, "FromAssembly"), (8, "Unlinkable")];
const OF_123: &[(u32, &str)] = &[(1, "Shared"), (4, "FromAssembly"), (8, "Unlinkable"), (16, "Std")];

macro_rules! release {
    ($minor:expr, $r:ident, $k:ident, $b:ident, $aux:ident, $f2:ident, $of:ident, $bl:ident, $ld:ident) => {
        ReleaseTables {
            minor: $minor,
            reloc: $r,
            symkind: $k,
            builtins: $b,
            aux: $aux,
            flag2: $f2,
            objflags: $of,
            blocked: $bl,
            linker_defined: $ld,
        }
    };
}

/// The verified releases, oldest first.
pub static RELEASES: &[ReleaseTables] = &[
    release!(
        15,
        RELOC_1_15,
        SYMKIND_1_15,
        BUILTINS_1_15,
        AUX_115,
        F2_NONE,
        OF_115,
        BLOCKED_LINKNAMES_1_15,
        LINKER_DEFINED_1_15
    ),
    release!(
        19,
        RELOC_1_19,
        SYMKIND_1_19,
        BUILTINS_1_19,
        AUX_119,
        F2_119,
        OF_119,
        BLOCKED_LINKNAMES_1_19,
        LINKER_DEFINED_1_19
    ),
    release!(
        21,
        RELOC_1_21,
        SYMKIND_1_21,
        BUILTINS_1_21,
        AUX_121,
        F2_121,
        OF_119,
        BLOCKED_LINKNAMES_1_21,
        LINKER_DEFINED_1_21
    ),
    release!(
        22,
        RELOC_1_22,
        SYMKIND_1_22,
        BUILTINS_1_22,
        AUX_121,
        F2_121,
        OF_119,
        BLOCKED_LINKNAMES_1_22,
        LINKER_DEFINED_1_22
    ),
    release!(
        23,
        RELOC_1_23,
        SYMKIND_1_23,
        BUILTINS_1_23,
        AUX_121,
        F2_123,
        OF_123,
        BLOCKED_LINKNAMES_1_23,
        LINKER_DEFINED_1_23
    ),
    release!(
        24,
        RELOC_1_24,
        SYMKIND_1_24,
        BUILTINS_1_24,
        AUX_124,
        F2_124,
        OF_123,
        BLOCKED_LINKNAMES_1_24,
        LINKER_DEFINED_1_24
    ),
    release!(
        26,
        RELOC_1_26,
        SYMKIND_1_26,
        BUILTINS_1_26,
        AUX_124,
        F2_124,
        OF_123,
        BLOCKED_LINKNAMES_1_26,
        LINKER_DEFINED_1_26
    ),
    release!(
        27,
        RELOC_1_27,
        SYMKIND_1_27,
        BUILTINS_1_27,
        AUX_124,
        F2_127,
        OF_123,
        BLOCKED_LINKNAMES_1_27,
        LINKER_DEFINED_1_27
    ),
];

const F2_NONE: &[(u8, &str)] = &[];

/// The `blockedLinknames` list of the linker of go1.`minor` (nearest
/// verified release for inferred ones; empty when unknown).
pub fn blocked_linknames(minor: u32) -> &'static [(&'static str, &'static [&'static str])] {
    for_minor(minor).map(|(t, _)| t.blocked).unwrap_or(&[])
}

/// Names the linker of go1.`minor` defines itself.
pub fn linker_defined(minor: u32) -> &'static [&'static [u8]] {
    for_minor(minor).map(|(t, _)| t.linker_defined).unwrap_or(&[])
}

/// The newest release whose tables gosym has.
pub const NEWEST_MINOR: u32 = 27;

/// The range gosym reads, for `--version`: every release from go1.15 to
/// the newest, which are verified and which read with a neighbour's tables.
pub fn support_summary() -> String {
    let (mut verified, mut inferred, mut refused) = (Vec::new(), Vec::new(), Vec::new());
    for m in 15..=NEWEST_MINOR {
        match for_minor(m) {
            Some((_, Support::Verified)) => verified.push(format!("1.{m}")),
            Some((_, Support::Inferred { from })) => inferred.push(format!("1.{m} (as 1.{from})")),
            None => refused.push(format!("1.{m}")),
        }
    }
    format!(
        "Go objects go1.15 … go1.{NEWEST_MINOR}\nverified against the toolchains: go{}\ninferred from a neighbour: go{}\nrefused (another object layout): go{}",
        verified.join(", go"),
        inferred.join(", go"),
        refused.join(", go")
    )
}

/// Tables for Go 1.`minor`, with how well they are known; `None` for
/// releases gosym cannot read (before go1.15, go1.16/1.17 layouts, newer
/// than [`NEWEST_MINOR`]).
pub fn for_minor(minor: u32) -> Option<(&'static ReleaseTables, Support)> {
    let from = match minor {
        15 | 19 | 21 | 22 | 23 | 24 | 26 | 27 => minor,
        18 => 19,
        20 => 21,
        25 => 24,
        _ => return None,
    };
    let t = RELEASES.iter().find(|t| t.minor == from)?;
    let support = if from == minor {
        Support::Verified
    } else {
        Support::Inferred { from }
    };
    Some((t, support))
}

impl ReleaseTables {
    /// The `objabi.SymKind` name of `k`, if the release defines one.
    pub fn symkind_name(&self, k: u8) -> Option<&'static str> {
        name_at(self.symkind, k as u16)
    }

    /// The `objabi.RelocType` name of the on-disk type `t`, without the
    /// go1.19+ weak bit (see [`ReleaseTables::reloc_is_weak`]).
    pub fn reloc_name(&self, t: u16) -> Option<&'static str> {
        name_at(self.reloc, self.reloc_base(t))
    }

    /// The type with the weak bit removed (go1.19+; go1.15 has no weak bit).
    pub fn reloc_base(&self, t: u16) -> u16 {
        if self.minor >= 19 { t & 0x7FFF } else { t }
    }

    /// Whether the on-disk type carries go1.19+'s `R_WEAK` bit.
    pub fn reloc_is_weak(&self, t: u16) -> bool {
        self.minor >= 19 && t & 0x8000 != 0
    }

    /// Builtin symbol `i`: name and ABI.
    pub fn builtin(&self, i: u32) -> Option<(&'static str, u8)> {
        self.builtins.get(i as usize).copied()
    }

    /// The aux type name of `t`.
    pub fn aux_name(&self, t: u8) -> Option<&'static str> {
        self.aux.get(t as usize).copied()
    }

    /// Whether `name` with ABI `abi` (0 or 1) is a builtin of this release.
    pub fn is_builtin(&self, name: &[u8], abi: u8) -> bool {
        self.builtins.iter().any(|(n, a)| n.as_bytes() == name && *a == abi)
    }

    /// Names of the `Flag2` bits set in `f`.
    pub fn flag2_names(&self, f: u8) -> Vec<&'static str> {
        self.flag2.iter().filter(|(m, _)| f & m != 0).map(|(_, n)| *n).collect()
    }

    /// Names of the object-header flag bits set in `f`.
    pub fn objflag_names(&self, f: u32) -> Vec<&'static str> {
        self.objflags
            .iter()
            .filter(|(m, _)| f & m != 0)
            .map(|(_, n)| *n)
            .collect()
    }

    /// Whether `Flag2` value `f` has the bit this release calls `name`
    /// (bits are renumbered between releases: ABIWrapper moved in go1.27).
    pub fn flag2_has(&self, f: u8, name: &str) -> bool {
        self.flag2.iter().any(|(m, n)| *n == name && f & m != 0)
    }

    /// The `Flag2` bits the checks need, resolved once for this release
    /// (0 where the release has no such bit).
    pub fn flag2_masks(&self) -> Flag2Masks {
        let bit = |name: &str| self.flag2.iter().find(|(_, n)| *n == name).map_or(0, |(m, _)| *m);
        Flag2Masks {
            linkname: bit("Linkname"),
            linkname_std: bit("LinknameStd"),
            abi_wrapper: bit("ABIWrapper"),
        }
    }
}

/// Whether go1.`minor`'s compiler references `runtime.<name>` by name
/// itself (nearest listed release at or below `minor`).
pub fn compiler_references_runtime(minor: u32, name: &str) -> bool {
    let list = compiler_refs::COMPILER_RUNTIME_REFS
        .iter()
        .rev()
        .find(|(m, _)| *m <= minor)
        .or(compiler_refs::COMPILER_RUNTIME_REFS.first())
        .map_or(&[][..], |(_, l)| *l);
    list.binary_search(&name).is_ok()
}

/// `Flag2` bits of one release (`goobj.SymFlag*`), by meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Flag2Masks {
    /// `SymFlagLinkname` (go1.23+): named in a `//go:linkname` directive.
    pub linkname: u8,
    /// `SymFlagLinknameStd` (go1.27): pushed with `//go:linknamestd`.
    pub linkname_std: u8,
    /// `SymFlagABIWrapper` (go1.23+).
    pub abi_wrapper: u8,
}

impl Flag2Masks {
    /// Decodes a symbol's `Flag2` byte.
    pub fn decode(self, f: u8) -> Flag2 {
        Flag2 {
            linkname: f & self.linkname != 0,
            linkname_std: f & self.linkname_std != 0,
            abi_wrapper: f & self.abi_wrapper != 0,
        }
    }
}

/// A symbol's `Flag2`, decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Flag2 {
    /// `//go:linkname` names it (a push on a definition, a pull on a reference).
    pub linkname: bool,
    /// `//go:linknamestd` pushes it (go1.27).
    pub linkname_std: bool,
    /// An ABI wrapper.
    pub abi_wrapper: bool,
}

fn name_at(table: (u16, &'static [&'static str]), v: u16) -> Option<&'static str> {
    let (base, names) = table;
    v.checked_sub(base).and_then(|i| names.get(i as usize)).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renumbering_is_per_release() {
        let t22 = for_minor(22).unwrap().0;
        let t26 = for_minor(26).unwrap().0;
        // R_DWARFFILEREF was removed in 1.26: everything from 32 moved down.
        assert_eq!(t22.reloc_name(32), Some("R_DWARFFILEREF"));
        assert_eq!(t26.reloc_name(32), Some("R_ARM64_TLS_LE"));
        assert_eq!(for_minor(24).unwrap().0.symkind_name(2), Some("STEXTFIPS"));
        assert_eq!(t22.symkind_name(2), Some("SRODATA"));
        assert!(t22.reloc_is_weak(0x8001));
        assert_eq!(t22.reloc_name(0x8001), Some("R_ADDR"));
        assert_eq!(for_minor(15).unwrap().0.reloc_name(6), Some("R_WEAKADDROFF"));
    }

    #[test]
    fn abiwrapper_bit_moved_in_127() {
        let t23 = for_minor(23).unwrap().0;
        let t27 = for_minor(27).unwrap().0;
        assert!(t23.flag2_has(0x20, "ABIWrapper"));
        assert!(!t27.flag2_has(0x20, "ABIWrapper"));
        assert!(t27.flag2_has(0x40, "ABIWrapper"));
    }

    #[test]
    fn unknown_releases_are_refused() {
        assert!(for_minor(14).is_none());
        assert!(for_minor(16).is_none());
        assert!(for_minor(99).is_none());
        assert_eq!(for_minor(20).unwrap().1, Support::Inferred { from: 21 });
    }
}
