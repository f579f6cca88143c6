//! The linker's nosplit stack check (`doStackCheck`, go1.19+
//! `cmd/link/internal/ld/stackcheck.go`): a function marked `NOSPLIT`
//! grows the stack without checking it, so every chain of nosplit calls
//! must fit in the bytes a splittable function guarantees below its stack
//! pointer (`StackNosplit`, 800 bytes, less the call's return address,
//! less 8 on arm64; twice on aix, openbsd from go1.24, and with `-race`
//! from go1.21). Heights come from each function's SP-delta table (`pcsp`)
//! and its call relocations, as the linker walks them; over the limit,
//! each root of the offending call graph is reported, highest first:
//! `main.startRec: nosplit stack over 792 byte limit`.
//!
//! go1.15 checks differently (`dostkcheck`): from each NOSPLIT function
//! in text order, the bytes left are carried down its calls, and where
//! they run out the function is named: `main.chainEnd: nosplit stack
//! overflow` ([`go115`]); then again from each splittable function, whose
//! frame the split check has made room for (on a link-register machine a
//! callee can then be entered with other bytes than at the top, and be
//! named twice). Releases gosym has
//! not read (go1.16–1.18, go1.20) are not checked.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::check::ld::deadcode::Reach;
use crate::check::ld::relocsym;
use crate::check::loader::{Loader, SymId};
use crate::check::report::{Category, Finding, Reporter};
use crate::read::bytes::uvarint;
use crate::read::goobj::SYM_FLAG_NOSPLIT;

/// `stackCheckCycle`: the height of a function on a call cycle.
const CYCLE: i64 = (1 << 15) - 1;
/// Calls followed before a chain is taken as endless (a guard against
/// hostile inputs; the linker has none).
const MAX_DEPTH: usize = 4096;

/// A call's target: a function, or an indirect call (assumed splittable).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Callee {
    Func(SymId),
    Indirect,
}

/// The stack check of the reachable functions; empty when every chain fits
/// or the release is not modelled.
pub fn check(l: &Loader<'_, '_, '_>, reach: &Reach, race: bool) -> Vec<Finding> {
    let t = l.target;
    let minor = t.release.minor();
    let Some(arch) = Arch::of(&t.goarch, minor) else {
        return Vec::new();
    };
    if minor == 15 {
        return go115(l, reach, arch);
    }
    if !(minor == 19 || (21..=27).contains(&minor)) {
        return Vec::new();
    }
    let multiplier =
        1 + i64::from(t.goos == "aix" || (minor >= 24 && t.goos == "openbsd")) + i64::from(minor >= 21 && race);
    let limit = arch.limit(800 * multiplier);
    let morestack = l.lookup(b"runtime.morestack", crate::check::loader::SymVer::Abi0);
    let mut sc = Heights {
        l,
        arch,
        morestack,
        height: HashMap::default(),
        graph: HashMap::default(),
        window: crate::residency::Window::new(),
    };
    let mut w = crate::residency::Window::new();
    let funcs: Vec<SymId> = (0..reach.marked.len() as u32)
        .map(SymId)
        .filter(|&s| {
            reach.contains(s) && {
                w.step();
                nosplit(sc.l, s) && sc.l.is_text(s)
            }
        })
        .collect();
    // A splittable function grows the stack by one call (to morestack)
    // before it checks: never over the limit, so only nosplit ones start
    // a walk.
    let mut failed = Vec::new();
    for s in funcs {
        if sc.check(Callee::Func(s), 0) > limit {
            failed.push(s);
        }
    }
    let l = sc.l;
    if failed.is_empty() {
        return Vec::new();
    }
    let roots = sc.roots(&failed);
    roots
        .into_iter()
        .map(|root| {
            let name = l.sym(root).name_lossy();
            let mut f = Finding::new(
                Category::Undefined,
                format!("{name}: nosplit stack over {limit} byte limit"),
                Reporter::Errorf,
            )
            .symbol(name.clone())
            .detail(format!(
                "{name} and the NOSPLIT functions it calls can grow the stack by {} without a check; \
                 a splittable caller guarantees {limit}",
                match sc.height.get(&Callee::Func(root)) {
                    Some(&h) if h >= CYCLE => {
                        format!("{CYCLE} bytes or more (the linker counts no higher; a call cycle counts as that)")
                    }
                    Some(h) => format!("{h} bytes"),
                    None => "an unknown number of bytes".into(),
                }
            ))
            .remedy("drop NOSPLIT from a function of the chain, or make its frame smaller");
            if let Some(d) = l.def(root) {
                relocsym::place_in(&mut f, l.obj(d.obj));
            }
            f
        })
        .collect()
}

/// go1.15 `dostkcheck`'s first pass: each reachable NOSPLIT function in
/// text order (runtime's packages first, then the libraries in the
/// linker's postorder), checked once at the top with `StackLimit` less a
/// call; the first place on each walk where the bytes left go negative is
/// reported (`Errorf`), a walk deeper than 500 calls too.
fn go115(l: &Loader<'_, '_, '_>, reach: &Reach, arch: Arch) -> Vec<Finding> {
    let t = l.target;
    // `objabi.StackLimit`.
    let stack_limit = if t.goos == "aix" { 1728 } else { 800 };
    let ranks = l.library_ranks();
    let mut funcs: Vec<SymId> = (0..reach.marked.len() as u32)
        .map(SymId)
        .filter(|&s| reach.contains(s) && l.is_text(s))
        .collect();
    let runtime_dep = |pkg: &str| {
        pkg == "runtime"
            || pkg.starts_with("runtime/internal/")
            || matches!(pkg, "internal/bytealg" | "internal/cpu" | "sync/atomic" | "unsafe")
    };
    funcs.sort_by_key(|&s| {
        l.def(s).map(|d| {
            let o = d.obj.0 as usize;
            (!runtime_dep(&l.obj(d.obj).pkg), ranks[o], d.obj, d.idx)
        })
    });
    let morestack = l.lookup(b"runtime.morestack", crate::check::loader::SymVer::Abi0);
    let mut walk = Walk115 {
        l,
        arch,
        stack_limit,
        top: stack_limit - arch.call_size,
        fixed_frame: fixed_frame_size(&t.goarch),
        morestack,
        done: HashSet::default(),
    };
    // The NOSPLIT functions first, then the others.
    let (first, second): (Vec<SymId>, Vec<SymId>) = funcs.into_iter().partition(|&s| nosplit(l, s));
    let mut out = Vec::new();
    for s in first.into_iter().chain(second) {
        if let Err(Some((at, message))) = walk.check(s, arch.limit(stack_limit), 0) {
            let l = walk.l;
            let name = l.sym(at).name_lossy();
            let mut f = Finding::new(Category::Undefined, format!("{name}: {message}"), Reporter::Errorf)
                .symbol(name.clone())
                .detail(format!(
                    "the NOSPLIT chain from {} leaves {name} without the stack it needs",
                    l.sym(s).name_lossy()
                ))
                .remedy("drop NOSPLIT from a function of the chain, or make its frame smaller");
            if let Some(d) = l.def(at) {
                relocsym::place_in(&mut f, l.obj(d.obj));
            }
            out.push(f);
        }
    }
    out
}

/// go1.15's walk: `Err(Some((symbol, message)))` where it reports,
/// `Err(None)` where it gives up silently (an external callee).
struct Walk115<'l, 'o, 'v, 'a> {
    l: &'l Loader<'o, 'v, 'a>,
    arch: Arch,
    /// `objabi.StackLimit`.
    stack_limit: i64,
    /// `StackLimit - callsize()`: a function entered with this many bytes
    /// is checked once (on arm64 no walk starts there, 8 bytes lower).
    top: i64,
    /// `FixedFrameSize`: the link register's slot in a frame.
    fixed_frame: i64,
    morestack: Option<SymId>,
    done: HashSet<SymId>,
}

type Walked = Result<(), Option<(SymId, &'static str)>>;

impl Walk115<'_, '_, '_, '_> {
    fn check(&mut self, s: SymId, mut limit: i64, depth: usize) -> Walked {
        let top = limit == self.top;
        if top && !self.done.insert(s) {
            return Ok(());
        }
        if depth > 500 {
            return Err(Some((s, "nosplit stack check too deep")));
        }
        let Some(d) = self.l.def(s) else { return Err(None) };
        let objs = self.l.objs;
        let ob = &objs[d.obj.0 as usize].obj;
        let Some(info) = ob.aux_named(d.idx, "FuncInfo") else {
            return Err(None);
        };
        if limit < 0 {
            return Err(Some((s, "nosplit stack overflow")));
        }
        if Some(s) == self.morestack {
            return Ok(());
        }
        let cs = self.arch.call_size;
        // FuncInfo: Args, Locals, Pcsp, Pcfile (offsets into the pcdata
        // block), ...
        let fi = match ob.target(info.sym) {
            Ok(crate::read::goobj::Target::Local(i)) => ob.data(i).ok(),
            _ => None,
        };
        let at = |k: usize| {
            fi.and_then(|fi| fi.get(k..k + 4))
                .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        };
        if !nosplit(self.l, s) {
            if let Some(m) = self.morestack {
                self.check(m, limit - cs, depth + 1)?;
            }
            if !top {
                return Ok(());
            }
            // The split check made room for the frame.
            limit = self.stack_limit + i64::from(at(4).unwrap_or(0)) + self.fixed_frame;
        }
        let pcsp = (|| ob.pcdata_block().get(at(8)? as usize..at(12)? as usize))().unwrap_or_default();
        for event in frame_events(ob, d.idx, pcsp, self.arch.pc_scale) {
            match event {
                FrameEvent::Span(sp) if limit - sp < 0 => return Err(Some((s, "nosplit stack overflow"))),
                FrameEvent::Span(_) => {}
                FrameEvent::Call { sp, to } => {
                    let left = limit - sp - cs;
                    match to {
                        CallTo::Direct(r) => match self.l.resolve_known(d.obj, r) {
                            Some(t) => self.check(t, left, depth + 1)?,
                            None => return Err(None),
                        },
                        CallTo::Indirect => {
                            if let Some(m) = self.morestack {
                                self.check(m, left - cs, depth + 2)?;
                            }
                        }
                    }
                }
            }
        }
        Ok(())
    }
}

/// go1.15 `Link.FixedFrameSize`: the bytes below a frame for the return
/// address on link-register machines.
fn fixed_frame_size(goarch: &str) -> i64 {
    match goarch {
        "amd64" | "386" | "wasm" => 0,
        "ppc64" | "ppc64le" => 32,
        "arm" | "mips" | "mipsle" => 4,
        _ => 8,
    }
}

/// What the check needs of the architecture.
#[derive(Debug, Clone, Copy)]
struct Arch {
    /// Bytes a CALL pushes: the register size without a link register.
    call_size: i64,
    /// arm64 keeps 8 bytes below SP to save the frame pointer.
    saves_fp: bool,
    /// `MinLC`: the pc quantum of the pc tables.
    pc_scale: u64,
}

impl Arch {
    fn of(goarch: &str, minor: u32) -> Option<Arch> {
        let (call_size, pc_scale) = match goarch {
            "386" => (4, 1),
            "amd64" | "wasm" => (8, 1),
            "s390x" => (0, 2),
            "riscv64" => (0, if minor >= 26 { 2 } else { 4 }),
            "arm" | "arm64" | "loong64" | "mips" | "mipsle" | "mips64" | "mips64le" | "ppc64" | "ppc64le" => (0, 4),
            _ => return None,
        };
        Some(Arch {
            call_size,
            saves_fp: goarch == "arm64",
            pc_scale,
        })
    }

    /// The bytes a nosplit function may use when a splittable caller
    /// guarantees `guard`: less the call, less the saved frame pointer.
    fn limit(self, guard: i64) -> i64 {
        guard - self.call_size - if self.saves_fp { 8 } else { 0 }
    }
}

struct Heights<'l, 'o, 'v, 'a> {
    l: &'l Loader<'o, 'v, 'a>,
    arch: Arch,
    morestack: Option<SymId>,
    height: HashMap<Callee, i64>,
    /// The functions each function measured calls (what `findRoots`
    /// follows).
    graph: HashMap<SymId, Vec<SymId>>,
    /// What the walk keeps of the objects' pages.
    window: crate::residency::Window,
}

impl Heights<'_, '_, '_, '_> {
    /// `stackCheck.check`: the height of `c`, memoised; a cycle reads as
    /// the sentinel.
    fn check(&mut self, c: Callee, depth: usize) -> i64 {
        if let Some(&h) = self.height.get(&c) {
            return h;
        }
        self.height.insert(c, CYCLE);
        let h = if depth > MAX_DEPTH {
            CYCLE
        } else {
            self.compute(c, depth).min(CYCLE)
        };
        self.height.insert(c, h);
        h
    }

    /// `computeHeight`.
    fn compute(&mut self, c: Callee, depth: usize) -> i64 {
        let cs = self.arch.call_size;
        let s = match c {
            Callee::Indirect => {
                return cs + self.morestack.map_or(0, |m| self.check(Callee::Func(m), depth + 1));
            }
            Callee::Func(s) => s,
        };
        if Some(s) == self.morestack {
            return 0;
        }
        let Some(d) = self.l.def(s) else { return 0 };
        self.window.step();
        let objs = self.l.objs;
        let ob = &objs[d.obj.0 as usize].obj;
        let Ok(sym) = ob.sym(d.idx) else { return 0 };
        if ob.aux_named(d.idx, "FuncInfo").is_none() {
            return 0;
        }
        if sym.flag & SYM_FLAG_NOSPLIT == 0 {
            let h = cs + self.morestack.map_or(0, |m| self.check(Callee::Func(m), depth + 1));
            self.graph.insert(s, self.morestack.into_iter().collect());
            return h;
        }
        let pcsp = ob
            .aux_named(d.idx, "Pcsp")
            .and_then(|a| match ob.target(a.sym) {
                Ok(crate::read::goobj::Target::Local(i)) => ob.data(i).ok(),
                _ => None,
            })
            .unwrap_or_default();
        // The calls at their span's SP delta (resolved first: following
        // them afterwards, in the same order, meets the same cycles).
        let mut calls: Vec<(i64, Callee)> = Vec::new();
        let mut max_local = 0i64;
        for event in frame_events(ob, d.idx, pcsp, self.arch.pc_scale) {
            match event {
                FrameEvent::Span(sp) => max_local = max_local.max(sp),
                FrameEvent::Call { sp, to } => {
                    let callee = match to {
                        CallTo::Indirect => Callee::Indirect,
                        CallTo::Direct(r) => match self.l.resolve_known(d.obj, r) {
                            Some(t) => Callee::Func(t),
                            None => continue,
                        },
                    };
                    calls.push((sp + cs, callee));
                }
            }
        }
        let mut max = max_local;
        for &(growth, callee) in &calls {
            max = max.max(growth.saturating_add(self.check(callee, depth + 1)));
        }
        let funcs = calls.into_iter().filter_map(|(_, c)| match c {
            Callee::Func(t) => Some(t),
            Callee::Indirect => None,
        });
        self.graph.insert(s, funcs.collect());
        max
    }

    /// `findRoots`: the over-limit call graph's functions no other calls
    /// (a cycle nothing enters keeps its lowest symbol), highest first,
    /// then by symbol number.
    fn roots(&self, failed: &[SymId]) -> Vec<SymId> {
        let callees = |s: SymId| self.graph.get(&s).into_iter().flatten().copied();
        // The graph of what the failed functions reach.
        let mut nodes: HashSet<SymId> = HashSet::default();
        self.cover(failed.to_vec(), &mut nodes, |t| self.graph.contains_key(&t));
        let called: HashSet<SymId> = nodes
            .iter()
            .flat_map(|&s| callees(s).filter(move |&t| t != s))
            .filter(|t| nodes.contains(t))
            .collect();
        let mut roots: Vec<SymId> = nodes.iter().copied().filter(|s| !called.contains(s)).collect();
        // Cycles nothing outside enters: their lowest symbol stands for them.
        let mut covered: HashSet<SymId> = HashSet::default();
        self.cover(roots.clone(), &mut covered, |t| nodes.contains(&t));
        let mut rest: Vec<SymId> = nodes.iter().copied().filter(|s| !covered.contains(s)).collect();
        rest.sort();
        for s in rest {
            if !covered.contains(&s) {
                roots.push(s);
                self.cover(vec![s], &mut covered, |t| nodes.contains(&t));
            }
        }
        let height = |s: &SymId| self.height.get(&Callee::Func(*s)).copied().unwrap_or(0);
        // Named text symbols are numbered in the loader's order.
        roots.sort_by(|a, b| height(b).cmp(&height(a)).then(a.cmp(b)));
        roots
    }

    /// Adds to `seen` what `starts` reach through calls to functions
    /// `follow` takes.
    fn cover(&self, mut starts: Vec<SymId>, seen: &mut HashSet<SymId>, follow: impl Fn(SymId) -> bool) {
        while let Some(s) = starts.pop() {
            if seen.insert(s) {
                starts.extend(self.graph.get(&s).into_iter().flatten().copied().filter(|&t| follow(t)));
            }
        }
    }
}

/// Whether `s` is marked `NOSPLIT`.
fn nosplit(l: &Loader<'_, '_, '_>, s: SymId) -> bool {
    l.def(s)
        .and_then(|d| l.obj(d.obj).obj.sym_flags(d.idx))
        .is_some_and(|(flag, _)| flag & SYM_FLAG_NOSPLIT != 0)
}

/// What a walk meets in a function, in pc order: each span of its SP-delta
/// table, then the calls within that span.
enum FrameEvent {
    /// The SP delta of the next span.
    Span(i64),
    /// A call at that SP delta.
    Call { sp: i64, to: CallTo },
}

/// A call's relocation.
enum CallTo {
    /// A direct call (`IsDirectCall`) to the relocation's target.
    Direct(crate::read::goobj::SymRef),
    /// `R_CALLIND`.
    Indirect,
}

/// The spans of `pcsp` and the calls of function `idx` of `ob` within
/// them (relocations past the table's last pc are not met, as in Go).
fn frame_events(ob: &crate::read::goobj::GoObj<'_>, idx: u32, pcsp: &[u8], pc_scale: u64) -> Vec<FrameEvent> {
    let relocs: Vec<_> = ob.relocs(idx).map(|r| r.flatten().collect()).unwrap_or_default();
    let mut out = Vec::new();
    let mut ri = 0;
    for span in PcIter::new(pcsp, pc_scale) {
        out.push(FrameEvent::Span(span.value));
        while let Some(r) = relocs.get(ri) {
            if u64::from(r.off as u32) >= span.next_pc {
                break;
            }
            ri += 1;
            let to = match ob.tables.reloc_name(r.typ) {
                Some("R_CALLIND") => CallTo::Indirect,
                Some(kind) if is_direct_call(kind) => CallTo::Direct(r.sym),
                _ => continue,
            };
            out.push(FrameEvent::Call { sp: span.value, to });
        }
    }
    out
}

/// `objabi.RelocType.IsDirectCall`.
fn is_direct_call(kind: &str) -> bool {
    matches!(
        kind,
        "R_CALL"
            | "R_CALLARM"
            | "R_CALLARM64"
            | "R_CALLLOONG64"
            | "R_CALLMIPS"
            | "R_CALLPOWER"
            | "R_CALLRISCV"
            | "R_RISCV_CALL"
            | "R_RISCV_JAL"
            | "R_RISCV_JAL_TRAMP"
    )
}

/// A span of a pc table: `value` holds for pcs below `next_pc`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    value: i64,
    next_pc: u64,
}

/// `obj.PCIter` over a pc-value table: zig-zag value deltas and pc deltas
/// (in units of the pc quantum), both varints, ended by a zero value
/// delta after the first pair. A truncated table ends the walk.
struct PcIter<'d> {
    p: &'d [u8],
    scale: u64,
    value: i64,
    pc: u64,
    first: bool,
}

impl<'d> PcIter<'d> {
    fn new(p: &'d [u8], scale: u64) -> PcIter<'d> {
        PcIter {
            p,
            scale,
            value: -1,
            pc: 0,
            first: true,
        }
    }
}

impl Iterator for PcIter<'_> {
    type Item = Span;

    fn next(&mut self) -> Option<Span> {
        let (val, n) = uvarint(self.p)?;
        if val == 0 && !self.first {
            return None;
        }
        self.first = false;
        self.p = &self.p[n..];
        // Zig-zag, on the low 32 bits as Go's int32 conversion does.
        let v = val as u32;
        let delta = ((v >> 1) as i32) ^ -((v & 1) as i32);
        self.value += i64::from(delta);
        let (pc, n) = uvarint(self.p)?;
        self.p = &self.p[n..];
        self.pc = self.pc.saturating_add(pc.saturating_mul(self.scale));
        Some(Span {
            value: self.value,
            next_pc: self.pc,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pc_tables_decode_as_go_writes_them() {
        // value -1 -> 0 (delta +1: zig-zag 2) over 4 pcs, then +8 (16) over 6,
        // then -8 (15) over 2, then the end.
        let t = [2, 4, 16, 6, 15, 2, 0];
        let spans: Vec<Span> = PcIter::new(&t, 1).collect();
        assert_eq!(
            spans,
            vec![
                Span { value: 0, next_pc: 4 },
                Span { value: 8, next_pc: 10 },
                Span { value: 0, next_pc: 12 }
            ]
        );
        assert_eq!(PcIter::new(&[2, 1], 4).next(), Some(Span { value: 0, next_pc: 4 }));
        assert_eq!(PcIter::new(&[0x80], 1).next(), None);
    }
}
