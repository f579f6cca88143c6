//! `pclntab`'s funcdata carriers (`ld/pcln.go` `writeFuncs`): every
//! funcdata symbol of a reachable function must lie in the `go.func.*`
//! (go1.20+ `go:func.*`) carrier, else the linker panics with `bad
//! carrier sym`. A funcdata symbol nothing defines has no carrier: an
//! assembly function with arguments but no Go declaration gets an
//! `F.args_stackmap` funcdata from the assembler that the compiler never
//! emits. go1.16–1.21 panic on it; go1.22+ skip an undefined
//! `ArgsPointerMaps` or `ArgInfo` funcdata of an assembly function (CL
//! 523335) and panic on any other. pclntab runs after dead code and
//! `dostrdata`, before `dodata` and relocation.
//!
//! go1.15 has no carriers: its functab points at each funcdata symbol
//! with an address relocation of `runtime.pclntab` (`setAddr`), so an
//! undefined one is `relocsym`'s `runtime.pclntab: relocation target …
//! not defined`, reported on the data side of relocation.

use crate::check::ld::deadcode::Reach;
use crate::check::ld::relocsym::{linker_defined, place_in};
use crate::check::loader::{Loader, SymId};
use crate::check::report::{Category, Finding, Reporter};

/// `abi.FUNCDATA_ArgsPointerMaps` and `abi.FUNCDATA_ArgInfo`.
const FUNCDATA_ARGS_POINTER_MAPS: usize = 0;
const FUNCDATA_ARG_INFO: usize = 5;

/// What `pclntab` makes of reachable functions' undefined funcdata.
#[derive(Debug, Default)]
pub struct Funcdata {
    /// go1.16+: the linker's panic for the first such funcdata.
    pub panic: Option<Finding>,
    /// go1.15: `runtime.pclntab`'s undefined relocation targets (in load
    /// order, once per target), reported with the data relocations.
    pub undefined_relocs: Vec<Finding>,
}

/// Walks the reachable functions in load order, as `pclntab` does.
pub fn check(l: &Loader<'_, '_, '_>, reach: &Reach) -> Funcdata {
    let release = l.target.release;
    let mut out = Funcdata::default();
    if release.pclntab_needs_reachable_code() && !reaches_code(l, reach) {
        out.panic = Some(
            Finding::new(
                Category::LinkMode,
                "runtime error: index out of range [0] with length 0",
                Reporter::Panic,
            )
            .detail(
                "dead code reached no function (an external link enters at `main`, which this platform's \
                 runtime does not define), and go1.15's pclntab reads the section of the first one",
            )
            .remedy("link internally (drop -linkmode=external), or give -E an entry that is defined"),
        );
        return out;
    }
    let mut reported = std::collections::HashSet::new();
    for (s, fd, j, asm) in undefined_funcdata(l, reach) {
        if !release.funcdata_in_carriers() {
            if reported.insert(fd) {
                out.undefined_relocs.push(relocation_finding(l, s, fd));
            }
            continue;
        }
        let skipped = release.skips_undefined_asm_arg_funcdata()
            && asm
            && matches!(j, FUNCDATA_ARGS_POINTER_MAPS | FUNCDATA_ARG_INFO);
        if !skipped {
            out.panic = Some(panic_finding(l, s, fd, j));
            break;
        }
    }
    out
}

/// Whether any reachable definition is code.
fn reaches_code(l: &Loader<'_, '_, '_>, reach: &Reach) -> bool {
    l.obj_ids()
        .any(|o| reach.kept_in(l, o).iter().any(|&(_, s)| l.is_text(s)))
}

/// Every (function, funcdata symbol, funcdata index, from assembly) of
/// a reachable function whose funcdata nothing defines, in load order.
fn undefined_funcdata(l: &Loader<'_, '_, '_>, reach: &Reach) -> Vec<(SymId, SymId, usize, bool)> {
    let mut out = Vec::new();
    for_each_funcdata(l, reach, |s, fd, j, asm| {
        if !(l.is_defined(fd) || linker_defined(l.target.tables, &l.name(fd))) {
            out.push((s, fd, j, asm));
        }
    });
    out
}

/// The funcdata symbols of the reachable functions (`generateFuncdata`'s
/// `fdSyms`, as a set).
pub fn reached_funcdata(l: &Loader<'_, '_, '_>, reach: &Reach) -> rustc_hash::FxHashSet<SymId> {
    let mut out = rustc_hash::FxHashSet::default();
    for_each_funcdata(l, reach, |_, fd, _, _| {
        out.insert(fd);
    });
    out
}

/// Calls `visit(function, funcdata symbol, funcdata index, from
/// assembly)` for every resolved `Funcdata` aux of every reachable
/// function, in load order (the index counts unresolved slots too, as
/// the linker's funcdata table does).
fn for_each_funcdata(l: &Loader<'_, '_, '_>, reach: &Reach, mut visit: impl FnMut(SymId, SymId, usize, bool)) {
    let mut w = crate::residency::Window::new();
    for o in l.obj_ids() {
        let ob = l.obj(o).obj;
        let asm = ob.from_assembler();
        for (idx, s) in reach.kept_in(l, o) {
            w.step();
            let Ok(auxs) = ob.auxs(idx) else { continue };
            let funcdata = auxs.flatten().filter(|a| ob.tables.aux_name(a.typ) == Some("Funcdata"));
            for (j, a) in funcdata.enumerate() {
                if let Some(fd) = l.resolve_known(o, a.sym) {
                    visit(s, fd, j, asm);
                }
            }
        }
    }
}

/// go1.15: the functab's address relocation to an undefined funcdata.
fn relocation_finding(l: &Loader<'_, '_, '_>, s: SymId, fd: SymId) -> Finding {
    let fd_name = l.sym(fd).name_lossy();
    let f = Finding::new(
        Category::Undefined,
        format!("runtime.pclntab: relocation target {fd_name} not defined"),
        Reporter::Errorf,
    );
    located(l, s, fd, f, "", "the function table points at it")
}

fn panic_finding(l: &Loader<'_, '_, '_>, s: SymId, fd: SymId, j: usize) -> Finding {
    let func = l.sym(s).name_lossy();
    let fd_name = l.sym(fd).name_lossy();
    let carrier = if l.target.release.colon_symbol_names() {
        "go:func.*"
    } else {
        "go.func.*"
    };
    let f = Finding::new(
        Category::Undefined,
        format!("bad carrier sym for symbol {fd_name} (funcdata {func}#{j}), want {carrier} got ?"),
        Reporter::Panic,
    );
    located(
        l,
        s,
        fd,
        f,
        ", or link with go1.22 or later",
        "this linker's pclntab panics on it",
    )
}

/// `f` placed at function `s`'s object, about its funcdata `fd`, with
/// what to do (`more` after the common advice) and what happens (`then`).
fn located(l: &Loader<'_, '_, '_>, s: SymId, fd: SymId, f: Finding, more: &str, then: &str) -> Finding {
    let func = l.sym(s).name_lossy();
    let fd_name = l.sym(fd).name_lossy();
    let mut f = f
        .symbol(fd_name.clone())
        .remedy(format!(
            "declare {func} in Go (a body-less `func` declaration gives the compiler its argument maps){more}"
        ))
        .detail(format!(
            "{func} is assembly whose funcdata {fd_name} nothing defines; {then}"
        ));
    if let Some(d) = l.def(s) {
        place_in(&mut f, l.obj(d.obj));
    }
    f
}
