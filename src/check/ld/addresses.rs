//! Where `-T`, `-D` and the image base put code and data, as far as a
//! verdict can be certain without laying the program out: relocations the
//! architecture cannot stretch that far (`relocsym`), wasm text offsets
//! that are not function entries, and the PE writer's `checkSegment` for
//! `.data`. Everything nearer than what the sizes of the inputs bound
//! stays the address notice of [`crate::check::ld::mainflags`].

use crate::check::ld::deadcode;
use crate::check::ld::mainflags::set_value;
use crate::check::ld::relocsym;
use crate::check::ld::symbols::{reached_relocs, text_order};
use crate::check::loader::{Loader, ObjId};
use crate::check::report::{Category, Finding, Reporter};
use crate::check::target::flags::LinkFlags;
use crate::check::target::linkmode::BuildMode;
use crate::check::target::platform;

/// The PE writer's first section address past the image base.
const PESECTHEADR: i128 = 0x1000;
/// Its section alignment.
const PESECTALIGN: i128 = 0x1000;

/// Whether a symbol kind lands in the data segment.
fn is_data_kind(k: &str) -> bool {
    matches!(
        k.trim_end_matches("FIPS"),
        "SDATA" | "SNOPTRDATA" | "SBSS" | "SNOPTRBSS"
    )
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
}

impl ReachedSizes {
    /// What the text segment cannot exceed: every function aligned (at
    /// most 64 bytes each) and 1 MiB for what the linker adds.
    fn text_upper(&self) -> i128 {
        self.text + 64 * self.funcs + (1 << 20)
    }
    /// Likewise the data segment.
    fn data_upper(&self) -> i128 {
        self.data + 64 * self.datas + (1 << 20)
    }
}

fn reached_sizes(l: &Loader<'_, '_, '_>, reach: &deadcode::Reach) -> ReachedSizes {
    let mut s = ReachedSizes {
        text: 0,
        funcs: 0,
        data: 0,
        datas: 0,
        rodata: 0,
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

/// `-T`/`-D` put code or data where relocations cannot reach it, in an
/// ELF or Mach-O executable: on amd64 code reaches data pc-relatively within
/// ±2 GiB (`R_PCREL`), on arm64 within ±4 GiB (`R_ADDRARM64`, ADRP);
/// on 386 a 4-byte absolute address (`R_ADDR`) holds nothing past 4 GiB.
/// Only where the failure is certain whatever the layout (every byte of
/// code that far from every byte of data: the text's size bounded from
/// above by its reachable functions, their alignment and 1 MiB, the
/// data's likewise) is it reported; nearer, it is layout, which the
/// address notice covers. The line names the first such relocation in
/// text order, without its value (layout).
pub(super) fn far_data(l: &mut Loader<'_, '_, '_>, reach: &deadcode::Reach, flags: &LinkFlags) -> Option<Finding> {
    let t = l.target;
    let elf = matches!(
        flags.head_type(t.release, &t.goos),
        Some("linux" | "freebsd" | "netbsd" | "openbsd" | "dragonfly" | "android")
    );
    let macho = flags.head_type(t.release, &t.goos) == Some("darwin");
    let pe = flags.head_type(t.release, &t.goos) == Some("windows");
    // Where the text starts unless -T says: archinit's base rounded to
    // -R, plus HEADR (4096) for ELF and Mach-O; `Peinit`'s PEBASE +
    // PESECTHEADR for PE. 386 is judged by absolute addresses alone.
    let headed = |base: i128| {
        let q = i128::from(set_value(&flags.round).unwrap_or(0x1000).max(1));
        (base + q - 1) / q * q + 4096
    };
    let pe_text = i128::from(platform::pe_base(t.release, &t.goarch)) + PESECTHEADR;
    let default_text: i128 = match t.goarch.as_str() {
        "amd64" if elf => headed(1 << 22),
        "arm64" if elf => headed(0x10000),
        "amd64" if macho => headed(0x100_0000),
        "arm64" if macho => headed(1 << 32),
        "amd64" | "arm64" if pe => pe_text,
        "386" if elf || pe => 0,
        _ => return None,
    };
    // PE and Mach-O images are laid out from the same base whether
    // position-independent or not (ELF's PIE starts near 0).
    let mode = flags.buildmode.effective(t.release, &t.goos, &t.goarch);
    if !(mode == BuildMode::Exe || (pe || macho) && mode == BuildMode::Pie) {
        return None;
    }
    let given_text = set_value(&flags.text_addr).map(i128::from);
    let given_data = set_value(&flags.data_addr).map(i128::from);
    // What cannot reach what: (relocation type, its size, whether its
    // target must be data (else code)).
    let (reloc, siz, to_data) = match t.goarch.as_str() {
        "386" => {
            let beyond = |a: Option<i128>| a.is_some_and(|a| a >= 1 << 32);
            if beyond(given_data) {
                ("R_ADDR", 4, true)
            } else if beyond(given_text) {
                ("R_ADDR", 4, false)
            } else {
                return None;
            }
        }
        arch => {
            let (reloc, reach_bytes): (&str, i128) = if arch == "amd64" {
                ("R_PCREL", 1 << 31)
            } else {
                ("R_ADDRARM64", 1 << 32)
            };
            let data = given_data?;
            let text = given_text.unwrap_or(default_text);
            let sizes = reached_sizes(l, reach);
            let (text_size, data_size) = (sizes.text_upper(), sizes.data_upper());
            let gap = if data >= text {
                data - (text + text_size)
            } else {
                text - (data + data_size)
            };
            if gap < reach_bytes {
                return None;
            }
            // ADRP and ADD: one 8-byte relocation.
            (reloc, if arch == "amd64" { 4 } else { 8 }, true)
        }
    };
    let objs = text_order(l);
    let candidates = reached_relocs(l, reach, &objs, |typ, r| typ == reloc && r.siz == siz);
    let r = candidates.into_iter().find(|r| {
        // amd64/arm64: code's references; 386: anyone's.
        (reloc == "R_ADDR" || l.is_text(r.from))
            && r.to.is_some_and(|to| {
                reach.contains(to)
                    && l.def(to).is_some_and(|d| {
                        let kind = l.def_kind(d);
                        if to_data {
                            is_data_kind(kind)
                        } else {
                            crate::check::loader::is_text_kind(kind)
                        }
                    })
            })
    })?;
    let (from, to) = (
        l.sym(r.from).name_lossy(),
        r.to.map(|to| l.sym(to).name_lossy()).unwrap_or_default(),
    );
    let message = match t.goarch.as_str() {
        "amd64" => format!("{from}: pc-relative relocation R_PCREL address for {to} is too big"),
        "arm64" => format!("{from}: program too large, address relocation distance"),
        _ => format!("non-pc-relative relocation R_ADDR address for {to} is too big"),
    };
    let mut f = Finding::new(Category::Flag, message, Reporter::Errorf)
        .symbol(from.clone())
        .detail(format!(
            "{} puts {} where {}'s {reloc} relocations cannot reach it, whatever the layout",
            if to_data { "-D" } else { "-T" },
            if to_data { "the data" } else { "the code" },
            t.goarch
        ))
        .remedy("drop -T/-D, or give addresses the architecture can reach");
    relocsym::place_in(&mut f, l.obj(r.obj));
    Some(f)
}

/// go1.25+ wasm with a `-T` address off a 1<<16 boundary: a code
/// address is its function's index shifted by 16 (plus a block index),
/// and relocsym wants each text offset it writes (method tables'
/// `R_METHODOFF` to a reachable method, `R_ADDROFF` to code) to be a
/// function entry from the text's start (`textoff relocation %s does not
/// target function entry: %s %#x`). The first such relocation in the
/// linker's data order is not placed, nor its value (the function's
/// index): the line names the first in load order.
pub(super) fn wasm_text_address(
    l: &mut Loader<'_, '_, '_>,
    reach: &deadcode::Reach,
    flags: &LinkFlags,
) -> Option<Finding> {
    let t = l.target;
    let text = crate::check::ld::mainflags::set_value(&flags.text_addr)?;
    if t.goarch != "wasm" || !t.release.wasm_textoff_is_function_index() || text & 0xFFFF == 0 {
        return None;
    }
    let objs: Vec<ObjId> = l.obj_ids().collect();
    let offs = reached_relocs(l, reach, &objs, |typ, _| matches!(typ, "R_METHODOFF" | "R_ADDROFF"));
    let r = offs
        .into_iter()
        .find(|r| r.to.is_some_and(|to| reach.contains(to) && l.is_text(to)))?;
    let (from, to) = (
        l.sym(r.from).name_lossy(),
        r.to.map(|to| l.sym(to).name_lossy()).unwrap_or_default(),
    );
    let mut f = Finding::new(
        Category::Flag,
        format!(
            "{from}: textoff relocation {} does not target function entry: {to}",
            r.typ
        ),
        Reporter::Errorf,
    )
    .symbol(from.clone())
    .detail(format!(
        "-T 0x{text:x} is not a multiple of 0x10000: wasm code addresses are function indexes \
         shifted by 16, so no function starts at a text offset the method tables can hold"
    ))
    .remedy("drop -T, or give a multiple of 0x10000");
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
    hosts: &[crate::check::target::HostObj<'_>],
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
    let round = |v: i128| (v + PESECTALIGN - 1) / PESECTALIGN * PESECTALIGN;
    let as_built = l.obj_ids().all(|o| !l.obj(o).rebuilt && !l.obj(o).stub);
    // What the reachable definitions fill at least: .text their code,
    // .rdata their read-only data (and never nothing: the linker's
    // function and type tables).
    let (code, rodata) = if reach.exact && as_built {
        let s = reached_sizes(l, reach);
        (s.text.max(1), s.rodata.max(1))
    } else {
        (1, 1)
    };
    let lowest = PESECTHEADR + round(code) + round(rodata);
    // Code and read-only data come from the inputs' bytes (symbol
    // contents, names, pc tables); the tables the linker builds from them
    // are smaller than the objects they describe.
    let inputs: i128 = l.obj_ids().map(|o| l.obj(o).obj.bin().len() as i128).sum::<i128>()
        + hosts.iter().map(|h| h.data.len() as i128).sum::<i128>();
    let highest = PESECTHEADR + round(2 * inputs + (16 << 20)) + 2 * PESECTALIGN;
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
