//! Per-release facts of the Go object format and linker: relocation type
//! names, symbol kind names, the builtin symbol list, aux types, symbol
//! `Flag2` bits, object flags, blocked linknames and linker-defined names.
//! Each release's are derived from its own GOROOT sources ([`derive`]);
//! [`generated`] is that derivation's output for the releases gosym is
//! built with, and [`for_minor`] picks built-in, derived or inferred
//! tables for a release.
//!
//! go1.21 to go1.27 share the binary magic `\x00go120ld` but renumber
//! relocation types and symbol kinds and shift `Flag2` bits, so a reader must
//! pick the table by the version in the object's text header, never by magic.

#[rustfmt::skip]
pub mod compiler_refs;
pub mod derive;
#[allow(missing_docs)]
#[rustfmt::skip]
pub mod generated;

use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

/// How well a release's tables are known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Support {
    /// Tables built into gosym, generated from that release's own sources
    /// and checked against its own tools.
    Verified,
    /// Tables derived at run time from a GOROOT of that release
    /// ([`derive`]): its own facts, by the same derivation as the built-in
    /// ones; the linker's rules are those of the nearest verified release.
    Derived,
    /// Neither built in nor derived: tables of the nearest verified
    /// release (`from`, a minor version) are used, and what rests on them
    /// is unverified.
    Inferred {
        /// The minor version whose tables are used.
        from: u32,
    },
}

/// The enumerations of one Go release.
#[derive(Debug, PartialEq, Eq)]
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

pub use generated::RELEASES;

/// The `blockedLinknames` list of the linker of go1.`minor` (nearest
/// verified release for inferred ones; empty when unknown).
pub fn blocked_linknames(minor: u32) -> &'static [(&'static str, &'static [&'static str])] {
    for_minor(minor).map(|(t, _)| t.blocked).unwrap_or(&[])
}

/// Names the linker of go1.`minor` defines itself.
pub fn linker_defined(minor: u32) -> &'static [&'static [u8]] {
    for_minor(minor).map(|(t, _)| t.linker_defined).unwrap_or(&[])
}

/// The newest release whose tables are built in.
pub const NEWEST_MINOR: u32 = 27;

/// The oldest release gosym reads.
pub const OLDEST_MINOR: u32 = 15;

/// The range gosym reads, for `--version`: which releases are verified,
/// derived, inferred or refused, and what each means for a verdict.
pub fn support_summary() -> String {
    let (mut verified, mut inferred, mut refused) = (Vec::new(), Vec::new(), Vec::new());
    for m in OLDEST_MINOR..=NEWEST_MINOR + 1 {
        match for_minor(m) {
            Some((_, Support::Verified)) => verified.push(format!("go1.{m}")),
            Some((_, Support::Derived)) => {}
            Some((_, Support::Inferred { from })) if m > NEWEST_MINOR => {
                inferred.push(format!("go1.{m} and later (as go1.{from})"))
            }
            Some((_, Support::Inferred { from })) => inferred.push(format!("go1.{m} (as go1.{from})")),
            None => refused.push(format!("go1.{m}")),
        }
    }
    format!(
        "Go objects go1.15 … go1.{NEWEST_MINOR}, and later releases as below\n\
         verified (tables built in, checked against the release's own toolchain): {}\n\
         derived (any release with its GOROOT, --goroot or the go on PATH): tables from that GOROOT's own \
         sources; for a release not verified, what rests on the linker's rules is a warning\n\
         inferred (no GOROOT given): {}: a finding that rests on the tables is a warning, never a failed \
         link (an error with --strict); header, format, fingerprint and missing-package verdicts stay exact\n\
         refused (another object layout, never verified): {}",
        verified.join(", "),
        inferred.join(", "),
        refused.join(", ")
    )
}

/// Built-in releases hidden by `GOSYM_HIDE_BUILTIN=25,27` (a switch for
/// tests: gosym then treats them as releases it was not built with: no
/// tables, no `--go` facts).
pub fn hidden(minor: u32) -> bool {
    static HIDDEN: OnceLock<Vec<u32>> = OnceLock::new();
    HIDDEN
        .get_or_init(|| {
            std::env::var("GOSYM_HIDE_BUILTIN")
                .unwrap_or_default()
                .split(',')
                .filter_map(|m| m.trim().trim_start_matches("1.").parse().ok())
                .collect()
        })
        .contains(&minor)
}

/// Whether gosym was verified against go1.`minor`'s own toolchain (its
/// tables are built in, hidden or not, and its linker's rules were read
/// and tested against it).
pub fn verified_release(minor: u32) -> bool {
    RELEASES.iter().any(|t| t.minor == minor)
}

/// The built-in tables of go1.`minor`, unless hidden.
pub fn builtin(minor: u32) -> Option<&'static ReleaseTables> {
    RELEASES.iter().find(|t| t.minor == minor).filter(|_| !hidden(minor))
}

/// Tables derived from GOROOTs in this process, keyed by GOROOT.
static DERIVED: Mutex<Vec<(PathBuf, &'static ReleaseTables)>> = Mutex::new(Vec::new());

/// The tables of the release at `goroot`: derived from its sources once
/// per process and registered, so objects of that release read with them
/// ([`for_minor`]) where no built-in tables exist.
pub fn derive_registered(goroot: &Path) -> Result<&'static ReleaseTables, derive::DeriveError> {
    let mut d = DERIVED.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, t)) = d.iter().find(|(g, _)| g == goroot) {
        return Ok(t);
    }
    let t: &'static ReleaseTables = Box::leak(Box::new(derive::derive(goroot)?));
    d.push((goroot.to_path_buf(), t));
    Ok(t)
}

/// Derives and registers the tables of the release at `goroot` when
/// gosym has none built in for it (or they are hidden), so that its
/// objects are read with them ([`for_minor`]).
pub fn prepare_goroot(goroot: &Path) -> Result<(), derive::DeriveError> {
    let minor = derive::minor_of_goroot(goroot)?;
    if builtin(minor).is_none() {
        derive_registered(goroot)?;
    }
    Ok(())
}

/// The tables a target toolchain at `goroot` (of go1.`minor`) links
/// with: the built-in ones when they were derived from that exact release
/// (`exact_built_in`, and not hidden), else derived from its own sources
/// (another patch release, or a release gosym was not built with); the
/// inferred ones when its sources cannot be read.
pub fn for_goroot(goroot: &Path, minor: u32, exact_built_in: bool) -> (&'static ReleaseTables, Support) {
    if let Some(t) = builtin(minor)
        && exact_built_in
    {
        return (t, Support::Verified);
    }
    match derive_registered(goroot) {
        Ok(t) if t.minor == minor => (t, Support::Derived),
        _ => for_minor(minor).unwrap_or_else(newest),
    }
}

/// The newest built-in tables, as inferred ones (the fallback for a
/// release gosym cannot place).
pub fn newest() -> (&'static ReleaseTables, Support) {
    let t = RELEASES
        .iter()
        .rev()
        .find(|t| !hidden(t.minor))
        .unwrap_or(&RELEASES[RELEASES.len() - 1]);
    (t, Support::Inferred { from: t.minor })
}

/// Tables for Go 1.`minor`, with how well they are known: built in, else
/// derived from a GOROOT of that release this process was given, else
/// the nearest verified release's; `None` for releases gosym cannot read
/// (before go1.15, the go1.16/1.17 layouts).
pub fn for_minor(minor: u32) -> Option<(&'static ReleaseTables, Support)> {
    if let Some(t) = builtin(minor) {
        return Some((t, Support::Verified));
    }
    let derived = DERIVED
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .iter()
        .find(|(_, t)| t.minor == minor)
        .map(|(_, t)| *t);
    match derived {
        Some(t) => Some((t, Support::Derived)),
        None => inferred(minor),
    }
}

/// The visible built-in release nearest to go1.`minor` that shares its
/// object layout (go1.15's own; go1.18 on): go1.18 as go1.19 and go1.20
/// as go1.21 (the releases that kept their format), otherwise the newest
/// older one; `None` for go1.16/1.17, whose layout was never verified.
fn inferred(minor: u32) -> Option<(&'static ReleaseTables, Support)> {
    if minor < OLDEST_MINOR || (16..=17).contains(&minor) {
        return None;
    }
    let same_layout = |t: &&ReleaseTables| !hidden(t.minor) && (t.minor == 15) == (minor == 15);
    let preferred = match minor {
        18 => 19,
        20 => 21,
        _ => 0,
    };
    let t = RELEASES
        .iter()
        .filter(same_layout)
        .find(|t| t.minor == preferred)
        .or_else(|| RELEASES.iter().rev().filter(same_layout).find(|t| t.minor < minor))
        .or_else(|| RELEASES.iter().find(|t| same_layout(t) && t.minor > minor))?;
    Some((t, Support::Inferred { from: t.minor }))
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

    /// The release's own number of the relocation type `name`, as its
    /// linker prints a type with `%d`.
    pub fn reloc_number(&self, name: &str) -> Option<u16> {
        (0..1024u16).find(|&n| self.reloc_name(n) == Some(name))
    }

    /// The type with the weak bit removed (go1.19+; go1.15 has no weak bit).
    pub fn reloc_base(&self, t: u16) -> u16 {
        if self.has_weak_reloc_bit() { t & 0x7FFF } else { t }
    }

    /// Whether the on-disk type carries go1.19+'s `R_WEAK` bit.
    pub fn reloc_is_weak(&self, t: u16) -> bool {
        self.has_weak_reloc_bit() && t & 0x8000 != 0
    }

    /// Relocation types carry `objabi.R_WEAK` (`1 << 15`, go1.19+; go1.16
    /// to go1.18 are never verified).
    fn has_weak_reloc_bit(&self) -> bool {
        self.minor >= 19
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
    fn unknown_releases_are_inferred_or_refused() {
        assert!(for_minor(14).is_none());
        assert!(for_minor(16).is_none());
        assert!(for_minor(17).is_none());
        assert_eq!(for_minor(18).unwrap().1, Support::Inferred { from: 19 });
        assert_eq!(for_minor(20).unwrap().1, Support::Inferred { from: 21 });
        assert_eq!(for_minor(25).unwrap().1, Support::Verified);
        assert_eq!(for_minor(28).unwrap().1, Support::Inferred { from: NEWEST_MINOR });
        assert_eq!(for_minor(99).unwrap().1, Support::Inferred { from: NEWEST_MINOR });
    }
}
