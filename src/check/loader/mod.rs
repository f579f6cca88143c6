//! The symbol table of the link, as the target linker's loader
//! (`cmd/link/internal/loader`) builds it from the loaded objects.
//!
//! - Definitions are numbered as the loader numbers them
//!   ([`Loader::load_defs`], Go `LoadSyms`): every object's package
//!   symbols first (found by index afterwards), then per object the hashed
//!   and non-package definitions; named non-package definitions are merged
//!   by name and ABI under the release's duplicate rule ([`crate::check::loader::dups`]),
//!   which is where `duplicated definition of symbol` comes from.
//! - Non-package references are looked up by name and ABI
//!   ([`Loader::load_refs`], Go `loadObjRefs`); the go1.23+ linkname rule
//!   ([`crate::check::loader::linkname`]) is applied to linknamed references and pushed
//!   variables as the loader does, whether reachable or not, and each
//!   object's referenced packages must have been loaded.
//! - [`Loader::resolve`] maps a relocation's `SymRef` to a global symbol
//!   (Go `Loader.resolve`).
//!
//! What is object-local (each record's name, key hash, version and, for
//! references, whether the linkname rule applies) is read per object on
//! the worker threads first ([`Loader::per_object`]); the merge that
//! numbers symbols stays sequential, in the linker's order.

pub mod dups;
pub mod linkname;

use rustc_hash::FxHashMap as HashMap;

use crate::read::goobj::ContentHash;
use std::borrow::Cow;

use crate::check::loader::dups::{DefShape, DupOutcome, dup_verdict};
use crate::check::loader::linkname::{DefFacts, LinknameRef, LinknameRule};
use crate::check::report::{Category, Finding, Reporter};
use crate::check::target::release::DupWording;
use crate::check::target::{LinkTarget, LoadedObj};
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
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

/// `abi.Interface`, the kind of an interface type descriptor
/// ([`Loader::type_kind`]).
pub const KIND_INTERFACE: u8 = 20;
/// `abi.Map`, the kind of a map type descriptor.
const KIND_MAP: u8 = 21;
/// The bits of `abi.Type.Kind_` that hold the kind.
const KIND_MASK: u8 = 31;

/// No object, no host object: the `u32` fields' `None`.
const NONE: u32 = u32::MAX;

/// A global symbol as stored: 16 bytes, its name read from the object
/// record it came from when asked for (the loader's `objSyms`), so that
/// symbols nobody looks up by name, such as content-addressed ones, are
/// never named.
#[derive(Debug, Clone, Copy)]
struct Entry {
    /// The definition when [`ENTRY_DEFINED`] is set; else the record that
    /// names it (a reference, or a definition the cgo directives dropped),
    /// or with `obj == NONE` the index of its name in [`Loader::names`].
    /// A definition names the symbol too: whatever record the name found,
    /// its name is the same.
    rec: Def,
    /// The host object defining it, or `NONE`.
    host: u32,
    /// [`ENTRY_DEFINED`], [`ENTRY_FROM_CGO`], the version above
    /// [`ENTRY_VER_SHIFT`] (0 ABI0, 1 ABIInternal, 2 static to `rec.obj`),
    /// [`ENTRY_CGO_STATIC`].
    bits: u32,
}

/// [`Entry::bits`]: `rec` is the definition.
const ENTRY_DEFINED: u32 = 1;
/// [`Entry::bits`]: defined by the linker from a cgo directive.
const ENTRY_FROM_CGO: u32 = 2;
/// [`Entry::bits`]: where the version starts (two bits).
const ENTRY_VER_SHIFT: u32 = 2;
/// [`Entry::bits`]: named by a `cgo_import_static` directive (`SHOSTOBJ`,
/// whatever `cgo_import_dynamic` says before or after).
const ENTRY_CGO_STATIC: u32 = 1 << 4;

impl Entry {
    /// An entry for record `rec`, its definition when `defined`. A static
    /// version's object is the record's.
    fn new(rec: Def, defined: bool, ver: SymVer) -> Entry {
        let v = match ver {
            SymVer::Abi0 => 0,
            SymVer::AbiInternal => 1,
            SymVer::Static(_) => 2,
        };
        Entry {
            rec,
            host: NONE,
            bits: u32::from(defined) | v << ENTRY_VER_SHIFT,
        }
    }

    fn def(self) -> Def {
        if self.bits & ENTRY_DEFINED != 0 {
            self.rec
        } else {
            NO_DEF
        }
    }

    fn ver(self) -> SymVer {
        match (self.bits >> ENTRY_VER_SHIFT) & 3 {
            0 => SymVer::Abi0,
            1 => SymVer::AbiInternal,
            _ => SymVer::Static(self.rec.obj),
        }
    }

    fn is_from_cgo(self) -> bool {
        self.bits & ENTRY_FROM_CGO != 0
    }

    fn set_def(&mut self, d: Def) {
        self.rec = d;
        self.bits |= ENTRY_DEFINED;
    }

    /// Drops the definition; the record still names the symbol.
    fn clear_def(&mut self) {
        self.bits &= !ENTRY_DEFINED;
    }

    fn set_from_cgo(&mut self, on: bool) {
        self.bits = (self.bits & !ENTRY_FROM_CGO) | if on { ENTRY_FROM_CGO } else { 0 };
    }
}

/// The 32-bit hash the by-name table keeps of a (name, version) key.
/// Whether a symbol kind is code (`sym.SymKind.IsText`: `STEXT` and the
/// go1.24+ FIPS text kind).
pub fn is_text_kind(kind: &str) -> bool {
    kind.trim_end_matches("FIPS") == "STEXT"
}

fn key_hash(name: &[u8], ver: SymVer) -> u32 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    name.hash(&mut h);
    ver.hash(&mut h);
    let h = h.finish();
    (h ^ (h >> 32)) as u32
}

/// The table's 64-bit hash of a kept 32-bit one (its top bits pick the
/// control byte, its low bits the bucket).
fn spread(h: u32) -> u64 {
    u64::from(h).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

const NO_DEF: Def = Def {
    obj: ObjId(NONE),
    idx: 0,
};

fn opt_def(d: Def) -> Option<Def> {
    (d.obj.0 != NONE).then_some(d)
}

/// What the merge needs of one named record (a definition or a
/// reference), read before it on the worker threads
/// ([`Loader::per_object`]): the hash of its (name, version) key, the
/// version, and whether it is findable by name at all. The name itself is
/// read again only where a probe meets the same hash.
#[derive(Debug, Clone, Copy)]
struct RecordKey {
    hash: u32,
    ver: SymVer,
    /// Named and not static to its object.
    findable: bool,
}

/// Objects with fewer symbols than this in all are keyed on the calling
/// thread.
const PARALLEL_MIN_SYMS: usize = 1 << 15;

/// The loader: objects, global symbols, lookup by name.
pub struct Loader<'o, 'v, 'a> {
    /// Loaded objects, in load order.
    pub objs: &'o [LoadedObj<'v, 'a>],
    /// The target.
    pub target: &'o LinkTarget,
    syms: Vec<Entry>,
    /// Names of symbols no object record names (builtins, cgo and host
    /// object symbols).
    names: Vec<Cow<'a, [u8]>>,
    /// Named symbols by (name, version): each entry the symbol and a
    /// 32-bit hash of its key; the name itself is read from the record
    /// that names the symbol ([`Loader::name`]), as Go's `symsByName`
    /// holds no copies either. 8 bytes an entry.
    by_name: hashbrown::HashTable<(u32, SymId)>,
    /// Per object, the global symbol of each local index (`NONE`: not
    /// loaded): the loader's `r.syms`.
    locals: Vec<Vec<u32>>,
    obj_by_pkg: HashMap<String, ObjId>,
    /// Per object, its package index (`PkgIdx`) resolved to the loaded
    /// object of that package (the loader's `r.pkg`).
    pkg_objs: Vec<Vec<Option<ObjId>>>,
    /// Per object, its builtin references resolved so far.
    builtin_ids: Vec<Vec<Option<SymId>>>,
    /// `cgo_export_static` names under internal linking: the Go symbol
    /// (of the directive's ABI) that host objects' references to the
    /// name resolve to (`AddCgoExport`, `LookupOrCreateCgoExport`).
    cgo_exports: HashMap<Vec<u8>, SymId>,
    masks: Vec<Flag2Masks>,
    /// Rebuilt objects: names of their package references (RefName).
    refnames: Vec<HashMap<SymRef, &'a [u8]>>,
    /// The target has no register ABI: ABIInternal is ABI0.
    one_abi: bool,
    /// `-strictdups` (0, 1, 2).
    pub strictdups: u8,
    strict_findings: Vec<Finding>,
    /// The first reference to a runtime builtin no Go object defines, as
    /// [`Loader::resolve`] met it: (builtin, referring package).
    pub missing_builtin: Option<(String, String)>,
}

impl<'o, 'v, 'a> Loader<'o, 'v, 'a> {
    /// A loader over `objs` for `target`.
    pub fn new(target: &'o LinkTarget, objs: &'o [LoadedObj<'v, 'a>]) -> Self {
        let mut obj_by_pkg = HashMap::default();
        for (i, o) in objs.iter().enumerate() {
            obj_by_pkg.entry(path_to_prefix(&o.pkg)).or_insert(ObjId(i as u32));
        }
        let pkg_objs = objs
            .iter()
            .map(|o| {
                (0..o.obj.npkgidx())
                    .map(|p| {
                        let pk = o.obj.pkgidx(p).ok()?;
                        obj_by_pkg.get(String::from_utf8_lossy(pk).as_ref()).copied()
                    })
                    .collect()
            })
            .collect();
        let nsyms: usize = objs.iter().map(|o| o.obj.nsym_total() as usize).sum();
        let nnamed: usize = objs
            .iter()
            .map(|o| (o.obj.nsym() + o.obj.nnonpkgdef() + o.obj.nnonpkgref()) as usize)
            .sum();
        Loader {
            objs,
            target,
            syms: Vec::with_capacity(nsyms),
            names: Vec::new(),
            by_name: hashbrown::HashTable::with_capacity(nnamed),
            pkg_objs,
            builtin_ids: objs.iter().map(|o| vec![None; o.obj.tables.builtins.len()]).collect(),
            cgo_exports: HashMap::default(),
            locals: objs.iter().map(|o| vec![NONE; o.obj.nsym_total() as usize]).collect(),
            obj_by_pkg,
            strictdups: 0,
            strict_findings: Vec::new(),
            missing_builtin: None,
            one_abi: target.release.aliases_abis_without_regabiwrappers() && !target.has_experiment("regabiwrappers"),
            masks: objs.iter().map(|o| o.obj.tables.flag2_masks()).collect(),
            refnames: objs
                .iter()
                .map(|o| {
                    if !o.rebuilt {
                        return HashMap::default();
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
    pub fn sym(&self, s: SymId) -> GlobalSym<'a> {
        let e = self.syms[s.0 as usize];
        GlobalSym {
            def: opt_def(e.def()),
            from_cgo: e.is_from_cgo(),
            host: (e.host != NONE).then_some(e.host),
            name: self.name(s),
            ver: e.ver(),
        }
    }
    /// Per object, the place of its package in the linker's library order
    /// after `loadlib` (`postorder`: each package after the packages it
    /// imports, depth first from main in `Autolib` order), which
    /// `AssignTextSymbolOrder` lays code out in.
    pub fn library_ranks(&self) -> Vec<u32> {
        let mut pkgs: Vec<&str> = Vec::new();
        let mut index: HashMap<&str, usize> = HashMap::default();
        let mut imports: Vec<Vec<usize>> = Vec::new();
        for o in self.objs {
            if !index.contains_key(o.pkg.as_str()) {
                index.insert(o.pkg.as_str(), pkgs.len());
                pkgs.push(o.pkg.as_str());
                imports.push(Vec::new());
            }
        }
        for o in self.objs {
            let at = index[o.pkg.as_str()];
            for i in 0..o.obj.nautolib() {
                let Ok((path, _)) = o.obj.autolib(i) else { continue };
                if let Some(&to) = std::str::from_utf8(path).ok().and_then(|p| index.get(p))
                    && !imports[at].contains(&to)
                {
                    imports[at].push(to);
                }
            }
        }
        let mut seen = vec![false; pkgs.len()];
        let mut rank = vec![u32::MAX; pkgs.len()];
        let mut next = 0u32;
        for root in 0..pkgs.len() {
            if seen[root] {
                continue;
            }
            seen[root] = true;
            // (package, its next import to visit)
            let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
            while let Some(top) = stack.last_mut() {
                let (p, k) = *top;
                if let Some(&child) = imports[p].get(k) {
                    top.1 += 1;
                    if !seen[child] {
                        seen[child] = true;
                        stack.push((child, 0));
                    }
                } else {
                    rank[p] = next;
                    next += 1;
                    stack.pop();
                }
            }
        }
        self.objs.iter().map(|o| rank[index[o.pkg.as_str()]]).collect()
    }

    /// The definition of `s`, if an object defines it.
    pub fn def(&self, s: SymId) -> Option<Def> {
        opt_def(self.syms[s.0 as usize].def())
    }

    /// [`GlobalSym::from_cgo`] of `s`, without reading its name as
    /// [`Loader::sym`] does (under internal linking: a dynamic import,
    /// `SDYNIMPORT`; `cgo_import_static` symbols are undefined there).
    pub fn is_from_cgo(&self, s: SymId) -> bool {
        self.syms[s.0 as usize].is_from_cgo()
    }

    /// Whether a `cgo_import_static` directive names `s`: under external
    /// linking it is then the host objects' (`SHOSTOBJ`), not a dynamic
    /// import, whatever `cgo_import_dynamic` says.
    pub fn names_static_import(&self, s: SymId) -> bool {
        self.syms[s.0 as usize].bits & ENTRY_CGO_STATIC != 0
    }

    /// Whether object `o` names a symbol made by a cgo directive
    /// ([`Loader::is_from_cgo`]) among its definitions or references: a
    /// scan of the loader's table, not of the object.
    pub fn names_cgo_symbol(&self, o: ObjId) -> bool {
        self.locals[o.0 as usize]
            .iter()
            .any(|&s| s != NONE && self.syms[s as usize].is_from_cgo())
    }

    /// The host object defining `s`, if one does.
    pub fn host(&self, s: SymId) -> Option<u32> {
        let h = self.syms[s.0 as usize].host;
        (h != NONE).then_some(h)
    }

    /// The name of `s` (go1.15's `"".` expanded), read from the record
    /// that named it.
    pub fn name(&self, s: SymId) -> Cow<'a, [u8]> {
        let n = self.syms[s.0 as usize].rec;
        if n.obj.0 == NONE {
            return self.names.get(n.idx as usize).cloned().unwrap_or_default();
        }
        self.name_of(n.obj, n.idx).map(|(name, _)| name).unwrap_or_default()
    }

    /// How many global symbols there are.
    pub fn nsyms(&self) -> usize {
        self.syms.len()
    }

    /// The global symbol of local index `idx` of object `o`.
    pub fn local(&self, o: ObjId, idx: u32) -> Option<SymId> {
        let s = *self.locals[o.0 as usize].get(idx as usize)?;
        (s != NONE).then_some(SymId(s))
    }

    /// A named symbol by name and ABI.
    pub fn lookup(&self, name: &[u8], ver: SymVer) -> Option<SymId> {
        self.lookup_hashed(name, ver).1
    }

    /// [`Loader::lookup`], also returning the name's hash for
    /// [`Loader::add_new_sym`].
    fn lookup_hashed(&self, name: &[u8], ver: SymVer) -> (u32, Option<SymId>) {
        let h = key_hash(name, ver);
        (h, self.probe(h, ver, |n| n == name))
    }

    /// The findable symbol of key hash `h` and version `ver` whose name
    /// `same_name` accepts (asked only where hash and version match).
    fn probe(&self, h: u32, ver: SymVer, mut same_name: impl FnMut(&[u8]) -> bool) -> Option<SymId> {
        self.by_name
            .find(spread(h), |&(kh, id)| {
                kh == h && self.syms[id.0 as usize].ver() == ver && same_name(&self.name(id))
            })
            .map(|&(_, id)| id)
    }

    /// Makes the name of hash `h` find `id`: in place of `earlier`, the
    /// symbol it found before, or as a new entry.
    fn point_name_at(&mut self, h: u32, earlier: Option<SymId>, id: SymId) {
        match earlier.and_then(|e| self.by_name.find_mut(spread(h), |&(kh, i)| kh == h && i == e)) {
            Some(slot) => slot.1 = id,
            None => {
                self.by_name.insert_unique(spread(h), (h, id), |&(kh, _)| spread(kh));
            }
        }
    }

    /// Looks `name` up, adding it (a reference named by record `at`, or
    /// by `name` itself) when nothing has it yet: one hash, one probe.
    fn lookup_or_add(&mut self, at: Option<Def>, name: Cow<'a, [u8]>, ver: SymVer) -> SymId {
        match self.lookup_hashed(&name, ver) {
            (_, Some(id)) => id,
            (h, None) => self.add_new_sym(None, at, name, ver, h),
        }
    }

    /// Adds a findable symbol whose name (hash `h`, from
    /// [`Loader::lookup_hashed`]) nothing has yet.
    fn add_new_sym(&mut self, def: Option<Def>, at: Option<Def>, name: Cow<'a, [u8]>, ver: SymVer, h: u32) -> SymId {
        let id = self.push_entry(def, at, name, ver);
        self.by_name.insert_unique(spread(h), (h, id), |&(kh, _)| spread(kh));
        id
    }

    /// Appends a symbol table entry named by record `at` or, with `None`,
    /// by `name` (kept in `names`).
    fn push_entry(&mut self, def: Option<Def>, at: Option<Def>, name: Cow<'a, [u8]>, ver: SymVer) -> SymId {
        let id = SymId(self.syms.len() as u32);
        let name_at = match at {
            Some(d) => d,
            None => {
                self.names.push(name);
                Def {
                    obj: ObjId(NONE),
                    idx: (self.names.len() - 1) as u32,
                }
            }
        };
        debug_assert!(def.is_none_or(|d| Some(d) == at), "a definition is its own record");
        self.syms.push(Entry::new(name_at, def.is_some(), ver));
        id
    }

    /// The definition of the same name under the other ABI, if any.
    pub fn other_abi_def(&self, s: SymId) -> Option<Def> {
        let g = self.sym(s);
        let other = self.lookup(&g.name, g.ver.other_abi()?)?;
        self.def(other)
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

    /// The name of local symbol `idx` of `o` and its key ([`RecordKey`]).
    fn record_key(&self, o: ObjId, idx: u32) -> Option<(Cow<'a, [u8]>, RecordKey)> {
        let (name, ver) = self.name_of(o, idx)?;
        let key = RecordKey {
            hash: key_hash(&name, ver),
            ver,
            findable: !name.is_empty() && !matches!(ver, SymVer::Static(_)),
        };
        Some((name, key))
    }

    /// `f` of every object, in load order, on the worker threads when
    /// the link is large enough ([`crate::par::map_in_order`]): the
    /// per-object reading (records, names, hashes) that the sequential
    /// merge then finds done, its pages touched on every core.
    pub(crate) fn per_object<R: Send>(&self, f: impl Fn(&Self, ObjId) -> R + Sync) -> Vec<R> {
        let ids: Vec<ObjId> = self.obj_ids().collect();
        let nsyms: usize = self.objs.iter().map(|o| o.obj.nsym_total() as usize).sum();
        crate::par::map_in_order(&ids, nsyms >= PARALLEL_MIN_SYMS, |&o| {
            let r = f(self, o);
            crate::residency::trim();
            r
        })
    }

    /// The named symbol record `idx` of `o` (key `k`) names, if any: a
    /// lookup by the record's key that reads its name only to confirm a
    /// hash match.
    fn find_record(&self, k: RecordKey, o: ObjId, idx: u32) -> Option<SymId> {
        let mut name: Option<Cow<'a, [u8]>> = None;
        self.probe(k.hash, k.ver, |candidate| {
            let n = name.get_or_insert_with(|| self.name_of(o, idx).map(|(n, _)| n).unwrap_or_default());
            candidate == n.as_ref()
        })
    }

    /// Adds package definition `def` (key `k`), which becomes what its
    /// name finds (as [`Loader::add_sym`] does for a record).
    fn add_package_def(&mut self, def: Def, k: RecordKey) -> SymId {
        let earlier = if k.findable {
            self.find_record(k, def.obj, def.idx)
        } else {
            None
        };
        let id = self.add_unnamed_def(def, k.ver);
        if k.findable {
            self.point_name_at(k.hash, earlier, id);
        }
        id
    }

    /// Adds a global symbol named by record `at` (a definition or a
    /// reference) or, with `None`, by `name`; named non-static ones become
    /// findable by name.
    fn add_sym(&mut self, def: Option<Def>, at: Option<Def>, name: Cow<'a, [u8]>, ver: SymVer, by_name: bool) -> SymId {
        let findable = by_name && !name.is_empty() && !matches!(ver, SymVer::Static(_));
        let (h, earlier) = self.lookup_hashed(&name, ver);
        let id = self.push_entry(def, at, name, ver);
        if findable {
            // The name now finds the new symbol.
            self.point_name_at(h, earlier, id);
        }
        id
    }

    /// Adds a definition nobody looks up by name (content-addressed or
    /// static), without reading its name.
    fn add_unnamed_def(&mut self, def: Def, ver: SymVer) -> SymId {
        let id = SymId(self.syms.len() as u32);
        self.syms.push(Entry::new(def, true, ver));
        id
    }

    /// The symbol a host object's reference to `name` resolves to: the
    /// Go symbol a `cgo_export_static` directive names (internal
    /// linking), else `name` of version 0.
    pub fn host_lookup(&self, name: &[u8]) -> Option<SymId> {
        self.cgo_exports
            .get(name)
            .copied()
            .or_else(|| self.lookup(name, SymVer::Abi0))
    }

    /// Whether `s` is defined: by an object, or by the linker from a cgo
    /// directive.
    pub fn is_defined(&self, s: SymId) -> bool {
        let e = &self.syms[s.0 as usize];
        e.bits & (ENTRY_DEFINED | ENTRY_FROM_CGO) != 0 || e.host != NONE
    }

    /// `loadelf`: host object `host` defines `name` (version 0), unless a
    /// Go object already does.
    pub fn define_from_host(&mut self, name: &[u8], host: u32) {
        let id = match self.lookup(name, SymVer::Abi0) {
            Some(id) => id,
            None => self.add_sym(None, None, Cow::Owned(name.to_vec()), SymVer::Abi0, true),
        };
        if !self.is_defined(id) {
            self.syms[id.0 as usize].host = host;
        }
    }

    /// `setCgoAttr`: the cgo directives of every loaded object, in load
    /// order. `cgo_export_*` names a symbol (made if no object has it);
    /// `cgo_import_dynamic LOCAL REMOTE LIB` makes LOCAL (version 0)
    /// a dynamic import unless an object defines it with content;
    /// `cgo_import_static LOCAL` leaves LOCAL to a host object. Under
    /// `-d` (`no_dynamic`) a package's first `cgo_import_dynamic` is an
    /// error, and the rest of its directives are skipped.
    pub fn apply_cgo_directives(&mut self, internal: bool, no_dynamic: bool) -> Vec<Finding> {
        let mut out = Vec::new();
        let mut w = crate::residency::Window::new();
        for o in self.obj_ids() {
            w.step();
            for d in self.obj(o).obj.cgo_directives() {
                let (Some(verb), Some(local)) = (d.first(), d.get(1)) else {
                    continue;
                };
                if no_dynamic && verb == "cgo_import_dynamic" && (2..=4).contains(&d.len()) {
                    let lo = self.obj(o);
                    out.push(
                        Finding::new(
                            Category::Flag,
                            format!("{}: cannot use dynamic imports with -d flag", lo.pn()),
                            Reporter::Stderr,
                        )
                        .at(lo.file.clone(), lo.member.clone())
                        .package(lo.pkg.clone())
                        .symbol(local.clone())
                        .remedy(format!(
                            "drop -d, or build {} without cgo (CGO_ENABLED=0 or the netgo/osusergo tags)",
                            lo.pkg
                        )),
                    );
                    break;
                }
                if matches!(verb.as_str(), "cgo_export_static" | "cgo_export_dynamic") && (2..=4).contains(&d.len()) {
                    let ver = match d.get(3).map(String::as_str) {
                        Some("ABIInternal") if !self.one_abi => SymVer::AbiInternal,
                        _ => SymVer::Abi0,
                    };
                    // `LookupOrCreateSym`: a name no object has (the C
                    // name of an `//export`ed function) gets a symbol,
                    // which the loader numbers before the host objects'.
                    let id = self.lookup_or_add(None, Cow::Owned(local.as_bytes().to_vec()), ver);
                    if internal && verb == "cgo_export_static" {
                        self.cgo_exports.entry(local.as_bytes().to_vec()).or_insert(id);
                    }
                    continue;
                }
                let dynamic = verb == "cgo_import_dynamic" && (2..=4).contains(&d.len()) && local != "_";
                // Internal linking drops every cgo_import_static symbol
                // back to undefined once the host objects are loaded
                // (`loadcgodirectives`): only a host object that defines
                // it does. The external linker gets the host objects.
                let fixed = verb == "cgo_import_static" && d.len() == 2;
                if !dynamic && !fixed {
                    continue;
                }
                let name: Cow<'a, [u8]> = Cow::Owned(local.as_bytes().to_vec());
                let id = self.lookup_or_add(None, name, SymVer::Abi0);
                if fixed {
                    self.syms[id.0 as usize].bits |= ENTRY_CGO_STATIC;
                }
                if fixed && internal {
                    // Even a Go definition (runtime's `var __tsan_init
                    // byte`) is SHOSTOBJ, then type 0.
                    self.syms[id.0 as usize].clear_def();
                    self.syms[id.0 as usize].set_from_cgo(false);
                    continue;
                }
                let replaceable = match self.def(id) {
                    None => true,
                    Some(d) => {
                        let k = self.shape(d).kind.trim_end_matches("FIPS");
                        fixed || matches!(k, "SBSS" | "SNOPTRBSS" | "SXREF")
                    }
                };
                if replaceable {
                    self.syms[id.0 as usize].set_from_cgo(true);
                }
            }
        }
        out
    }

    fn set_local(&mut self, o: ObjId, idx: u32, s: SymId) {
        if let Some(slot) = self.locals[o.0 as usize].get_mut(idx as usize) {
            *slot = s.0;
        }
    }

    /// `LoadSyms`: package definitions of every object, then per object the
    /// hashed and non-package definitions (duplicates merged or refused).
    pub fn load_defs(&mut self) -> Vec<Finding> {
        let mut out = Vec::new();
        // Per object, the keys of its package then non-package definitions.
        let keys = self.per_object(|l, o| {
            let ob = l.obj(o).obj;
            let mut w = crate::residency::Window::new();
            ob.package_defs()
                .chain(ob.nonpkg_defs())
                .map(|idx| {
                    w.step();
                    l.record_key(o, idx).map(|(_, k)| k)
                })
                .collect::<Vec<_>>()
        });
        let mut w = crate::residency::Window::new();
        for o in self.obj_ids() {
            let keys = &keys[o.0 as usize];
            for (idx, k) in self.obj(o).obj.package_defs().zip(keys) {
                w.step();
                let Some(k) = *k else { continue };
                let id = self.add_package_def(Def { obj: o, idx }, k);
                self.set_local(o, idx, id);
            }
        }
        for o in self.obj_ids() {
            let ob = self.obj(o).obj;
            let nonpkg = ob.nonpkg_defs();
            let nonpkg_keys = &keys[o.0 as usize][ob.package_defs().len()..];
            for idx in ob.hashed_defs() {
                // Content-addressed: found by hash, never by name (the
                // loader does not read their names either). The linker
                // merges equal hashes into one symbol; for reachability
                // that changes nothing, so each keeps its own here
                // ([`Loader::go_index`] gives the linker's numbering).
                let Some(abi) = ob.sym_abi(idx) else { continue };
                let id = self.add_unnamed_def(Def { obj: o, idx }, SymVer::of(abi, o, self.one_abi));
                self.set_local(o, idx, id);
            }
            for (idx, k) in nonpkg.zip(nonpkg_keys) {
                w.step();
                let Some(k) = *k else { continue };
                let def = Def { obj: o, idx };
                if !k.findable {
                    let id = self.add_unnamed_def(def, k.ver);
                    self.set_local(o, idx, id);
                    continue;
                }
                match self.find_record(k, o, idx) {
                    None => {
                        let id = self.add_new_sym(Some(def), Some(def), Cow::Borrowed(&[]), k.ver, k.hash);
                        self.set_local(o, idx, id);
                    }
                    Some(old) => {
                        self.set_local(o, idx, old);
                        let name = self.name_of(o, idx).map(|(n, _)| n).unwrap_or_default();
                        out.extend(self.merge_dup(old, def, &name));
                    }
                }
            }
        }
        out
    }

    /// Whether `s` is defined as code (`STEXT`): the linker relocates it
    /// with the text, not with the data.
    pub fn is_text(&self, s: SymId) -> bool {
        self.def(s).is_some_and(|d| is_text_kind(self.def_kind(d)))
    }

    /// The linker's global index of `s` (`loader.Sym`, counting from 1):
    /// the loader numbers as this table does, except that it merges
    /// content-hashed definitions with equal hashes (short and long
    /// hashes apart) into one symbol, file-local ones too: `preloadSyms`
    /// reads no name or version of a hashed definition, so `addSym` never
    /// takes it for a static symbol (go1.16+; go1.15 hashes none).
    pub fn go_index(&self, s: SymId) -> u32 {
        let mut short = std::collections::HashSet::new();
        let mut long = std::collections::HashSet::new();
        let mut merged_before = 0u32;
        for o in self.obj_ids() {
            let ob = self.obj(o).obj;
            for idx in ob.hashed_defs() {
                let Some(id) = self.local(o, idx) else { continue };
                let first = match ob.content_hash(idx) {
                    Some(ContentHash::Short(h)) => short.insert(h),
                    Some(ContentHash::Long(h)) => long.insert(h),
                    None => true,
                };
                if !first && id < s {
                    merged_before += 1;
                }
            }
        }
        s.0 + 1 - merged_before
    }

    /// The kind the object's record gives definition `d` (`STEXT`,
    /// `SBSS`, …), whether or not it is the kept one.
    pub fn def_kind(&self, d: Def) -> &'static str {
        let ob = self.obj(d.obj).obj;
        ob.sym_kind(d.idx)
            .and_then(|k| ob.tables.symkind_name(k))
            .unwrap_or("Sxxx")
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
        let Some(od) = self.def(old) else {
            self.syms[old.0 as usize].set_def(new);
            return None;
        };
        let (o, n) = (self.shape(od), self.shape(new));
        if n.dupok && self.strictdups > 0 && (o.dupok || !self.target.release.non_dupok_wins()) {
            // checkdup runs first; with -strictdups=2 the link fails at
            // its end, but the loader goes on.
            if let Some(f) = self.checkdup(od, new, name) {
                self.strict_findings.push(f);
            }
        }
        match dup_verdict(self.target.release, o, n) {
            DupOutcome::TakeNew => {
                self.syms[old.0 as usize].set_def(new);
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
                Some(
                    Finding::new(Category::Duplicate, msg, Reporter::LogFatal)
                        .package(np.clone())
                        .detail(format!("defined in {} and in {}", no.pn(), oo.pn()))
                        .remedy(format!(
                            "keep one definition of {name} (two packages push the same go:linkname or assembly name)"
                        ))
                        .producer(no.obj.header.version.to_string())
                        .symbol(name.to_string())
                        .at(no.file.clone(), no.member.clone()),
                )
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
        Some(
            Finding::new(Category::Duplicate, msg, Reporter::Stderr)
                .at(no.file.clone(), no.member.clone())
                .package(no.pkg.clone())
                .symbol(name.clone())
                .detail(format!("defined in {} and in {}", no.pn(), oo.pn()))
                .remedy(format!(
                    "build every package that defines {name} with the same compiler and flags"
                ))
                .fails_link(self.strictdups > 1 && !allowed),
        )
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
        if self.flagged_linkname(o, s.flag2) {
            return true;
        }
        if lo.obj.from_assembler() {
            // go1.23–1.26 assemblers flag every named reference; the go1.27
            // loader takes every assembly reference as linknamed.
            return self.target.release.asm_refs_are_linknamed() || lo.rebuilt;
        }
        self.unflagged_pull(o, name)
    }

    /// Whether `Flag2` byte `flag2` of a symbol of `o` marks it as
    /// named by `//go:linkname` (go1.27: or `//go:linknamestd`) for the
    /// target's check.
    fn flagged_linkname(&self, o: ObjId, flag2: u8) -> bool {
        let f = self.masks[o.0 as usize].decode(flag2);
        f.linkname || (f.linkname_std && self.target.release.checks_linkname_std_refs())
    }

    /// Whether `name`, named by rebuilt object `o` of a release that
    /// writes no linkname flags, can only come from a `//go:linkname` in
    /// its source ([`pull_before_flags`]), so the rebuild keeps it.
    fn unflagged_pull(&self, o: ObjId, name: &[u8]) -> bool {
        let lo = self.obj(o);
        let producer = crate::check::target::release::LinkerRelease::new(lo.obj.release.minor);
        lo.rebuilt && !producer.writes_linkname_flags() && pull_before_flags(self.target, lo.obj, name)
    }

    /// Whether non-package reference `idx` of `o` is named by the source
    /// itself (a linkname pull, an assembly reference, or a function of
    /// its own package declared without a body): what a rebuild keeps.
    pub fn is_source_ref(&self, o: ObjId, idx: u32) -> bool {
        let Some(s) = self.local(o, idx) else { return false };
        let name = self.sym(s).name.clone();
        self.obj(o).obj.from_assembler() || self.is_linknamed_ref(o, idx, &name) || self.own_declaration(o, &name)
    }

    /// Whether `name` is an identifier of `o`'s own package that the
    /// compiler did not make up: a reference to it that `o` does not
    /// define comes from a declaration without a body in the source.
    fn own_declaration(&self, o: ObjId, name: &[u8]) -> bool {
        let Ok(name) = std::str::from_utf8(name) else {
            return false;
        };
        crate::gopath::symbol_package(name) == Some(path_to_prefix(&self.obj(o).pkg).as_str())
            && !crate::gopath::is_compiler_made(name)
    }

    fn linkname_finding(&self, o: ObjId, name: &str) -> Finding {
        let lo = self.obj(o);
        let r = LinknameRef {
            name,
            from: &lo.pkg,
            from_std: lo.obj.is_std(),
        };
        Finding::new(Category::Linkname, LinknameRule::message(r), Reporter::LogFatal).package(lo.pkg.clone()).remedy(format!(
                "{name} is not pushed by its package in {}: stop pulling it with //go:linkname, or link with -ldflags=-checklinkname=0",
                self.target.release
            )).producer(lo.obj.header.version.to_string()).symbol(name.to_string()).at(lo.file.clone(), lo.member.clone())
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
            let mut w = crate::residency::Window::new();
            for o in self.obj_ids() {
                let ob = self.obj(o).obj;
                for idx in ob.nonpkg_defs() {
                    w.step();
                    let Ok(s) = ob.sym(idx) else { continue };
                    // A linknamed var without data pulls (a var with data
                    // pushes); older objects carry no flag, so a rebuild
                    // keeps what only the source can have named.
                    let linkname = self.flagged_linkname(o, s.flag2) || self.unflagged_pull(o, s.name);
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
        // Per object, each non-package reference's key and whether the
        // linkname rule applies to it.
        let keys = self.per_object(|l, o| {
            let mut w = crate::residency::Window::new();
            l.obj(o)
                .obj
                .nonpkg_refs()
                .map(|idx| {
                    w.step();
                    // A reference is looked up, and added, whatever its
                    // name (`findable` is not asked).
                    let (name, k) = l.record_key(o, idx)?;
                    Some((k, rule.is_some() && l.is_linknamed_ref(o, idx, &name)))
                })
                .collect::<Vec<_>>()
        });
        let mut w = crate::residency::Window::new();
        for o in self.obj_ids() {
            let ob = self.obj(o).obj;
            for (idx, k) in ob.nonpkg_refs().zip(&keys[o.0 as usize]) {
                w.step();
                let Some((k, linknamed)) = *k else { continue };
                let at = Def { obj: o, idx };
                let id = match self.find_record(k, o, idx) {
                    Some(id) => id,
                    None => self.add_new_sym(None, Some(at), Cow::Borrowed(&[]), k.ver, k.hash),
                };
                self.set_local(o, idx, id);
                if let Some(rule) = rule
                    && linknamed
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
    /// compiler indexed it like its own calls. Those it makes for a map
    /// operation (`walk.mapKeyArg` and friends) always pass the map's type
    /// descriptor, which the calling function refers to (`type:map[K]V`,
    /// or a named map type such as `type:net/http.Header`), or take it from
    /// a dictionary in a shape instantiation; a function calling a runtime
    /// map function without either can only be calling a pull.
    fn builtin_pulls(&mut self, o: ObjId) -> Vec<SymId> {
        let lo = self.obj(o);
        let ob = lo.obj;
        let producer = crate::check::target::release::LinkerRelease::new(ob.release.minor);
        if !lo.rebuilt || !producer.indexes_linknamed_builtins() || self.target.release.indexes_linknamed_builtins() {
            return Vec::new();
        }
        let mut seen = std::collections::BTreeSet::new();
        for i in 0..ob.ndef() {
            let Ok(rs) = ob.relocs(i) else { continue };
            let targets: Vec<SymRef> = rs.flatten().map(|r| r.sym).collect();
            let is_map_call = |r: &SymRef| {
                matches!(ob.target(*r), Ok(Target::Builtin(bi))
                    if ob.tables.builtin(bi).is_some_and(|(name, _)| name.starts_with("runtime.map")))
            };
            if !targets.iter().any(is_map_call) || self.passes_map_type(o, i, &targets) {
                continue;
            }
            // A function value of a map builtin (`F·f`, go1.15's `defer
            // delete(m, k)`) is the compiler's when a definition that
            // takes it also passes the map type (the deferred arguments).
            if ob.sym(i).is_ok_and(|s| s.name.ends_with("·f".as_bytes())) && self.funcval_user_passes_map_type(o, i) {
                continue;
            }
            seen.extend(targets.into_iter().filter(is_map_call));
        }
        seen.into_iter().filter_map(|r| self.resolve(o, r)).collect()
    }

    /// Whether a definition of `o` that refers to its function value
    /// `funcval` passes a map type descriptor to the runtime.
    fn funcval_user_passes_map_type(&mut self, o: ObjId, funcval: u32) -> bool {
        let ob = self.obj(o).obj;
        (0..ob.ndef()).filter(|&j| j != funcval).any(|j| {
            let Ok(rs) = ob.relocs(j) else { return false };
            let targets: Vec<SymRef> = rs.flatten().map(|r| r.sym).collect();
            targets
                .iter()
                .any(|r| matches!(ob.target(*r), Ok(Target::Local(k)) if k == funcval))
                && self.passes_map_type(o, j, &targets)
        })
    }

    /// Whether definition `i` of `o`, whose relocations name `targets`,
    /// can be passing a map type descriptor to the runtime: it is a shape
    /// instantiation (its types come from a dictionary), or it refers to a
    /// type descriptor that is a map's or whose kind cannot be read here
    /// (a fact not verified never makes a pull).
    fn passes_map_type(&mut self, o: ObjId, i: u32, targets: &[SymRef]) -> bool {
        let ob = self.obj(o).obj;
        if ob.sym(i).is_ok_and(|s| s.name.windows(9).any(|w| w == b"go.shape.")) {
            return true;
        }
        targets.iter().any(|&r| {
            // A reference the rebuild does not resolve (another package's
            // type by its name of the producer's release, `type.net/http.Header`
            // where the target says `type:`) is judged by that name.
            let id = self.resolve(o, r);
            let Some(name) = id.map(|id| self.name(id)).or_else(|| self.reference_name(o, r)) else {
                return false;
            };
            let Some(ty) = name.strip_prefix(b"type:").or_else(|| name.strip_prefix(b"type.")) else {
                return false;
            };
            if ty.starts_with(b"map[") {
                return true;
            }
            if ty.starts_with(b"*") || ty.starts_with(b"[]") || ty.starts_with(b"func(") || ty.starts_with(b"chan ") {
                return false;
            }
            id.and_then(|id| self.type_kind(id)).is_none_or(|k| k == KIND_MAP)
        })
    }

    /// The name reference `r` of object `o` gives its target: a rebuilt
    /// object's package reference by its `RefName`, a local one by its
    /// record.
    fn reference_name(&self, o: ObjId, r: SymRef) -> Option<Cow<'a, [u8]>> {
        match self.obj(o).obj.target(r).ok()? {
            Target::Local(idx) => self.name_of(o, idx).map(|(n, _)| n),
            Target::Package(..) => self.refnames[o.0 as usize].get(&r).map(|&n| Cow::Borrowed(n)),
            Target::Nil | Target::Builtin(_) => None,
        }
    }

    /// The kind (`abi.Kind`) of type descriptor `id`, read from its
    /// definition's data (`abi.Type.Kind_`, after two pointers, the hash
    /// and three bytes) when an object defines it with its contents.
    pub fn type_kind(&self, id: SymId) -> Option<u8> {
        let d = self.def(id)?;
        let lo = self.obj(d.obj);
        if lo.stub {
            return None;
        }
        let data = lo.obj.data(d.idx).ok()?;
        let at = (2 * self.target.ptr_size() + 7) as usize;
        data.get(at).map(|k| k & KIND_MASK)
    }

    /// The name of the Go type of defined symbol `s` (its `Gotype` aux),
    /// as `loader.SymGoType` gives it. For a rebuilt object, as the
    /// target's compiler names it (`type:T` from go1.20, `type.T` before).
    pub fn go_type_name(&mut self, s: SymId) -> Option<String> {
        let d = self.def(s)?;
        let ob = self.obj(d.obj).obj;
        let aux = ob.aux_named(d.idx, "Gotype")?;
        let t = self.resolve(d.obj, aux.sym)?;
        let name = self.sym(t).name_lossy();
        if !self.obj(d.obj).rebuilt {
            return Some(name);
        }
        Some(crate::gopath::made_symbol_in(&name, self.target.release.colon_symbol_names()).into_owned())
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
                out.push(
                    Finding::new(
                        Category::Missing,
                        format!("{}: reference to nonexistent package {pk}", lo.pkg),
                        Reporter::LogFatal,
                    )
                    .package(pk.clone())
                    .remedy(format!(
                        "provide a loadable archive of {pk} built by the target toolchain"
                    ))
                    .at(lo.file.clone(), None),
                );
            }
        }
        out
    }

    /// `Loader.resolve`: the global symbol a reference of object `o`
    /// points at (builtins become named references on first use).
    pub fn resolve(&mut self, o: ObjId, r: SymRef) -> Option<SymId> {
        match self.resolve_fixed(o, r) {
            Resolved::Nil => None,
            Resolved::Sym(id) => id,
            Resolved::Builtin(bi) => self.resolve_builtin(o, bi),
        }
    }

    /// What [`Loader::resolve`] finds without changing the table: every
    /// reference but a builtin's, which the loader names on first use
    /// ([`Loader::resolve_builtin`]).
    pub fn resolve_fixed(&self, o: ObjId, r: SymRef) -> Resolved {
        let ob: &GoObj<'a> = self.obj(o).obj;
        match ob.target(r) {
            Err(_) | Ok(Target::Nil) => Resolved::Nil,
            Ok(Target::Local(idx)) => Resolved::Sym(self.local(o, idx)),
            Ok(Target::Builtin(bi)) => Resolved::Builtin(bi),
            Ok(Target::Package(p, k)) => {
                // A rebuild renumbers every package's symbols: a rebuilt
                // object's index into another build means nothing, its
                // name (RefName) does.
                let refnames = &self.refnames[o.0 as usize];
                if !refnames.is_empty()
                    && let Some(name) = refnames.get(&r).copied()
                {
                    return Resolved::Sym(
                        [SymVer::AbiInternal, SymVer::Abi0]
                            .into_iter()
                            .filter_map(|v| self.lookup(name, v))
                            .find(|&id| self.is_defined(id)),
                    );
                }
                let tgt = self.pkg_objs[o.0 as usize].get(p as usize).copied().flatten();
                Resolved::Sym(tgt.and_then(|tgt| self.local(tgt, k)))
            }
        }
    }

    /// [`Loader::resolve`] of a reference that dead code resolved already
    /// (a relocation or followed aux symbol of a reachable symbol, whose
    /// builtins it named), read-only: passes over reachable code run side
    /// by side with it.
    pub fn resolve_known(&self, o: ObjId, r: SymRef) -> Option<SymId> {
        match self.resolve_fixed(o, r) {
            Resolved::Nil => None,
            Resolved::Sym(id) => id,
            Resolved::Builtin(bi) => self.builtin_known(o, bi).flatten(),
        }
    }

    /// Builtin `bi` of object `o` as the loader resolves it: named on
    /// first use, and the first one no Go object defines is remembered
    /// ([`Loader::missing_builtin`]), so the order of the calls is the
    /// order the linker meets them in.
    pub fn resolve_builtin(&mut self, o: ObjId, bi: u32) -> Option<SymId> {
        let id = match self.builtin_known(o, bi)? {
            Some(id) => id,
            None => {
                let (name, abi) = self.obj(o).obj.tables.builtin(bi)?;
                let ver = SymVer::of(u16::from(abi), o, self.one_abi);
                self.lookup_or_add(None, Cow::Borrowed(name.as_bytes()), ver)
            }
        };
        if let Some(slot) = self.builtin_ids[o.0 as usize].get_mut(bi as usize) {
            *slot = Some(id);
        }
        if self.missing_builtin.is_none() {
            self.missing_builtin = self.builtin_missing(o, bi, id);
        }
        Some(id)
    }

    /// Builtin `bi` of object `o` as [`Loader::resolve_builtin`] finds it,
    /// read-only: `None` when the object's release has no such builtin,
    /// `Some(None)` when resolving it would name a new symbol.
    pub fn builtin_known(&self, o: ObjId, bi: u32) -> Option<Option<SymId>> {
        if let Some(id) = self.builtin_ids[o.0 as usize].get(bi as usize).copied().flatten() {
            return Some(Some(id));
        }
        let (name, abi) = self.obj(o).obj.tables.builtin(bi)?;
        let ver = SymVer::of(u16::from(abi), o, self.one_abi);
        Some(self.lookup(name.as_bytes(), ver))
    }

    /// What [`Loader::missing_builtin`] records when object `o` resolves
    /// builtin `bi` to `id`, if anything.
    pub fn builtin_missing(&self, o: ObjId, bi: u32, id: SymId) -> Option<(String, String)> {
        // The linker knows a builtin by a Go definition only
        // (preloadSyms records builtinSyms there). A rebuilt
        // object calls what the target's compiler emits: of the
        // builtins its objects call, the rebuild keeps only the
        // instrumentation the build's flags ask for (-race, -msan,
        // -asan), if the target's compiler has it.
        if self.def(id).is_some() {
            return None;
        }
        let lo = self.obj(o);
        let name = self.sym(id).name_lossy();
        let abi = lo.obj.tables.builtin(bi).map(|(_, abi)| abi);
        let instrumentation = ["runtime.race", "runtime.msan", "runtime.asan"]
            .iter()
            .any(|p| name.starts_with(p));
        let target_has = self
            .target
            .tables
            .builtins
            .iter()
            .any(|&(n, a)| n == name && Some(a) == abi);
        (!lo.rebuilt || (instrumentation && target_has)).then(|| (name, lo.pkg.clone()))
    }
}

/// A reference as [`Loader::resolve_fixed`] finds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolved {
    /// No target (a nil reference, or one that does not read).
    Nil,
    /// A global symbol, if the reference is loaded.
    Sym(Option<SymId>),
    /// Builtin number `bi`, which the loader names on first use.
    Builtin(u32),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_keeps_its_version_definition_and_name_record_in_16_bytes() {
        assert_eq!(std::mem::size_of::<Entry>(), 16);
        let rec = Def { obj: ObjId(7), idx: 3 };
        for ver in [SymVer::Abi0, SymVer::AbiInternal, SymVer::Static(ObjId(7))] {
            let mut e = Entry::new(rec, true, ver);
            assert_eq!((e.def(), e.ver(), e.is_from_cgo()), (rec, ver, false));
            e.set_from_cgo(true);
            e.clear_def();
            // Dropping the definition keeps the record that names it.
            assert_eq!((e.def(), e.rec, e.ver(), e.is_from_cgo()), (NO_DEF, rec, ver, true));
            e.set_from_cgo(false);
            assert!(!e.is_from_cgo());
        }
        let named = Entry::new(
            Def {
                obj: ObjId(NONE),
                idx: 4,
            },
            false,
            SymVer::Abi0,
        );
        assert_eq!(named.def(), NO_DEF);
    }
}
