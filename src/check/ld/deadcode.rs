//! Reachability, as the linker's dead-code pass (`ld/deadcode.go`) marks
//! it: from the entry symbol (`_rt0_GOARCH_GOOS`), the package init tasks,
//! `main.main` and `runtime.unreachableMethod`, along relocations (weak
//! ones excepted) and aux symbols (type and DWARF aux excepted). On the
//! way it collects what `relocsym` will complain about for reachable
//! symbols: relocations outside their symbol's data, and undefined
//! targets. This module's pass approximates methods: method relocations
//! (`R_METHODOFF`) of reachable types are followed as plain edges, so a
//! method of a type that is only converted to an interface whose method
//! is never called is taken as reachable (the linker would prune it).
//! The `methods` module is the exact pass; this one serves where method
//! liveness cannot be decided: against the built-in std stubs (std's
//! interface calls are not carried) and in links that can load code
//! later (plugins, shared libraries: the linker keeps every method of a
//! reachable type there, as this pass does). Against the built-in std stubs
//! ([`crate::toolchain::stub`]), std's symbols are leaves but for the
//! stub definitions that keep a relocation (the runtime's reference to
//! `main.main`), which are roots: every link reaches them.

use crate::check::loader::{Loader, ObjId, SymId, SymVer};

/// What `relocsym` finds wrong with one relocation of a reachable symbol.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RelocProblem {
    /// The target is defined nowhere.
    Undefined {
        /// The target.
        to: SymId,
        /// The relocation is section-relative (`R_ADDROFF`,
        /// `R_METHODOFF`, go1.15's `R_WEAKADDROFF`): an offset from its
        /// section, which a target the external linker resolves has not.
        offset: bool,
    },
    /// The relocation does not lie within the symbol's data.
    Outside {
        /// The relocation's target, if it resolves.
        target: Option<SymId>,
        /// Offset.
        off: i32,
        /// Size.
        siz: u8,
        /// The symbol's data length.
        len: usize,
    },
}

/// The reachable set and the relocation problems of reachable symbols.
#[derive(Debug, Default)]
pub struct Reach {
    /// Reachable, by global symbol.
    pub marked: Vec<bool>,
    /// (referring symbol, problem), in discovery order.
    pub problems: Vec<(SymId, RelocProblem)>,
    /// Reachable symbols that host objects define (where `loadelf`'s
    /// section symbols start to be reached).
    pub hosts: std::collections::BTreeSet<SymId>,
    /// Methods are kept as the linker keeps them (the `methods` pass),
    /// not over- or under-approximated.
    pub exact: bool,
}

impl Reach {
    /// Whether `s` is reachable.
    pub fn contains(&self, s: SymId) -> bool {
        self.marked.get(s.0 as usize).copied().unwrap_or(false)
    }

    /// The definitions of object `o` that are reachable and are the ones
    /// the loader kept for their symbol: (local index, symbol).
    pub fn kept_in(&self, l: &Loader<'_, '_, '_>, o: ObjId) -> Vec<(u32, SymId)> {
        (0..l.obj(o).obj.ndef())
            .filter_map(|idx| {
                let s = l.local(o, idx)?;
                let here = crate::check::loader::Def { obj: o, idx };
                (self.contains(s) && l.def(s) == Some(here)).then_some((idx, s))
            })
            .collect()
    }
}

/// The entry points of a program on `goos`/`goarch`.
pub fn roots(goos: &str, goarch: &str) -> Vec<String> {
    vec![
        format!("_rt0_{goarch}_{goos}"),
        "runtime.unreachableMethod".into(),
        "main..inittask".into(),
        "runtime..inittask".into(),
        "main.main".into(),
    ]
}

/// Marks what is reachable from `roots`. A relocation of a rebuilt object
/// (the forecast) whose target a rebuild regenerates is followed but not
/// judged.
pub fn mark(l: &mut Loader<'_, '_, '_>, roots: &[String]) -> Reach {
    mark_with(l, roots, true)
}

/// [`mark`]; without `method_tables`, the methods of reachable types
/// (`R_METHODOFF`) and of itabs are not followed: what is reachable then
/// is kept by the linker whatever interface calls the program makes (an
/// under-approximation, where [`mark`] over-approximates).
pub fn mark_with(l: &mut Loader<'_, '_, '_>, roots: &[String], method_tables: bool) -> Reach {
    let mut reach = Reach::default();
    let mut queue = root_ids(l, roots);
    while let Some(id) = queue.pop() {
        if reach.marked.len() <= id.0 as usize {
            reach.marked.resize(l.nsyms().max(id.0 as usize + 1), false);
        }
        if reach.marked[id.0 as usize] {
            continue;
        }
        reach.marked[id.0 as usize] = true;
        if l.host(id).is_some() {
            reach.hosts.insert(id);
        }
        let Some(def) = l.def(id) else { continue };
        let lo = l.obj(def.obj);
        let ob = lo.obj;
        if def.idx >= ob.ndef() {
            continue;
        }
        if !method_tables && (l.sym(id).name.starts_with(b"go:itab.") || l.sym(id).name.starts_with(b"go.itab.")) {
            continue;
        }
        if let Ok(rs) = ob.relocs(def.idx) {
            let plen = ob.data(def.idx).map_or(0, |d| d.len());
            for r in rs.flatten() {
                let target = l.resolve(def.obj, r.sym);
                judge(l, &mut reach.problems, id, def, &r, target, plen);
                if let Some(t) = target
                    && !ob.tables.reloc_is_weak(r.typ)
                    && (method_tables || ob.tables.reloc_name(r.typ) != Some("R_METHODOFF"))
                {
                    queue.push(t);
                }
            }
        }
        followed_aux(ob, def.idx, |r| l.resolve(def.obj, r), &mut queue);
    }
    reach.marked.resize(l.nsyms(), false);
    reach
}

/// Where the pass starts: `roots` under either ABI, and the std stub
/// definitions that keep a relocation (every link reaches them).
pub(super) fn root_ids(l: &Loader<'_, '_, '_>, roots: &[String]) -> Vec<SymId> {
    let mut ids: Vec<SymId> = roots
        .iter()
        .flat_map(|root| [SymVer::Abi0, SymVer::AbiInternal].map(|v| l.lookup(root.as_bytes(), v)))
        .flatten()
        .collect();
    for o in l.obj_ids().filter(|&o| l.obj(o).stub) {
        let ob = l.obj(o).obj;
        let kept = (0..ob.ndef()).filter(|&i| ob.reloc_range(i).is_ok_and(|r| !r.is_empty()));
        ids.extend(kept.filter_map(|i| l.local(o, i)));
    }
    ids
}

/// The aux symbols of definition `idx` of `ob` the pass follows: all but
/// the Go type and DWARF ones, each resolved by `resolve`.
pub(super) fn followed_aux(
    ob: &crate::read::goobj::GoObj<'_>,
    idx: u32,
    mut resolve: impl FnMut(crate::read::goobj::SymRef) -> Option<SymId>,
    out: &mut Vec<SymId>,
) {
    let Ok(auxs) = ob.auxs(idx) else { return };
    for a in auxs.flatten() {
        let n = ob.tables.aux_name(a.typ).unwrap_or("");
        if n != "Gotype"
            && !n.starts_with("Dwarf")
            && let Some(t) = resolve(a.sym)
        {
            out.push(t);
        }
    }
}

/// `relocsym`'s view of relocation `r` of reachable symbol `id` (defined
/// at `def`, with `plen` bytes of data), recorded in `reach`: outside the
/// data, or to an undefined target.
pub(super) fn judge(
    l: &Loader<'_, '_, '_>,
    problems: &mut Vec<(SymId, RelocProblem)>,
    id: SymId,
    def: crate::check::loader::Def,
    r: &crate::read::goobj::Reloc,
    target: Option<SymId>,
    plen: usize,
) {
    // relocsym tests the bounds first and skips the rest of a relocation
    // that fails them.
    if l.obj(def.obj).rebuilt {
        // A rebuild regenerates the data and its relocations; only what
        // the source names by itself stays.
        if let Some(t) = target
            && !l.is_defined(t)
            && r.siz != 0
            && survives_rebuild(l, def.obj, r.sym)
        {
            problems.push((id, undefined(def, r, t, l)));
        }
    } else if r.outside(plen) {
        problems.push((
            id,
            RelocProblem::Outside {
                target,
                off: r.off,
                siz: r.siz,
                len: plen,
            },
        ));
    } else if let Some(t) = target
        && !l.is_defined(t)
        && r.siz != 0
    {
        problems.push((id, undefined(def, r, t, l)));
    }
}

/// The problem of relocation `r` of the definition at `def` to the
/// undefined `to`.
fn undefined(
    def: crate::check::loader::Def,
    r: &crate::read::goobj::Reloc,
    to: SymId,
    l: &Loader<'_, '_, '_>,
) -> RelocProblem {
    let name = l.obj(def.obj).obj.tables.reloc_name(r.typ);
    RelocProblem::Undefined {
        to,
        offset: matches!(name, Some("R_ADDROFF" | "R_METHODOFF" | "R_WEAKADDROFF")),
    }
}

/// Whether a reference of a rebuilt object names its target in the source
/// (a go:linkname pull or an assembly reference), so that a rebuild keeps
/// it; other references are the compiler's and are regenerated.
pub fn survives_rebuild(l: &Loader<'_, '_, '_>, o: crate::check::loader::ObjId, r: crate::read::goobj::SymRef) -> bool {
    let ob = l.obj(o).obj;
    match ob.target(r) {
        Ok(crate::read::goobj::Target::Local(idx)) if idx >= ob.ndef() => l.is_source_ref(o, idx),
        _ => false,
    }
}
