//! The external relocations a PE image written for an external link
//! carries (`peemitreloc` → `perelocsect`, in `asmb2`, after relocsym):
//! for each reachable function in text order, each sized relocation the
//! generic `extreloc` (or the architecture's) passes on goes to the
//! architecture's `pereloc1`, and one it cannot write is `Errorf`'s
//! `SYM: unsupported obj reloc TYPE/SIZ to TARGET`. Any such error stops
//! the link before `hostlink` runs the C compiler.
//!
//! windows/arm (go1.15–1.23, the releases that build it): arm's
//! `pereloc1` writes `R_ADDR` and `R_DWARFSECREF` only, and arm's
//! `extreloc` passes every call (`R_CALLARM`) on, so the first call in
//! reachable code fails the link. The other architectures' `pereloc1`
//! write the relocations their code carries.

use crate::check::ld::deadcode::Reach;
use crate::check::ld::errors::MAX_ERRORS;
use crate::check::ld::relocsym::{place_in, reached_relocs, text_order};
use crate::check::loader::Loader;
use crate::check::report::{Category, Finding, Reporter};
use crate::check::target::flags::LinkFlags;

/// `Errorf` prints its 21st error, then stops the link: no more lines
/// are needed.
const MAX_LINES: usize = MAX_ERRORS + 1;

/// The PE writer's relocation errors of an external link, in the order
/// the linker prints them.
pub fn unsupported(l: &mut Loader<'_, '_, '_>, reach: &Reach, flags: &LinkFlags) -> Vec<Finding> {
    let t = l.target;
    if flags.head_type(t.release, &t.goos) != Some("windows") || t.goarch != "arm" {
        return Vec::new();
    }
    let objs = text_order(l);
    let calls = reached_relocs(l, reach, &objs, |typ, r| r.siz != 0 && typ == "R_CALLARM");
    calls
        .into_iter()
        .filter(|r| l.is_text(r.from))
        .filter_map(|r| Some((r.to?, r)))
        .take(MAX_LINES)
        .map(|(to, r)| {
            let (from, target) = (l.sym(r.from).name_lossy(), l.sym(to).name_lossy());
            let typ = if t.release.names_reloc_type_in_pe_reloc_errors() {
                r.typ.to_string()
            } else {
                t.tables
                    .reloc_number(r.typ)
                    .map_or_else(|| "?".to_string(), |n| n.to_string())
            };
            let mut f = Finding::new(
                Category::LinkMode,
                format!("{from}: unsupported obj reloc {typ}/{} to {target}", r.siz),
                Reporter::Errorf,
            )
            .symbol(from.clone())
            .detail(format!(
                "an external link of windows/arm writes the relocations of its PE object itself, and it writes \
                 no {} (a call): {from} calls {target}",
                r.typ
            ))
            .remedy(
                "link windows/arm internally (-linkmode=internal): Go's linker cannot write it for an external one",
            );
            place_in(&mut f, l.obj(r.obj));
            f
        })
        .collect()
}
