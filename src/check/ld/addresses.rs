//! Where `-T`, `-D`, `-R` and the image base put code and data, as far as
//! a verdict can be certain without laying the program out ([`Placement`]:
//! where each segment can start at the lowest): relocations the
//! architecture cannot stretch that far (`relocsym`: pc-relative reach,
//! 4-byte absolute addresses, ppc64's address pairs), wasm text offsets
//! (function entries from go1.25, past 4 GiB before), and the PE writer's
//! `checkSegment` for `.rdata` and `.data`. Everything nearer than what
//! the sizes of the inputs bound stays the address notice of
//! [`crate::check::ld::mainflags`].

use crate::check::ld::deadcode;
use crate::check::ld::mainflags::set_value;
use crate::check::ld::relocsym::{reached_relocs, text_order};
use crate::check::ld::{dataorder, pclntab, relocsym};
use crate::check::loader::{Loader, ObjId, SymId};
use crate::check::report::{Category, Finding, Reporter};
use crate::check::target::flags::LinkFlags;
use crate::check::target::linkmode::BuildMode;
use crate::check::target::platform;

const PESECTHEADR: i128 = platform::PESECTHEADR as i128;
const PESECTALIGN: i128 = platform::PESECTALIGN as i128;

/// Whether a symbol kind lands in the data segment.
fn is_data_kind(k: &str) -> bool {
    matches!(
        k.trim_end_matches("FIPS"),
        "SDATA" | "SNOPTRDATA" | "SBSS" | "SNOPTRBSS"
    )
}

/// The rounding quantum `-R` gives, or the one `archinit` sets (PE: the
/// section alignment).
fn round_quantum(l: &Loader<'_, '_, '_>, flags: &LinkFlags) -> i128 {
    let t = l.target;
    let head = flags.head_type(t.release, &t.goos).unwrap_or("");
    let q = set_value(&flags.round).or_else(|| platform::default_round(&t.goarch, head));
    i128::from(q.unwrap_or(0x1000)).max(1)
}

/// `Rnd(v, q)`.
fn round_up(v: i128, q: i128) -> i128 {
    (v + q - 1) / q * q
}

/// The sizes of the reachable definitions the loader kept, by segment.
struct ReachedSizes {
    /// Bytes of code (functions' data).
    text: i128,
    /// Functions.
    funcs: i128,
    /// Bytes of data and BSS.
    data: i128,
    /// Data symbols.
    datas: i128,
    /// Bytes of read-only data from the objects (`SRODATA`: types,
    /// strings, funcdata), which the linker lays out in `.rodata`.
    rodata: i128,
    /// Bytes of the host objects internal linking loads (their code and
    /// data join the Go code's and data's segments).
    host: i128,
}

impl ReachedSizes {
    /// What the text segment cannot exceed: every function aligned (at
    /// most 64 bytes each), the host objects and 1 MiB for what the linker
    /// adds.
    fn text_upper(&self) -> i128 {
        self.text + 64 * self.funcs + self.host + (1 << 20)
    }
    /// Likewise the data segment.
    fn data_upper(&self) -> i128 {
        self.data + 64 * self.datas + self.host + (1 << 20)
    }
}

fn reached_sizes(l: &Loader<'_, '_, '_>, reach: &deadcode::Reach, host_bytes: i128) -> ReachedSizes {
    let mut s = ReachedSizes {
        text: 0,
        funcs: 0,
        data: 0,
        datas: 0,
        rodata: 0,
        host: host_bytes,
    };
    for o in l.obj_ids() {
        let ob = l.obj(o).obj;
        for (idx, _) in reach.kept_in(l, o) {
            let Ok(sym) = ob.sym(idx) else { continue };
            let kind = ob.tables.symkind_name(sym.kind).unwrap_or("");
            if crate::check::loader::is_text_kind(kind) {
                s.text += i128::from(sym.siz);
                s.funcs += 1;
            } else if is_data_kind(kind) {
                s.data += i128::from(sym.siz);
                s.datas += 1;
            } else if kind == "SRODATA" {
                s.rodata += i128::from(sym.siz);
            }
        }
    }
    s
}

/// Where an executable's segments start, as far as `archinit` and
/// `address` fix them before layout: the text from a base (or -T), the
/// read-only data and the data each past the one before, rounded to -R
/// (or at -D).
struct Placement {
    /// The lowest and the highest the text can start (HEADR is at most
    /// 4096).
    text: (i128, i128),
    /// The lowest the read-only data can start.
    rodata: i128,
    /// The lowest the data can start.
    data: i128,
    /// -D was given (the data is exactly there).
    data_given: bool,
}

/// The executable's placement for `far_data` and `far_absolute`: ELF
/// (exe or PIE, which `archinit` places alike), Mach-O and PE (exe or
/// PIE), plan9; internal linking (the caller knows). `None` elsewhere.
fn placement(l: &Loader<'_, '_, '_>, flags: &LinkFlags) -> Option<Placement> {
    let t = l.target;
    let head = flags.head_type(t.release, &t.goos)?;
    let mode = flags.buildmode.effective(t.release, &t.goos, &t.goarch);
    if !matches!(mode, BuildMode::Exe | BuildMode::Pie) {
        return None;
    }
    let q = round_quantum(l, flags);
    let elf = platform::is_elf_head(head);
    // archinit's base (go1.22+ round it up to -R), and HEADR (at most
    // 4096).
    let base: i128 = match (t.goarch.as_str(), head) {
        ("amd64", "darwin") => 0x100_0000,
        ("arm64", "darwin") => 1 << 32,
        (_, "windows") => {
            let at = i128::from(crate::check::ld::mainflags::pe_text_start(t, flags));
            return Some(place(flags, (at, at), q, true));
        }
        ("amd64", "plan9") => 0x20_0000,
        ("386" | "arm", "plan9") => 4096,
        ("amd64", _) if elf => 1 << 22,
        ("arm64" | "s390x" | "riscv64" | "arm" | "ppc64" | "ppc64le" | "mips" | "mipsle", _) if elf => 0x1_0000,
        ("386", _) if elf => 0x804_8000,
        // openbsd/mips64's 16 KiB, the lowest of these.
        ("loong64" | "mips64" | "mips64le", _) if elf => 0x4000,
        _ => return None,
    };
    let start = if t.release.rounds_text_base() {
        round_up(base, q)
    } else {
        base
    };
    let text = (start, start + 4096);
    // allocateSections: ELF (internal) and PE give the read-only data a
    // segment of its own; Mach-O and plan9 keep it in the text's.
    Some(place(flags, text, q, elf))
}

/// `address`: the read-only segment (where the object format has one)
/// starts on the first -R boundary past the (non-empty) text, the data on
/// the next one past the (non-empty) read-only data, unless -D says.
fn place(flags: &LinkFlags, text: (i128, i128), q: i128, rodata_segment: bool) -> Placement {
    let text = set_value(&flags.text_addr).map_or(text, |t| (i128::from(t), i128::from(t)));
    let past_text = round_up(text.0 + 1, q);
    let (rodata, data) = if rodata_segment {
        (past_text, past_text + q)
    } else {
        (text.0, past_text)
    };
    let given = set_value(&flags.data_addr).map(i128::from);
    Placement {
        text,
        rodata,
        data: given.unwrap_or(data),
        data_given: given.is_some(),
    }
}

/// `-T`/`-D` (or a large `-R`) put data where code cannot reach it
/// pc-relatively, in an executable: on amd64 within ±2 GiB (`R_PCREL`),
/// on arm64 within ±4 GiB (`R_ADDRARM64`, ADRP), on s390x within ±4 GiB
/// (`R_PCREL`, counted in halfwords), on riscv64 within ±2 GiB (auipc
/// pairs: `R_RISCV_PCREL_ITYPE`, `_STYPE`; `-D` is go1.26+, whose wording
/// this is). Only where the failure is certain whatever the layout (every
/// byte of code that far from every byte of data: the text's size bounded
/// from above by its reachable functions, their alignment and 1 MiB, the
/// data's likewise) is it reported; nearer, it is layout, which the
/// address notice covers. The line names the first such relocation in
/// text order, without its value (layout).
pub(super) fn far_data(
    l: &mut Loader<'_, '_, '_>,
    reach: &deadcode::Reach,
    flags: &LinkFlags,
    host_bytes: i128,
) -> Option<Finding> {
    let t = l.target;
    if set_value(&flags.data_addr).is_none() && set_value(&flags.round).is_none() {
        return None;
    }
    // How code reaches data: (relocation types, their size if one, the
    // reach either way). s390x's larl counts halfwords (±4 GiB); riscv64's
    // auipc pairs hold a signed 32-bit offset.
    let (relocs, siz, reach_bytes): (&[&str], Option<u8>, i128) = match t.goarch.as_str() {
        "amd64" => (&["R_PCREL"], Some(4), 1 << 31),
        // ADRP and ADD: one 8-byte relocation.
        "arm64" => (&["R_ADDRARM64"], Some(8), 1 << 32),
        // adddynrel turns R_PCRELDBL into R_PCREL with the halfword variant.
        "s390x" => (&["R_PCRELDBL", "R_PCREL"], Some(4), 1 << 32),
        "riscv64" => (&["R_RISCV_PCREL_ITYPE", "R_RISCV_PCREL_STYPE"], None, 1 << 31),
        _ => return None,
    };
    let p = placement(l, flags)?;
    let sizes = reached_sizes(l, reach, host_bytes);
    let gap = if p.data >= p.text.1 {
        p.data - (p.text.1 + sizes.text_upper())
    } else if p.data_given {
        p.text.0 - (p.data + sizes.data_upper())
    } else {
        return None;
    };
    if gap < reach_bytes {
        return None;
    }
    let objs = text_order(l);
    let candidates = reached_relocs(l, reach, &objs, |typ, r| {
        relocs.contains(&typ) && siz.is_none_or(|n| n == r.siz)
    });
    let r = candidates.into_iter().find(|r| {
        l.is_text(r.from)
            && r.to
                .is_some_and(|to| reach.contains(to) && l.def(to).is_some_and(|d| is_data_kind(l.def_kind(d))))
    })?;
    let (from, to) = (
        l.sym(r.from).name_lossy(),
        r.to.map(|to| l.sym(to).name_lossy()).unwrap_or_default(),
    );
    let message = match t.goarch.as_str() {
        "arm64" => format!("{from}: program too large, address relocation distance"),
        "riscv64" => format!("{from}: pc-relative relocation does not fit in 32 bits"),
        _ => format!("{from}: pc-relative relocation R_PCREL address for {to} is too big"),
    };
    let mut f = Finding::new(Category::Flag, message, Reporter::Errorf)
        .symbol(from.clone())
        .detail(format!(
            "-T/-D/-R put the data where {}'s {} relocations cannot reach it from the code, whatever the layout",
            t.goarch, r.typ
        ))
        .remedy("drop -T/-D, or give addresses the architecture can reach");
    relocsym::place_in(&mut f, l.obj(r.obj));
    Some(f)
}

/// `-T`/`-D` (or a large `-R`) put a symbol past what an absolute address
/// relocation holds, in an executable: relocsym's 4-byte `R_ADDR` (any
/// architecture: `non-pc-relative relocation R_ADDR address for %s is too
/// big`) holds nothing at 4 GiB or beyond; linux/ppc64's `archrelocaddr`
/// (`R_ADDRPOWER`, `_DS`, `_D34`, `_PCREL34`: an addis/d-form pair) nothing
/// at 2 GiB or beyond (`relocation for %s is too big (>=2G)`, naming the
/// referring symbol). Code starts at -T (else at the lowest its base
/// allows), read-only data and data past it or at -D: reported only where
/// the target's lowest possible address is past the limit. The line names
/// the first such relocation in text order, without its value (layout).
pub(super) fn far_absolute(l: &mut Loader<'_, '_, '_>, reach: &deadcode::Reach, flags: &LinkFlags) -> Option<Finding> {
    let t = l.target;
    let p = placement(l, flags)?;
    let head = flags.head_type(t.release, &t.goos).unwrap_or("");
    let power = platform::is_elf_head(head) && t.goarch.starts_with("ppc64");
    const POWER: [&str; 4] = [
        "R_ADDRPOWER",
        "R_ADDRPOWER_DS",
        "R_ADDRPOWER_D34",
        "R_ADDRPOWER_PCREL34",
    ];
    let limit = |typ: &str| if typ == "R_ADDR" { 1i128 << 32 } else { 1 << 31 };
    if p.data.max(p.rodata) < 1 << 31 {
        return None;
    }
    let objs = text_order(l);
    let candidates = reached_relocs(l, reach, &objs, |typ, r| {
        (typ == "R_ADDR" && r.siz == 4) || (power && POWER.contains(&typ))
    });
    let (text, rodata, data) = (p.text.0, p.rodata, p.data);
    // The lowest address a target can have: code and read-only data from
    // -T on, data from -D on.
    let lowest = |to: SymId| {
        let kind = l.def_kind(l.def(to)?);
        if is_data_kind(kind) {
            Some(data)
        } else if crate::check::loader::is_text_kind(kind) {
            Some(text)
        } else if kind.starts_with("SRODATA") {
            Some(rodata)
        } else {
            None
        }
    };
    let (r, at) = candidates.into_iter().find_map(|r| {
        let at = lowest(r.to.filter(|&to| reach.contains(to))?)?;
        (at >= limit(r.typ)).then_some((r, at))
    })?;
    let (from, to) = (
        l.sym(r.from).name_lossy(),
        r.to.map(|to| l.sym(to).name_lossy()).unwrap_or_default(),
    );
    let message = if r.typ == "R_ADDR" {
        // Errorf names the referrer; a symbol without a name prints as
        // the loader's index, which gosym does not number here.
        let named = if from.is_empty() {
            String::new()
        } else {
            format!("{from}: ")
        };
        let typ = if t.release.names_reloc_type_in_range_errors() {
            "R_ADDR "
        } else {
            ""
        };
        format!("{named}non-pc-relative relocation {typ}address for {to} is too big")
    } else {
        format!("{from}: relocation for {from} is too big (>=2G)")
    };
    let mut f = Finding::new(Category::Flag, message, Reporter::Errorf)
        .symbol(from.clone())
        .detail(format!(
            "-T/-D put {to} at 0x{at:x} or beyond, past what {}'s {} relocation holds ({} GiB); the linker's \
             own line names the first such relocation of its layout, with the address",
            t.goarch,
            r.typ,
            limit(r.typ) >> 30
        ))
        .remedy("drop -T/-D, or give addresses the architecture can reach");
    relocsym::place_in(&mut f, l.obj(r.obj));
    Some(f)
}

/// wasm with `-T`: go1.25+ off a 1<<16 boundary: a code address is its
/// function's index shifted by 16 (plus a block index), and relocsym
/// wants each text offset it writes (method tables' `R_METHODOFF` to a
/// reachable method, `R_ADDROFF` to code) to be a function entry from the
/// text's start (`textoff relocation %s does not target function entry:
/// %s %#x`). Before go1.25, a `-T` of about 0xf0000 or more puts every
/// such offset past 4 GiB (`non-pc-relative relocation address for %s is
/// too big`). The line names the first such relocation in the linker's
/// data order ([`dataorder::data_order_key`]; not its value, the
/// function's index).
pub(super) fn wasm_text_address(
    l: &mut Loader<'_, '_, '_>,
    reach: &deadcode::Reach,
    flags: &LinkFlags,
) -> Option<Finding> {
    let t = l.target;
    let text = i128::from(set_value(&flags.text_addr)?);
    if t.goarch != "wasm" || text < 0 {
        return None;
    }
    let entry = t.release.wasm_textoff_is_function_index();
    // Before go1.25 a function's address is (funcValueOffset + its text
    // offset / MINFUNC) << 16, with the offsets counted from -T, and a
    // text offset is that address less -T: from the first function on,
    // past what 4 bytes hold once -T is large enough.
    const FUNC_VALUE_OFFSET: i128 = 0x1000;
    let lowest_offset = ((FUNC_VALUE_OFFSET + text / 16) << 16) - text;
    if (entry && text & 0xFFFF == 0) || (!entry && lowest_offset < 1 << 32) {
        return None;
    }
    let objs: Vec<ObjId> = l.obj_ids().collect();
    let offs = reached_relocs(l, reach, &objs, |typ, _| matches!(typ, "R_METHODOFF" | "R_ADDROFF"));
    // go1.27 writes funcdata into `go:func.*` in the pclntab, after the
    // read-only data and the types, and resolves its R_ADDROFFs there.
    let funcdata = if t.release.resolves_funcdata_in_pclntab() {
        pclntab::reached_funcdata(l, reach)
    } else {
        Default::default()
    };
    // wasm's asmb relocates the data sections one after the other: the
    // first such relocation in dodata's order.
    let r = offs
        .into_iter()
        .filter(|r| r.to.is_some_and(|to| reach.contains(to) && l.is_text(to)))
        .min_by_key(|r| (funcdata.contains(&r.from), dataorder::data_order_key(l, r.from)))?;
    let (from, to) = (
        l.sym(r.from).name_lossy(),
        r.to.map(|to| l.sym(to).name_lossy()).unwrap_or_default(),
    );
    let (message, detail, remedy) = if entry {
        (
            if funcdata.contains(&r.from) {
                format!("{from}: textoff relocation does not target function entry for funcdata symbol: {to}")
            } else {
                format!(
                    "{from}: textoff relocation {} does not target function entry: {to}",
                    r.typ
                )
            },
            format!(
                "-T 0x{text:x} is not a multiple of 0x10000: wasm code addresses are function indexes shifted by \
                 16, so no function starts at a text offset the method tables can hold"
            ),
            "drop -T, or give a multiple of 0x10000",
        )
    } else {
        (
            format!("{from}: non-pc-relative relocation address for {to} is too big"),
            format!(
                "-T 0x{text:x} makes every wasm code address, (0x1000 + text offset / 16) << 16 counted from -T, at \
                 least 0x{lowest_offset:x} past the text's start: more than a 4-byte method or text offset holds"
            ),
            "drop -T, or give an address below 0xf0000",
        )
    };
    let mut f = Finding::new(Category::Flag, message, Reporter::Errorf)
        .symbol(from.clone())
        .detail(detail)
        .remedy(remedy);
    relocsym::place_in(&mut f, l.obj(r.obj));
    Some(f)
}

/// `checkSegment` for `.data` in a PE image (internal linking, go1.26+,
/// which has `-D`): the PE writer lays its sections out one after the
/// other from the image base, each at a multiple of 0x1000 (`.text` at
/// PESECTHEADR, `.rdata` after it, `.data` after that), and wants each
/// segment where its section lands (`.data.VirtualAddress = %#x, want
/// %#x`). So `-D` links only at the one address where `.rdata` ends,
/// which is layout; it is reported where it cannot be that address
/// whatever the layout: off a 0x1000 boundary, below the end of the
/// reachable code (when method liveness is exact and every object is
/// the one linked), or above what every byte of the inputs could fill
/// twice over. With `-T` elsewhere or `-R` other than 0x1000 the text
/// or `.rdata` check fails as well (`pe_text_address`, the notice).
pub(super) fn pe_data_address(
    l: &Loader<'_, '_, '_>,
    reach: &deadcode::Reach,
    flags: &LinkFlags,
    host_bytes: i128,
) -> Option<Finding> {
    let t = l.target;
    if flags.head_type(t.release, &t.goos) != Some("windows") || !t.release.defines_flag("D") {
        return None;
    }
    let mode = flags.buildmode.effective(t.release, &t.goos, &t.goarch);
    let data = i128::from(set_value(&flags.data_addr)?);
    if !matches!(mode, BuildMode::Exe | BuildMode::Pie)
        || set_value(&flags.text_addr).is_some()
        || set_value(&flags.round).is_some_and(|r| i128::from(r) != PESECTALIGN)
    {
        return None;
    }
    let base = i128::from(platform::pe_base(t.release, &t.goarch));
    let want = data - base;
    let as_built = l.obj_ids().all(|o| !l.obj(o).rebuilt && !l.obj(o).stub);
    // What the reachable definitions fill at least: .text their code,
    // .rdata their read-only data (and never nothing: the linker's
    // function and type tables).
    let (code, rodata) = if reach.exact && as_built {
        let s = reached_sizes(l, reach, 0);
        (s.text.max(1), s.rodata.max(1))
    } else {
        (1, 1)
    };
    let lowest = PESECTHEADR + round_up(code, PESECTALIGN) + round_up(rodata, PESECTALIGN);
    // Code and read-only data come from the inputs' bytes (symbol
    // contents, names, pc tables); the tables the linker builds from them
    // are smaller than the objects they describe.
    let inputs = l.obj_ids().map(|o| l.obj(o).obj.bin().len() as i128).sum::<i128>() + host_bytes;
    let highest = PESECTHEADR + round_up(2 * inputs + (16 << 20), PESECTALIGN) + 2 * PESECTALIGN;
    let where_ = if want % PESECTALIGN != 0 {
        format!("0x{:x} past the image base is not a multiple of 0x1000", want)
    } else if want < lowest {
        let filled = if code > 1 {
            format!("0x{code:x} bytes of reachable code, 0x{rodata:x} of read-only data")
        } else {
            "the code, the read-only data".to_string()
        };
        format!("it lies 0x{lowest:x} or more past the image base (the headers, {filled})")
    } else if want > highest && as_built {
        format!(
            "it lies below 0x{highest:x} past the image base (the headers and at most twice the inputs' \
             0x{inputs:x} bytes before it)"
        )
    } else {
        return None;
    };
    let f = Finding::new(
        Category::Flag,
        format!(".data.VirtualAddress = …, want 0x{:x}", want as i64 as u64),
        Reporter::Errorf,
    )
    .symbol(".data")
    .detail(format!(
        "-D 0x{data:x} is not where the PE writer puts .data, right after .text and .rdata from {}'s image base \
         0x{base:x} (the exact address is layout): {where_}",
        t.version
    ))
    .remedy("drop -D: a PE image's data follows its code and read-only data");
    Some(f)
}

/// `checkSegment` for `.rdata` in a PE image (internal linking) under an
/// `-R` other than 0x1000: the segments are rounded to `-R`, the PE
/// sections to 0x1000, so the read-only segment starts at the first
/// multiple of `-R` past the text while its section follows the text's
/// page (`.rdata.VirtualAddress = %#x, want %#x`). Where the code ends a
/// page or more before the first multiple of `-R` past its start, the two
/// differ whatever the layout, and the segment is exactly there.
pub(super) fn pe_rdata_address(
    l: &Loader<'_, '_, '_>,
    reach: &deadcode::Reach,
    flags: &LinkFlags,
    host_bytes: i128,
) -> Option<Finding> {
    let t = l.target;
    if flags.head_type(t.release, &t.goos) != Some("windows") {
        return None;
    }
    let mode = flags.buildmode.effective(t.release, &t.goos, &t.goarch);
    let r = i128::from(set_value(&flags.round)?);
    let base = i128::from(platform::pe_base(t.release, &t.goarch));
    let text = i128::from(crate::check::ld::mainflags::pe_text_start(t, flags));
    if !matches!(mode, BuildMode::Exe | BuildMode::Pie)
        || r <= PESECTALIGN
        || text != base + PESECTHEADR
        || l.obj_ids().any(|o| l.obj(o).stub)
    {
        return None;
    }
    // The read-only segment starts at the first multiple of -R past the
    // code; if the code ends a page or more before it, the section (on
    // the page after the code) is below it.
    let segment = round_up(text + 1, r);
    if text + reached_sizes(l, reach, host_bytes).text_upper() + PESECTALIGN > segment {
        return None;
    }
    let want = segment - base;
    Some(
        Finding::new(
            Category::Flag,
            format!(".rdata.VirtualAddress = …, want 0x{want:x}"),
            Reporter::Errorf,
        )
        .symbol(".rdata")
        .detail(format!(
            "-R 0x{r:x} rounds the read-only segment up to 0x{segment:x} ({}'s image base 0x{base:x} and 0x{want:x}), \
             while the PE writer puts the .rdata section on the page after the code (the exact address is layout)",
            t.version
        ))
        .remedy("drop -R: PE sections are aligned to 0x1000"),
    )
}
