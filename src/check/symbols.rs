//! The symbol stage of the link: what the target linker's loader
//! (`LoadSyms`, `loadObjRefs`), dead-code pass and `relocsym` do with the
//! symbols of the loaded objects.
//!
//! - Definitions are numbered as the loader numbers them: every object's
//!   package symbols first (found by name afterwards), then per object the
//!   hashed and non-package definitions; named non-package definitions are
//!   merged by name and ABI under the release's duplicate rules
//!   ([`dup_verdict`]), which is where `duplicated definition of symbol`
//!   comes from.
//! - Non-package references are looked up by name and ABI; the go1.23+
//!   linkname rule ([`super::linkname`]) is applied to linknamed references
//!   and definitions as the loader does, whether reachable or not.
//! - Reachability follows the dead-code pass from the entry symbol, the
//!   package init tasks and `runtime.unreachableMethod` along relocations
//!   and aux symbols. Approximation: method relocations (`R_METHODOFF`) of
//!   reachable types are followed as plain edges, so a method of a type
//!   that is only converted to an interface whose method is never called is
//!   taken as reachable (the linker would prune it).
//! - Reachable symbols whose relocation targets are not defined give
//!   `relocation target X not defined`, with the ABI variant and
//!   `function main is undeclared in the main package` wordings.

use std::borrow::Cow;
use std::collections::HashMap;

use super::load::TargetView;
use super::report::{Category, Finding, Reporter};
use crate::read::goobj::layout::SYM_ABI_STATIC;
use crate::read::goobj::{GoObj, Target};

/// One loaded Go object, in load order.
#[derive(Debug)]
pub struct LoadedObj<'a, 'd> {
    /// The object.
    pub obj: &'a GoObj<'d>,
    /// Its package (import path).
    pub pkg: String,
    /// The archive file.
    pub file: String,
    /// `file(member)`.
    pub pn: String,
}

/// A global symbol.
#[derive(Debug, Clone)]
struct GSym<'d> {
    /// Defining (object, local index), or `None` for a reference never defined.
    def: Option<(u32, u32)>,
    name: Cow<'d, [u8]>,
    /// 0 = ABI0, 1 = ABIInternal, ≥ 10 = static of object (ver - 10).
    ver: u32,
}

const STATIC_BASE: u32 = 10;

/// Names the linker defines itself (extracted from `cmd/link/internal/ld`
/// of each release by scripts/gen-tables.py), so references to them are
/// not undefined.
fn linker_defined(minor: u32, name: &[u8]) -> bool {
    // DWARF entries the linker generates for types and files, and the
    // go1.15 constants whose content is their name (loader.preprocess).
    const MADE: [&[u8]; 6] = [b"go:info.", b"go.info.", b"gofile..", b"$f32.", b"$f64.", b"$i64."];
    let defined = crate::tables::linker_defined(minor);
    MADE.iter().any(|p| name.starts_with(p))
        || defined.binary_search(&name).is_ok()
        || defined.iter().any(|d| d.ends_with(b".") && name.starts_with(d))
}

fn expand_115<'d>(name: &'d [u8], prefix: &str) -> Cow<'d, [u8]> {
    if !name.windows(3).any(|w| w == b"\"\".") {
        return Cow::Borrowed(name);
    }
    let mut out = Vec::with_capacity(name.len() + prefix.len());
    let mut i = 0;
    while i < name.len() {
        if name[i..].starts_with(b"\"\".") {
            out.extend_from_slice(prefix.as_bytes());
            out.push(b'.');
            i += 3;
        } else {
            out.push(name[i]);
            i += 1;
        }
    }
    Cow::Owned(out)
}

/// What the loader does with a second definition of a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DupOutcome {
    /// The first definition stays.
    KeepOld,
    /// The new definition replaces it.
    TakeNew,
    /// `duplicated definition of symbol`.
    Conflict,
}

/// What the linker does when a non-package definition meets an existing
/// one of the same name. `old`/`new` are (dupok, kind name, has content,
/// size). go1.15–1.23: content overwrites content-less data; go1.24+: the
/// table in `loader.addSym`.
pub fn dup_verdict(minor: u32, old: (bool, &str, bool, u32), new: (bool, &str, bool, u32)) -> DupOutcome {
    use DupOutcome::*;
    let pick = |take: bool| if take { TakeNew } else { KeepOld };
    let is_data = |k: &str| {
        matches!(
            k.trim_end_matches("FIPS"),
            "SNOPTRDATA" | "SDATA" | "SBSS" | "SNOPTRBSS"
        )
    };
    let is_text = |k: &str| k.trim_end_matches("FIPS") == "STEXT";
    let (odup, ok, ocontent, osz) = old;
    let (ndup, nk, ncontent, nsz) = new;
    if ndup {
        return pick(osz < nsz);
    }
    if odup {
        return KeepOld;
    }
    if minor <= 23 {
        if ncontent {
            return if is_data(ok) && !ocontent { TakeNew } else { Conflict };
        }
        return if is_data(ok) { KeepOld } else { Conflict };
    }
    let old_bss = is_data(ok) && !ocontent;
    let new_bss = is_data(nk) && !ncontent;
    if (is_text(nk) && old_bss) || (ncontent && old_bss && nsz >= osz) || (new_bss && old_bss && nsz > osz) {
        return TakeNew;
    }
    if new_bss && (osz >= nsz || is_text(ok)) {
        return KeepOld;
    }
    Conflict
}

/// Findings of the symbol stage, each with the phase it belongs to.
#[derive(Debug, Default)]
pub struct SymbolFindings {
    /// `LoadSyms`: duplicates, linkname var refs, then per object linkname
    /// refs and nonexistent packages (all fatal, in this order).
    pub load: Vec<Finding>,
    /// After dead code: undefined relocation targets (non-fatal, up to 20).
    pub undefined: Vec<Finding>,
    /// Undefined targets referenced only from unreachable code (the link
    /// succeeds despite them).
    pub unreachable_undefined: Vec<Finding>,
    /// Number of symbols reachable.
    pub reachable: usize,
}

/// Runs the symbol stage over `objs` (in load order).
pub fn analyse(t: &TargetView, checklinkname: bool, objs: &[LoadedObj<'_, '_>]) -> SymbolFindings {
    let mut out = SymbolFindings::default();
    let minor = t.minor;
    let mut gs: Vec<GSym> = Vec::new();
    let mut by_name: HashMap<(Cow<[u8]>, u32), u32> = HashMap::new();
    let mut locals: Vec<Vec<u32>> = objs
        .iter()
        .map(|o| vec![u32::MAX; o.obj.nsym_total() as usize])
        .collect();
    let mut obj_by_pkg: HashMap<String, u32> = HashMap::new();
    let name_of = |oi: usize, li: u32| -> Option<(Cow<[u8]>, u16)> {
        let o = &objs[oi];
        let s = o.obj.sym(li).ok()?;
        let name = if minor <= 15 {
            expand_115(s.name, &super::path_to_prefix(&o.pkg))
        } else {
            Cow::Borrowed(s.name)
        };
        Some((name, s.abi))
    };
    let ver_of = |oi: usize, abi: u16| {
        if abi == SYM_ABI_STATIC {
            STATIC_BASE + oi as u32
        } else {
            abi as u32
        }
    };
    // Package definitions of every object first.
    for (oi, o) in objs.iter().enumerate() {
        obj_by_pkg.entry(super::path_to_prefix(&o.pkg)).or_insert(oi as u32);
        for li in 0..o.obj.nsym() {
            let Some((name, abi)) = name_of(oi, li) else { continue };
            let ver = ver_of(oi, abi);
            let id = gs.len() as u32;
            gs.push(GSym {
                def: Some((oi as u32, li)),
                name: name.clone(),
                ver,
            });
            if !name.is_empty() && ver < STATIC_BASE {
                by_name.insert((name, ver), id);
            }
            locals[oi][li as usize] = id;
        }
    }
    // Hashed and non-package definitions, object by object.
    for (oi, o) in objs.iter().enumerate() {
        let ob = o.obj;
        let start = ob.nsym();
        let nonpkg = ob.nsym() + ob.nhashed64() + ob.nhashed();
        for li in start..ob.ndef() {
            let Some((name, abi)) = name_of(oi, li) else { continue };
            let ver = ver_of(oi, abi);
            if li < nonpkg || name.is_empty() || ver >= STATIC_BASE {
                locals[oi][li as usize] = gs.len() as u32;
                gs.push(GSym {
                    def: Some((oi as u32, li)),
                    name,
                    ver,
                });
                continue;
            }
            match by_name.get(&(name.clone(), ver)).copied() {
                None => {
                    let id = gs.len() as u32;
                    gs.push(GSym {
                        def: Some((oi as u32, li)),
                        name: name.clone(),
                        ver,
                    });
                    by_name.insert((name, ver), id);
                    locals[oi][li as usize] = id;
                }
                Some(old) => {
                    locals[oi][li as usize] = old;
                    if let Some(f) = merge_dup(t, objs, &mut gs, old, (oi as u32, li), &name) {
                        out.load.push(f);
                    }
                }
            }
        }
    }
    // Linkname var references (pushed vars without data) before the refs.
    if checklinkname && minor >= 23 {
        for (oi, o) in objs.iter().enumerate() {
            let ob = o.obj;
            for li in ob.nsym() + ob.nhashed64() + ob.nhashed()..ob.ndef() {
                let Ok(s) = ob.sym(li) else { continue };
                let data_empty = ob.data(li).map(|d| d.is_empty()).unwrap_or(false);
                if ob.tables.flag2_has(s.flag2, "Linkname") && data_empty && s.name.contains(&b'.') {
                    let gid = locals[oi][li as usize];
                    let other = other_abi(&by_name, &gs, &gs[gid as usize]);
                    if let Some(f) = super::linkname::check(t, objs, oi, s.name, gs[gid as usize].def, other) {
                        out.load.push(f);
                    }
                }
            }
        }
    }
    // References, object by object: linkname, then referenced packages.
    for (oi, o) in objs.iter().enumerate() {
        let ob = o.obj;
        for li in ob.ndef()..ob.nsym_total() {
            let Some((name, abi)) = name_of(oi, li) else { continue };
            let ver = ver_of(oi, abi);
            let id = match by_name.get(&(name.clone(), ver)) {
                Some(&id) => id,
                None => {
                    let id = gs.len() as u32;
                    gs.push(GSym {
                        def: None,
                        name: name.clone(),
                        ver,
                    });
                    if ver < STATIC_BASE {
                        by_name.insert((name.clone(), ver), id);
                    }
                    id
                }
            };
            locals[oi][li as usize] = id;
            if checklinkname && minor >= 23 {
                let Ok(s) = ob.sym(li) else { continue };
                let linknamed = ob.tables.flag2_has(s.flag2, "Linkname") || (minor >= 27 && ob.from_assembler());
                if linknamed {
                    let other = other_abi(&by_name, &gs, &gs[id as usize]);
                    if let Some(f) = super::linkname::check(t, objs, oi, &name, gs[id as usize].def, other) {
                        out.load.push(f);
                    }
                }
            }
        }
        if minor > 15 {
            for p in 1..ob.npkgidx() {
                let Ok(pk) = ob.pkgidx(p) else { continue };
                let pk = String::from_utf8_lossy(pk).into_owned();
                if !obj_by_pkg.contains_key(&pk) {
                    let mut f = Finding::new(
                        Category::Missing,
                        format!("{}: reference to nonexistent package {pk}", o.pkg),
                        Reporter::LogFatal,
                        true,
                    );
                    f.file = Some(o.file.clone());
                    f.package = Some(pk.clone());
                    f.remedy = format!("provide a loadable archive of {pk} built by the target toolchain");
                    out.load.push(f);
                }
            }
        }
    }
    // Resolve a relocation target of object oi.
    let resolve = |oi: usize,
                   r: crate::read::goobj::SymRef,
                   gs: &mut Vec<GSym>,
                   by_name: &mut HashMap<(Cow<[u8]>, u32), u32>|
     -> Option<u32> {
        let ob = objs[oi].obj;
        match ob.target(r).ok()? {
            Target::Nil => None,
            Target::Local(li) => locals[oi].get(li as usize).copied().filter(|&x| x != u32::MAX),
            Target::Builtin(bi) => {
                let (name, abi) = ob.tables.builtin(bi)?;
                let key = (Cow::Borrowed(name.as_bytes()), abi as u32);
                Some(match by_name.get(&key) {
                    Some(&id) => id,
                    None => {
                        let id = gs.len() as u32;
                        gs.push(GSym {
                            def: None,
                            name: key.0.clone(),
                            ver: key.1,
                        });
                        by_name.insert(key, id);
                        id
                    }
                })
            }
            Target::Package(p, k) => {
                let pk = ob.pkgidx(p).ok()?;
                let tgt = *obj_by_pkg.get(String::from_utf8_lossy(pk).as_ref())? as usize;
                locals[tgt].get(k as usize).copied().filter(|&x| x != u32::MAX)
            }
        }
    };
    // Reachability from the entry points.
    let mut reach = vec![false; gs.len()];
    let mut queue: Vec<u32> = Vec::new();
    let entry = format!("_rt0_{}_{}", goarch(&t.want), goos(&t.want));
    for root in [
        entry.as_str(),
        "runtime.unreachableMethod",
        "main..inittask",
        "runtime..inittask",
        "main.main",
    ] {
        for v in [0u32, 1] {
            if let Some(&id) = by_name.get(&(Cow::Borrowed(root.as_bytes()), v)) {
                queue.push(id);
            }
        }
    }
    // What `relocsym` reports for reachable symbols, in relocation order:
    // a relocation outside its symbol's data, else an undefined target.
    let mut undefined_pairs: Vec<(u32, RelocProblem)> = Vec::new();
    while let Some(id) = queue.pop() {
        if reach.len() <= id as usize {
            reach.resize(gs.len(), false);
        }
        if reach[id as usize] {
            continue;
        }
        reach[id as usize] = true;
        let Some((oi, li)) = gs[id as usize].def else { continue };
        let (oi, li) = (oi as usize, li);
        let ob = objs[oi].obj;
        if li >= ob.ndef() {
            continue;
        }
        if let Ok(rs) = ob.relocs(li) {
            let plen = ob.data(li).map(|d| d.len()).unwrap_or(0);
            for r in rs.flatten() {
                let tid = resolve(oi, r.sym, &mut gs, &mut by_name);
                // relocsym tests the bounds first and skips the rest of a
                // relocation that fails them.
                if r.outside(plen) {
                    let problem = RelocProblem::Outside {
                        target: tid,
                        off: r.off,
                        siz: r.siz,
                        len: plen,
                    };
                    undefined_pairs.push((id, problem));
                } else if let Some(t) = tid
                    && gs[t as usize].def.is_none()
                    && r.siz != 0
                {
                    undefined_pairs.push((id, RelocProblem::Undefined(t)));
                }
                if let Some(t) = tid
                    && !ob.tables.reloc_is_weak(r.typ)
                {
                    queue.push(t);
                }
            }
        }
        if let Ok(auxs) = ob.auxs(li) {
            for a in auxs.flatten() {
                let n = ob.tables.aux_name(a.typ).unwrap_or("");
                if n == "Gotype" || n.starts_with("Dwarf") {
                    continue;
                }
                if let Some(tid) = resolve(oi, a.sym, &mut gs, &mut by_name) {
                    queue.push(tid);
                }
            }
        }
    }
    reach.resize(gs.len(), false);
    out.reachable = reach.iter().filter(|&&r| r).count();
    // Undefined targets of reachable symbols, once per (from, to), and
    // relocations outside their symbol, in load order.
    undefined_pairs.sort_by_key(|&(s, _)| gs[s as usize].def);
    let mut reported = std::collections::HashSet::new();
    for (s, p) in undefined_pairs {
        match p {
            RelocProblem::Undefined(rs) => {
                let to = &gs[rs as usize];
                if linker_defined(minor, &to.name) || !reported.insert((s, rs)) {
                    continue;
                }
                out.undefined.push(undefined_finding(objs, &gs, &by_name, s, rs));
            }
            RelocProblem::Outside { target, off, siz, len } => {
                out.undefined
                    .push(outside_finding(objs, &gs, s, target, (off, siz, len)));
            }
        }
    }
    // Undefined targets used only by unreachable (non-DWARF) symbols: the
    // link succeeds, but they fail as soon as that code becomes reachable.
    let mut seen = std::collections::HashSet::new();
    for (oi, o) in objs.iter().enumerate() {
        let ob = o.obj;
        for li in 0..ob.ndef() {
            let from = locals[oi][li as usize];
            // The standard library leaves some by design (e.g. runtime's
            // sync/atomic pushes when sync/atomic is not linked).
            if from == u32::MAX || reach.get(from as usize).copied().unwrap_or(false) || is_std_path(&o.pkg) {
                continue;
            }
            let Ok(sym) = ob.sym(li) else { continue };
            if ob.tables.symkind_name(sym.kind).is_none_or(|k| k.starts_with("SDWARF")) {
                continue;
            }
            let Ok(rs) = ob.relocs(li) else { continue };
            for r in rs.flatten() {
                let Some(tid) = resolve(oi, r.sym, &mut gs, &mut by_name) else {
                    continue;
                };
                let to = &gs[tid as usize];
                if to.def.is_some() || r.siz == 0 || linker_defined(minor, &to.name) || !seen.insert(tid) {
                    continue;
                }
                let mut f = undefined_finding(objs, &gs, &by_name, from, tid);
                f.fails_link = false;
                f.detail = Some("referenced only from code the linker drops as unreachable: the link succeeds".into());
                out.unreachable_undefined.push(f);
            }
        }
    }
    out
}

/// Go's rule for standard-library import paths: no dot in the first element.
pub fn is_std_path(p: &str) -> bool {
    p != "main" && !p.split('/').next().unwrap_or("").contains('.')
}

/// The definition of the same name under the other ABI, if any.
fn other_abi(by_name: &HashMap<(Cow<[u8]>, u32), u32>, gs: &[GSym], g: &GSym) -> Option<(u32, u32)> {
    if g.ver >= STATIC_BASE {
        return None;
    }
    let id = *by_name.get(&(g.name.clone(), 1 - g.ver))?;
    gs[id as usize].def
}

fn goos(want: &str) -> &str {
    want.split(' ').nth(2).unwrap_or("linux")
}
fn goarch(want: &str) -> &str {
    want.split(' ').nth(3).unwrap_or("amd64")
}

fn abi_name(v: u32) -> &'static str {
    if v == 0 { "ABI0" } else { "ABIInternal" }
}

/// What `relocsym` finds wrong with one relocation of a reachable symbol.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RelocProblem {
    /// The target is defined nowhere.
    Undefined(u32),
    /// The relocation does not lie within the symbol's data.
    Outside {
        target: Option<u32>,
        off: i32,
        siz: u8,
        len: usize,
    },
}

/// Where a finding about a symbol defined at `def` comes from: file,
/// member, package, producer.
fn locate(f: &mut Finding, objs: &[LoadedObj<'_, '_>], def: Option<(u32, u32)>) {
    if let Some((oi, _)) = def {
        let o = &objs[oi as usize];
        f.file = Some(o.file.clone());
        f.member =
            o.pn.strip_prefix(&o.file)
                .map(|m| m.trim_matches(|c| c == '(' || c == ')').to_string())
                .filter(|m| !m.is_empty());
        f.package = Some(o.pkg.clone());
        f.producer = Some(o.obj.header.version.to_string());
    }
}

/// `relocsym`'s bounds check: `off < 0 || off+siz > len(P)`.
fn outside_finding(
    objs: &[LoadedObj<'_, '_>],
    gs: &[GSym],
    s: u32,
    target: Option<u32>,
    (off, siz, len): (i32, u8, usize),
) -> Finding {
    let from = &gs[s as usize];
    let from_name = String::from_utf8_lossy(&from.name);
    let to_name = target
        .map(|t| String::from_utf8_lossy(&gs[t as usize].name).into_owned())
        .unwrap_or_default();
    let msg = format!("{from_name}: invalid relocation {to_name}: {off}+{siz} not in [0,{len})");
    let mut f = Finding::new(Category::InvalidRelocation, msg, Reporter::Errorf, false);
    locate(&mut f, objs, from.def);
    f.remedy = "the object is corrupt (a relocation lies outside its symbol's data): rebuild the package".into();
    f
}

fn undefined_finding(
    objs: &[LoadedObj<'_, '_>],
    gs: &[GSym],
    by_name: &HashMap<(Cow<[u8]>, u32), u32>,
    s: u32,
    rs: u32,
) -> Finding {
    let from = &gs[s as usize];
    let to = &gs[rs as usize];
    let from_name = String::from_utf8_lossy(&from.name).into_owned();
    let to_name = String::from_utf8_lossy(&to.name).into_owned();
    let mut have = None;
    if to.ver < STATIC_BASE {
        for v in [0u32, 1] {
            if let Some(&id) = by_name.get(&(to.name.clone(), v))
                && gs[id as usize].def.is_some()
            {
                have = Some(v);
            }
        }
    }
    let msg = if to_name == "main.main" {
        format!("{from_name}: function main is undeclared in the main package")
    } else if let Some(h) = have {
        format!(
            "{from_name}: relocation target {to_name} not defined for {} (but is defined for {})",
            abi_name(to.ver),
            abi_name(h)
        )
    } else {
        format!("{from_name}: relocation target {to_name} not defined")
    };
    let mut f = Finding::new(Category::Undefined, msg, Reporter::Errorf, false);
    locate(&mut f, objs, from.def);
    f.remedy = match have {
        Some(h) => format!(
            "{to_name} exists only as {}: call it through a Go declaration (ABI wrapper) or define it for {}",
            abi_name(h),
            abi_name(to.ver)
        ),
        None if to_name == "main.main" => "define func main() in package main".into(),
        None => format!(
            "{to_name} is not defined by any loaded package: provide it, or stop referencing it (go:linkname to a symbol this toolchain removed?)"
        ),
    };
    f
}

fn merge_dup(
    t: &TargetView,
    objs: &[LoadedObj<'_, '_>],
    gs: &mut [GSym],
    old: u32,
    new: (u32, u32),
    name: &[u8],
) -> Option<Finding> {
    let Some((ooi, oli)) = gs[old as usize].def else {
        gs[old as usize].def = Some(new);
        return None;
    };
    let info = |oi: u32, li: u32| {
        let ob = objs[oi as usize].obj;
        let s = ob.sym(li).ok();
        let kind = s.and_then(|s| ob.tables.symkind_name(s.kind)).unwrap_or("Sxxx");
        let content = ob.data(li).map(|d| !d.is_empty()).unwrap_or(false);
        (
            s.map(|s| s.flag & 1 != 0).unwrap_or(false),
            kind,
            content,
            s.map(|s| s.siz).unwrap_or(0),
        )
    };
    let (o, n) = (info(ooi, oli), info(new.0, new.1));
    match dup_verdict(t.minor, o, n) {
        DupOutcome::TakeNew => {
            gs[old as usize].def = Some(new);
            None
        }
        DupOutcome::KeepOld => None,
        DupOutcome::Conflict => {
            let name = String::from_utf8_lossy(name);
            let (np, op) = (&objs[new.0 as usize].pkg, &objs[ooi as usize].pkg);
            let msg = match t.minor {
                0..=15 => format!("duplicated definition of symbol {name}"),
                16..=23 => format!("duplicated definition of symbol {name}, from {np} and {op}"),
                _ => format!(
                    "duplicated definition of symbol {name}, from {np} (type {} size {}) and {op} (type {} size {})",
                    n.1, n.3, o.1, o.3
                ),
            };
            let mut f = Finding::new(Category::Duplicate, msg, Reporter::LogFatal, true);
            let no = &objs[new.0 as usize];
            f.file = Some(no.file.clone());
            f.package = Some(np.clone());
            f.detail = Some(format!("defined in {} and in {}", no.pn, objs[ooi as usize].pn));
            f.remedy =
                format!("keep one definition of {name} (two packages push the same go:linkname or assembly name)");
            Some(f)
        }
    }
}
