//! `AssignTextSymbolOrder` (`loader/loader.go`) and what the linker then
//! does with its list of functions. Each object's reachable code
//! definitions go into the text list under the symbol's global index,
//! also when another object's definition of that name was kept. When the
//! kept definition is not code (a `//go:linkname` variable that took the
//! name of a DUPOK function, such as the ABI0 wrapper `runtime.newcoro`),
//! the list holds a variable: the DWARF pass (`dwarfGenerateDebugInfo`,
//! after `dostrdata`) stops with `error: non-function sym N/NAME t=KIND
//! passed to GetFuncDwarfAuxSyms`; without DWARF (`-w`) `findfunctab`
//! indexes past its table and panics while the output is written.

use crate::check::ld::deadcode::Reach;
use crate::check::ld::relocsym::place_in;
use crate::check::loader::{Loader, SymId, is_text_kind};
use crate::check::report::{Category, Finding, Reporter};

/// Where the linker fails on a variable in its text list.
#[derive(Debug, Default)]
pub struct TextList {
    /// With DWARF: `dwarfGenerateDebugInfo`'s fatal error (after
    /// `dostrdata`, before `pclntab`).
    pub dwarf: Option<Finding>,
    /// Without DWARF: `findfunctab`'s panic (after `pclntab`).
    pub functab: Option<Finding>,
}

/// The first reachable code definition, in load order, whose symbol's
/// kept definition is not code.
pub fn check(l: &Loader<'_, '_, '_>, reach: &Reach, dwarf: bool) -> TextList {
    let Some((s, listed_by)) = first_variable_in_text(l, reach) else {
        return TextList::default();
    };
    let name = l.sym(s).name_lossy();
    let Some(kept) = l.def(s) else {
        return TextList::default();
    };
    let kind = l.def_kind(kept);
    let lo = l.obj(kept.obj);
    let finding = |message: String, reporter: Reporter| {
        let mut f = Finding::new(Category::Linkname, message, reporter)
            .symbol(name.clone())
            .remedy(format!(
                "do not name {name} with a //go:linkname variable: {listed_by} defines it as a function, and the \
             linker keeps {}'s {kind} definition in its list of functions",
                lo.pkg
            ))
            .detail(format!(
                "{name} is code in {listed_by} and a variable ({kind}) in {}; the variable's definition is the one \
             kept",
                lo.pkg
            ));
        place_in(&mut f, lo);
        f
    };
    if dwarf {
        // The loader's global index. A forecast's rebuilt objects are not
        // the ones it reads, so there the index is not known: `N`.
        let rebuilt = l.obj_ids().any(|o| l.obj(o).rebuilt);
        let index = if rebuilt {
            "N".to_string()
        } else {
            l.go_index(s).to_string()
        };
        TextList {
            dwarf: Some(finding(
                format!("error: non-function sym {index}/{name} t={kind} passed to GetFuncDwarfAuxSyms"),
                Reporter::LogFatal,
            )),
            functab: None,
        }
    } else {
        TextList {
            dwarf: None,
            functab: Some(finding(
                "runtime error: index out of range (findfunctab: a variable in the list of functions)".into(),
                Reporter::Panic,
            )),
        }
    }
}

/// The symbol and the package whose code definition lists it.
fn first_variable_in_text(l: &Loader<'_, '_, '_>, reach: &Reach) -> Option<(SymId, String)> {
    let mut w = crate::residency::Window::new();
    for o in l.obj_ids() {
        let lo = l.obj(o);
        for idx in 0..lo.obj.ndef() {
            let Some(s) = l.local(o, idx) else { continue };
            if !reach.contains(s) {
                continue;
            }
            w.step();
            let here = crate::check::loader::Def { obj: o, idx };
            let Some(kept) = l.def(s) else { continue };
            if kept == here || !is_text_kind(l.def_kind(here)) || is_text_kind(l.def_kind(kept)) {
                continue;
            }
            return Some((s, lo.pkg.clone()));
        }
    }
    None
}
