//! What `relocsym` reports after dead code: for reachable symbols,
//! relocations outside their data (`invalid relocation`) and targets no
//! loaded object defines (`relocation target X not defined`, with the ABI
//! variant and `function main is undeclared in the main package`
//! wordings), once per (referrer, target), in load order; names the linker
//! defines itself are not undefined. Undefined targets used only by
//! unreachable user code are notes: they do not fail this link.

use rustc_hash::FxHashSet as HashSet;

use crate::check::ld::dataorder::{data_order_key, data_place};
use crate::check::ld::deadcode::{Reach, RelocProblem};
use crate::check::loader::{Def, Loader, ObjId, SymId, SymVer};
use crate::check::report::{Category, Finding, Reporter};
use crate::check::target::LoadedObj;
use crate::check::target::linkmode::BuildMode;

/// Names the linker defines itself (derived from `cmd/link/internal/ld`
/// of each release, [`crate::tables::derive`]), so references to them
/// are not undefined.
pub fn linker_defined(tables: &crate::tables::ReleaseTables, name: &[u8]) -> bool {
    // DWARF entries the linker generates for types and files, and the
    // go1.15 constants whose content is their name (loader.preprocess).
    const MADE: [&[u8]; 6] = [b"go:info.", b"go.info.", b"gofile..", b"$f32.", b"$f64.", b"$i64."];
    let defined = tables.linker_defined;
    MADE.iter().any(|p| name.starts_with(p))
        || defined.binary_search(&name).is_ok()
        || defined.iter().any(|d| d.ends_with(b".") && name.starts_with(d))
}

/// Whether the 386 linker generates the `__x86.get_pc_thunk.*` functions
/// position-independent code calls (`x86.gentext`: dynamically linked Go,
/// pie, c-shared, plugin, and c-archive for ELF).
pub fn makes_x86_thunks(target: &crate::check::target::LinkTarget, mode: BuildMode) -> bool {
    target.goarch == "386"
        && match mode {
            BuildMode::Pie | BuildMode::CShared | BuildMode::Plugin | BuildMode::Shared => true,
            BuildMode::CArchive => !matches!(target.goos.as_str(), "darwin" | "ios" | "windows" | "plan9" | "aix"),
            BuildMode::Exe => false,
        }
}

/// A reference of reachable code to a symbol no object defines, which an
/// external link leaves to the external linker (`addexport` makes the
/// target `SUNDEFEXT`).
#[derive(Debug, Clone)]
pub struct ExternalUndefined {
    /// The undefined target, as go.o names it.
    pub name: String,
    /// The code that refers to it.
    pub from: String,
    /// The loaded object that defines `from`.
    pub obj: ObjId,
}

/// The targets an external link's `addexport` makes `SUNDEFEXT`, left to
/// the external linker: every target without a type of a relocation of
/// the code the linker lays out (`ctxt.Textp`: reachable `STEXT`
/// symbols), every release since go1.15. relocsym then passes over every
/// reference to them, from data as well; an internal link has none.
fn sundefext(l: &Loader<'_, '_, '_>, reach: &Reach, external: bool) -> HashSet<SymId> {
    if !external {
        return HashSet::default();
    }
    code_to_undefined(l, reach).map(|(_, to)| to).collect()
}

/// (referrer, target) of every undefined target of reachable code, in
/// discovery order.
fn code_to_undefined<'r>(l: &'r Loader<'_, '_, '_>, reach: &'r Reach) -> impl Iterator<Item = (SymId, SymId)> + 'r {
    reach.problems.iter().filter_map(|&(s, ref p)| match p {
        RelocProblem::Undefined { to, .. } if l.is_text(s) => Some((s, *to)),
        _ => None,
    })
}

/// Sorts (referrer, …) pairs as relocsym meets the referrers: by library
/// in the linker's postorder, then by definition within it.
fn sort_in_text_order<T>(l: &Loader<'_, '_, '_>, pairs: &mut [(SymId, T)]) {
    if pairs.is_empty() {
        return;
    }
    let ranks = l.library_ranks();
    pairs.sort_by_key(|&(s, _)| l.def(s).map(|d| (ranks[d.obj.0 as usize], d.obj, d.idx)));
}

/// Sorts (referrer, …) pairs as relocsym meets the referrers: code in
/// text order ([`sort_in_text_order`]), then data as `dodata` lays it out
/// ([`data_order_key`]).
fn sort_as_relocsym_meets<T>(l: &Loader<'_, '_, '_>, pairs: Vec<(SymId, T)>) -> Vec<(SymId, T)> {
    let (mut text, mut data): (Vec<_>, Vec<_>) = pairs.into_iter().partition(|&(s, _)| l.is_text(s));
    sort_in_text_order(l, &mut text);
    data.sort_by_cached_key(|&(s, _)| data_order_key(l, s));
    text.extend(data);
    text
}

/// Whether the linker makes `name` itself ([`linker_defined`], and the
/// 386 PIC thunks when it makes them), so that no reference to it is
/// undefined.
fn made_by_linker(tables: &crate::tables::ReleaseTables, name: &[u8], x86_thunks: bool) -> bool {
    linker_defined(tables, name) || (x86_thunks && name.starts_with(b"__x86.get_pc_thunk."))
}

/// relocsym's line for a section-relative relocation of `s` to `to`, a
/// reachable symbol an external link left to the external linker
/// (`SUNDEFEXT`, no section).
fn offset_to_external(l: &Loader<'_, '_, '_>, s: SymId, to: SymId) -> Finding {
    use crate::check::target::release::OffsetToExternal;
    let (from, name) = (l.sym(s).name_lossy(), l.sym(to).name_lossy());
    let (message, reporter) = match l.target.release.offset_to_external() {
        OffsetToExternal::Crashes => (
            "runtime error: invalid memory address or nil pointer dereference".to_string(),
            Reporter::Panic,
        ),
        OffsetToExternal::Unreachable => (
            format!("{from}: unreachable sym in relocation: {name}"),
            Reporter::Errorf,
        ),
        OffsetToExternal::Undefined => (
            format!("{from}: undefined symbol in relocation: {name}"),
            Reporter::Errorf,
        ),
    };
    let mut f = Finding::new(Category::Undefined, message, reporter)
        .symbol(name.clone())
        .detail(format!(
            "no object defines {name}; an external link leaves it to the external linker, since code refers \
             to it, but {from} holds its offset within its section (a method table or type offset), which \
             only a symbol Go lays out has"
        ))
        .remedy(format!("define {name} (a method needs a body, in Go or assembly)"));
    locate(&mut f, l, l.sym(s).def);
    f
}

/// The references an external link leaves to the external linker
/// ([`sundefext`]), one per target, in the text order of
/// their first referrer; names the linker defines itself are not among
/// them.
pub fn external_undefined(l: &Loader<'_, '_, '_>, reach: &Reach, x86_thunks: bool) -> Vec<ExternalUndefined> {
    let tables = l.target.tables;
    let mut problems: Vec<(SymId, SymId)> = code_to_undefined(l, reach).collect();
    sort_in_text_order(l, &mut problems);
    let mut seen = HashSet::default();
    problems
        .into_iter()
        .filter(|&(_, to)| !made_by_linker(tables, &l.sym(to).name, x86_thunks) && seen.insert(to))
        .filter_map(|(s, to)| {
            Some(ExternalUndefined {
                name: l.sym(to).name_lossy(),
                from: l.sym(s).name_lossy(),
                obj: l.def(s)?.obj,
            })
        })
        .collect()
}

/// The findings for reachable symbols, in load order of the referrer,
/// then go1.15's undefined `runtime.pclntab` targets (found by `pclntab`).
/// `x86_thunks`: the linker makes `__x86.get_pc_thunk.*`
/// ([`makes_x86_thunks`]). `external`: an external link, whose undefined
/// targets of code are the external linker's to resolve
/// ([`sundefext`], [`external_undefined`]).
pub fn reachable_problems(
    l: &Loader<'_, '_, '_>,
    reach: &Reach,
    pclntab: Vec<Finding>,
    x86_thunks: bool,
    external: bool,
) -> Vec<Finding> {
    let tables = l.target.tables;
    let problems = sort_as_relocsym_meets(l, reach.problems.clone());
    let sundef = sundefext(l, reach, external);
    let mut reported = HashSet::default();
    let mut out = Vec::new();
    let mut text = false;
    let mut data_segments = std::collections::BTreeSet::new();
    let apart = l.target.release.relocates_data_segments_apart();
    for (s, p) in problems {
        let f = match p {
            RelocProblem::Undefined { to, offset } if sundef.contains(&to) => {
                if !offset || !reach.contains(to) || !reported.insert((s, to)) {
                    continue;
                }
                offset_to_external(l, s, to)
            }
            RelocProblem::Undefined { to, .. } => {
                if made_by_linker(tables, &l.sym(to).name, x86_thunks) || !reported.insert((s, to)) {
                    continue;
                }
                undefined_finding(l, s, to)
            }
            RelocProblem::Outside { target, off, siz, len } => outside_finding(l, s, target, off, siz, len),
        };
        if l.is_text(s) {
            text = true;
        } else {
            data_segments.insert(if apart { data_place(l, s).0 } else { 0 });
        }
        out.push(f);
    }
    // go1.15's `runtime.pclntab` relocations (undefined funcdata) are
    // read-only data.
    if !pclntab.is_empty() {
        data_segments.insert(if apart { 1 } else { 0 });
    }
    out.extend(pclntab);
    // The linker relocates code and each data segment on goroutines of
    // their own (go1.15 `reloc`, go1.16+ `asmb`'s parallel block
    // writers): when two of them report, which line comes first varies
    // from run to run.
    if usize::from(text) + data_segments.len() > 1 {
        for f in &mut out {
            f.order_varies = true;
        }
    }
    out
}

/// Undefined targets used only by unreachable (non-DWARF) user symbols.
pub fn unreachable_undefined(l: &mut Loader<'_, '_, '_>, reach: &Reach) -> Vec<Finding> {
    let tables = l.target.tables;
    let mut seen = HashSet::default();
    let mut out = Vec::new();
    let mut w = crate::residency::Window::new();
    for o in l.obj_ids() {
        let lo: &LoadedObj = l.obj(o);
        // The standard library leaves some by design (e.g. runtime's
        // sync/atomic pushes when sync/atomic is not linked); a rebuild
        // regenerates whatever it references.
        if l.target.is_std(&lo.pkg) || lo.rebuilt {
            continue;
        }
        let ob = lo.obj;
        for idx in 0..ob.ndef() {
            let Some(from) = l.local(o, idx) else { continue };
            if reach.contains(from) {
                continue;
            }
            w.step();
            let Some(kind) = ob.sym_kind(idx) else { continue };
            if ob.tables.symkind_name(kind).is_none_or(|k| k.starts_with("SDWARF")) {
                continue;
            }
            let Ok(rs) = ob.relocs(idx) else { continue };
            for r in rs.flatten() {
                let Some(to) = l.resolve(o, r.sym) else { continue };
                let g = l.sym(to);
                if l.is_defined(to) || r.siz == 0 || linker_defined(tables, &g.name) || !seen.insert(to) {
                    continue;
                }
                let mut f = undefined_finding(l, from, to);
                f.fails_link = false;
                f.detail = Some("referenced only from code the linker drops as unreachable: not an error of this link, but of any that reaches it".into());
                out.push(f);
            }
        }
    }
    out
}

/// File, member, package and producer of a finding about a symbol defined
/// at `def`.
fn locate(f: &mut Finding, l: &Loader<'_, '_, '_>, def: Option<Def>) {
    if let Some(d) = def {
        let o = l.obj(d.obj);
        place_in(f, o);
        f.producer = Some(o.obj.header.version.to_string());
    }
}

/// A sized relocation of a reachable symbol to a dynamic import
/// (`SDYNIMPORT`, from `cgo_import_dynamic`) of a type the architecture's
/// `adddynrel` does not take (amd64's `R_PCREL` from go1.22, a PLT entry
/// before, and under darwin, in an executable, its `R_ADDR` from code,
/// which ELF makes a GOT entry and a Mach-O PIE a bind; 386's `R_ADDR` from code, only data getting a dynamic
/// `R_386_32`; arm64's pc-relative loads and addresses,
/// `R_ARM64_PCREL_LDST*` and `R_ADDRARM64`, this one on darwin made a GOT
/// load; it takes calls and the GOT forms): how the windows
/// runtime reaches `_VirtualAlloc` and friends, so objects compiled for
/// windows fail under another header. Who says so, in text order:
/// - darwin (amd64): `adddynrel` itself, unless the instruction is a
///   `LEAQ` (made a GOT load): `X: unexpected R_PCREL reloc for dynamic
///   symbol T: not preceded by LEAQ instruction`;
/// - an executable: `dodata`'s `dynreloc`, on every header but windows
///   (`X: unsupported dynamic relocation for symbol T (type=R (NAME)
///   stype=N (SDYNIMPORT))`);
/// - a PIE, where `dynreloc` ignores what `adddynrel` says: relocsym, on
///   every header but darwin, solaris, aix and (go1.19+) openbsd (`X:
///   unhandled relocation for T (type N (SDYNIMPORT) rtype R (NAME))`).
///
/// ELF headers and darwin/amd64, internal linking of a program that
/// cannot load Go code later; `-d` is refused before (dynamic imports).
///
/// An external link (`external`) on an ELF header runs no `dynreloc`
/// (`doelf` sets `-d`): relocsym meets every sized relocation to a dynamic
/// import (of a symbol no `cgo_import_static` names, which is the host
/// objects'), on every ELF header but solaris and (go1.19+) openbsd. On
/// darwin `adddynrel` still runs, with its `LEAQ` line.
pub fn unhandled_dynimports(
    l: &mut Loader<'_, '_, '_>,
    reach: &Reach,
    flags: &crate::check::target::flags::LinkFlags,
    external: bool,
) -> Vec<Finding> {
    let t = l.target;
    let (Some(head), Some(kind)) = (flags.head_type(t.release, &t.goos), t.release.linker_sdynimport_kind()) else {
        return Vec::new();
    };
    let dynlink = matches!(flags.buildmode, BuildMode::Plugin | BuildMode::Shared)
        || l.obj_ids().any(|o| l.obj(o).pkg == "plugin");
    let darwin = head == "darwin";
    if !(crate::check::target::platform::is_elf_head(head) || (darwin && t.goarch == "amd64"))
        || dynlink
        || flags.no_dynamic
    {
        return Vec::new();
    }
    let pie = flags.buildmode.effective(t.release, &t.goos, &t.goarch) == BuildMode::Pie;
    let relocsym_exempt =
        matches!(head, "solaris" | "aix") || (head == "openbsd" && t.release.dynimport_relocs_allowed_on_openbsd());
    if (pie || external) && !darwin && relocsym_exempt {
        return Vec::new();
    }
    // relocsym's line, where dynreloc leaves the relocation to it; an
    // external link on an ELF header runs no dynreloc at all.
    let relocsym_says = (pie || external) && !darwin;
    let no_dynreloc = external && !darwin;
    // Only objects that name a dynamic import can refer to one: the
    // relocations of the others are not read.
    let objs: Vec<ObjId> = text_order(l).into_iter().filter(|&o| l.names_cgo_symbol(o)).collect();
    let goarch = t.goarch.as_str();
    let pcrel = t.release.amd64_leaves_dynimport_pcrel();
    let candidate = |typ: &str| match goarch {
        _ if no_dynreloc => true,
        "amd64" if external => pcrel && typ == "R_PCREL",
        "amd64" => (pcrel && typ == "R_PCREL") || (darwin && !pie && typ == "R_ADDR"),
        "386" => typ == "R_ADDR",
        "arm64" => typ.starts_with("R_ARM64_PCREL_LDST") || typ == "R_ADDRARM64",
        _ => false,
    };
    let relocs = reached_relocs(l, reach, &objs, |typ, r| r.siz != 0 && candidate(typ));
    relocs
        .into_iter()
        .filter_map(|r| {
            r.to.filter(|&to| l.is_from_cgo(to) && l.host(to).is_none() && !(external && l.names_static_import(to)))
                .map(|to| (r, to))
        })
        .filter(|(r, _)| no_dynreloc || r.typ != "R_ADDR" || l.is_text(r.from))
        .filter(|(r, _)| !darwin || r.typ != "R_PCREL" || (l.is_text(r.from) && !after_leaq(l, r)))
        .take(20)
        .map(|(r, to)| {
            let (from, name, typ) = (l.sym(r.from).name_lossy(), l.sym(to).name_lossy(), r.typ);
            let rtype = t
                .tables
                .reloc_number(typ)
                .map_or_else(|| "?".to_string(), |n| n.to_string());
            let message = if darwin && typ == "R_PCREL" {
                format!("{from}: unexpected R_PCREL reloc for dynamic symbol {name}: not preceded by LEAQ instruction")
            } else if relocsym_says {
                format!("{from}: unhandled relocation for {name} (type {kind} (SDYNIMPORT) rtype {rtype} ({typ}))")
            } else {
                format!(
                    "{from}: unsupported dynamic relocation for symbol {name} (type={rtype} ({typ}) stype={kind} \
                     (SDYNIMPORT))"
                )
            };
            let mut f = Finding::new(Category::Flag, message, Reporter::Errorf)
                .symbol(name.clone())
                .detail(format!(
                    "{from} reaches {name}, a dynamic import (cgo_import_dynamic), with a {typ} relocation, which \
                     a {head} binary written by Go's linker does not resolve for dynamic imports"
                ))
                .remedy(foreign_head_remedy(head));
            place_in(&mut f, l.obj(r.obj));
            f
        })
        .collect()
}

/// Whether the instruction of relocation `r` is a `LEAQ` (opcode `0x8d`
/// two bytes before the displacement), which darwin's `adddynrel` turns
/// into a GOT load.
fn after_leaq(l: &Loader<'_, '_, '_>, r: &ReachedReloc) -> bool {
    let Some(d) = l.def(r.from) else { return false };
    let data = l.obj(d.obj).obj.data(d.idx).unwrap_or_default();
    usize::try_from(r.off)
        .ok()
        .and_then(|off| off.checked_sub(2))
        .and_then(|at| data.get(at))
        == Some(&0x8d)
}

/// The remedy for objects a foreign header (`-H`) cannot take.
pub fn foreign_head_remedy(head: &str) -> String {
    format!("link for GOOS={head} instead of -H, or build the objects for the header's GOOS")
}

/// File, member and package of a finding about loaded object `o`.
pub fn place_in(f: &mut Finding, o: &LoadedObj<'_, '_>) {
    f.file = Some(o.file.clone());
    f.member = o.member.clone();
    f.package = Some(o.pkg.clone());
}

/// `relocsym`'s bounds check: `off < 0 || off+siz > len(P)`.
fn outside_finding(l: &Loader<'_, '_, '_>, s: SymId, target: Option<SymId>, off: i32, siz: u8, len: usize) -> Finding {
    let from = l.sym(s);
    let to_name = target.map(|t| l.sym(t).name_lossy()).unwrap_or_default();
    let msg = format!(
        "{}: invalid relocation {to_name}: {off}+{siz} not in [0,{len})",
        from.name_lossy()
    );
    let mut f = Finding::new(Category::InvalidRelocation, msg, Reporter::Errorf);
    locate(&mut f, l, from.def);
    f.symbol = Some(from.name_lossy());
    f.remedy = "the object is corrupt (a relocation lies outside its symbol's data): rebuild the package".into();
    f
}

/// `relocation target X not defined` (with the ABI the name is defined
/// for, if any).
pub fn undefined_finding(l: &Loader<'_, '_, '_>, s: SymId, to: SymId) -> Finding {
    let from = l.sym(s);
    let target = l.sym(to);
    let from_name = from.name_lossy();
    let to_name = target.name_lossy();
    let have: Option<SymVer> = match target.ver {
        SymVer::Static(_) => None,
        _ => [SymVer::AbiInternal, SymVer::Abi0]
            .into_iter()
            .find(|&v| l.lookup(&target.name, v).is_some_and(|id| l.is_defined(id))),
    };
    let msg = if to_name == "main.main" {
        format!("{from_name}: function main is undeclared in the main package")
    } else if let Some(h) = have {
        format!(
            "{from_name}: relocation target {to_name} not defined for {} (but is defined for {})",
            target.ver.abi_name(),
            h.abi_name()
        )
    } else {
        format!("{from_name}: relocation target {to_name} not defined")
    };
    let mut f = Finding::new(Category::Undefined, msg, Reporter::Errorf);
    locate(&mut f, l, from.def);
    f.symbol = Some(to_name.clone());
    f.remedy = match have {
        Some(h) => format!(
            "{to_name} exists only as {}: call it through a Go declaration (ABI wrapper) or define it for {}",
            h.abi_name(),
            target.ver.abi_name()
        ),
        None if to_name == "main.main" => "define func main() in package main".into(),
        None => format!(
            "{to_name} is not defined by any loaded package: provide it, or stop referencing it (go:linkname to a symbol this toolchain removed?)"
        ),
    };
    f
}

/// Objects in the order `relocsym` meets their code: by library in the
/// linker's postorder, then in load order.
pub fn text_order(l: &Loader<'_, '_, '_>) -> Vec<ObjId> {
    let ranks = l.library_ranks();
    let mut objs: Vec<_> = l.obj_ids().collect();
    objs.sort_by_key(|o| (ranks[o.0 as usize], *o));
    objs
}

/// A relocation of a reachable definition, resolved: the object, the
/// referring symbol, the relocation type's name and its target.
pub struct ReachedReloc {
    /// The object holding the relocation.
    pub obj: ObjId,
    /// The referring (reachable) symbol.
    pub from: SymId,
    /// The relocation type's name.
    pub typ: &'static str,
    /// The target, if it resolves.
    pub to: Option<SymId>,
    /// Its offset in the referring symbol's data.
    pub off: i32,
    /// Its size in bytes.
    pub siz: u8,
    /// It carries go1.19+'s `R_WEAK` bit.
    pub weak: bool,
}

/// The relocations of the reachable definitions of `objs` (in that
/// order) whose type `pick` selects (by name and record).
pub fn reached_relocs(
    l: &mut Loader<'_, '_, '_>,
    reach: &Reach,
    objs: &[ObjId],
    pick: impl Fn(&str, &crate::read::goobj::Reloc) -> bool,
) -> Vec<ReachedReloc> {
    let mut out = Vec::new();
    for &o in objs {
        let ob = l.obj(o).obj;
        for (idx, from) in reach.kept_in(l, o) {
            let Ok(rs) = ob.relocs(idx) else { continue };
            for r in rs.flatten() {
                let Some(typ) = ob.tables.reloc_name(r.typ).filter(|n| pick(n, &r)) else {
                    continue;
                };
                let to = l.resolve(o, r.sym);
                out.push(ReachedReloc {
                    obj: o,
                    from,
                    typ,
                    to,
                    off: r.off,
                    siz: r.siz,
                    weak: ob.tables.reloc_is_weak(r.typ),
                });
            }
        }
    }
    out
}
