//! Where `dodata` lays out a data symbol, as a sort key: the order in
//! which relocsym meets data (its lines for undefined targets referred to
//! from data, wasm's first text offset past a function entry).
//!
//! `dodata` groups data symbols by section ([`data_place`]) and sorts
//! each section (`dodataSect`) by size, then by name (up to go1.20) or
//! symbol number. go1.27 puts itabs beside the type descriptors and sorts
//! that section on its own terms: the linker's `type:*`, then the
//! descriptors with the typelink flag by type string, then the other
//! descriptors by size, then the itabs by size.

use crate::check::ld::decodesym;
use crate::check::loader::{Loader, SymId};
use crate::read::goobj::{SYM_FLAG_TYPELINK, SYM_FLAG2_ITAB};

/// A data symbol's place in `dodata`'s layout; smaller comes first.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct DataOrder<'a> {
    /// (segment, section): [`data_place`].
    pub place: (u8, u8),
    /// go1.27's type section: 0 `type:*`, 1 typelink descriptors, 2 other
    /// descriptors, 3 itabs; 0 elsewhere.
    group: u8,
    /// A typelink descriptor's type string (go1.27).
    type_string: &'a [u8],
    size: u32,
    /// The name, where the release breaks size ties by name.
    name: Vec<u8>,
    sym: SymId,
}

impl DataOrder<'static> {
    /// A symbol the linker makes after loading, in section `place`: its
    /// number follows every loaded symbol's.
    pub fn linker_made(l: &Loader<'_, '_, '_>, place: (u8, u8), size: u32, name: &[u8]) -> DataOrder<'static> {
        DataOrder {
            place,
            group: 0,
            type_string: &[],
            size,
            name: if l.target.release.data_ties_by_name() {
                name.to_vec()
            } else {
                Vec::new()
            },
            sym: SymId(u32::MAX),
        }
    }
}

/// Where data symbol `s` comes in `dodata`'s layout ([`DataOrder`]).
pub fn data_order_key<'a>(l: &Loader<'_, '_, 'a>, s: SymId) -> DataOrder<'a> {
    let release = l.target.release;
    let def = l.def(s);
    let size = def.and_then(|d| l.obj(d.obj).obj.sym(d.idx).ok()).map_or(0, |r| r.siz);
    let name = l.name(s);
    let (flag, flag2) = flags(l, s);
    let in_types = in_type_section(l, &name, flag2);
    let place = place_of(l, s, in_types);
    let (mut group, mut type_string) = (0, &[][..]);
    if release.sorts_types_by_type_string() && in_types {
        group = if name.as_ref() == b"type:*" {
            0
        } else if flag2 & SYM_FLAG2_ITAB != 0 {
            3
        } else if flag & SYM_FLAG_TYPELINK != 0 {
            type_string = decodesym::type_string(l, s).unwrap_or_default();
            1
        } else {
            2
        };
    }
    let name = if release.data_ties_by_name() {
        name.into_owned()
    } else {
        Vec::new()
    };
    DataOrder {
        place,
        group,
        type_string,
        size,
        name,
        sym: s,
    }
}

/// The definition's `Flag` and `Flag2` bytes (zero where undefined).
pub fn flags(l: &Loader<'_, '_, '_>, s: SymId) -> (u8, u8) {
    l.def(s)
        .and_then(|d| l.obj(d.obj).obj.sym_flags(d.idx))
        .unwrap_or((0, 0))
}

/// Whether a symbol named `name` with `flag2` lies in the type
/// descriptors' section: a `type:` symbol, and from go1.27 an itab too
/// (`symtab`'s `IsItab` case).
pub fn in_type_section(l: &Loader<'_, '_, '_>, name: &[u8], flag2: u8) -> bool {
    name.starts_with(b"type:")
        || name.starts_with(b"type.")
        || (l.target.release.sorts_types_by_type_string() && flag2 & SYM_FLAG2_ITAB != 0)
}

/// Where `dodata` lays out data symbol `s`: (segment, section). Type
/// descriptors (`STYPE`, their own section: before the other read-only
/// data up to go1.26, after it from go1.27, beside the relro kinds), the
/// other read-only data (`SRODATA`), then the writable data segment:
/// `.noptrdata` before `.data` (go1.15's `datap` in this order too).
/// go1.16+ relocate each segment on goroutines of their own
/// ([`LinkerRelease::relocates_data_segments_apart`]); the type section
/// counts as a segment of its own (it is one where the link uses relro),
/// so lines from it and from the other read-only data come in either
/// order.
///
/// [`LinkerRelease::relocates_data_segments_apart`]: crate::check::target::release::LinkerRelease::relocates_data_segments_apart
pub fn data_place(l: &Loader<'_, '_, '_>, s: SymId) -> (u8, u8) {
    place_of(l, s, in_type_section(l, &l.name(s), flags(l, s).1))
}

/// [`data_place`] of `s`, told whether it lies in the type section.
fn place_of(l: &Loader<'_, '_, '_>, s: SymId, in_types: bool) -> (u8, u8) {
    let Some(d) = l.def(s) else { return (u8::MAX, 0) };
    let types_last = l.target.release.sorts_types_by_type_string();
    if in_types {
        return if types_last { (1, 0) } else { (0, 0) };
    }
    match l.def_kind(d) {
        "SRODATA" if types_last => (0, 0),
        "SRODATA" => (1, 0),
        "SNOPTRDATA" => (2, 0),
        "SDATA" => (2, 1),
        _ => (2, 2),
    }
}
