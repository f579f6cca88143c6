//! What `ld.Main` checks of its flags before it loads anything, in its
//! order: the flag package (a flag the release does not define, a value
//! it cannot parse, a build mode the platform lacks), a malformed `-X`,
//! `-H`, `-aslr=false`, `-d` where the header type needs libc, `-R`
//! (go1.22+), then `-B` (go1.15–1.21 while flags are parsed, go1.22+ in
//! `addbuildinfo`), then the header types the architecture's `archinit`
//! writes. The first of them stops the linker.

use crate::check::report::{Category, Finding, Reporter};
use crate::check::target::LinkTarget;
use crate::check::target::flags::LinkFlags;
use crate::check::target::linkerflags::parse_go_int;
use crate::check::target::linkmode::BuildMode;
use crate::check::target::platform;
use crate::check::target::release::LinkerRelease;

/// What the target's linker says of its flags before it loads anything,
/// in its order; a fatal finding is the last.
pub fn check(t: &LinkTarget, f: &LinkFlags) -> Vec<Finding> {
    match before_archinit(t, f) {
        Some(stop) => vec![stop],
        None => archinit(t, f),
    }
}

/// The first flag the linker refuses before `archinit`, if any.
fn before_archinit(t: &LinkTarget, f: &LinkFlags) -> Option<Finding> {
    let r = t.release;
    let flag = |message: String, reporter: Reporter, remedy: String| {
        Some(Finding::new(Category::Flag, message, reporter).remedy(remedy))
    };
    // The flag package takes the flags in order and stops at the first it
    // cannot take: a name the release does not define, a value it cannot
    // parse, or a build mode the platform lacks (`BuildMode.Set`).
    let undefined = f.given.iter().position(|k| !r.defines_flag(k));
    let bad_value = f.value_error.as_ref().map(|_| f.given.len().saturating_sub(1));
    let refused_mode = f
        .given
        .iter()
        .rposition(|k| k == "buildmode")
        .filter(|_| platform::build_mode_supported(r, f.buildmode, &t.goos, &t.goarch) == Some(false));
    let first = [undefined, bad_value, refused_mode].into_iter().flatten().min();
    if let Some(at) = first {
        if Some(at) == undefined {
            let k = &f.given[at];
            return flag(
                format!("flag provided but not defined: -{k}"),
                Reporter::Usage,
                format!("{} has no -{k}: drop it for this toolchain", t.version),
            );
        }
        if Some(at) == refused_mode && bad_value != Some(at) {
            let (m, p) = (f.buildmode.name(), format!("{}/{}", t.goos, t.goarch));
            return flag(
                format!("invalid value {m:?} for flag -buildmode: buildmode {m} not supported on {p}"),
                Reporter::Usage,
                format!(
                    "{} cannot build a {m} for {p}: use another -buildmode, or link for a platform that has it",
                    t.version
                ),
            );
        }
        if let Some(e) = &f.value_error {
            return flag(
                e.clone(),
                Reporter::Usage,
                "give the flag a value it accepts (go tool link -help)".into(),
            );
        }
    }
    if let Err(e) = f.strdata() {
        return flag(e.to_string(), Reporter::Exitf, "write -X importpath.name=value".into());
    }
    if !r.buildid_note_in_main()
        && let Some(m) = f.hostbuildid.as_deref().and_then(|b| buildid_note_error(r, b, f))
    {
        return flag(m, Reporter::Exitf, BUILDID_REMEDY.into());
    }
    if let Some(h) = f.given_headtype()
        && platform::head_type(r, h).is_none()
    {
        return flag(
            format!("invalid headtype: {h:?}"),
            Reporter::Usage,
            "give -H one of the GOOS names (linux, windows, darwin, …) or windowsgui".into(),
        );
    }
    let head = f.head_type(r, &t.goos);
    if !f.aslr && r.defines_flag("aslr") && f.buildmode != BuildMode::CShared {
        return flag(
            "-aslr=false is only allowed for -buildmode=c-shared".into(),
            Reporter::Usage,
            "drop -aslr=false (it only applies to -buildmode=c-shared)".into(),
        );
    }
    if f.no_dynamic && r.refuses_static_with_libc() && head.is_some_and(platform::head_uses_libc) {
        return flag(
            format!("dynamic linking required on {}; -d flag cannot be used", t.goos),
            Reporter::Exitf,
            format!("drop -d: {} programs call the system through libc", t.goos),
        );
    }
    // (A value that is no number stopped the flag package already.)
    if r.checks_round_quantum()
        && let Some(q) = set_value(&f.round)
        && (q < 4096 || q & (q - 1) != 0)
    {
        return flag(
            format!("invalid -R value 0x{}", go_hex(q)),
            Reporter::Exitf,
            "give -R a power of two of at least 4096 (0x1000)".into(),
        );
    }
    if r.defines_flag("funcalign")
        && let Some(a) = f.funcalign.as_deref().and_then(parse_go_int)
        && a != 0
        && (a <= 0 || a & (a - 1) != 0)
    {
        return flag(
            format!("invalid -funcalign value {a}"),
            Reporter::Exitf,
            "give -funcalign a power of two".into(),
        );
    }
    if r.buildid_note_in_main()
        && let Some(m) = f.hostbuildid.as_deref().and_then(|b| buildid_note_error(r, b, f))
    {
        return flag(m, Reporter::Exitf, BUILDID_REMEDY.into());
    }
    None
}

/// `computeTLSOffset` and the architecture's `archinit` with the header
/// type, then the `-D` address against the rounding quantum it set
/// (go1.26+).
fn archinit(t: &LinkTarget, f: &LinkFlags) -> Vec<Finding> {
    let r = t.release;
    let flag = |message: String, reporter: Reporter, remedy: String| {
        vec![Finding::new(Category::Flag, message, reporter).remedy(remedy)]
    };
    let Some(head) = f.head_type(r, &t.goos) else {
        return Vec::new();
    };
    let mut out = match f.given_headtype() {
        Some(h) => match foreign_head(t, h, head) {
            HeadVerdict::Stops(f) => return vec![f],
            HeadVerdict::Notice(f) => vec![f],
            HeadVerdict::Takes => Vec::new(),
        },
        None => Vec::new(),
    };
    // Xcoffinit: the XCOFF writer sets its own addresses.
    if head == "aix" {
        let given = [
            ("R", set_value(&f.round).is_some()),
            ("T", set_value(&f.text_addr).is_some()),
        ];
        let order: [usize; 2] = if r.minor() >= 22 { [0, 1] } else { [1, 0] };
        for (k, _) in order.iter().map(|&i| given[i]).filter(|(_, on)| *on) {
            out.extend(flag(
                format!("-{k} not available on AIX"),
                Reporter::Errorf,
                format!("drop -{k}: the AIX linker places XCOFF sections itself"),
            ));
        }
    }
    if r.defines_flag("D")
        && let Some(d) = set_value(&f.data_addr)
    {
        let round = match set_value(&f.round) {
            Some(q) if head != "aix" => Some(q),
            _ => platform::default_round(&t.goarch, head),
        };
        match round {
            Some(q) if q != 0 && d % q != 0 => out.extend(flag(
                format!(
                    "invalid -D value 0x{}: not aligned to rounding quantum 0x{}",
                    go_hex(d),
                    go_hex(q)
                ),
                Reporter::Exitf,
                format!("give -D a multiple of 0x{}", go_hex(q)),
            )),
            _ => {}
        }
    }
    // PE sections advance by 0x1000 whatever -R rounds the segments to.
    let pe_round = head == "windows" && set_value(&f.round).is_some_and(|r| r != 0x1000);
    // Segments rounded to a quantum this large may part data from code
    // by more than a relocation reaches.
    let far_round = set_value(&f.round).is_some_and(|r| r >= 1 << 28);
    let addressed = set_value(&f.text_addr).is_some() || set_value(&f.data_addr).is_some() || pe_round || far_round;
    if addressed && out.iter().all(|f| !f.fatal) {
        out.push(
            Finding::new(
                Category::Flag,
                "gosym does not lay out addresses: with -T, -D or an -R of 256 MiB or more the linker may find \
                 a relocation out of range (seen on darwin/amd64, darwin/arm64 and wasm), and on windows with -R, or -D near \
                 where .data would be, a section where the PE writer does not expect it; gosym reports \
                 these only where they fail whatever the layout",
                Reporter::Stdout,
            )
            .notice()
            .remedy("link without -T, -D (and on windows -R) unless the target needs them"),
        );
    }
    out
}

/// `checkSegment` as the PE writer runs it last (internal linking): the
/// text section sits at `PESECTHEADR` (0x1000) past the image base, so a
/// `-T` address anywhere else (or go1.22+'s image base rounded up to an
/// `-R` it is not a multiple of) stops the link (`.text.VirtualAddress =
/// 0x1000, want …`). Where the address is far enough from the base,
/// relocsym reports relocations out of range first (go1.22+ amd64's
/// `.xdata`; 386's absolute addresses), which gosym does not place.
pub fn pe_text_address(t: &LinkTarget, f: &LinkFlags) -> Option<Finding> {
    if f.head_type(t.release, &t.goos) != Some("windows") {
        return None;
    }
    use platform::PESECTHEADR;
    let text = pe_text_start(t, f);
    let base = platform::pe_base(t.release, &t.goarch);
    if text == base + PESECTHEADR {
        return None;
    }
    Some(
        Finding::new(
            Category::Flag,
            format!(
                ".text.VirtualAddress = 0x{PESECTHEADR:x}, want 0x{:x}",
                text.wrapping_sub(base)
            ),
            Reporter::Errorf,
        )
        .remedy(format!(
            "drop -T: a PE image's text starts at 0x{:x} ({}'s image base 0x{base:x} and the headers)",
            base + PESECTHEADR,
            t.version,
        )),
    )
}

/// Where `Peinit` starts the text: `-T`, else PEBASE + PESECTHEADR
/// (go1.22+ round PEBASE up to `-R` first).
pub fn pe_text_start(t: &LinkTarget, f: &LinkFlags) -> u64 {
    let base = platform::pe_base(t.release, &t.goarch);
    if let Some(text) = set_value(&f.text_addr) {
        return text as u64;
    }
    match set_value(&f.round).filter(|&r| r > 0 && t.release.rounds_text_base()) {
        Some(r) => base.div_ceil(r as u64) * r as u64 + platform::PESECTHEADR,
        None => base + platform::PESECTHEADR,
    }
}

/// The value of an integer flag whose default is -1 (`-R`, `-T`, `-D`),
/// when given as something else: -1 leaves it to the linker.
pub fn set_value(v: &Option<String>) -> Option<i64> {
    v.as_deref().and_then(parse_go_int).filter(|&n| n != -1)
}

/// What `computeTLSOffset` and `archinit` make of a header type given
/// with `-H`.
enum HeadVerdict {
    /// Written as for the GOOS.
    Takes,
    /// Taken, with what gosym does not model of it.
    Notice(Finding),
    /// The linker stops.
    Stops(Finding),
}

fn foreign_head(t: &LinkTarget, h: &str, head: &'static str) -> HeadVerdict {
    let r = t.release;
    let stop = |message: String, reporter: Reporter, remedy: String| {
        HeadVerdict::Stops(Finding::new(Category::Flag, message, reporter).remedy(remedy))
    };
    let remedy = format!("drop -H {h}, or link for an architecture that writes {head} binaries");
    // `computeTLSOffset`, before `archinit`, knows darwin's TLS slot on
    // amd64 and arm64 only.
    if head == "darwin" && !matches!(t.goarch.as_str(), "amd64" | "arm64") {
        return stop(
            format!("unknown thread-local storage offset for darwin/{}", t.goarch),
            Reporter::LogFatal,
            remedy,
        );
    }
    match (
        platform::archinit_takes(r, &t.goarch, head),
        platform::head_type_shown(r, head),
    ) {
        (Some(false), Some(shown)) => stop(format!("unknown -H option: {shown}"), Reporter::Exitf, remedy),
        _ if platform::head_type(r, &t.goos) == Some(head) => HeadVerdict::Takes,
        (Some(true), _) => HeadVerdict::Notice(
            Finding::new(
                Category::Flag,
                format!(
                    "-H {h} writes a {head} binary from objects compiled for {}: gosym checks them as {}'s linker \
                     reads them, not what the {head} writer makes of relocations made for {} (verified: arm64's \
                     thread-local accesses under darwin, ppc64's address relocations under aix, windows objects' \
                     references to dynamic imports; not verified: the rest)",
                    t.goos, t.version, t.goos
                ),
                Reporter::Stdout,
            )
            .notice()
            .remedy(format!("link for GOOS={head} instead of -H {h}")),
        ),
        _ => HeadVerdict::Notice(
            Finding::new(
                Category::Flag,
                format!(
                    "gosym has not verified whether {}'s linker writes {head} binaries for {} (-H {h})",
                    t.version, t.goarch
                ),
                Reporter::Stdout,
            )
            .notice()
            .remedy(remedy),
        ),
    }
}

const BUILDID_REMEDY: &str = "give -B 0x followed by an even number of hex digits (at most 32)";

/// `addbuildinfo`'s complaint about `-B value`, if any.
fn buildid_note_error(r: LinkerRelease, b: &str, f: &LinkFlags) -> Option<String> {
    if r.buildid_note_none() && (b.is_empty() || b == "none") {
        return None;
    }
    if r.buildid_note_in_main() && b == "gobuildid" {
        return f
            .buildid
            .as_deref()
            .is_none_or(str::is_empty)
            .then(|| "-B gobuildid requires a Go build ID supplied via -buildid".into());
    }
    let Some(hex) = b.strip_prefix("0x") else {
        return Some(format!("-B argument must start with 0x: {b}"));
    };
    if hex.len() / 2 > 32 {
        return Some(format!("-B option too long (max 32 digits): {b}"));
    }
    // encoding/hex: a bad digit in a pair first, then an odd length (or a
    // bad last digit).
    let bytes = hex.as_bytes();
    let bad = |c: u8| !c.is_ascii_hexdigit();
    if let Some(&c) = bytes[..bytes.len() / 2 * 2].iter().find(|&&c| bad(c)) {
        return Some(format!("-B argument contains invalid hex digit {}: {b}", c as char));
    }
    if bytes.len() % 2 == 1 {
        let last = bytes[bytes.len() - 1];
        return Some(if bad(last) {
            format!("-B argument contains invalid hex digit {}: {b}", last as char)
        } else {
            format!("-B argument must have even number of digits: {b}")
        });
    }
    None
}

/// `%x` of a signed integer, as Go prints it (`-64` for -100).
fn go_hex(q: i64) -> String {
    if q < 0 {
        format!("-{:x}", q.unsigned_abs())
    } else {
        format!("{q:x}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn build_id_notes_are_refused_as_addbuildinfo_refuses_them() {
        let f = LinkFlags::default();
        assert_eq!(buildid_note_error(LinkerRelease::new(27), "0x1234", &f), None);
        assert_eq!(
            buildid_note_error(LinkerRelease::new(27), "0xzz", &f).as_deref(),
            Some("-B argument contains invalid hex digit z: 0xzz")
        );
        assert_eq!(
            buildid_note_error(LinkerRelease::new(27), "0x123", &f).as_deref(),
            Some("-B argument must have even number of digits: 0x123")
        );
        assert_eq!(
            buildid_note_error(LinkerRelease::new(21), "gobuildid", &f).as_deref(),
            Some("-B argument must start with 0x: gobuildid")
        );
        assert_eq!(
            buildid_note_error(LinkerRelease::new(22), "gobuildid", &f).as_deref(),
            Some("-B gobuildid requires a Go build ID supplied via -buildid")
        );
        assert_eq!(buildid_note_error(LinkerRelease::new(24), "none", &f), None);
        assert!(buildid_note_error(LinkerRelease::new(23), "none", &f).is_some());
    }
}
