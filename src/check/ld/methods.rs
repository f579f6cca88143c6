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
//!
//! A large link is flooded on every core (rayon tasks that hand half their
//! stack to an idle thread; marks and the used-in-interface attribute are
//! atomic): the reachable set, the methods kept and each symbol's
//! relocation problems (in its relocations' order) are the same whatever
//! order the symbols are flooded in. What is not, the first runtime
//! builtin no Go object defines (the linker stops at the first it meets),
//! sends the pass back to one thread, in the linker's order. Between the
//! floods the liveness loop runs on one thread.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use rustc_hash::FxHashSet as HashSet;

use crate::check::ld::deadcode::{Reach, RelocProblem, followed_aux, judge, root_ids};
use crate::check::ld::decodesym;
use crate::check::loader::{KIND_INTERFACE, Loader, ObjId, Resolved, SymId, SymVer};
use crate::read::goobj::{Reloc, SymRef};
use crate::read::goobj::{SYM_FLAG_GO_TYPE, SYM_FLAG_REFLECT_METHOD, SYM_FLAG2_ITAB, SYM_FLAG2_USED_IN_IFACE};

/// Links with fewer symbols are flooded on one thread.
const PARALLEL_MIN_SYMS: usize = 1 << 15;
/// A worker hands half its stack to an idle thread past this depth.
const SPLIT_AT: usize = 64;

/// A method signature: name (its number among the names the pass has
/// seen, [`Common::name_id`]) and function type (by symbol name).
type MethodSig = (u32, Option<SymId>);

/// A method of a reachable type: the type, the index of its first
/// `R_METHODOFF` relocation, its signature, whether its name is exported.
struct MethodRef {
    ty: SymId,
    reloc: usize,
    sig: MethodSig,
    exported: bool,
}

/// What dead code does with a relocation, by its type.
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

    /// Each relocation type's role under `tables`.
    fn table(tables: &crate::tables::ReleaseTables) -> Vec<Role> {
        let n = usize::from(tables.reloc.0) + tables.reloc.1.len();
        (0..n as u16)
            .map(|t| Role::of(tables.reloc_name(t).unwrap_or("")))
            .collect()
    }
}

/// How a worker reads the loader and resolves references.
trait Syms<'o, 'v: 'o, 'a: 'v> {
    fn l(&self) -> &Loader<'o, 'v, 'a>;
    /// `Loader.resolve`; `None` also where the flood had to stop.
    fn resolve(&mut self, o: ObjId, r: SymRef) -> Option<SymId>;
}

/// The pass alone on the loader, in the linker's order: builtins are
/// named and the first undefined one remembered as the loader does
/// ([`Loader::resolve_builtin`]).
struct Alone<'x, 'o, 'v, 'a>(&'x mut Loader<'o, 'v, 'a>);

impl<'o, 'v, 'a> Syms<'o, 'v, 'a> for Alone<'_, 'o, 'v, 'a> {
    fn l(&self) -> &Loader<'o, 'v, 'a> {
        self.0
    }
    fn resolve(&mut self, o: ObjId, r: SymRef) -> Option<SymId> {
        self.0.resolve(o, r)
    }
}

/// One of the workers of a parallel flood, reading the loader only: a
/// builtin that would be named now or that no Go object defines (where
/// the linker stops at the first it meets, an order only the pass alone
/// keeps) stops the flood.
struct Shared<'x, 'o, 'v, 'a> {
    l: &'x Loader<'o, 'v, 'a>,
    stop: &'x AtomicBool,
}

impl<'o, 'v, 'a> Syms<'o, 'v, 'a> for Shared<'_, 'o, 'v, 'a> {
    fn l(&self) -> &Loader<'o, 'v, 'a> {
        self.l
    }
    fn resolve(&mut self, o: ObjId, r: SymRef) -> Option<SymId> {
        match self.l.resolve_fixed(o, r) {
            Resolved::Nil => None,
            Resolved::Sym(id) => id,
            Resolved::Builtin(bi) => match self.l.builtin_known(o, bi)? {
                Some(id) if self.l.builtin_missing(o, bi, id).is_none() => Some(id),
                _ => {
                    self.stop.store(true, Ordering::Relaxed);
                    None
                }
            },
        }
    }
}

/// What every worker shares: the marks, the types used in an interface,
/// the method names, the release's facts.
struct Common {
    release: crate::check::target::release::LinkerRelease,
    ptr_size: i32,
    big_endian: bool,
    marked: Vec<AtomicBool>,
    used_in_iface: Vec<AtomicBool>,
    /// Method names by number, copied out of the objects once: the
    /// liveness loop asks about every pending method on each round, and
    /// reading the names from the objects would keep their pages mapped.
    names: Mutex<rustc_hash::FxHashMap<Box<[u8]>, u32>>,
    /// A parallel flood met what only the pass alone can order.
    stop: AtomicBool,
}

impl Common {
    /// For `l`, with room for `room` symbols (builtins the pass alone
    /// names are numbered after the loader's).
    fn new(l: &Loader<'_, '_, '_>, room: usize) -> Common {
        let release = l.target.release;
        let used_in_iface: Vec<AtomicBool> = (0..room).map(|_| AtomicBool::new(false)).collect();
        if release.tracks_used_in_iface() {
            // The loader sets the attribute from every object's definition,
            // duplicates included.
            let used = l.per_object(|l, o| {
                let ob = l.obj(o).obj;
                (0..ob.ndef())
                    .filter(|&idx| {
                        ob.sym_flags(idx)
                            .is_some_and(|(_, f2)| f2 & SYM_FLAG2_USED_IN_IFACE != 0)
                    })
                    .filter_map(|idx| l.local(o, idx))
                    .collect::<Vec<SymId>>()
            });
            for id in used.into_iter().flatten() {
                used_in_iface[id.0 as usize].store(true, Ordering::Relaxed);
            }
        }
        Common {
            release,
            ptr_size: l.target.ptr_size() as i32,
            big_endian: l.target.big_endian(),
            marked: (0..room).map(|_| AtomicBool::new(false)).collect(),
            used_in_iface,
            names: Mutex::new(Default::default()),
            stop: AtomicBool::new(false),
        }
    }

    fn marked(&self, id: SymId) -> bool {
        self.marked.get(id.0 as usize).is_some_and(|m| m.load(Ordering::SeqCst))
    }

    /// The number of method name `name`.
    fn name_id(&self, name: &[u8]) -> u32 {
        let mut names = self.names.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(&id) = names.get(name) {
            return id;
        }
        let id = names.len() as u32;
        names.insert(name.into(), id);
        id
    }
}

/// What a worker found: the relocation problems of what it flooded, the
/// host symbols reached, the methods of types used in an interface, the
/// interface and named method calls, whether reflection was reached.
#[derive(Default)]
struct Found {
    problems: Vec<(SymId, RelocProblem)>,
    hosts: Vec<SymId>,
    markable: Vec<MethodRef>,
    iface_methods: HashSet<MethodSig>,
    named_methods: HashSet<u32>,
    reflect_seen: bool,
}

impl Found {
    fn merge(&mut self, other: Found) {
        self.problems.extend(other.problems);
        self.hosts.extend(other.hosts);
        self.markable.extend(other.markable);
        self.iface_methods.extend(other.iface_methods);
        self.named_methods.extend(other.named_methods);
        self.reflect_seen |= other.reflect_seen;
    }
}

/// Marks what is reachable from `roots`, with the linker's method
/// liveness (see the module doc). A large link is flooded on every core;
/// the reachable set, the relocation problems of each symbol (in its
/// relocations' order) and the methods kept do not depend on the order
/// symbols are flooded in, and what does (the first undefined builtin
/// met) sends the pass back to one thread in the linker's order.
pub fn mark(l: &mut Loader<'_, '_, '_>, roots: &[String]) -> Reach {
    let roots = root_ids(l, roots);
    let reflect_fns: Vec<SymId> = ["reflect.Value.Method", "reflect.Value.MethodByName"]
        .iter()
        .filter_map(|n| l.lookup(n.as_bytes(), SymVer::AbiInternal))
        .collect();
    if l.nsyms() >= PARALLEL_MIN_SYMS && crate::par::threads() > 1 {
        let c = Common::new(l, l.nsyms());
        if let Some(found) = in_parallel(l, &c, &roots, &reflect_fns) {
            return reach(l, c, found);
        }
    }
    // Builtins the pass names are numbered after the loader's symbols.
    let mut seen = HashSet::default();
    let builtins: usize = l
        .objs
        .iter()
        .filter(|o| seen.insert(o.obj.tables as *const _ as usize))
        .map(|o| o.obj.tables.builtins.len())
        .sum();
    let c = Common::new(l, l.nsyms() + builtins);
    let mut w = Worker::new(Alone(l), &c);
    for id in roots {
        w.mark(id);
    }
    w.flood();
    while w.liveness_round(&reflect_fns) {
        w.flood();
    }
    let found = std::mem::take(&mut w.found);
    reach(l, c, found)
}

/// The pass with its floods on every core; `None` if one stopped.
fn in_parallel(l: &Loader<'_, '_, '_>, c: &Common, roots: &[SymId], reflect_fns: &[SymId]) -> Option<Found> {
    let mut w = Worker::new(Shared { l, stop: &c.stop }, c);
    for &id in roots {
        w.mark(id);
    }
    loop {
        let seeds = std::mem::take(&mut w.stack);
        for f in flood_in_parallel(l, c, seeds) {
            w.found.merge(f);
        }
        if c.stop.load(Ordering::Relaxed) {
            return None;
        }
        if !w.liveness_round(reflect_fns) {
            break;
        }
    }
    if c.stop.load(Ordering::Relaxed) {
        return None;
    }
    Some(w.found)
}

/// Floods from `seeds` on the worker threads: a worker whose stack grows
/// past [`SPLIT_AT`] while a thread is idle hands it half.
fn flood_in_parallel(l: &Loader<'_, '_, '_>, c: &Common, seeds: Vec<SymId>) -> Vec<Found> {
    let out = Mutex::new(Vec::new());
    let busy = AtomicUsize::new(0);
    rayon::scope(|s| spawn_flood(s, l, c, seeds, &out, &busy));
    out.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn spawn_flood<'s, 'o, 'v, 'a>(
    s: &rayon::Scope<'s>,
    l: &'s Loader<'o, 'v, 'a>,
    c: &'s Common,
    stack: Vec<SymId>,
    out: &'s Mutex<Vec<Found>>,
    busy: &'s AtomicUsize,
) {
    busy.fetch_add(1, Ordering::SeqCst);
    let threads = crate::par::threads().min(rayon::current_num_threads());
    s.spawn(move |s| {
        let mut w = Worker::new(Shared { l, stop: &c.stop }, c);
        w.stack = stack;
        while let Some(id) = w.stack.pop() {
            if c.stop.load(Ordering::Relaxed) {
                break;
            }
            w.process(id);
            if w.stack.len() >= SPLIT_AT && busy.load(Ordering::Relaxed) < threads {
                let half = w.stack.split_off(w.stack.len() / 2);
                spawn_flood(s, l, c, half, out, busy);
            }
        }
        busy.fetch_sub(1, Ordering::SeqCst);
        let found = std::mem::take(&mut w.found);
        out.lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(found);
    });
}

/// The reachable set and what the floods found.
fn reach(l: &Loader<'_, '_, '_>, c: Common, found: Found) -> Reach {
    let mut marked: Vec<bool> = c.marked.into_iter().map(AtomicBool::into_inner).collect();
    marked.resize(l.nsyms(), false);
    Reach {
        marked,
        problems: found.problems,
        hosts: found.hosts.into_iter().collect(),
        exact: true,
    }
}

/// One flooding thread's state.
struct Worker<'c, S> {
    syms: S,
    c: &'c Common,
    stack: Vec<SymId>,
    found: Found,
    /// Each relocation type's role under the tables last asked about
    /// (one release's tables serve most objects of a link).
    roles: (usize, Vec<Role>),
    scratch: Vec<(Reloc, Option<SymId>)>,
    /// The followed aux symbols of the symbol being flooded.
    aux_scratch: Vec<SymId>,
    window: crate::residency::Window,
}

impl<'c, 'o, 'v: 'o, 'a: 'v, S: Syms<'o, 'v, 'a>> Worker<'c, S> {
    fn new(syms: S, c: &'c Common) -> Self {
        Worker {
            syms,
            c,
            stack: Vec::new(),
            found: Found::default(),
            roles: (0, Vec::new()),
            scratch: Vec::new(),
            aux_scratch: Vec::new(),
            window: crate::residency::Window::new(),
        }
    }

    fn mark(&mut self, id: SymId) {
        let Some(m) = self.c.marked.get(id.0 as usize) else {
            return;
        };
        if !m.load(Ordering::Relaxed) && !m.swap(true, Ordering::SeqCst) {
            self.stack.push(id);
        }
    }

    /// `SetAttrUsedInIface`, flooding the type again if it was reached
    /// without it (its methods count from now on).
    fn use_in_iface(&mut self, id: SymId) {
        let Some(u) = self.c.used_in_iface.get(id.0 as usize) else {
            return;
        };
        if !u.load(Ordering::Relaxed) && !u.swap(true, Ordering::SeqCst) && self.c.marked(id) {
            self.stack.push(id);
        }
    }

    fn used_in_iface(&self, id: SymId) -> bool {
        self.c
            .used_in_iface
            .get(id.0 as usize)
            .is_some_and(|u| u.load(Ordering::SeqCst))
    }

    /// The `Flag` and `Flag2` bytes of `id`'s definition.
    fn flags(&self, id: SymId) -> (u8, u8) {
        let l = self.syms.l();
        let Some(d) = l.def(id) else { return (0, 0) };
        l.obj(d.obj).obj.sym_flags(d.idx).unwrap_or((0, 0))
    }

    /// `id`'s relocations, resolved, in a buffer reused from the last
    /// call (give it back to `scratch`).
    fn relocs(&mut self, id: SymId) -> Vec<(Reloc, Option<SymId>)> {
        let mut out = std::mem::take(&mut self.scratch);
        out.clear();
        let Some(d) = self.syms.l().def(id) else { return out };
        let ob = self.syms.l().obj(d.obj).obj;
        let Ok(rs) = ob.relocs(d.idx) else { return out };
        for r in rs.flatten() {
            out.push((r, self.syms.resolve(d.obj, r.sym)));
        }
        out
    }

    /// `id`'s `k`th relocation and after, `n` of them, resolved.
    fn relocs_from(&mut self, id: SymId, k: usize, n: usize) -> Vec<Option<SymId>> {
        let Some(d) = self.syms.l().def(id) else {
            return Vec::new();
        };
        let ob = self.syms.l().obj(d.obj).obj;
        let Ok(rs) = ob.relocs(d.idx) else { return Vec::new() };
        let rs: Vec<Reloc> = rs.skip(k).take(n).flatten().collect();
        rs.into_iter().map(|r| self.syms.resolve(d.obj, r.sym)).collect()
    }

    /// `decodeRelocSym`: the target of `id`'s relocation at `off`.
    fn reloc_at(&mut self, id: SymId, off: i64) -> Option<SymId> {
        let d = self.syms.l().def(id)?;
        let ob = self.syms.l().obj(d.obj).obj;
        let r = ob.relocs(d.idx).ok()?.flatten().find(|r| i64::from(r.off) == off)?;
        self.syms.resolve(d.obj, r.sym)
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
        decodesym::name_in_data(self.data(n), self.c.release.name_length_is_uvarint())
    }

    fn data(&self, id: SymId) -> &'a [u8] {
        let l = self.syms.l();
        let Some(d) = l.def(id) else { return &[] };
        l.obj(d.obj).obj.data(d.idx).unwrap_or_default()
    }

    /// `decodeIfaceMethod`: the method of interface type `iface` whose
    /// imethod is at `off`.
    fn iface_method(&mut self, iface: SymId, off: i64) -> MethodSig {
        let name = self.name_at(iface, off);
        (self.c.name_id(name), self.reloc_at(iface, off + 4))
    }

    /// go1.15: every method of a reachable interface type is called.
    fn iface_methods_115(&mut self, id: SymId) {
        let ptr_size = self.c.ptr_size;
        let common = i64::from(4 * ptr_size + 16);
        if self.syms.l().type_kind(id) != Some(KIND_INTERFACE) {
            return;
        }
        let data = self.data(id);
        let len_at = (common + 2 * i64::from(ptr_size)) as usize;
        let count = data.get(len_at..len_at + ptr_size as usize).map_or(0, |b| {
            let be = |b: &mut dyn Iterator<Item = &u8>| b.fold(0u64, |a, &x| a << 8 | u64::from(x));
            if self.c.big_endian {
                be(&mut b.iter())
            } else {
                be(&mut b.iter().rev())
            }
        });
        let rs = self.relocs(id);
        let found = rs
            .iter()
            .find(|(r, _)| i64::from(r.off) == common + i64::from(ptr_size))
            .copied();
        self.scratch = rs;
        let Some((r, t)) = found else { return };
        if t != Some(id) {
            return;
        }
        for k in 0..count.min(1 << 16) as i64 {
            let sig = self.iface_method(id, r.add + 8 * k);
            self.found.iface_methods.insert(sig);
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
            self.roles = (key, Role::table(tables));
        }
        let base = tables.reloc_base(typ) as usize;
        self.roles.1.get(base).copied().unwrap_or(Role::Edge)
    }

    /// Floods from the worker's own stack, in the linker's order.
    fn flood(&mut self) {
        while let Some(id) = self.stack.pop() {
            self.process(id);
        }
    }

    /// One round of the liveness loop: the methods of types used in an
    /// interface that an interface call, reflection or a call by name can
    /// now reach are marked; whether that marked anything.
    fn liveness_round(&mut self, reflect_fns: &[SymId]) -> bool {
        if self.c.release.reflect_method_callers_keep_exported() {
            self.found.reflect_seen |= reflect_fns.iter().any(|&f| self.c.marked(f));
        }
        let pending = std::mem::take(&mut self.found.markable);
        for m in pending {
            self.window.step();
            let f = &self.found;
            if (f.reflect_seen && m.exported) || f.iface_methods.contains(&m.sig) || f.named_methods.contains(&m.sig.0)
            {
                self.mark_method(&m);
            } else {
                self.found.markable.push(m);
            }
        }
        !self.stack.is_empty()
    }

    /// Floods marked symbol `id`: its relocations and aux symbols, the
    /// methods of a type used in an interface, the interface and named
    /// method calls.
    fn process(&mut self, id: SymId) {
        self.window.step();
        let tracks = self.c.release.tracks_used_in_iface();
        if self.syms.l().host(id).is_some() {
            self.found.hosts.push(id);
        }
        let Some(def) = self.syms.l().def(id) else { return };
        let (flag, _) = self.flags(id);
        self.found.reflect_seen |= flag & SYM_FLAG_REFLECT_METHOD != 0;
        let is_type = flag & SYM_FLAG_GO_TYPE != 0;
        let used_in_iface = is_type && (!tracks || self.used_in_iface(id));
        if is_type && !tracks {
            self.iface_methods_115(id);
        }
        let ob = self.syms.l().obj(def.obj).obj;
        let plen = ob.data(def.idx).map_or(0, |d| d.len());
        let tables = ob.tables;
        let rs = self.relocs(id);
        let mut methods = Vec::new();
        let mut i = 0;
        while i < rs.len() {
            let (r, target) = rs[i];
            judge(self.syms.l(), &mut self.found.problems, id, def, &r, target, plen);
            i += 1;
            if tables.reloc_is_weak(r.typ) {
                continue;
            }
            match self.role(tables, r.typ) {
                Role::MethodOff => {
                    if used_in_iface {
                        methods.push(i - 1);
                        if tracks && let Some(t) = target {
                            self.use_in_iface(t);
                        }
                    }
                    // The type's and the two entries' relocations.
                    for (r2, t2) in rs.iter().skip(i).take(2) {
                        judge(self.syms.l(), &mut self.found.problems, id, def, r2, *t2, plen);
                    }
                    i += 2;
                    continue;
                }
                Role::UseType => continue,
                Role::UseIface => {
                    if let Some(mut t) = target {
                        if self.c.release.useiface_of_itab_marks_its_type()
                            && self.flags(t).1 & SYM_FLAG2_ITAB != 0
                            && let Some(ty) = self.reloc_at(t, i64::from(self.c.ptr_size))
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
                        self.found.iface_methods.insert(sig);
                    }
                    continue;
                }
                Role::UseNamedMethod => {
                    if let Some(t) = target {
                        let name = self.data(t);
                        let id = self.c.name_id(name);
                        self.found.named_methods.insert(id);
                    }
                    continue;
                }
                Role::Edge => {}
            }
            let Some(t) = target else { continue };
            if used_in_iface && tracks && self.flags(t).0 & SYM_FLAG_GO_TYPE != 0 {
                // A child type of a type used in an interface can be
                // obtained by reflection: it is used too.
                self.use_in_iface(t);
            }
            self.mark(t);
        }
        let mut aux = std::mem::take(&mut self.aux_scratch);
        aux.clear();
        let syms = &mut self.syms;
        followed_aux(ob, def.idx, |r| syms.resolve(def.obj, r), &mut aux);
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
            let sig = (self.c.name_id(name), ty);
            self.found.markable.push(MethodRef {
                ty: id,
                reloc: j,
                sig,
                exported,
            });
        }
        self.scratch = rs;
    }
}
