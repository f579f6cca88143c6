//! The DWARF entries of global variables where the linker finds them by
//! name (go1.16–1.20 `dwarfGenerateDebugInfo`). The compiler writes each
//! package variable's entry as a DUPOK symbol `go.info.NAME` whose type
//! attribute points at `go.info.T`, the entry the linker makes for the
//! variable's type. The linker looks the entry up by the variable's name
//! (`Lookup(dwarf.InfoPrefix+sn)`) and makes type entries for the type of
//! the variable's *kept* definition. When a `//go:linkname` variable
//! declares another type than the package that defines the name, the two
//! kept symbols can come from different objects: the variable from the
//! object read first in the package pass, the entry (DUPOK, same size)
//! from the object read first in the non-package pass. The entry then
//! names a type the linker never makes, and relocating the DWARF
//! sections stops the link:
//! `go.info.runtime.sched: relocation target go.info.main.schedt not defined`.
//!
//! go1.21 takes the entry from the kept definition's aux symbol, so the
//! two always agree; go1.15 makes variable entries itself.
//!
//! In a forecast (or against the built-in std stubs, which carry no
//! DWARF) the objects read are not the ones the target's compiler would
//! write; the entry it would write is modelled: every definition of
//! a package variable gets one naming its own type, and of entries of one
//! name (one size), the first object read keeps its own.
//!
//! Which type entries the linker makes is over-approximated (every type a
//! non-variable DWARF entry names, every variable's type, every type an
//! interface use names, and what those types' descriptors reference), so
//! a type the link does make is never reported as missing.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::check::ld::deadcode::Reach;
use crate::check::ld::relocsym::place_in;
use crate::check::loader::{Def, Loader, SymId, SymVer};
use crate::check::report::{Category, Finding, Reporter};

/// `dwarf.InfoPrefix`.
const INFO: &[u8] = b"go.info.";

/// Variable kinds the DWARF pass gives an entry (`dwarfGenerateDebugInfo`).
const VAR_KINDS: [&str; 7] = [
    "SRODATA",
    "SDATA",
    "SNOPTRDATA",
    "STYPE",
    "SBSS",
    "SNOPTRBSS",
    "STLSBSS",
];

/// Types the pass makes entries for before any variable's.
const FIXED_TYPES: [&str; 20] = [
    "type.runtime.stringStructDWARF",
    "type.runtime.slice",
    "type.runtime.hmap",
    "type.runtime.bmap",
    "type.runtime.sudog",
    "type.runtime.waitq",
    "type.runtime.hchan",
    "type.runtime._type",
    "type.runtime.arraytype",
    "type.runtime.chantype",
    "type.runtime.functype",
    "type.runtime.maptype",
    "type.runtime.ptrtype",
    "type.runtime.slicetype",
    "type.runtime.structtype",
    "type.runtime.interfacetype",
    "type.runtime.itab",
    "type.runtime.imethod",
    "type.runtime.eface",
    "type.runtime.iface",
];

/// One variable whose kept DWARF entry comes from another object than its
/// kept definition.
struct Stray {
    var: SymId,
    entry: Def,
    /// Dead code reaches the variable; against the built-in std stubs,
    /// which carry no std code, a std variable may be reached unseen.
    reached: bool,
}

/// What the pass found: the linker's errors, and what could not be told
/// against the built-in std stubs.
#[derive(Debug, Default)]
pub struct DwarfVars {
    pub findings: Vec<Finding>,
    pub not_checked: Vec<String>,
}

/// The DWARF relocation errors of variable entries that name a type the
/// link makes no entry for; empty when DWARF is off or the release takes
/// entries from the definition.
pub fn check(l: &Loader<'_, '_, '_>, reach: &Reach, dwarf: bool) -> DwarfVars {
    let mut out = DwarfVars::default();
    if !dwarf || !l.target.release.var_dwarf_by_name() {
        return out;
    }
    let stubs = l.obj_ids().any(|o| l.obj(o).stub);
    let modelled = stubs || l.obj_ids().any(|o| l.obj(o).rebuilt);
    let strays = strays(l, reach, modelled, stubs);
    if strays.is_empty() {
        return out;
    }
    let stray_entries: HashSet<Def> = strays.iter().map(|s| s.entry).collect();
    let made = made_types(l, reach, &stray_entries, modelled);
    let mut reported = HashSet::default();
    for s in &strays {
        for ty in entry_types(l, s.entry, modelled) {
            if made.contains(&ty) || !reported.insert(ty.clone()) {
                continue;
            }
            let var = l.sym(s.var).name_lossy();
            let entry_pkg = &l.obj(s.entry.obj).pkg;
            let kept_pkg = l.def(s.var).map(|d| l.obj(d.obj).pkg.clone()).unwrap_or_default();
            let ty = String::from_utf8_lossy(&ty).into_owned();
            // The type is the entry's package's own: only code gosym reads
            // can name it, but whether std code reaches the variable is
            // not in the stubs.
            if !s.reached {
                out.not_checked.push(format!(
                    "go.info.{var}: whether the link reaches {var} (defined by {kept_pkg}, and by {entry_pkg} \
                     with type {ty}) is not known from the built-in std stubs, which carry no std code; if it \
                     does, go1.16-1.20's DWARF pass fails: relocation target go.info.{ty} not defined (give the \
                     link's -importcfg, or --goroot)"
                ));
                continue;
            }
            let mut f = Finding::new(
                Category::Undefined,
                format!("go.info.{var}: relocation target go.info.{ty} not defined"),
                Reporter::Errorf,
            )
            .symbol(var.clone())
            .detail(format!(
                "{var} is defined by {kept_pkg} and again by {entry_pkg} with type {ty}; the linker keeps \
                 {kept_pkg}'s variable but {entry_pkg}'s DWARF entry for it, which names a type it makes no \
                 entry for"
            ))
            .remedy(format!(
                "declare {var} in {entry_pkg} with the type {kept_pkg} gives it, or link with -w (no DWARF)"
            ));
            place_in(&mut f, l.obj(s.entry.obj));
            out.findings.push(f);
        }
    }
    out
}

/// The types (`T` of `go.info.T`) the kept entry `entry` names: those its
/// relocations name, or, modelled, the type of the variable it describes.
fn entry_types(l: &Loader<'_, '_, '_>, entry: Def, modelled: bool) -> Vec<Vec<u8>> {
    let ob = l.obj(entry.obj).obj;
    if modelled {
        return ob
            .aux_named(entry.idx, "Gotype")
            .and_then(|a| l.resolve_known(entry.obj, a.sym))
            .and_then(|t| type_name(&l.name(t)).map(<[u8]>::to_vec))
            .into_iter()
            .collect();
    }
    let Ok(relocs) = ob.relocs(entry.idx) else {
        return Vec::new();
    };
    relocs
        .flatten()
        .filter_map(|r| l.resolve_known(entry.obj, r.sym))
        .filter(|&t| !l.is_defined(t))
        .filter_map(|t| l.name(t).strip_prefix(INFO).map(<[u8]>::to_vec))
        .collect()
}

/// `T` of a type descriptor's name `type.T` (`type:T` from go1.20); not
/// the compiler's helpers (`type..eq.T`, `type:.eq.T`).
fn type_name(name: &[u8]) -> Option<&[u8]> {
    let rest = name.strip_prefix(b"type.").or_else(|| name.strip_prefix(b"type:"))?;
    (!rest.starts_with(b".")).then_some(rest)
}

/// Reachable variables whose kept `go.info.NAME` entry is another
/// object's than their kept definition. Read: the entry the name lookup
/// finds. Modelled: the first definition's, in load order. Against the
/// std stubs, a variable a stub keeps is taken whether or not it is seen
/// reached.
fn strays(l: &Loader<'_, '_, '_>, reach: &Reach, modelled: bool, stubs: bool) -> Vec<Stray> {
    let mut first: HashMap<SymId, Def> = HashMap::default();
    let mut twice: Vec<SymId> = Vec::new();
    let mut w = crate::residency::Window::new();
    for o in l.obj_ids() {
        let ob = l.obj(o).obj;
        for idx in 0..ob.ndef() {
            let Some(s) = l.local(o, idx) else { continue };
            let Some(kept) = l.def(s) else { continue };
            let taken = reach.contains(s) || (stubs && l.obj(kept.obj).stub);
            if !taken {
                continue;
            }
            w.step();
            let here = Def { obj: o, idx };
            if !VAR_KINDS.contains(&l.def_kind(here)) || ob.aux_named(idx, "Gotype").is_none() {
                continue;
            }
            let read_before = first.contains_key(&s);
            first.entry(s).or_insert(here);
            // Another definition of the name was read before, or is kept:
            // the name is defined twice.
            if (read_before || kept != here) && !twice.contains(&s) {
                twice.push(s);
            }
        }
    }
    let mut out = Vec::new();
    for s in twice {
        let Some(kept) = l.def(s) else { continue };
        let entry = if modelled {
            first.get(&s).copied()
        } else {
            let mut entry_name = INFO.to_vec();
            entry_name.extend_from_slice(&l.name(s));
            l.lookup(&entry_name, SymVer::Abi0).and_then(|e| l.def(e))
        };
        if let Some(entry) = entry.filter(|e| e.obj != kept.obj) {
            out.push(Stray {
                var: s,
                entry,
                reached: reach.contains(s),
            });
        }
    }
    out
}

/// The type names (`T` of `type.T`) the DWARF pass makes entries for, or
/// more: closed over what the type descriptors reference.
///
/// Variable entries count as they are read, but for the strays'; modelled,
/// not at all (each kept variable's type stands for its entry).
fn made_types(l: &Loader<'_, '_, '_>, reach: &Reach, stray_entries: &HashSet<Def>, modelled: bool) -> HashSet<Vec<u8>> {
    let mut types: Vec<SymId> = FIXED_TYPES
        .iter()
        .filter_map(|n| l.lookup(n.as_bytes(), SymVer::Abi0))
        .collect();
    let mut named: Vec<Vec<u8>> = Vec::new();
    for o in l.obj_ids() {
        let ob = l.obj(o).obj;
        for idx in 0..ob.ndef() {
            let Some(s) = l.local(o, idx) else { continue };
            let here = Def { obj: o, idx };
            // Only kept definitions: another's variable of the name may
            // declare the very type the entry misses.
            if l.def(s) != Some(here) {
                continue;
            }
            let kind = l.def_kind(here);
            let dwarf = kind.starts_with("SDWARF");
            let var_entry = kind == "SDWARFVAR" && (modelled || stray_entries.contains(&here));
            if var_entry || (!dwarf && !reach.contains(s)) {
                continue;
            }
            if VAR_KINDS.contains(&kind)
                && let Some(t) = ob.aux_named(idx, "Gotype").and_then(|a| l.resolve_known(o, a.sym))
            {
                types.push(t);
            }
            let Ok(relocs) = ob.relocs(idx) else { continue };
            for r in relocs.flatten() {
                let Some(t) = l.resolve_known(o, r.sym) else { continue };
                let tn = l.name(t);
                if dwarf {
                    if let Some(ty) = tn.strip_prefix(INFO) {
                        named.push(ty.to_vec());
                    } else if type_name(&tn).is_some() {
                        types.push(t);
                    }
                } else if matches!(ob.tables.reloc_name(r.typ), Some("R_USEIFACE" | "R_USETYPE")) {
                    types.push(t);
                }
            }
        }
    }
    let mut made: HashSet<Vec<u8>> = named.iter().cloned().collect();
    for n in named {
        for prefix in [&b"type."[..], b"type:"] {
            let mut full = prefix.to_vec();
            full.extend_from_slice(&n);
            types.extend(l.lookup(&full, SymVer::Abi0));
        }
    }
    // Close over the descriptors' references to other types.
    let mut seen: HashSet<SymId> = HashSet::default();
    while let Some(t) = types.pop() {
        if !seen.insert(t) {
            continue;
        }
        if let Some(n) = type_name(&l.name(t)) {
            made.insert(n.to_vec());
        }
        let Some(d) = l.def(t) else { continue };
        let ob = l.obj(d.obj).obj;
        let Ok(relocs) = ob.relocs(d.idx) else { continue };
        for r in relocs.flatten() {
            if let Some(u) = l.resolve_known(d.obj, r.sym)
                && !seen.contains(&u)
                && type_name(&l.name(u)).is_some()
            {
                types.push(u);
            }
        }
    }
    made
}
