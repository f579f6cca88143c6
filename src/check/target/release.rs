//! The target linker's release as a type: every behaviour of the linker
//! that changed between releases is a named predicate here, with the Go
//! source it comes from, instead of `minor >= N` comparisons spread over
//! the checks. Leaf module: data only.

use crate::read::goobj::layout::{MAGIC_115, MAGIC_118, MAGIC_120};

/// What the linker does with an `-E` entry symbol that does not exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MissingEntry {
    /// `Errorf("missing entry symbol %q")`.
    Reported,
    /// A nil pointer dereference.
    Crashes,
    /// go1.15: an index out of range (the entry looked up as either ABI;
    /// an existing entry other than the runtime's leaves the build
    /// information's targets unreachable).
    IndexPanic,
}

/// What relocsym does with a section-relative relocation (`R_ADDROFF`,
/// a kept method's `R_METHODOFF`) of data to a symbol an external link
/// left to the external linker (`SUNDEFEXT`), which has no section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OffsetToExternal {
    /// go1.15: reads the section's name through the nil section (a nil
    /// pointer dereference).
    Crashes,
    /// go1.16–1.20: `unreachable sym in relocation: T` (go1.19's
    /// `ldr.SymSect(rs) == nil` test).
    Unreachable,
    /// go1.21+: `undefined symbol in relocation: T`.
    Undefined,
}

/// A Go linker release (go1.`minor`), as far as its checks differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LinkerRelease {
    minor: u32,
}

/// How the linker words `duplicated definition of symbol`
/// (`loader.addSym` / `loadObjSyms`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DupWording {
    /// go1.15: the name only.
    NameOnly,
    /// go1.16–1.23: `, from NEW and OLD`.
    FromPackages,
    /// go1.24+: `, from NEW (type K size N) and OLD (type K size N)`.
    WithKindAndSize,
}

impl LinkerRelease {
    /// go1.`minor`.
    pub const fn new(minor: u32) -> LinkerRelease {
        LinkerRelease { minor }
    }

    /// The minor version (for messages and table lookups).
    pub const fn minor(self) -> u32 {
        self.minor
    }

    /// The binary object magic the linker reads (`goobj.Magic`).
    pub fn object_magic(self) -> &'static [u8] {
        match self.minor {
            0..=15 => MAGIC_115,
            16..=17 => b"",
            18..=19 => MAGIC_118,
            _ => MAGIC_120,
        }
    }

    /// go1.15 `ldobj` compares only the `GOOS GOARCH VERSION ` prefix of the
    /// header with the target's, then the rest with the first line seen.
    pub fn header_prefix_check(self) -> bool {
        self.minor <= 15
    }

    /// `-f` skips the header check (go1.15's prefix check, and go1.27's
    /// whole-line check; go1.19–1.26 ignore `-f` there).
    pub fn flag_f_skips_header(self) -> bool {
        self.minor <= 15 || self.minor >= 27
    }

    /// `ObjFlagUnlinkable` is refused (`loadobjfile`, go1.19+).
    pub fn refuses_unlinkable(self) -> bool {
        self.minor >= 19
    }

    /// go1.15 substitutes the package prefix for `"".` in names it loads.
    pub fn expands_empty_pkg(self) -> bool {
        self.minor <= 15
    }

    /// go1.15 resolves package references lazily and fails on the first to
    /// a package none of whose objects was loaded (`reference of
    /// nonexisted package`); later releases check every PkgIndex entry at
    /// load (`reference to nonexistent package`).
    pub fn lazy_package_refs(self) -> bool {
        self.minor <= 15
    }

    /// What `Entryvalue` does with an `-E` entry that has no ABI0 symbol
    /// of that name: go1.21+ report it, go1.19 crashes (`SymType(0)`),
    /// go1.15 (which takes either ABI) crashes otherwise; `None` where
    /// gosym has not verified it (go1.16–1.18, go1.20).
    pub fn missing_entry(self) -> Option<MissingEntry> {
        match self.minor {
            21.. => Some(MissingEntry::Reported),
            19 => Some(MissingEntry::Crashes),
            15 => Some(MissingEntry::IndexPanic),
            _ => None,
        }
    }

    /// `dodataSect` orders a data section's symbols by size, then by
    /// name, then by symbol number (go1.15, go1.19); go1.21+ break size
    /// ties by symbol number alone (the name only for `SELFGOT`).
    /// relocsym meets data in that order, so it orders the lines of
    /// undefined targets referred to from data. go1.16–1.18 and go1.20 are
    /// taken as go1.19 (not verified; the order of lines only).
    pub fn data_ties_by_name(self) -> bool {
        self.minor <= 20
    }

    /// How `loadelf` treats a host object's symbol that lies in a section
    /// it does not load (not `SHF_ALLOC` progbits or nobits: a gcc `-flto
    /// -g` object's `.gnu.debuglto_.debug_info`): its line and the names
    /// it lets pass (each release's `ldelf.go`; go1.16–1.18 and go1.20
    /// taken as go1.19, the wording only).
    pub fn loadelf_unloaded_section(self) -> LoadelfRules {
        match self.minor {
            ..=15 => LoadelfRules::Go115,
            16..=21 => LoadelfRules::Go119,
            22..=24 => LoadelfRules::Go122,
            25..=26 => LoadelfRules::Go125,
            _ => LoadelfRules::Go127,
        }
    }

    /// go1.27's `generateFuncdata` copies the funcdata symbols into
    /// `go:func.*` in the pclntab and resolves their `R_ADDROFF`s itself
    /// (wasm: `textoff relocation does not target function entry for
    /// funcdata symbol`); before, they are read-only data (`SGOFUNC`) that
    /// relocsym relocates like any (go1.27's and go1.26's `pcln.go`).
    pub fn resolves_funcdata_in_pclntab(self) -> bool {
        self.minor >= 27
    }

    /// go1.27's `dodataSect` sorts the type descriptors' section (`STYPE`)
    /// on its own terms: `type:*`, then the descriptors with the typelink
    /// flag by type string, then the others by size, then the itabs, which
    /// `symtab` puts there too; and `symkind.go` moves `STYPE` after the
    /// read-only data (`SRODATA`). Up to go1.26 `STYPE` comes first, is
    /// sorted by size like any section, and itabs are read-only data
    /// (each release's `data.go`, `symtab.go` and `symkind.go`; go1.27's
    /// wasm `-T` line names the first typelink descriptor).
    pub fn sorts_types_by_type_string(self) -> bool {
        self.minor >= 27
    }

    /// The linker applies the relocations of each segment of data on a
    /// goroutine of its own (go1.19+ `asmb`'s `writeParallel` per segment;
    /// go1.16–1.18 taken as go1.19, not verified); go1.15's `reloc` walks
    /// all data (`datap`) on one goroutine, code and DWARF on two others.
    pub fn relocates_data_segments_apart(self) -> bool {
        self.minor >= 16
    }

    /// `ld.Main` refuses an `-R` quantum below 4096 or not a power of two
    /// (go1.22+).
    pub fn checks_round_quantum(self) -> bool {
        self.minor >= 22
    }

    /// `-B` is checked in `addbuildinfo`, after `-H` and `-R`, and takes
    /// `gobuildid` (go1.22+); earlier, while flags are parsed.
    pub fn buildid_note_in_main(self) -> bool {
        self.minor >= 22
    }

    /// `-B none` (or empty) means no note (go1.24+).
    pub fn buildid_note_none(self) -> bool {
        self.minor >= 24
    }

    /// `-d` is refused where the target calls the system through libc
    /// (`ctxt.UsesLibc`, go1.19+; go1.16–1.18 unverified, so not refused).
    pub fn refuses_static_with_libc(self) -> bool {
        self.minor >= 19
    }

    /// go1.15 `doxcoff`: an XCOFF link with `-d` in effect stops (`-d is
    /// not available on AIX`); `loadlib` turns `-d` on for an executable
    /// without dynamic imports.
    pub fn xcoff_refuses_d(self) -> bool {
        self.minor < 16
    }

    /// go1.25+ relocsym: on wasm a text offset (`R_METHODOFF`,
    /// `R_ADDROFF` to code) must be a function entry, a multiple of
    /// 1<<16 from the text's start.
    pub fn wasm_textoff_is_function_index(self) -> bool {
        self.minor >= 25
    }

    /// go1.24+ `loadfips`: the linker makes the FIPS start and end
    /// symbols (one byte each, read-only and text) wherever
    /// `obj.EnableFIPS` holds for the objects' GOOS/GOARCH (not wasm,
    /// windows/386 or aix).
    pub fn makes_fips_sections(self) -> bool {
        self.minor >= 24
    }

    /// The go1.23+ `//go:linkname` check (`loader.checkLinkname`).
    pub fn checks_linknames(self) -> bool {
        self.minor >= 23
    }

    /// Objects of this release record `//go:linkname` in `Flag2`
    /// (`SymFlagLinkname`, written by the go1.23+ compiler).
    pub fn writes_linkname_flags(self) -> bool {
        self.minor >= 23
    }

    /// go1.20+ toolchains name the symbols they make with a colon
    /// (`type:T`, `go:func.*`; before: `type.T`, `go.func.*`).
    pub fn colon_symbol_names(self) -> bool {
        self.minor >= 20
    }

    /// go1.16+ `pclntab` requires every funcdata symbol of a reachable
    /// function in the `go.func.*` carrier (`bad carrier sym`).
    pub fn funcdata_in_carriers(self) -> bool {
        self.minor >= 16
    }

    /// go1.16+ `Loader.resolve` stops the link at the first reference to
    /// a runtime builtin no object defines (`reference to undefined
    /// builtin`, issue 42396); go1.15 resolves it to symbol 0.
    pub fn reports_undefined_builtins(self) -> bool {
        self.minor >= 16
    }

    /// go1.22+ skip an undefined `ArgsPointerMaps`/`ArgInfo` funcdata of
    /// an assembly function instead of panicking.
    pub fn skips_undefined_asm_arg_funcdata(self) -> bool {
        self.minor >= 22
    }

    /// go1.27 checks references flagged `//go:linknamestd` (and linknamed
    /// vars so flagged) as it checks `//go:linkname` ones.
    pub fn checks_linkname_std_refs(self) -> bool {
        self.minor >= 27
    }

    /// go1.23–1.26 accept a pull of an ABI wrapper; go1.27 replaced that
    /// with `//go:linknamestd` and its own rules for assembly definitions.
    pub fn linkname_accepts_abi_wrappers(self) -> bool {
        self.minor < 27
    }

    /// go1.24+ allow `crypto/internal/fips140/vX.Y/...` where the blocked
    /// list names `crypto/internal/fips140/...`.
    pub fn linkname_fips_snapshots(self) -> bool {
        self.minor >= 24
    }

    /// go1.27 treats every reference from an assembler object as
    /// linknamed.
    pub fn asm_refs_are_linknamed(self) -> bool {
        self.minor >= 27
    }

    /// Before go1.24 the compiler refers to a builtin runtime symbol by its
    /// builtin index even when a `//go:linkname` names it, so the linker
    /// never checks such a pull (`obj.(*Link).NumberSyms`; go1.24 added
    /// `!rs.IsLinkname()`).
    pub fn indexes_linknamed_builtins(self) -> bool {
        self.minor < 24
    }

    /// Without the `regabiwrappers` experiment (386, arm, mips, wasm, …),
    /// ABIInternal and ABI0 are one version (`sym.ABIToVersion`, go1.17+;
    /// go1.17/1.18 unverified); go1.15 keeps them apart.
    pub fn aliases_abis_without_regabiwrappers(self) -> bool {
        self.minor >= 17
    }

    /// Whether this release's linker defines flag `-name` (else Go's flag
    /// package stops it: `flag provided but not defined: -name`), from
    /// each release's `go tool link -help`.
    pub fn defines_flag(self, name: &str) -> bool {
        crate::check::target::linkerflags::defines(self.minor, name)
    }

    /// `archinit` rounds the default text base up to `-R` before adding
    /// HEADR (go1.22+; before, base + HEADR whatever `-R` says).
    pub fn rounds_text_base(self) -> bool {
        self.minor >= 22
    }

    /// relocsym's range errors name the relocation type
    /// (`non-pc-relative relocation R_ADDR address for …`: go1.25+).
    pub fn names_reloc_type_in_range_errors(self) -> bool {
        self.minor >= 25
    }

    /// Dead code starts from `go:main.inittasks`, the linker's list of
    /// the program's inittasks (go1.21+; before, only `runtime.main`
    /// reaches `main..inittask`).
    pub fn roots_main_inittasks(self) -> bool {
        self.minor >= 21
    }

    /// The carrier `symtab` gives function values (`F·f`): `go.func.*`,
    /// `go:func.*` from go1.20, `go:funcdesc` from go1.26 (each
    /// release's `symtab.go` `groupSym`).
    pub fn funcval_carrier(self) -> &'static str {
        match self.minor {
            ..=19 => "go.func.*",
            20..=25 => "go:func.*",
            _ => "go:funcdesc",
        }
    }

    /// `buildinfo` adds `go:buildinfo.ref`, a pointer-sized read-only
    /// symbol with an address relocation to the build info, made after
    /// every loaded symbol (go1.19's and later; go1.15's has none).
    pub fn makes_buildinfo_ref(self) -> bool {
        self.minor >= 18
    }

    /// go1.15's `pclntab` reads the section of its first function
    /// (`ctxt.Textp2[0]`), which is the first reachable one (later
    /// releases put `runtime.text` first): with no reachable code it
    /// panics (`index out of range [0] with length 0`), as an external
    /// link whose `main` entry nothing defines (wasm, plan9/386) does.
    pub fn pclntab_needs_reachable_code(self) -> bool {
        self.minor <= 15
    }

    /// The PE writer's `unsupported obj reloc T/SIZ to X` prints the
    /// relocation type by name (go1.16's loader: `%v` of the type; go1.15
    /// prints its number).
    pub fn names_reloc_type_in_pe_reloc_errors(self) -> bool {
        self.minor >= 16
    }

    /// The linker's own number of `SDYNIMPORT` (`cmd/link/internal/sym`,
    /// which relocsym's `unhandled relocation for X (type N (SDYNIMPORT)
    /// …)` prints), read off each release's `symkind.go` and checked
    /// against its linker's message.
    pub fn linker_sdynimport_kind(self) -> Option<u8> {
        match self.minor {
            15 => Some(45),
            19 => Some(44),
            21 | 22 => Some(46),
            23 => Some(47),
            24 => Some(64),
            25 | 26 => Some(65),
            27 => Some(57),
            _ => None,
        }
    }

    /// amd64's `adddynrel` leaves an `R_PCREL` to a dynamic import as it
    /// is (go1.22+; before, it made a PLT entry of it as of a call).
    pub fn amd64_leaves_dynimport_pcrel(self) -> bool {
        self.minor >= 22
    }

    /// relocsym's check of references to dynamic imports leaves openbsd
    /// alone as well as darwin, solaris and aix (go1.19+).
    pub fn dynimport_relocs_allowed_on_openbsd(self) -> bool {
        self.minor >= 19
    }

    /// An external link for an openbsd header passes `-Wl,-nopie` to the C
    /// compiler only when the build mode is not PIE (go1.23+; before,
    /// always).
    pub fn openbsd_nopie_only_without_pie(self) -> bool {
        self.minor >= 23
    }

    /// go1.16–1.20 find a variable's DWARF entry by its name
    /// (`go.info.NAME`), not through the kept definition's aux symbol.
    pub fn var_dwarf_by_name(self) -> bool {
        (16..=20).contains(&self.minor)
    }

    /// A section-relative relocation to what an external link leaves to
    /// the external linker ([`OffsetToExternal`]; go1.15, go1.19 and
    /// go1.21+ read, go1.16–1.18 and go1.20 taken as go1.19, all fail).
    pub fn offset_to_external(self) -> OffsetToExternal {
        match self.minor {
            0..=15 => OffsetToExternal::Crashes,
            16..=20 => OffsetToExternal::Unreachable,
            _ => OffsetToExternal::Undefined,
        }
    }

    /// `-s` implies `-w` unless `-w` is given (go1.22+).
    pub fn s_implies_w(self) -> bool {
        self.minor >= 22
    }

    /// `-strictdups` also compares the sizes of duplicates with equal
    /// contents (issue 46653: go1.17+; go1.17/1.18 unverified).
    pub fn strictdups_compares_sizes(self) -> bool {
        self.minor >= 17
    }

    /// go1.24+ merge non-package definitions with the kind/size table of
    /// `loader.addSym`; earlier releases let content overwrite BSS only.
    pub fn dup_rules_by_kind(self) -> bool {
        self.minor >= 24
    }

    /// go1.27+ `loader.addSym`: a DUPOK definition only ever replaces (or
    /// is `checkdup`ed against) another DUPOK one, and a definition that
    /// is not DUPOK replaces a DUPOK one (a `//go:linkname` var over an
    /// ABI wrapper). Earlier releases keep a DUPOK definition against a
    /// later one, and let a larger DUPOK one replace any.
    pub fn non_dupok_wins(self) -> bool {
        self.minor >= 27
    }

    /// `determineLinkMode` prefers the external linker for cgo programs
    /// whose packages ask for it (a `preferlinkext` member: the go command
    /// writes one for a package built with C flags outside its safe
    /// defaults). go1.21+, and the go1.19 and go1.20 security releases
    /// that carry the fix for CVE-2023-29404 (go1.19.10, go1.20.5;
    /// Debian's go1.19.8-2 has it too: its go command writes the member,
    /// its linker reads it). A go command without the fix writes no such
    /// member, so from go1.19 on the member alone decides.
    pub fn honours_preferlinkext(self) -> bool {
        self.minor >= 19
    }

    /// `-asan` requires the external linker (go1.18 added `-asan`).
    pub fn asan_needs_external(self) -> bool {
        self.minor >= 18
    }

    /// go1.15's `mustLinkExternal`: `-race` on ppc64/ppc64le needs the
    /// external linker (go1.16 links it internally).
    pub fn race_on_ppc64_needs_external(self) -> bool {
        self.minor <= 15
    }

    /// wasm's `-buildmode=c-shared` (go1.24+ `wasip1` reactors) links
    /// internally; every other c-shared link is external.
    pub fn c_shared_wasm_links_internally(self) -> bool {
        self.minor >= 24
    }

    /// Packages whose dynamic imports could not be resolved
    /// (`dynimportfail`, go1.19+) force the external linker.
    pub fn dynimportfail_forces_external(self) -> bool {
        self.minor >= 19
    }

    /// go1.15 names darwin/arm64 the mobile platform that needs the
    /// external linker; go1.16+ call it ios/arm64.
    pub fn darwin_arm64_is_mobile(self) -> bool {
        self.minor <= 15
    }

    /// go1.15's `calcCompUnitRanges` panics on a plugin's unit of
    /// linker-made functions (`index out of range`), with or without
    /// `-pluginpath`; go1.16+ panic only without one (`nameless DWARF DIE`).
    pub fn plugin_dwarf_panics_with_pluginpath(self) -> bool {
        self.minor <= 15
    }

    /// The loader keeps the `UsedInIface` attribute (`Flag2`, go1.16+);
    /// go1.15's deadcode treats every reachable type as used in an
    /// interface.
    pub fn tracks_used_in_iface(self) -> bool {
        self.minor >= 16
    }

    /// A reachable `reflect.Value.Method`/`MethodByName` keeps every
    /// exported method (until go1.21; go1.22 relies on `ReflectMethod`
    /// flags only).
    pub fn reflect_method_callers_keep_exported(self) -> bool {
        self.minor <= 21
    }

    /// `reflect` name data store their length as a uvarint (go1.17+);
    /// before, as two big-endian bytes.
    pub fn name_length_is_uvarint(self) -> bool {
        self.minor >= 17
    }

    /// `R_USEIFACE` of an itab marks the itab's type (go1.21+).
    pub fn useiface_of_itab_marks_its_type(self) -> bool {
        self.minor >= 21
    }

    /// The duplicate-definition wording.
    pub fn dup_wording(self) -> DupWording {
        match self.minor {
            0..=15 => DupWording::NameOnly,
            16..=23 => DupWording::FromPackages,
            _ => DupWording::WithKindAndSize,
        }
    }
}

impl std::fmt::Display for LinkerRelease {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "go1.{}", self.minor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn predicates_follow_the_releases() {
        let r = LinkerRelease::new;
        assert!(r(15).header_prefix_check() && !r(19).header_prefix_check());
        assert!(r(15).flag_f_skips_header() && !r(26).flag_f_skips_header() && r(27).flag_f_skips_header());
        assert!(!r(22).checks_linknames() && r(23).checks_linknames());
        assert!(r(26).linkname_accepts_abi_wrappers() && !r(27).linkname_accepts_abi_wrappers());
        assert_eq!(r(19).object_magic(), MAGIC_118);
        assert_eq!(r(21).object_magic(), MAGIC_120);
        assert_eq!(r(23).dup_wording(), DupWording::FromPackages);
        assert_eq!(r(24).dup_wording(), DupWording::WithKindAndSize);
    }
}

/// `loadelf`'s rules for a host object's symbol in a section it does not
/// load ([`LinkerRelease::loadelf_unloaded_section`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoadelfRules {
    /// `sym#N: ignoring symbol in section S (type T)`; passes clang's
    /// `.Linfo_string*`, `.LASF*`, an unnamed untyped symbol of
    /// `.debug_str`, `$d*` of `.debug_frame`.
    Go115,
    /// The same, with the symbol's name: `sym#N (NAME): …`.
    Go119,
    /// `sym#N ("NAME"): ignoring symbol in section S ("SECTION") (type
    /// T)`; untyped: unnamed ones of `.debug_*`, `.Ldebug_*`, `.L0 `,
    /// `.Lline_table_start0`, `$d*` of `.debug_frame`; any type:
    /// `.Linfo_string*`, `.LASF*`, `.LLRL*`, `.LLST*`.
    Go122,
    /// go1.22's, and untyped riscv64 `$d*`/`$x*`, loong64 `.L*` and
    /// `L0\x01`; any type `.LVUS*`.
    Go125,
    /// go1.25's, and untyped `wm4.*`/`wm8.*`; worded `unrecognized
    /// symbol in section`.
    Go127,
}
