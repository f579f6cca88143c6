//! relocsym with `-linkmode=external` for a format no external linker
//! writes: every address relocation (`R_ADDR`) is `Errorf`'s `SYM:
//! unhandled pcrel relocation to TARGET on HEAD`, TARGET being the
//! relocation's target folded into its carrier (`FoldSubSymbolOffset`:
//! `go:string.*`, `type:*`, …, as `symtab` groups them), HEAD the header
//! type (go1.15/1.19 print its number).
//!
//! wasm (js, wasip1) relocates no code there and writes its data sections
//! one after the other, so the lines come in `dodata`'s order: the
//! sections as `symkind.go` orders them (up to go1.26 type descriptors,
//! then function values `F·f`, then the other read-only data; go1.27 the
//! read-only data, then the type section, then function values), each
//! sorted as [`data_order_key`] says, with the linker's own
//! `go:buildinfo.ref` last among the pointer-sized read-only symbols.
//! plan9 relocates code and data side by side (its first line varies from
//! run to run): it keeps the class of the failure. (go1.15 reaches no code
//! there and panics in `pclntab` first: [`crate::check::ld::pclntab`].)

use crate::check::ld::dataorder::{DataOrder, data_order_key, flags, in_type_section};
use crate::check::ld::deadcode::Reach;
use crate::check::ld::errors::MAX_ERRORS;
use crate::check::ld::relocsym::{place_in, reached_relocs};
use crate::check::loader::{Loader, ObjId, SymId};
use crate::check::report::{Category, Finding, Reporter};
use crate::check::target::flags::LinkFlags;

/// `Errorf` prints its 21st error, then stops the link: no more lines
/// are needed.
const MAX_LINES: usize = MAX_ERRORS + 1;

/// One address relocation relocsym meets, in its order.
struct Line<'a> {
    order: (u8, DataOrder<'a>),
    from: String,
    to: String,
    obj: Option<ObjId>,
}

/// relocsym's lines for an external link of wasm, in the linker's order
/// (none where the model does not apply: see the module doc).
pub fn wasm_external<'a>(l: &mut Loader<'_, '_, 'a>, reach: &Reach, flags: &LinkFlags) -> Vec<Finding> {
    let t = l.target;
    let release = t.release;
    let Some(head) = flags.head_type(release, &t.goos) else {
        return Vec::new();
    };
    if t.goarch != "wasm" || !matches!(head, "js" | "wasip1") {
        return Vec::new();
    }
    let head_name = crate::check::target::platform::head_type_shown(release, head).unwrap_or_else(|| head.to_string());
    let objs: Vec<ObjId> = l.obj_ids().collect();
    let addrs = reached_relocs(l, reach, &objs, |typ, r| r.siz != 0 && typ == "R_ADDR");
    let unreachable_method = "runtime.unreachableMethod".to_string();
    let mut lines: Vec<Line<'a>> = addrs
        .into_iter()
        .filter(|r| !l.is_text(r.from))
        .filter_map(|r| {
            let to = r.to?;
            let target = if r.weak && !reach.contains(to) {
                unreachable_method.clone()
            } else {
                carrier_of(l, to)
            };
            Some(Line {
                order: section_order(l, r.from),
                from: l.sym(r.from).name_lossy().to_string(),
                to: target,
                obj: Some(r.obj),
            })
        })
        .collect();
    if release.makes_buildinfo_ref() {
        let go = if release.colon_symbol_names() { "go:" } else { "go." };
        let rodata = rodata_place(l);
        let name = format!("{go}buildinfo.ref");
        lines.push(Line {
            order: (
                section_rank(l, rodata, false),
                DataOrder::linker_made(l, rodata, 8, name.as_bytes()),
            ),
            from: name,
            to: format!("{go}buildinfo"),
            obj: None,
        });
    }
    // A stable sort keeps each symbol's relocations in their order.
    lines.sort_by(|a, b| a.order.cmp(&b.order));
    lines
        .into_iter()
        .take(MAX_LINES)
        .map(|line| {
            let mut f = Finding::new(
                Category::LinkMode,
                format!(
                    "{}: unhandled pcrel relocation to {} on {head_name}",
                    line.from, line.to
                ),
                Reporter::Errorf,
            )
            .symbol(line.from.clone())
            .detail(format!(
                "with -linkmode=external relocsym leaves every address to an external linker, and there is \
                 none for {head}: here {}'s address of {}",
                line.from, line.to
            ))
            .remedy("link internally: drop -linkmode=external");
            if let Some(o) = line.obj {
                place_in(&mut f, l.obj(o));
            }
            f
        })
        .collect()
}

/// The (segment, section) `dodata` gives read-only data other than type
/// descriptors.
fn rodata_place(l: &Loader<'_, '_, '_>) -> (u8, u8) {
    if l.target.release.sorts_types_by_type_string() {
        (0, 0)
    } else {
        (1, 0)
    }
}

/// Where `symkind.go` puts the section of data symbol `s` among the
/// read-only ones, then its place within it.
fn section_order<'a>(l: &Loader<'_, '_, 'a>, s: SymId) -> (u8, DataOrder<'a>) {
    let key = data_order_key(l, s);
    let funcval = l.name(s).ends_with("·f".as_bytes()) && key.place == rodata_place(l);
    (section_rank(l, key.place, funcval), key)
}

/// The rank of a data section: up to go1.26 `STYPE`, `SGOFUNC` (function
/// values), `SRODATA`; go1.27 `SRODATA`, `STYPE`, `SGOFUNC`; then the
/// writable data.
fn section_rank(l: &Loader<'_, '_, '_>, place: (u8, u8), funcval: bool) -> u8 {
    let types_last = l.target.release.sorts_types_by_type_string();
    match (place, funcval, types_last) {
        (_, true, false) => 1,
        (_, true, true) => 2,
        ((0, 0), _, _) => 0,
        ((1, 0), _, false) => 2,
        ((1, 0), _, true) => 1,
        _ => 3,
    }
}

/// `FoldSubSymbolOffset`'s symbol: the carrier `symtab` gave a read-only
/// symbol of these names, else the symbol itself.
fn carrier_of(l: &Loader<'_, '_, '_>, s: SymId) -> String {
    let release = l.target.release;
    let name = l.sym(s).name_lossy().to_string();
    let read_only = l.def(s).is_some_and(|d| l.def_kind(d) == "SRODATA");
    if !read_only {
        return name;
    }
    let (string, types) = if release.colon_symbol_names() {
        ("go:string.", "type:")
    } else {
        ("go.string.", "type.")
    };
    if name.starts_with(string) {
        format!("{string}*")
    } else if name.starts_with("runtime.gcbits.")
        || (!release.sorts_types_by_type_string() && name.starts_with(&format!("{types}.gcprog.")))
    {
        "runtime.gcbits.*".to_string()
    } else if name.ends_with("·f") {
        release.funcval_carrier().to_string()
    } else if in_type_section(l, name.as_bytes(), flags(l, s).1) {
        format!("{types}*")
    } else {
        name
    }
}

/// The class of relocsym's failure where gosym does not name the
/// linker's first line (plan9, whose code and data relocate side by
/// side): for a format no external linker writes (plan9, js, wasip1),
/// `None` for the others.
pub fn class_finding(goos: &str) -> Option<Finding> {
    matches!(goos, "plan9" | "js" | "wasip1").then(|| {
        Finding::new(
            Category::LinkMode,
            format!("unhandled pcrel relocation on {goos}"),
            Reporter::Errorf,
        )
        .detail(format!(
            "relocsym: with -linkmode=external every relocation to another section is \
             `SYM: unhandled pcrel relocation to TARGET on {goos}` (there is no external linker for {goos})"
        ))
        .remedy("link internally: drop -linkmode=external")
    })
}
