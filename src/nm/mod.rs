//! `nm`: the symbol listing of Go archives, Go objects and ELF files, built
//! the way each toolchain's own `go tool nm` builds it, so that the rendered
//! output is byte-identical to the producing toolchain's.
//!
//! Two families are emulated (`cmd/internal/objfile` of each release):
//! - go1.19 and later (`goobj.go`): one entry per Go object member, listing
//!   named defined symbols (address = offset of the data from the magic),
//!   then every non-package reference and every referenced name as `U`.
//! - go1.15 (`goobj.go` over the `cmd/internal/goobj` adapter): all Go
//!   objects of an archive merged into one entry, addresses as file offsets,
//!   static symbols suffixed with a per-archive object counter, `"".`
//!   expanded to `%22%22.`, and `U` entries for unresolved relocation targets.
//!
//! ELF members are listed as `cmd/internal/objfile/elf.go` does. The result
//! is sorted with Go's own unstable algorithms ([`gosort`]).

pub mod demangle;
pub mod gnu;
pub mod gosort;
mod rank;
use rank::NameOrder;

use rustc_hash::{FxHashMap, FxHashSet};
use std::borrow::Cow;

use crate::error::ReadError;
use crate::model::file::{Content, FileView, Unit};
use crate::read::elf::{self, ElfSym, SymTable};
use crate::read::goobj::layout::SYM_ABI_STATIC;
use crate::read::goobj::{GoObj, Target};
use crate::read::member::MemberKind;
use gosort::{GoSort, sort_by};

/// `-sort` order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortOrder {
    /// `-sort address` / `-n`.
    Address,
    /// `-sort name` (default).
    Name,
    /// `-sort none`.
    None,
    /// `-sort size`.
    Size,
}

/// One listed symbol.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NmSym<'d> {
    /// Address column.
    pub addr: u64,
    /// Size column.
    pub size: i64,
    /// Type code (`T`, `t`, `U`, `?`, …).
    pub code: u8,
    /// Name as printed (with `<N>` suffixes where Go adds them).
    pub name: Cow<'d, [u8]>,
    /// Go type name printed by `-type` (go1.15 only fills it).
    pub typ: Cow<'d, [u8]>,
    /// ABI of Go symbols: 0, 1, or 0xFFFF (static); `None` where unknown.
    pub abi: Option<u16>,
}

/// One entry (a Go object, the merged go1.15 unit, or a host object).
#[derive(Debug, Clone)]
pub struct NmEntry<'d> {
    /// Member name (`b""` for standalone files or the go1.15 merged unit).
    pub name: &'d [u8],
    /// Symbols in output order.
    pub syms: Vec<NmSym<'d>>,
}

/// The listing of one file.
#[derive(Debug, Clone)]
pub struct NmFile<'d> {
    /// Minor version of the toolchain whose `go tool nm` is emulated.
    pub flavour: u32,
    /// Entries that have symbols, in archive order.
    pub entries: Vec<NmEntry<'d>>,
    /// Number of entries Go would count (decides the `file(member):` prefix).
    pub nentries: usize,
}

/// A problem that stops listing a file: which member, and what.
#[derive(Debug, Clone)]
pub struct NmError {
    /// Member name, if inside an archive.
    pub member: Option<String>,
    /// What went wrong.
    pub error: NmErrorKind,
}

/// Kinds of [`NmError`].
#[derive(Debug, Clone)]
pub enum NmErrorKind {
    /// Malformed bytes.
    Read(ReadError),
    /// A member no reader accepts.
    Unrecognized,
    /// A file with no symbols at all.
    NoSymbols,
    /// A format `go tool nm` has no reader for (WebAssembly): its
    /// "unrecognized object file", exit 1.
    NoGoReader,
}

/// Which toolchain's `go tool nm` to emulate for this file: the producer of
/// its first Go object, or the newest verified release.
/// For a linked ELF file, the release in its build information.
pub fn flavour_of(view: &FileView<'_>) -> u32 {
    if let Some((_, o)) = view.go_objects().next() {
        return o.tables.minor;
    }
    let linked_by = view
        .units
        .first()
        .filter(|u| u.name.is_none())
        .and_then(|u| match u.kind {
            MemberKind::Elf => crate::read::buildinfo::read(u.data).ok().flatten(),
            MemberKind::MachO => crate::read::buildinfo::read_macho(u.data).ok().flatten(),
            MemberKind::Coff => crate::read::buildinfo::read_pe(u.data).ok().flatten(),
            _ => None,
        })
        .and_then(|b| crate::read::goobj::GoRelease::parse(&b.version))
        .and_then(|r| flavour_for(r.minor));
    linked_by.unwrap_or(crate::tables::NEWEST_MINOR)
}

/// The release whose `go tool nm` to emulate for go1.`minor` (the nearest
/// verified one), if gosym knows it.
pub fn flavour_for(minor: u32) -> Option<u32> {
    crate::tables::for_minor(minor).map(|(t, _)| t.minor)
}

/// Builds the listing of `view` in the order `go tool nm -sort order` prints it.
pub fn list<'d>(view: &FileView<'d>, order: SortOrder) -> Result<NmFile<'d>, NmError> {
    list_as(view, order, None)
}

/// [`list`], emulating go1.`flavour`'s `go tool nm` instead of the
/// producer's when `flavour` is given.
pub fn list_as<'d>(view: &FileView<'d>, order: SortOrder, flavour: Option<u32>) -> Result<NmFile<'d>, NmError> {
    let flavour = flavour.unwrap_or_else(|| flavour_of(view));
    let algo = match flavour {
        15 => GoSort::Quick115,
        19..=23 => GoSort::Pdq,
        _ => GoSort::Pdq124,
    };
    let file = if flavour == 15 {
        let mut file = entries_115(view)?;
        for e in &mut file.entries {
            sort_entry(algo, order, &mut e.syms);
        }
        file
    } else {
        entries_modern(view, flavour, |syms| sort_entry(algo, order, syms))?
    };
    if file.entries.is_empty() {
        return Err(NmError {
            member: None,
            error: NmErrorKind::NoSymbols,
        });
    }
    Ok(file)
}

/// Sorts one entry as nm does: `Entry.Symbols` sorts by address, then nm
/// applies `-sort`. Names that are all distinct (or equal only where the
/// whole symbols are) have one sorted order, which [`NameOrder`] finds
/// directly. Otherwise Go's algorithms run over
/// (key, index) pairs computed once (address; size; the rank of the name)
/// and the symbols are moved once at the end: the comparisons give the
/// same answers as Go's on the symbols themselves, so Go's algorithm
/// leaves the same order.
fn sort_entry(algo: GoSort, order: SortOrder, syms: &mut [NmSym<'_>]) {
    let by_name = (order == SortOrder::Name).then(|| {
        let names: Vec<&[u8]> = syms.iter().map(|s| &s.name[..]).collect();
        NameOrder::new(&names)
    });
    // Distinct names have one sorted order, whatever Go's algorithm and
    // the address sort before it do; so do equal names whose lines are
    // equal too (the many unnamed references of an object).
    let alike = |a: u32, b: u32| syms[a as usize] == syms[b as usize];
    if let Some(sorted) = by_name.as_ref().filter(|o| o.ties_alike(alike)) {
        return permute(syms, &sorted.order);
    }
    let mut keys: Vec<(u64, u32)> = syms.iter().enumerate().map(|(i, s)| (s.addr, i as u32)).collect();
    sort_by(algo, &mut keys, |a, b| a.0 < b.0);
    match order {
        SortOrder::Address => sort_by(algo, &mut keys, |a, b| a.0 < b.0),
        SortOrder::Name => {
            let ranks = by_name.map(|o| o.ranks()).unwrap_or_default();
            for k in &mut keys {
                k.0 = u64::from(ranks[k.1 as usize]);
            }
            sort_by(algo, &mut keys, |a, b| a.0 < b.0);
        }
        SortOrder::Size => {
            // Order-preserving map of i64 onto u64; larger sizes first.
            for k in &mut keys {
                k.0 = (syms[k.1 as usize].size as u64) ^ (1 << 63);
            }
            sort_by(algo, &mut keys, |a, b| a.0 > b.0);
        }
        SortOrder::None => {}
    }
    let from: Vec<u32> = keys.iter().map(|k| k.1).collect();
    permute(syms, &from);
}

/// Moves the symbols into `order` in place, one cycle at a time:
/// afterwards position j holds what was at `order[j]`.
fn permute(syms: &mut [NmSym<'_>], order: &[u32]) {
    let mut from = order.to_vec();
    for i in 0..from.len() {
        let mut j = i;
        loop {
            let k = from[j] as usize;
            from[j] = j as u32;
            if k == i {
                break;
            }
            syms.swap(j, k);
            j = k;
        }
    }
}

fn member_err(u: &Unit<'_>, error: NmErrorKind) -> NmError {
    NmError {
        member: u.name.map(|n| String::from_utf8_lossy(n).into_owned()),
        error,
    }
}

/// go1.19+: one entry per member, each listed and sorted (`sort`) on its
/// own, so the members of a large file run in parallel ([`crate::par`]).
fn entries_modern<'d>(
    view: &FileView<'d>,
    flavour: u32,
    sort: impl Fn(&mut [NmSym<'d>]) + Sync,
) -> Result<NmFile<'d>, NmError> {
    let bytes: usize = view.units.iter().map(|u| u.data.len()).sum();
    let worth_it = view.units.len() > 2 && bytes >= crate::par::PARALLEL_MIN_BYTES;
    let listed = crate::par::map_in_order(&view.units, worth_it, |u| -> Result<Option<NmEntry<'d>>, NmError> {
        let syms = match &u.content {
            Content::PkgDef(_) => return Ok(None),
            Content::Sentinel if flavour >= 22 => return Ok(None),
            Content::GoObj(o) => go_syms(o).map_err(|e| member_err(u, NmErrorKind::Read(e.shift(u.offset))))?,
            Content::Host if u.kind == MemberKind::Elf => elf_syms(u, flavour)?,
            Content::Host if u.kind == MemberKind::MachO => macho_syms(u)?,
            Content::Host if u.kind == MemberKind::Coff => pe_syms(u, flavour)?,
            Content::Host if u.kind == MemberKind::Wasm => return Err(member_err(u, NmErrorKind::NoGoReader)),
            Content::Bad(e) => return Err(member_err(u, NmErrorKind::Read(*e))),
            _ => return Err(member_err(u, NmErrorKind::Unrecognized)),
        };
        let mut syms = syms;
        sort(&mut syms);
        Ok(Some(NmEntry {
            name: u.name.unwrap_or(b""),
            syms,
        }))
    });
    let mut entries = Vec::new();
    let mut nentries = 0;
    for e in listed {
        if let Some(e) = e? {
            nentries += 1;
            if !e.syms.is_empty() {
                entries.push(e);
            }
        }
    }
    Ok(NmFile {
        flavour,
        entries,
        nentries,
    })
}

/// `name<ver>`, as nm prints a static symbol: one allocation of the final
/// size (static symbols are a large share of every listing).
fn static_name(name: &[u8], ver: u64) -> Cow<'_, [u8]> {
    let mut digits = itoa::Buffer::new();
    let digits = digits.format(ver).as_bytes();
    let mut v = Vec::with_capacity(name.len() + digits.len() + 2);
    v.extend_from_slice(name);
    v.push(b'<');
    v.extend_from_slice(digits);
    v.push(b'>');
    Cow::Owned(v)
}

/// The code letter for a symbol kind name, as go1.19+ `goobj.go` assigns it.
fn kind_code(kind: Option<&str>, flavour: u32) -> u8 {
    match kind.unwrap_or("") {
        "STEXT" | "STEXTFIPS" => b'T',
        "SRODATA" | "SRODATAFIPS" => b'R',
        "SNOPTRDATA" | "SNOPTRDATAFIPS" if flavour != 15 => b'D',
        "SDATA" | "SDATAFIPS" => b'D',
        "SBSS" | "SNOPTRBSS" | "STLSBSS" => b'B',
        _ => b'?',
    }
}

/// go1.19+ listing of one Go object.
pub fn go_syms<'d>(o: &GoObj<'d>) -> Result<Vec<NmSym<'d>>, ReadError> {
    let mut syms = Vec::with_capacity(o.nsym_total() as usize + o.nrefname() as usize);
    let flavour = o.tables.minor;
    for i in 0..o.ndef() {
        let s = o.sym(i)?;
        if s.name.is_empty() {
            continue;
        }
        let mut code = kind_code(o.tables.symkind_name(s.kind), flavour);
        let name = if s.abi == SYM_ABI_STATIC {
            code += b'a' - b'A';
            static_name(s.name, 1)
        } else {
            Cow::Borrowed(s.name)
        };
        syms.push(NmSym {
            addr: o.data_off(i)? as u64,
            size: s.siz as i64,
            code,
            name,
            typ: Cow::Borrowed(b""),
            abi: Some(s.abi),
        });
    }
    for i in o.ndef()..o.nsym_total() {
        let s = o.sym(i)?;
        syms.push(undefined(Cow::Borrowed(s.name), Some(s.abi)));
    }
    for i in 0..o.nrefname() {
        let (_, name) = o.refname(i)?;
        syms.push(undefined(Cow::Borrowed(name), None));
    }
    Ok(syms)
}

fn undefined(name: Cow<'_, [u8]>, abi: Option<u16>) -> NmSym<'_> {
    NmSym {
        addr: 0,
        size: 0,
        code: b'U',
        name,
        typ: Cow::Borrowed(b""),
        abi,
    }
}

fn elf_syms<'d>(u: &Unit<'d>, flavour: u32) -> Result<Vec<NmSym<'d>>, NmError> {
    let syms =
        elf::symbols(u.data, SymTable::Static).map_err(|e| member_err(u, NmErrorKind::Read(e.shift(u.offset))))?;
    Ok(syms.unwrap_or_default().iter().map(|s| elf_sym(s, flavour)).collect())
}

/// The symbols of a Mach-O file as `cmd/internal/objfile/macho.go` lists
/// them: stab entries skipped, the size inferred from the next address,
/// the code from the section's segment and name.
fn macho_syms<'d>(u: &Unit<'d>) -> Result<Vec<NmSym<'d>>, NmError> {
    const STAB_TYPE_MASK: u8 = 0xe0;
    let Some((syms, sections)) =
        crate::read::macho::symbols(u.data).map_err(|e| member_err(u, NmErrorKind::Read(e.shift(u.offset))))?
    else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for s in syms.iter().filter(|s| s.n_type & STAB_TYPE_MASK == 0) {
        let mut code = b'?';
        if s.n_sect == 0 {
            code = b'U';
        } else if let Some(sect) = sections.get(s.n_sect as usize - 1) {
            match sect.segment {
                b"__TEXT" | b"__DATA_CONST" => code = b'R',
                b"__DATA" => code = b'D',
                _ => {}
            }
            match (sect.segment, sect.name) {
                (b"__TEXT", b"__text") => code = b'T',
                (b"__DATA", b"__bss" | b"__noptrbss") => code = b'B',
                _ => {}
            }
        }
        // debug/macho strips the "_" the linker adds to Go symbols
        // (names with a dot; issue 33808).
        let name = match s.name.strip_prefix(b"_") {
            Some(rest) if s.name.contains(&b'.') => rest,
            _ => s.name,
        };
        out.push(NmSym {
            addr: s.value,
            size: 0,
            code,
            name: Cow::Borrowed(name),
            typ: Cow::Borrowed(b""),
            abi: None,
        });
    }
    sizes_from_next_address(&mut out);
    Ok(out)
}

/// The size objfile gives symbols of formats without one (Mach-O, PE):
/// the distance to the next higher address among all listed symbols, 0
/// for the last.
fn sizes_from_next_address(syms: &mut [NmSym<'_>]) {
    let mut addrs: Vec<u64> = syms.iter().map(|s| s.addr).collect();
    addrs.sort_unstable();
    for s in syms {
        let next = addrs.partition_point(|&a| a <= s.addr);
        s.size = addrs.get(next).map_or(0, |&a| (a - s.addr) as i64);
    }
}

/// The symbols of a PE image or COFF object as `cmd/internal/objfile/pe.go`
/// lists them: the code from the section's characteristics, the address
/// moved by the image base and the section's address, the size inferred
/// from the next address (of all symbols, undefined ones too). From go1.27
/// a symbol of a writable data section past `runtime.bss`, or past the
/// section's raw size, is `B` (internal linking puts BSS into `.data`).
fn pe_syms<'d>(u: &Unit<'d>, flavour: u32) -> Result<Vec<NmSym<'d>>, NmError> {
    const N_UNDEF: i16 = 0;
    const N_ABS: i16 = -1;
    const N_DEBUG: i16 = -2;
    const TEXT: u32 = 0x20;
    const DATA: u32 = 0x40;
    const BSS: u32 = 0x80;
    const PERM_W: u32 = 0x8000_0000;
    let f = crate::read::pe::parse(u.data).map_err(|e| member_err(u, NmErrorKind::Read(e.shift(u.offset))))?;
    let image_base = f.image_base.unwrap_or(0);
    let bss_rule = flavour >= 27;
    let (bss_addr, bss_section) = f
        .symbols
        .iter()
        .find(|s| s.name == b"runtime.bss")
        .map_or((0, 0), |s| (s.value, s.section_number));
    let mut out = Vec::with_capacity(f.symbols.len());
    for s in &f.symbols {
        let mut addr = u64::from(s.value);
        let code = match s.section_number {
            N_UNDEF => b'U',
            N_ABS => b'C',
            N_DEBUG => b'?',
            n => {
                let Some(sect) = usize::try_from(n - 1).ok().and_then(|i| f.sections.get(i)) else {
                    let e = crate::error::ReadError::new("invalid section number in symbol table", 0);
                    return Err(member_err(u, NmErrorKind::Read(e.shift(u.offset))));
                };
                let ch = sect.characteristics;
                addr += image_base + u64::from(sect.virtual_address);
                if ch & TEXT != 0 {
                    b'T'
                } else if ch & DATA != 0 {
                    if ch & PERM_W == 0 {
                        b'R'
                    } else if bss_rule
                        && ((bss_section == n && bss_addr > 0 && s.value >= bss_addr) || s.value >= sect.size)
                    {
                        // Past runtime.bss, or past the section's raw size.
                        b'B'
                    } else {
                        b'D'
                    }
                } else if ch & BSS != 0 {
                    b'B'
                } else {
                    b'?'
                }
            }
        };
        out.push(NmSym {
            addr,
            size: 0,
            code,
            name: Cow::Borrowed(s.name),
            typ: Cow::Borrowed(b""),
            abi: None,
        });
    }
    sizes_from_next_address(&mut out);
    Ok(out)
}

/// One ELF symbol as `cmd/internal/objfile/elf.go` lists it.
pub fn elf_sym<'d>(s: &ElfSym<'d>, flavour: u32) -> NmSym<'d> {
    use object::elf::*;
    let mut code = b'?';
    let (w, a, x) = (SHF_WRITE.0, SHF_ALLOC.0, SHF_EXECINSTR.0);
    if s.shndx == SHN_UNDEF.0 {
        code = b'U';
    } else if s.shndx == SHN_COMMON.0 {
        code = b'B';
    } else if let Some(flags) = s.section_flags {
        let f = flags & (w | a | x);
        if f == a | x {
            code = b'T';
        } else if f == a {
            code = b'R';
        } else if f == a | w {
            code = if flavour >= 27 && s.section_type == Some(SHT_NOBITS.0) {
                b'B'
            } else {
                b'D'
            };
        }
    }
    if s.bind == STB_LOCAL.0 {
        code += b'a' - b'A';
    }
    NmSym {
        addr: s.value,
        size: s.size as i64,
        code,
        name: Cow::Borrowed(s.name),
        typ: Cow::Borrowed(b""),
        abi: None,
    }
}

/// go1.15: the `cmd/internal/goobj` adapter merges every Go object of the
/// file into one entry; host objects follow as their own entries.
fn entries_115<'d>(view: &FileView<'d>) -> Result<NmFile<'d>, NmError> {
    let mut go = Vec::new();
    let mut natives = Vec::new();
    let mut seen: Seen<'d> = FxHashSet::default();
    // (referencing symbol is static, target) for the U pass, in order.
    let mut targets: Vec<(bool, Cow<'d, [u8]>, u64)> = Vec::new();
    let mut version = 0u64;
    for u in &view.units {
        match &u.content {
            Content::PkgDef(_) => {}
            Content::GoObj(o) => {
                version += 1;
                merge_115(o, u, version, &mut go, &mut seen, &mut targets)
                    .map_err(|e| member_err(u, NmErrorKind::Read(e.shift(u.offset))))?;
            }
            Content::Host if u.kind == MemberKind::Elf => natives.push((u, elf_syms(u, 15)?)),
            Content::Bad(e) => return Err(member_err(u, NmErrorKind::Read(*e))),
            _ => return Err(member_err(u, NmErrorKind::Unrecognized)),
        }
    }
    for (from_static, name, ver) in targets {
        if seen.insert((name.clone(), ver)) {
            let name = if ver != 0 {
                static_name(&name, ver).into_owned().into()
            } else {
                name
            };
            let mut s = undefined(name, None);
            if from_static {
                s.code = b'u';
            }
            go.push(s);
        }
    }
    // A file that is not an archive or Go object (a linked ELF file) is one
    // native entry: go1.15's goobj opener refuses it before the ELF one runs.
    let standalone_native = view.kind == crate::model::file::FileKind::Elf;
    let nentries = if standalone_native {
        natives.len()
    } else {
        1 + natives.len()
    };
    let mut entries = vec![NmEntry { name: b"", syms: go }];
    entries.extend(natives.into_iter().map(|(u, syms)| NmEntry {
        name: u.name.unwrap_or(b""),
        syms,
    }));
    entries.retain(|e| !e.syms.is_empty());
    Ok(NmFile {
        flavour: 15,
        entries,
        nentries,
    })
}

const EMPTY_PKG_PREFIX: &[u8] = b"%22%22.";

fn expand_115(name: &[u8]) -> Cow<'_, [u8]> {
    if !name.windows(3).any(|w| w == b"\"\".") {
        return Cow::Borrowed(name);
    }
    let mut out = Vec::with_capacity(name.len() + 8);
    let mut i = 0;
    while i < name.len() {
        if name[i..].starts_with(b"\"\".") {
            out.extend_from_slice(EMPTY_PKG_PREFIX);
            i += 3;
        } else {
            out.push(name[i]);
            i += 1;
        }
    }
    Cow::Owned(out)
}

type Seen<'d> = FxHashSet<(Cow<'d, [u8]>, u64)>;

fn merge_115<'d>(
    o: &GoObj<'d>,
    u: &Unit<'d>,
    version: u64,
    out: &mut Vec<NmSym<'d>>,
    seen: &mut Seen<'d>,
    targets: &mut Vec<(bool, Cow<'d, [u8]>, u64)>,
) -> Result<(), ReadError> {
    let ver_of = |abi: u16| if abi == SYM_ABI_STATIC { version } else { 0 };
    let mut refnames = FxHashMap::default();
    for k in 0..o.nrefname() {
        let (sr, n) = o.refname(k)?;
        refnames.insert(sr, n);
    }
    // resolveSymRef: names as stored (no "". expansion), builtins carry their ABI.
    let resolve = |r| -> Result<(Cow<'d, [u8]>, u64), ReadError> {
        Ok(match o.target(r)? {
            Target::Nil => (Cow::Borrowed(&b""[..]), 0),
            Target::Local(i) => {
                let s = o.sym(i)?;
                (Cow::Borrowed(s.name), ver_of(s.abi))
            }
            Target::Builtin(i) => match o.tables.builtin(i) {
                Some((n, abi)) => (Cow::Borrowed(n.as_bytes()), abi as u64),
                None => return Err(ReadError::new("builtin symbol index out of range", 0)),
            },
            Target::Package(..) => (Cow::Borrowed(refnames.get(&r).copied().unwrap_or(&b""[..])), 0),
        })
    };
    let base = u.offset + o.bin_offset as u64;
    for i in 0..o.ndef() {
        let s = o.sym(i)?;
        if s.name.is_empty() {
            continue;
        }
        let ver = ver_of(s.abi);
        let name = expand_115(s.name);
        seen.insert((name.clone(), ver));
        let mut code = kind_code(o.tables.symkind_name(s.kind), 15);
        if ver != 0 {
            code += b'a' - b'A';
        }
        let mut typ: Cow<'d, [u8]> = Cow::Borrowed(b"");
        for a in o.auxs(i)? {
            let a = a?;
            if a.typ == 0 {
                typ = resolve(a.sym)?.0;
            }
        }
        for r in o.relocs(i)? {
            let (n, v) = resolve(r?.sym)?;
            targets.push((ver != 0, n, v));
        }
        let printed = if ver != 0 {
            static_name(&name, ver).into_owned().into()
        } else {
            name
        };
        out.push(NmSym {
            addr: base + o.data_off(i)? as u64,
            size: s.siz as i64,
            code,
            name: printed,
            typ,
            abi: Some(s.abi),
        });
    }
    Ok(())
}
