//! The dead-code pass with the linker's method liveness (`ld/deadcode.go`
//! `flood` and its loop), for links whose every object carries its
//! relocations: a method of a reachable type is kept only when an
//! interface call reached in the program can call it, by name and
//! signature, or when reflection can (a reachable `ReflectMethod`
//! function: exported methods), or a generic call by name.
//!
//! Per release, as Go writes it:
//! - go1.16+: a type's methods count only once the type is used in an
//!   interface (`UsedInIface`: the object flag, `R_USEIFACE` marks, and
//!   the child types of such a type); interface calls are the
//!   `R_USEIFACEMETHOD` marks (interface type and method offset); calls
//!   by name are `R_USEGENERICIFACEMETHOD` (go1.19–1.21) and
//!   `R_USENAMEDMETHOD` (go1.22+); `R_USEIFACE` may name an itab
//!   (go1.21+), whose type is its second word.
//! - go1.15: every reachable type's methods count; every method of every
//!   reachable interface type counts as called.
//! - until go1.21, a reachable `reflect.Value.Method` or `MethodByName`
//!   also counts as reflection.
//!
//! A method's signature is its name (from its name data: a 2-byte length
//! until go1.16, a uvarint after) and its function type's descriptor
//! symbol, which the loader merges by name as Go's does (go1.15 compares
//! the parameter types' names instead, which differs only between
//! `func(...T)` and `func([]T)`). Marker relocations
//! are not edges. Links that can load code later (plugins, shared
//! libraries) keep every method of a reachable type, which
//! [`crate::check::ld::deadcode::mark`] already does.

use rustc_hash::FxHashSet as HashSet;

use crate::check::ld::deadcode::{Reach, followed_aux, judge, root_ids};
use crate::check::loader::{KIND_INTERFACE, Loader, SymId, SymVer};
use crate::read::bytes::uvarint;
use crate::read::goobj::Reloc;

/// `SymFlagReflectMethod` (the `Flag` byte, every release).
const FLAG_REFLECT_METHOD: u8 = 1 << 5;
/// `SymFlagGoType`.
const FLAG_GO_TYPE: u8 = 1 << 6;
/// `Flag2` `SymFlagUsedInIface` (go1.19+).
const FLAG2_USED_IN_IFACE: u8 = 1;
/// `Flag2` `SymFlagItab` (go1.19+).
const FLAG2_ITAB: u8 = 2;

/// A method signature: name (its number among the names the pass has
/// seen, [`Pass::name_id`]) and function type (by symbol name).
type MethodSig = (u32, Option<SymId>);

/// A method of a reachable type: the type, the index of its first
/// `R_METHODOFF` relocation, its signature, whether its name is exported.
struct MethodRef {
    ty: SymId,
    reloc: usize,
    sig: MethodSig,
    exported: bool,
}

/// The pass's state.
struct Pass<'l, 'o, 'v, 'a> {
    l: &'l mut Loader<'o, 'v, 'a>,
    reach: Reach,
    queue: Vec<SymId>,
    used_in_iface: Vec<bool>,
    markable: Vec<MethodRef>,
    iface_methods: HashSet<MethodSig>,
    named_methods: HashSet<u32>,
    /// Method names by number, copied out of the objects once: the
    /// liveness loop asks about every pending method on each round, and
    /// reading the names from the objects would keep their pages mapped.
    names: rustc_hash::FxHashMap<Box<[u8]>, u32>,
    reflect_seen: bool,
    release: crate::check::target::release::LinkerRelease,
    ptr_size: i32,
    big_endian: bool,
    scratch: Vec<(Reloc, Option<SymId>)>,
    /// The followed aux symbols of the symbol being flooded.
    aux_scratch: Vec<SymId>,
    /// Each relocation type's role under the tables last asked about
    /// (one release's tables serve most objects of a link).
    roles: (usize, Vec<Role>),
    window: crate::residency::Window,
}

/// What the dead-code pass does with a relocation, by its type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// `R_METHODOFF`: a method table entry.
    MethodOff,
    /// `R_USETYPE`: no edge.
    UseType,
    /// `R_USEIFACE`: a type converted to an interface.
    UseIface,
    /// `R_USEIFACEMETHOD`: an interface method called.
    UseIfaceMethod,
    /// `R_USEGENERICIFACEMETHOD`, `R_USENAMEDMETHOD`: a method by name.
    UseNamedMethod,
    /// Anything else: an edge.
    Edge,
}

impl Role {
    fn of(name: &str) -> Role {
        match name {
            "R_METHODOFF" => Role::MethodOff,
            "R_USETYPE" => Role::UseType,
            "R_USEIFACE" => Role::UseIface,
            "R_USEIFACEMETHOD" => Role::UseIfaceMethod,
            "R_USEGENERICIFACEMETHOD" | "R_USENAMEDMETHOD" => Role::UseNamedMethod,
            _ => Role::Edge,
        }
    }
}

/// Marks what is reachable from `roots`, with the linker's method
/// liveness (see the module doc).
pub fn mark(l: &mut Loader<'_, '_, '_>, roots: &[String]) -> Reach {
    let release = l.target.release;
    let ptr_size = l.target.ptr_size() as i32;
    let big_endian = l.target.big_endian();
    let mut used_in_iface = vec![false; l.nsyms()];
    if release.tracks_used_in_iface() {
        // The loader sets the attribute from every object's definition,
        // duplicates included.
        let mut w = crate::residency::Window::new();
        for o in l.obj_ids() {
            let ob = l.obj(o).obj;
            for idx in 0..ob.ndef() {
                w.step();
                if ob.sym_flags(idx).is_some_and(|(_, f2)| f2 & FLAG2_USED_IN_IFACE != 0)
                    && let Some(id) = l.local(o, idx)
                {
                    used_in_iface[id.0 as usize] = true;
                }
            }
        }
    }
    let mut p = Pass {
        reach: Reach {
            marked: vec![false; l.nsyms()],
            ..Reach::default()
        },
        l,
        queue: Vec::new(),
        used_in_iface,
        markable: Vec::new(),
        iface_methods: HashSet::default(),
        named_methods: HashSet::default(),
        names: Default::default(),
        reflect_seen: false,
        release,
        ptr_size,
        big_endian,
        scratch: Vec::new(),
        aux_scratch: Vec::new(),
        roles: (0, Vec::new()),
        window: crate::residency::Window::new(),
    };
    for id in root_ids(p.l, roots) {
        p.mark(id);
    }
    p.flood();
    let reflect_fns: Vec<SymId> = ["reflect.Value.Method", "reflect.Value.MethodByName"]
        .iter()
        .filter_map(|n| p.l.lookup(n.as_bytes(), SymVer::AbiInternal))
        .collect();
    loop {
        if p.release.reflect_method_callers_keep_exported() {
            p.reflect_seen |= reflect_fns.iter().any(|&f| p.marked(f));
        }
        let pending = std::mem::take(&mut p.markable);
        for m in pending {
            p.window.step();
            if (p.reflect_seen && m.exported) || p.iface_methods.contains(&m.sig) || p.named_methods.contains(&m.sig.0)
            {
                p.mark_method(&m);
            } else {
                p.markable.push(m);
            }
        }
        if p.queue.is_empty() {
            break;
        }
        p.flood();
    }
    let mut reach = p.reach;
    reach.marked.resize(p.l.nsyms(), false);
    reach.exact = true;
    reach
}

impl<'a> Pass<'_, '_, '_, 'a> {
    fn grow(&mut self, id: SymId) {
        let n = self.l.nsyms().max(id.0 as usize + 1);
        if self.reach.marked.len() < n {
            self.reach.marked.resize(n, false);
            self.used_in_iface.resize(n, false);
        }
    }

    fn marked(&self, id: SymId) -> bool {
        self.reach.marked.get(id.0 as usize).copied().unwrap_or(false)
    }

    fn mark(&mut self, id: SymId) {
        self.grow(id);
        if !self.reach.marked[id.0 as usize] {
            self.reach.marked[id.0 as usize] = true;
            self.queue.push(id);
        }
    }

    /// `SetAttrUsedInIface`, re-flooding the type if it was reached
    /// without it (its methods count from now on).
    fn use_in_iface(&mut self, id: SymId) {
        self.grow(id);
        if !self.used_in_iface[id.0 as usize] {
            self.used_in_iface[id.0 as usize] = true;
            if self.reach.marked[id.0 as usize] {
                self.reach.marked[id.0 as usize] = false;
                self.mark(id);
            }
        }
    }

    /// The `Flag` and `Flag2` bytes of `id`'s definition.
    fn flags(&self, id: SymId) -> (u8, u8) {
        let Some(d) = self.l.def(id) else { return (0, 0) };
        self.l.obj(d.obj).obj.sym_flags(d.idx).unwrap_or((0, 0))
    }

    /// `id`'s relocations, resolved, in a buffer reused from the last
    /// call (give it back with [`Pass::give_back`]).
    fn relocs(&mut self, id: SymId) -> Vec<(Reloc, Option<SymId>)> {
        let mut out = std::mem::take(&mut self.scratch);
        out.clear();
        let Some(d) = self.l.def(id) else { return out };
        let ob = self.l.obj(d.obj).obj;
        let Ok(rs) = ob.relocs(d.idx) else { return out };
        for r in rs.flatten() {
            out.push((r, self.l.resolve(d.obj, r.sym)));
        }
        out
    }

    fn give_back(&mut self, buf: Vec<(Reloc, Option<SymId>)>) {
        self.scratch = buf;
    }

    /// `id`'s `k`th relocation and after, `n` of them, resolved.
    fn relocs_from(&mut self, id: SymId, k: usize, n: usize) -> Vec<Option<SymId>> {
        let Some(d) = self.l.def(id) else { return Vec::new() };
        let ob = self.l.obj(d.obj).obj;
        let Ok(rs) = ob.relocs(d.idx) else { return Vec::new() };
        let rs: Vec<Reloc> = rs.skip(k).take(n).flatten().collect();
        rs.into_iter().map(|r| self.l.resolve(d.obj, r.sym)).collect()
    }

    /// `decodeRelocSym`: the target of `id`'s relocation at `off`.
    fn reloc_at(&mut self, id: SymId, off: i64) -> Option<SymId> {
        let d = self.l.def(id)?;
        let ob = self.l.obj(d.obj).obj;
        let r = ob.relocs(d.idx).ok()?.flatten().find(|r| i64::from(r.off) == off)?;
        self.l.resolve(d.obj, r.sym)
    }

    /// `decodetypeName`: the name in the name data `id`'s relocation at
    /// `off` points at.
    fn name_at(&mut self, id: SymId, off: i64) -> &'a [u8] {
        match self.reloc_at(id, off) {
            Some(n) => self.name_in(n),
            None => &[],
        }
    }

    /// The name held by name data `n`.
    fn name_in(&self, n: SymId) -> &'a [u8] {
        let data = self.data(n);
        let (len, at) = if !self.release.name_length_is_uvarint() {
            let len = data.get(1..3).map_or(0, |b| usize::from(b[0]) << 8 | usize::from(b[1]));
            (len, 3)
        } else {
            uvarint(data.get(1..).unwrap_or_default()).map_or((0, 1), |(v, k)| (v as usize, 1 + k))
        };
        data.get(at..at + len).unwrap_or_default()
    }

    fn data(&self, id: SymId) -> &'a [u8] {
        let Some(d) = self.l.def(id) else { return &[] };
        self.l.obj(d.obj).obj.data(d.idx).unwrap_or_default()
    }

    /// `decodeIfaceMethod`: the method of interface type `iface` whose
    /// imethod is at `off`.
    fn iface_method(&mut self, iface: SymId, off: i64) -> MethodSig {
        let name = self.name_at(iface, off);
        (self.name_id(name), self.reloc_at(iface, off + 4))
    }

    /// The number of method name `name`.
    fn name_id(&mut self, name: &[u8]) -> u32 {
        if let Some(&id) = self.names.get(name) {
            return id;
        }
        let id = self.names.len() as u32;
        self.names.insert(name.into(), id);
        id
    }

    /// go1.15: every method of a reachable interface type is called.
    fn iface_methods_115(&mut self, id: SymId) {
        let common = i64::from(4 * self.ptr_size + 16);
        if self.l.type_kind(id) != Some(KIND_INTERFACE) {
            return;
        }
        let data = self.data(id);
        let len_at = (common + 2 * i64::from(self.ptr_size)) as usize;
        let count = data.get(len_at..len_at + self.ptr_size as usize).map_or(0, |b| {
            let be = |b: &mut dyn Iterator<Item = &u8>| b.fold(0u64, |a, &x| a << 8 | u64::from(x));
            if self.big_endian {
                be(&mut b.iter())
            } else {
                be(&mut b.iter().rev())
            }
        });
        let Some((r, t)) = self
            .relocs(id)
            .into_iter()
            .find(|(r, _)| i64::from(r.off) == common + i64::from(self.ptr_size))
        else {
            return;
        };
        if t != Some(id) {
            return;
        }
        for k in 0..count.min(1 << 16) as i64 {
            let sig = self.iface_method(id, r.add + 8 * k);
            self.iface_methods.insert(sig);
        }
    }

    /// `markMethod`: the method's type, interface and direct entries.
    fn mark_method(&mut self, m: &MethodRef) {
        for t in self.relocs_from(m.ty, m.reloc, 3).into_iter().flatten() {
            self.mark(t);
        }
    }

    /// The role of relocation type `typ` under `tables`.
    fn role(&mut self, tables: &'static crate::tables::ReleaseTables, typ: u16) -> Role {
        let key = tables as *const _ as usize;
        if self.roles.0 != key {
            let n = usize::from(tables.reloc.0) + tables.reloc.1.len();
            let roles = (0..n as u16)
                .map(|t| Role::of(tables.reloc_name(t).unwrap_or("")))
                .collect();
            self.roles = (key, roles);
        }
        let base = tables.reloc_base(typ) as usize;
        self.roles.1.get(base).copied().unwrap_or(Role::Edge)
    }

    fn flood(&mut self) {
        while let Some(id) = self.queue.pop() {
            self.window.step();
            if self.l.host(id).is_some() {
                self.reach.hosts.insert(id);
            }
            let Some(def) = self.l.def(id) else { continue };
            let (flag, _) = self.flags(id);
            self.reflect_seen |= flag & FLAG_REFLECT_METHOD != 0;
            let is_type = flag & FLAG_GO_TYPE != 0;
            let used_in_iface = is_type && (!self.release.tracks_used_in_iface() || self.used_in_iface[id.0 as usize]);
            if is_type && !self.release.tracks_used_in_iface() {
                self.iface_methods_115(id);
            }
            let ob = self.l.obj(def.obj).obj;
            let plen = ob.data(def.idx).map_or(0, |d| d.len());
            let tables = ob.tables;
            let rs = self.relocs(id);
            let mut methods = Vec::new();
            let mut i = 0;
            while i < rs.len() {
                let (r, target) = rs[i];
                judge(self.l, &mut self.reach, id, def, &r, target, plen);
                i += 1;
                if tables.reloc_is_weak(r.typ) {
                    continue;
                }
                match self.role(tables, r.typ) {
                    Role::MethodOff => {
                        if used_in_iface {
                            methods.push(i - 1);
                            if self.release.tracks_used_in_iface()
                                && let Some(t) = target
                            {
                                self.use_in_iface(t);
                            }
                        }
                        // The type's and the two entries' relocations.
                        for (r2, t2) in rs.iter().skip(i).take(2) {
                            judge(self.l, &mut self.reach, id, def, r2, *t2, plen);
                        }
                        i += 2;
                        continue;
                    }
                    Role::UseType => continue,
                    Role::UseIface => {
                        if let Some(mut t) = target {
                            if self.release.useiface_of_itab_marks_its_type()
                                && self.flags(t).1 & FLAG2_ITAB != 0
                                && let Some(ty) = self.reloc_at(t, i64::from(self.ptr_size))
                            {
                                t = ty;
                            }
                            self.use_in_iface(t);
                        }
                        continue;
                    }
                    Role::UseIfaceMethod => {
                        if let Some(t) = target {
                            let sig = self.iface_method(t, r.add);
                            self.iface_methods.insert(sig);
                        }
                        continue;
                    }
                    Role::UseNamedMethod => {
                        if let Some(t) = target {
                            let name = self.data(t);
                            let id = self.name_id(name);
                            self.named_methods.insert(id);
                        }
                        continue;
                    }
                    Role::Edge => {}
                }
                let Some(t) = target else { continue };
                if used_in_iface && self.release.tracks_used_in_iface() && self.flags(t).0 & FLAG_GO_TYPE != 0 {
                    // A child type of a type used in an interface can be
                    // obtained by reflection: it is used too.
                    self.use_in_iface(t);
                }
                self.mark(t);
            }
            let mut aux = std::mem::take(&mut self.aux_scratch);
            aux.clear();
            followed_aux(self.l, def, &mut aux);
            for &t in &aux {
                self.mark(t);
            }
            self.aux_scratch = aux;
            for j in methods {
                // The method's name offset is the word before its type's.
                let name_off = rs[j].0.off.wrapping_sub(4);
                let name = rs[..j]
                    .iter()
                    .rev()
                    .find(|(r, _)| r.off == name_off)
                    .and_then(|(_, t)| *t)
                    .map(|n| self.name_in(n))
                    .unwrap_or_default();
                let ty = rs[j].1;
                let exported = std::str::from_utf8(name)
                    .ok()
                    .and_then(|s| s.chars().next())
                    .is_some_and(char::is_uppercase);
                let sig = (self.name_id(name), ty);
                self.markable.push(MethodRef {
                    ty: id,
                    reloc: j,
                    sig,
                    exported,
                });
            }
            self.give_back(rs);
        }
    }
}
