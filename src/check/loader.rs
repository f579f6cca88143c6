//! The symbol table of the link, as the target linker's loader
//! (`cmd/link/internal/loader`) builds it from the loaded objects.
//!
//! - Definitions are numbered as the loader numbers them
//!   ([`Loader::load_defs`], Go `LoadSyms`): every object's package
//!   symbols first (found by index afterwards), then per object the hashed
//!   and non-package definitions; named non-package definitions are merged
//!   by name and ABI under the release's duplicate rule ([`super::dups`]),
//!   which is where `duplicated definition of symbol` comes from.
//! - Non-package references are looked up by name and ABI
//!   ([`Loader::load_refs`], Go `loadObjRefs`); the go1.23+ linkname rule
//!   ([`super::linkname`]) is applied to linknamed references and pushed
//!   variables as the loader does, whether reachable or not, and each
//!   object's referenced packages must have been loaded.
//! - [`Loader::resolve`] maps a relocation's `SymRef` to a global symbol
//!   (Go `Loader.resolve`).

use std::borrow::Cow;
use std::collections::HashMap;

use super::context::{LinkTarget, LoadedObj};
use super::dups::{DefShape, DupOutcome, dup_verdict};
use super::linkname::{DefFacts, LinknameRef, LinknameRule};
use super::release::DupWording;
use super::report::{Category, Finding, Reporter};
use crate::gopath::{expand_empty_pkg, path_to_prefix};
use crate::read::goobj::layout::SYM_ABI_STATIC;
use crate::read::goobj::{GoObj, SymRef, Target};
use crate::tables::Flag2Masks;

/// A loaded object (its index in load order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ObjId(pub u32);

/// A global symbol.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SymId(pub u32);

/// A symbol's version: the ABI of a named symbol, or static to one object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SymVer {
    /// ABI0 (assembly).
    Abi0,
    /// ABIInternal (Go).
    AbiInternal,
    /// File-local to an object.
    Static(ObjId),
}

impl SymVer {
    /// The version of a symbol of ABI `abi` in object `obj`; with
    /// `one_abi` (no register ABI on the target) ABIInternal is ABI0.
    fn of(abi: u16, obj: ObjId, one_abi: bool) -> SymVer {
        match abi {
            0 => SymVer::Abi0,
            SYM_ABI_STATIC => SymVer::Static(obj),
            _ if one_abi => SymVer::Abi0,
            _ => SymVer::AbiInternal,
        }
    }

    /// The other ABI of a named symbol.
    pub fn other_abi(self) -> Option<SymVer> {
        match self {
            SymVer::Abi0 => Some(SymVer::AbiInternal),
            SymVer::AbiInternal => Some(SymVer::Abi0),
            SymVer::Static(_) => None,
        }
    }

    /// The ABI's name in linker messages.
    pub fn abi_name(self) -> &'static str {
        if self == SymVer::Abi0 { "ABI0" } else { "ABIInternal" }
    }
}

/// A definition: object and local index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Def {
    /// The defining object.
    pub obj: ObjId,
    /// Its local index there.
    pub idx: u32,
}

/// A global symbol.
#[derive(Debug, Clone)]
pub struct GlobalSym<'a> {
    /// The definition, or `None` for a reference nothing defines.
    pub def: Option<Def>,
    /// Defined by the linker from a cgo directive (`SDYNIMPORT` from
    /// `cgo_import_dynamic`, `SHOSTOBJ` from `cgo_import_static`).
    pub from_cgo: bool,
    /// Defined by host object N of the link (`loadelf`).
    pub host: Option<u32>,
    /// The name (go1.15's `"".` expanded).
    pub name: Cow<'a, [u8]>,
    /// Version.
    pub ver: SymVer,
}

impl GlobalSym<'_> {
    /// The name as text.
    pub fn name_lossy(&self) -> String {
        String::from_utf8_lossy(&self.name).into_owned()
    }
}

/// The loader: objects, global symbols, lookup by name.
pub struct Loader<'o, 'v, 'a> {
    /// Loaded objects, in load order.
    pub objs: &'o [LoadedObj<'v, 'a>],
    /// The target.
    pub target: &'o LinkTarget,
    syms: Vec<GlobalSym<'a>>,
    by_name: HashMap<(Cow<'a, [u8]>, SymVer), SymId>,
    locals: Vec<Vec<Option<SymId>>>,
    obj_by_pkg: HashMap<String, ObjId>,
    masks: Vec<Flag2Masks>,
    /// Rebuilt objects: names of their package references (RefName).
    refnames: Vec<HashMap<SymRef, &'a [u8]>>,
    /// The target has no register ABI: ABIInternal is ABI0.
    one_abi: bool,
    /// `-strictdups` (0, 1, 2).
    pub strictdups: u8,
    strict_findings: Vec<Finding>,
}

impl<'o, 'v, 'a> Loader<'o, 'v, 'a> {
    /// A loader over `objs` for `target`.
    pub fn new(target: &'o LinkTarget, objs: &'o [LoadedObj<'v, 'a>]) -> Self {
        let mut obj_by_pkg = HashMap::new();
        for (i, o) in objs.iter().enumerate() {
            obj_by_pkg.entry(path_to_prefix(&o.pkg)).or_insert(ObjId(i as u32));
        }
        Loader {
            objs,
            target,
            syms: Vec::new(),
            by_name: HashMap::new(),
            locals: objs.iter().map(|o| vec![None; o.obj.nsym_total() as usize]).collect(),
            obj_by_pkg,
            strictdups: 0,
            strict_findings: Vec::new(),
            one_abi: target.release.aliases_abis_without_regabiwrappers() && !target.has_experiment("regabiwrappers"),
            masks: objs.iter().map(|o| o.obj.tables.flag2_masks()).collect(),
            refnames: objs
                .iter()
                .map(|o| {
                    if !o.rebuilt {
                        return HashMap::new();
                    }
                    (0..o.obj.nrefname()).filter_map(|i| o.obj.refname(i).ok()).collect()
                })
                .collect(),
        }
    }

    /// The object `o`.
    pub fn obj(&self, o: ObjId) -> &'o LoadedObj<'v, 'a> {
        &self.objs[o.0 as usize]
    }

    /// Object ids in load order.
    pub fn obj_ids(&self) -> impl Iterator<Item = ObjId> + use<> {
        (0..self.objs.len() as u32).map(ObjId)
    }

    /// The global symbol `s`.
    pub fn sym(&self, s: SymId) -> &GlobalSym<'a> {
        &self.syms[s.0 as usize]
    }

    /// How many global symbols there are.
    pub fn nsyms(&self) -> usize {
        self.syms.len()
    }

    /// The global symbol of local index `idx` of object `o`.
    pub fn local(&self, o: ObjId, idx: u32) -> Option<SymId> {
        self.locals[o.0 as usize].get(idx as usize).copied().flatten()
    }

    /// A named symbol by name and ABI.
    pub fn lookup(&self, name: &[u8], ver: SymVer) -> Option<SymId> {
        self.by_name.get(&(Cow::Borrowed(name), ver)).copied()
    }

    /// The definition of the same name under the other ABI, if any.
    pub fn other_abi_def(&self, s: SymId) -> Option<Def> {
        let g = self.sym(s);
        let other = self.lookup(&g.name, g.ver.other_abi()?)?;
        self.sym(other).def
    }

    /// The name of local symbol `idx` of object `o` as the loader names it.
    fn name_of(&self, o: ObjId, idx: u32) -> Option<(Cow<'a, [u8]>, SymVer)> {
        let lo = self.obj(o);
        let s = lo.obj.sym(idx).ok()?;
        let name = if self.target.release.expands_empty_pkg() {
            expand_empty_pkg(s.name, path_to_prefix(&lo.pkg).as_bytes())
        } else {
            Cow::Borrowed(s.name)
        };
        Some((name, SymVer::of(s.abi, o, self.one_abi)))
    }

    /// Adds a global symbol; named non-static ones become findable by name.
    fn add_sym(&mut self, def: Option<Def>, name: Cow<'a, [u8]>, ver: SymVer, by_name: bool) -> SymId {
        let id = SymId(self.syms.len() as u32);
        if by_name && !name.is_empty() && !matches!(ver, SymVer::Static(_)) {
            self.by_name.insert((name.clone(), ver), id);
        }
        self.syms.push(GlobalSym {
            def,
            name,
            ver,
            from_cgo: false,
            host: None,
        });
        id
    }

    /// Whether `s` is defined: by an object, or by the linker from a cgo
    /// directive.
    pub fn is_defined(&self, s: SymId) -> bool {
        let g = self.sym(s);
        g.def.is_some() || g.from_cgo || g.host.is_some()
    }

    /// `loadelf`: host object `host` defines `name` (version 0), unless a
    /// Go object already does.
    pub fn define_from_host(&mut self, name: &[u8], host: u32) {
        let id = match self.lookup(name, SymVer::Abi0) {
            Some(id) => id,
            None => self.add_sym(None, Cow::Owned(name.to_vec()), SymVer::Abi0, true),
        };
        if !self.is_defined(id) {
            self.syms[id.0 as usize].host = Some(host);
        }
    }

    /// `setCgoAttr`: the cgo directives of every loaded object, in load
    /// order. `cgo_import_dynamic LOCAL REMOTE LIB` makes LOCAL (version 0)
    /// a dynamic import unless an object defines it with content;
    /// `cgo_import_static LOCAL` leaves LOCAL to a host object.
    pub fn apply_cgo_directives(&mut self) {
        for o in self.obj_ids() {
            for d in self.obj(o).obj.cgo_directives() {
                let (Some(verb), Some(local)) = (d.first(), d.get(1)) else {
                    continue;
                };
                let dynamic = verb == "cgo_import_dynamic" && (2..=4).contains(&d.len()) && local != "_";
                let fixed = verb == "cgo_import_static" && d.len() == 2;
                if !dynamic && !fixed {
                    continue;
                }
                let name: Cow<'a, [u8]> = Cow::Owned(local.as_bytes().to_vec());
                let id = match self.lookup(&name, SymVer::Abi0) {
                    Some(id) => id,
                    None => self.add_sym(None, name, SymVer::Abi0, true),
                };
                let replaceable = match self.sym(id).def {
                    None => true,
                    Some(d) => {
                        let k = self.shape(d).kind.trim_end_matches("FIPS");
                        fixed || matches!(k, "SBSS" | "SNOPTRBSS" | "SXREF")
                    }
                };
                if replaceable {
                    self.syms[id.0 as usize].from_cgo = true;
                }
            }
        }
    }

    fn set_local(&mut self, o: ObjId, idx: u32, s: SymId) {
        if let Some(slot) = self.locals[o.0 as usize].get_mut(idx as usize) {
            *slot = Some(s);
        }
    }

    /// `LoadSyms`: package definitions of every object, then per object the
    /// hashed and non-package definitions (duplicates merged or refused).
    pub fn load_defs(&mut self) -> Vec<Finding> {
        let mut out = Vec::new();
        for o in self.obj_ids() {
            for idx in self.obj(o).obj.package_defs() {
                let Some((name, ver)) = self.name_of(o, idx) else {
                    continue;
                };
                let id = self.add_sym(Some(Def { obj: o, idx }), name, ver, true);
                self.set_local(o, idx, id);
            }
        }
        for o in self.obj_ids() {
            let ob = self.obj(o).obj;
            let nonpkg = ob.nonpkg_defs();
            for idx in ob.hashed_defs().start..nonpkg.end {
                let Some((name, ver)) = self.name_of(o, idx) else {
                    continue;
                };
                let def = Def { obj: o, idx };
                if !nonpkg.contains(&idx) || name.is_empty() || matches!(ver, SymVer::Static(_)) {
                    let id = self.add_sym(Some(def), name, ver, false);
                    self.set_local(o, idx, id);
                    continue;
                }
                match self.lookup(&name, ver) {
                    None => {
                        let id = self.add_sym(Some(def), name, ver, true);
                        self.set_local(o, idx, id);
                    }
                    Some(old) => {
                        self.set_local(o, idx, old);
                        out.extend(self.merge_dup(old, def, &name));
                    }
                }
            }
        }
        out
    }

    fn shape(&self, d: Def) -> DefShape<'static> {
        let ob = self.obj(d.obj).obj;
        let s = ob.sym(d.idx).ok();
        DefShape {
            dupok: s.is_some_and(|s| s.dupok()),
            kind: s.and_then(|s| ob.tables.symkind_name(s.kind)).unwrap_or("Sxxx"),
            has_content: ob.data(d.idx).is_ok_and(|d| !d.is_empty()),
            size: s.map_or(0, |s| s.siz),
        }
    }

    fn merge_dup(&mut self, old: SymId, new: Def, name: &[u8]) -> Option<Finding> {
        let Some(od) = self.sym(old).def else {
            self.syms[old.0 as usize].def = Some(new);
            return None;
        };
        let (o, n) = (self.shape(od), self.shape(new));
        if n.dupok && self.strictdups > 0 {
            // checkdup runs first; with -strictdups=2 the link fails at
            // its end, but the loader goes on.
            if let Some(f) = self.checkdup(od, new, name) {
                self.strict_findings.push(f);
            }
        }
        match dup_verdict(self.target.release, o, n) {
            DupOutcome::TakeNew => {
                self.syms[old.0 as usize].def = Some(new);
                None
            }
            DupOutcome::KeepOld => None,
            DupOutcome::Conflict => {
                let name = String::from_utf8_lossy(name);
                let (no, oo) = (self.obj(new.obj), self.obj(od.obj));
                let (np, op) = (&no.pkg, &oo.pkg);
                let msg = match self.target.release.dup_wording() {
                    DupWording::NameOnly => format!("duplicated definition of symbol {name}"),
                    DupWording::FromPackages => format!("duplicated definition of symbol {name}, from {np} and {op}"),
                    DupWording::WithKindAndSize => format!(
                        "duplicated definition of symbol {name}, from {np} (type {} size {}) and {op} (type {} size {})",
                        n.kind, n.size, o.kind, o.size
                    ),
                };
                Some(Finding {
                    file: Some(no.file.clone()),
                    member: no.member.clone(),
                    package: Some(np.clone()),
                    detail: Some(format!("defined in {} and in {}", no.pn(), oo.pn())),
                    remedy: format!(
                        "keep one definition of {name} (two packages push the same go:linkname or assembly name)"
                    ),
                    producer: Some(no.obj.header.version.to_string()),
                    symbol: Some(name.to_string()),
                    ..Finding::new(Category::Duplicate, msg, Reporter::LogFatal, true)
                })
            }
        }
    }

    /// `loader.checkdup`: a DUPOK definition whose contents (go1.17+: or
    /// size) differ from the one kept, under `-strictdups`.
    fn checkdup(&self, old: Def, new: Def, name: &[u8]) -> Option<Finding> {
        let (oo, no) = (self.obj(old.obj), self.obj(new.obj));
        if oo.stub || no.stub {
            // A std stub carries no contents to compare.
            return None;
        }
        let p = no.obj.data(new.idx).ok()?;
        let pdup = oo.obj.data(old.idx).ok()?;
        let reason = if p.len() != pdup.len() {
            format!("new length {} != old length {}", p.len(), pdup.len())
        } else if p != pdup {
            "same length but different contents".to_string()
        } else {
            let (sz, szdup) = (no.obj.sym(new.idx).ok()?.siz, oo.obj.sym(old.idx).ok()?.siz);
            if !self.target.release.strictdups_compares_sizes() || sz == szdup {
                return None;
            }
            format!("different sizes: new size {sz} != old size {szdup}")
        };
        let name = String::from_utf8_lossy(name).into_owned();
        // DWARF of generated wrappers differs by design; the linker prints
        // it but does not count it.
        let allowed = ["go:info.go.interface", "go:info.go.builtin", "go:debuglines"]
            .iter()
            .chain(&["go.info.go.interface", "go.info.go.builtin", "go.debuglines"])
            .any(|p| name.starts_with(p));
        let msg = format!(
            "cmd/link: while reading object for '{}': duplicate symbol '{name}', previous def at '{}', with mismatched payload: {reason}",
            no.pkg, oo.pkg
        );
        Some(Finding {
            file: Some(no.file.clone()),
            member: no.member.clone(),
            package: Some(no.pkg.clone()),
            detail: Some(format!("defined in {} and in {}", no.pn(), oo.pn())),
            remedy: format!("build every package that defines {name} with the same compiler and flags"),
            symbol: Some(name),
            fails_link: self.strictdups > 1 && !allowed,
            ..Finding::new(Category::Duplicate, msg, Reporter::Stderr, false)
        })
    }

    /// The `-strictdups` findings so far.
    pub fn take_strict_findings(&mut self) -> Vec<Finding> {
        std::mem::take(&mut self.strict_findings)
    }

    fn def_facts(&self, d: Def) -> Option<DefFacts<'o>> {
        let lo = self.obj(d.obj);
        let s = lo.obj.sym(d.idx).ok()?;
        Some(DefFacts {
            pkg: &lo.pkg,
            std: lo.obj.is_std(),
            asm: lo.obj.from_assembler(),
            flags: self.masks[d.obj.0 as usize].decode(s.flag2),
        })
    }

    /// Whether the linkname rule applies to local symbol `idx` of `o` as a
    /// reference: named in a `//go:linkname` (go1.27: any reference from
    /// assembly). For a rebuilt object of a release before go1.23, which
    /// records no such flag, the reference is taken as a pull when only the
    /// source can have named it ([`pull_before_flags`]).
    fn is_linknamed_ref(&self, o: ObjId, idx: u32, name: &[u8]) -> bool {
        let lo = self.obj(o);
        let Ok(s) = lo.obj.sym(idx) else { return false };
        if lo.rebuilt && !lo.obj.from_assembler() && self.target.release.indexes_linknamed_builtins() {
            let abi = if s.abi == 0 { 0 } else { 1 };
            let target_tables = crate::tables::for_minor(self.target.release.minor()).map(|(t, _)| t);
            if target_tables.is_some_and(|t| t.is_builtin(name, abi)) {
                // The target's compiler refers to it as a builtin, which
                // the linker does not check.
                return false;
            }
        }
        if self.masks[o.0 as usize].decode(s.flag2).linkname {
            return true;
        }
        if lo.obj.from_assembler() {
            // go1.23–1.26 assemblers flag every named reference; the go1.27
            // loader takes every assembly reference as linknamed.
            return self.target.release.asm_refs_are_linknamed() || lo.rebuilt;
        }
        let producer = super::release::LinkerRelease::new(lo.obj.release.minor);
        lo.rebuilt && !producer.writes_linkname_flags() && pull_before_flags(self.target, lo.obj, name)
    }

    /// Whether non-package reference `idx` of `o` is named by the source
    /// itself (a linkname pull or an assembly reference): what a rebuild
    /// keeps.
    pub fn is_source_ref(&self, o: ObjId, idx: u32) -> bool {
        let Some(s) = self.local(o, idx) else { return false };
        let name = self.sym(s).name.clone();
        self.obj(o).obj.from_assembler() || self.is_linknamed_ref(o, idx, &name)
    }

    fn linkname_finding(&self, o: ObjId, name: &str) -> Finding {
        let lo = self.obj(o);
        let r = LinknameRef {
            name,
            from: &lo.pkg,
            from_std: lo.obj.is_std(),
        };
        Finding {
            file: Some(lo.file.clone()),
            member: lo.member.clone(),
            package: Some(lo.pkg.clone()),
            remedy: format!(
                "{name} is not pushed by its package in {}: stop pulling it with //go:linkname, or link with -ldflags=-checklinkname=0",
                self.target.release
            ),
            producer: Some(lo.obj.header.version.to_string()),
            symbol: Some(name.to_string()),
            ..Finding::new(Category::Linkname, LinknameRule::message(r), Reporter::LogFatal, true)
        }
    }

    fn check_linkname(&self, rule: &LinknameRule, o: ObjId, s: SymId) -> Option<Finding> {
        let lo = self.obj(o);
        let g = self.sym(s);
        let name = g.name_lossy();
        let r = LinknameRef {
            name: &name,
            from: &lo.pkg,
            from_std: lo.obj.is_std(),
        };
        let def = g.def.and_then(|d| self.def_facts(d));
        let other = self.other_abi_def(s).and_then(|d| self.def_facts(d));
        rule.refuses(r, def, other).then(|| self.linkname_finding(o, &name))
    }

    /// `loadObjRefs`: pushed linkname variables without data, then per
    /// object its non-package references (with the linkname rule, when
    /// `rule` is given) and its referenced packages.
    pub fn load_refs(&mut self, rule: Option<&LinknameRule>) -> Vec<Finding> {
        let mut out = Vec::new();
        if let Some(rule) = rule {
            for o in self.obj_ids() {
                let ob = self.obj(o).obj;
                for idx in ob.nonpkg_defs() {
                    let Ok(s) = ob.sym(idx) else { continue };
                    let linkname = self.masks[o.0 as usize].decode(s.flag2).linkname;
                    if linkname
                        && ob.data(idx).is_ok_and(|d| d.is_empty())
                        && s.name.contains(&b'.')
                        && let Some(id) = self.local(o, idx)
                    {
                        out.extend(self.check_linkname(rule, o, id));
                    }
                }
            }
        }
        for o in self.obj_ids() {
            let ob = self.obj(o).obj;
            for idx in ob.nonpkg_refs() {
                let Some((name, ver)) = self.name_of(o, idx) else {
                    continue;
                };
                let id = match self.lookup(&name, ver) {
                    Some(id) => id,
                    None => self.add_sym(None, name.clone(), ver, true),
                };
                self.set_local(o, idx, id);
                if let Some(rule) = rule
                    && self.is_linknamed_ref(o, idx, &name)
                {
                    out.extend(self.check_linkname(rule, o, id));
                }
            }
            if let Some(rule) = rule {
                for id in self.builtin_pulls(o) {
                    out.extend(self.check_linkname(rule, o, id));
                }
            }
            if !self.target.release.lazy_package_refs() {
                out.extend(self.missing_packages(o));
            }
        }
        out
    }

    /// Builtin references of a rebuilt object that its source pulls with
    /// `//go:linkname`, where the target's compiler (go1.24+) no longer
    /// indexes a linknamed builtin, so the linker checks it. The producer's
    /// compiler indexed it like its own calls; those it makes for a map
    /// operation always come with the map type's descriptor
    /// (`type:map[K]V`), so a runtime map function referenced by an object
    /// with no map type can only be a pull.
    fn builtin_pulls(&mut self, o: ObjId) -> Vec<SymId> {
        let lo = self.obj(o);
        let ob = lo.obj;
        let producer = super::release::LinkerRelease::new(ob.release.minor);
        if !lo.rebuilt || !producer.indexes_linknamed_builtins() || self.target.release.indexes_linknamed_builtins() {
            return Vec::new();
        }
        let has_map_type = (0..ob.nsym_total())
            .filter_map(|i| ob.sym(i).ok())
            .any(|s| s.name.starts_with(b"type:map[") || s.name.starts_with(b"type.map["));
        if has_map_type {
            return Vec::new();
        }
        let mut seen = std::collections::BTreeSet::new();
        for i in 0..ob.ndef() {
            let Ok(rs) = ob.relocs(i) else { continue };
            for r in rs.flatten() {
                if let Ok(Target::Builtin(bi)) = ob.target(r.sym)
                    && let Some((name, _)) = ob.tables.builtin(bi)
                    && name.starts_with("runtime.map")
                {
                    seen.insert(r.sym);
                }
            }
        }
        seen.into_iter().filter_map(|r| self.resolve(o, r)).collect()
    }

    /// The name of the Go type of defined symbol `s` (its `Gotype` aux),
    /// as `loader.SymGoType` gives it.
    pub fn go_type_name(&mut self, s: SymId) -> Option<String> {
        let d = self.sym(s).def?;
        let ob = self.obj(d.obj).obj;
        let aux = ob
            .auxs(d.idx)
            .ok()?
            .flatten()
            .find(|a| ob.tables.aux_name(a.typ) == Some("Gotype"))?;
        let t = self.resolve(d.obj, aux.sym)?;
        Some(self.sym(t).name_lossy())
    }

    /// `reference to nonexistent package`: PkgIndex entries no loaded
    /// object provides.
    fn missing_packages(&self, o: ObjId) -> Vec<Finding> {
        let lo = self.obj(o);
        let mut out = Vec::new();
        for p in 1..lo.obj.npkgidx() {
            let Ok(pk) = lo.obj.pkgidx(p) else { continue };
            let pk = String::from_utf8_lossy(pk).into_owned();
            if !self.obj_by_pkg.contains_key(&pk) {
                out.push(Finding {
                    file: Some(lo.file.clone()),
                    package: Some(pk.clone()),
                    remedy: format!("provide a loadable archive of {pk} built by the target toolchain"),
                    ..Finding::new(
                        Category::Missing,
                        format!("{}: reference to nonexistent package {pk}", lo.pkg),
                        Reporter::LogFatal,
                        true,
                    )
                });
            }
        }
        out
    }

    /// `Loader.resolve`: the global symbol a reference of object `o`
    /// points at (builtins become named references on first use).
    pub fn resolve(&mut self, o: ObjId, r: SymRef) -> Option<SymId> {
        let ob: &GoObj<'a> = self.obj(o).obj;
        match ob.target(r).ok()? {
            Target::Nil => None,
            Target::Local(idx) => self.local(o, idx),
            Target::Builtin(bi) => {
                let (name, abi) = ob.tables.builtin(bi)?;
                let ver = SymVer::of(u16::from(abi), o, self.one_abi);
                Some(match self.lookup(name.as_bytes(), ver) {
                    Some(id) => id,
                    None => self.add_sym(None, Cow::Borrowed(name.as_bytes()), ver, true),
                })
            }
            Target::Package(p, k) => {
                // A rebuild renumbers every package's symbols: a rebuilt
                // object's index into another build means nothing, its
                // name (RefName) does.
                if let Some(name) = self.refnames[o.0 as usize].get(&r).copied() {
                    return [SymVer::AbiInternal, SymVer::Abi0]
                        .into_iter()
                        .filter_map(|v| self.lookup(name, v))
                        .find(|&id| self.is_defined(id));
                }
                let pk = ob.pkgidx(p).ok()?;
                let tgt = *self.obj_by_pkg.get(String::from_utf8_lossy(pk).as_ref())?;
                self.local(tgt, k)
            }
        }
    }
}

/// Whether a by-name reference `name` of a Go object older than go1.23
/// (no linkname flag) can only come from a `//go:linkname` pull in its
/// source, so that a rebuild keeps it: an unexported Go identifier of the
/// standard library that the compiler does not make up itself (its own
/// runtime references, `..` names, closures, instantiations), of a package
/// none of whose functions were inlined into the object (inlined bodies
/// reference their package's unexported names; the compiler records each
/// inlined function as a DWARF abstract function `go:info.P.F$abstract`).
fn pull_before_flags(target: &LinkTarget, ob: &GoObj<'_>, name: &[u8]) -> bool {
    let Ok(name) = std::str::from_utf8(name) else {
        return false;
    };
    let Some(pkg) = crate::gopath::symbol_package(name) else {
        return false;
    };
    if !target.is_std(pkg) || crate::gopath::is_compiler_made(name) {
        return false;
    }
    let ident = &name[pkg.len() + 1..];
    if !ident.starts_with(|c: char| c.is_lowercase() || c == '_') {
        return false;
    }
    if pkg == "runtime" && crate::tables::compiler_references_runtime(ob.release.minor, ident) {
        return false;
    }
    !inlined_from(ob, pkg)
}

/// Whether a function of package `pkg` was inlined into the object.
fn inlined_from(ob: &GoObj<'_>, pkg: &str) -> bool {
    (0..ob.nsym_total()).filter_map(|i| ob.sym(i).ok()).any(|s| {
        let n = s.name;
        let rest = n.strip_prefix(b"go:info.").or_else(|| n.strip_prefix(b"go.info."));
        rest.is_some_and(|r| {
            r.ends_with(b"$abstract") && r.starts_with(pkg.as_bytes()) && r.get(pkg.len()) == Some(&b'.')
        })
    })
}
