//! What each release's linker supports on a GOOS/GOARCH: the build modes
//! `-buildmode` takes there (`BuildMode.Set` in go1.15/go1.19
//! `ld/config.go`, `internal/platform.BuildModeSupported` from go1.21),
//! and the C compiler it runs for an external link
//! when `-extld` is not given (`ctxt.extld`). Transcribed from the sources
//! of every installed toolchain; `tests/suites/toolchains.rs` hashes those
//! functions and `tests/suites/release_facts.rs` asks each linker. A
//! release gosym has not read (go1.16–1.18, go1.20) answers `None`: not
//! known, never a failure. Leaf module.

use crate::check::target::linkmode::BuildMode;
use crate::check::target::release::LinkerRelease;

/// Whether `-buildmode=mode` is accepted for `goos/goarch` (`None`: the
/// release's table was never read).
pub fn build_mode_supported(release: LinkerRelease, mode: BuildMode, goos: &str, goarch: &str) -> Option<bool> {
    let minor = release.minor();
    if mode == BuildMode::Exe {
        return Some(true);
    }
    match minor {
        15 | 19 => Some(config_go_set(minor, mode, goos, goarch)),
        21.. => Some(platform_supported(minor, mode, goos, goarch)),
        _ => None,
    }
}

/// go1.15 and go1.19 `BuildMode.Set`: by GOOS, then GOARCH.
fn config_go_set(minor: u32, mode: BuildMode, goos: &str, goarch: &str) -> bool {
    let new = minor >= 19;
    match mode {
        BuildMode::Exe => true,
        BuildMode::Pie => match goos {
            "aix" | "android" | "linux" | "windows" => true,
            "darwin" if new => true,
            "ios" => new,
            "darwin" | "freebsd" => goarch == "amd64",
            _ => false,
        },
        BuildMode::CArchive => match goos {
            "aix" | "darwin" | "linux" => true,
            "ios" => new,
            "freebsd" => goarch == "amd64",
            "windows" => matches!(goarch, "amd64" | "386" | "arm") || (new && goarch == "arm64"),
            _ => false,
        },
        BuildMode::CShared => {
            matches!(goarch, "386" | "amd64" | "arm" | "arm64" | "ppc64le" | "s390x") || (new && goarch == "riscv64")
        }
        BuildMode::Shared => {
            goos == "linux" && matches!(goarch, "386" | "amd64" | "arm" | "arm64" | "ppc64le" | "s390x")
        }
        BuildMode::Plugin => match goos {
            "linux" => matches!(goarch, "386" | "amd64" | "arm" | "arm64" | "s390x" | "ppc64le"),
            "darwin" => goarch == "amd64" || (new && goarch == "arm64"),
            "freebsd" => goarch == "amd64",
            _ => false,
        },
    }
}

/// go1.21+ `internal/platform.BuildModeSupported` (for the gc compiler).
fn platform_supported(minor: u32, mode: BuildMode, goos: &str, goarch: &str) -> bool {
    let p = (goos, goarch);
    // linux/ppc64 links externally from go1.27 on.
    let ppc64 = minor >= 27 && p == ("linux", "ppc64");
    let common_shared = |p: (&str, &str)| {
        matches!(
            p,
            (
                "linux",
                "386" | "amd64" | "arm" | "arm64" | "loong64" | "ppc64le" | "riscv64" | "s390x"
            ) | ("android", "amd64" | "arm" | "arm64" | "386")
                | ("freebsd", "amd64")
                | ("darwin", "amd64" | "arm64")
        )
    };
    match mode {
        BuildMode::Exe => true,
        BuildMode::CArchive => match goos {
            "aix" | "darwin" | "ios" | "windows" => true,
            "linux" => {
                matches!(
                    goarch,
                    "386"
                        | "amd64"
                        | "arm"
                        | "armbe"
                        | "arm64"
                        | "arm64be"
                        | "loong64"
                        | "ppc64le"
                        | "riscv64"
                        | "s390x"
                ) || ppc64
            }
            "freebsd" => goarch == "amd64",
            _ => false,
        },
        BuildMode::CShared => {
            common_shared(p)
                || ppc64
                || matches!(p, ("windows", "amd64" | "386" | "arm64"))
                || (minor >= 24 && p == ("wasip1", "wasm"))
        }
        BuildMode::Pie => {
            common_shared(p)
                || ppc64
                || matches!(
                    p,
                    ("ios", "amd64" | "arm64") | ("aix", "ppc64") | ("windows", "386" | "amd64" | "arm64")
                )
                || (minor >= 23 && p == ("openbsd", "arm64"))
                || (minor <= 25 && p == ("windows", "arm"))
        }
        BuildMode::Shared => matches!(p, ("linux", "386" | "amd64" | "arm" | "arm64" | "ppc64le" | "s390x")) || ppc64,
        BuildMode::Plugin => {
            matches!(
                p,
                ("linux", "amd64" | "arm" | "arm64" | "386" | "s390x" | "ppc64le")
                    | ("android", "amd64" | "386")
                    | ("darwin", "amd64" | "arm64")
                    | ("freebsd", "amd64")
            ) || (minor >= 22 && p == ("linux", "loong64"))
                || (minor >= 25 && p == ("linux", "riscv64"))
                || ppc64
        }
    }
}

/// The external linker `ctxt.extld` runs when no `-extld` is given: gcc,
/// or clang for darwin, freebsd and openbsd (go1.21+). `None` where the
/// release was never read and the two could differ.
pub fn default_extld(release: LinkerRelease, goos: &str) -> Option<&'static str> {
    let clang_os = matches!(goos, "darwin" | "freebsd" | "openbsd");
    match release.minor() {
        21.. if clang_os => Some("clang"),
        15 | 19 | 21.. => Some("gcc"),
        _ if clang_os => None,
        _ => Some("gcc"),
    }
}

/// The header type (`objabi.HeadType`) a `-H` value or a GOOS names, as
/// `HeadType.Set` maps names (android is linux, ios darwin, illumos
/// solaris) and `ld.Main` takes `windowsgui` (windows). `None`: a name this
/// release's `Set` refuses.
pub fn head_type(release: LinkerRelease, name: &str) -> Option<&'static str> {
    let minor = release.minor();
    Some(match name {
        "aix" => "aix",
        "darwin" => "darwin",
        "ios" if minor >= 16 => "darwin",
        "dragonfly" => "dragonfly",
        "freebsd" => "freebsd",
        "js" => "js",
        "linux" | "android" => "linux",
        "netbsd" => "netbsd",
        "openbsd" => "openbsd",
        "plan9" => "plan9",
        "illumos" | "solaris" => "solaris",
        "wasip1" if minor >= 20 => "wasip1",
        "windows" | "windowsgui" => "windows",
        _ => return None,
    })
}

/// Whether programs of a header type call the system through libc
/// (`Target.UsesLibc`).
pub fn head_uses_libc(head: &str) -> bool {
    matches!(head, "aix" | "darwin" | "openbsd" | "solaris" | "windows")
}

/// Whether the architecture's `archinit` (`cmd/link/internal/<arch>/obj.go`)
/// takes the header type; any other stops the link with `unknown -H
/// option`. `None`: a release whose linker gosym has not read.
pub fn archinit_takes(release: LinkerRelease, goarch: &str, head: &str) -> Option<bool> {
    let minor = release.minor();
    if !matches!(minor, 15 | 19 | 21..=27) {
        return None;
    }
    let bsd = matches!(head, "freebsd" | "netbsd" | "openbsd");
    Some(match goarch {
        "amd64" => !matches!(head, "aix" | "js" | "wasip1"),
        "386" => bsd || matches!(head, "linux" | "plan9" | "windows") || (head == "darwin" && minor <= 21),
        "arm" => bsd || matches!(head, "linux" | "plan9") || (head == "windows" && minor <= 25),
        "arm64" => bsd || matches!(head, "darwin" | "linux" | "plan9") || (head == "windows" && minor >= 19),
        "mips64" | "mips64le" => matches!(head, "linux" | "plan9") || (head == "openbsd" && (19..=26).contains(&minor)),
        "ppc64" | "ppc64le" => matches!(head, "aix" | "linux" | "plan9") || (head == "openbsd" && minor >= 22),
        "riscv64" => head == "linux" || (head == "freebsd" && minor >= 21) || (head == "openbsd" && minor >= 22),
        "loong64" | "mips" | "mipsle" | "s390x" => head == "linux",
        // wasm's archinit looks at no header type.
        "wasm" => true,
        _ => return None,
    })
}

/// The address rounding quantum `archinit` sets when `-R` is not given
/// (go1.26 and go1.27, the releases whose `-D` is checked against it);
/// `None` where it stays -1 until later (windows: `Peinit`), which any
/// address divides.
pub fn default_round(goarch: &str, head: &str) -> Option<i64> {
    Some(match (goarch, head) {
        // wasm's archinit looks at no header type.
        ("wasm", _) => 4096,
        (_, "windows") => return None,
        ("amd64", "plan9") => 0x20_0000,
        ("mips64" | "mips64le", "plan9") => 16 * 1024,
        ("arm64", "darwin") => 16 * 1024,
        (_, "aix") => 64,
        ("amd64" | "386", _) | (_, "plan9") => 4096,
        _ => 0x1_0000,
    })
}

/// Whether header type `head` is written as ELF (`ctxt.IsELF`, set by
/// `archinit` for these).
pub fn is_elf_head(head: &str) -> bool {
    matches!(
        head,
        "linux" | "freebsd" | "netbsd" | "openbsd" | "dragonfly" | "solaris" | "android"
    )
}

/// The PE writer's first section address past the image base
/// (`PESECTHEADR`, internal linking).
pub const PESECTHEADR: u64 = 0x1000;
/// The PE writer's section alignment (`PESECTALIGN`).
pub const PESECTALIGN: u64 = 0x1000;

/// `Peinit`'s image base under internal linking (`PEBASE`): go1.15
/// 0x400000; go1.19–1.24 `1 << 32` for 64-bit targets but amd64 (`1 <<
/// 22`, for cgo's 32-bit relocations), `1 << 22` for 32-bit ones;
/// go1.25+ MSVC's and LLVM's 0x140000000 (64-bit) and 0x400000.
pub fn pe_base(release: LinkerRelease, goarch: &str) -> u64 {
    let pe64 = matches!(goarch, "amd64" | "arm64");
    match release.minor() {
        ..=15 => 0x40_0000,
        16..=24 if pe64 && goarch != "amd64" => 1 << 32,
        16..=24 => 1 << 22,
        _ if pe64 => 0x1_4000_0000,
        _ => 0x40_0000,
    }
}

/// A header type as `unknown -H option: %v` prints it: go1.15 and go1.19
/// define `String` on the pointer, so the value prints as its number in
/// the `objabi` constants; go1.21+ print the name. `None`: not read.
pub fn head_type_shown(release: LinkerRelease, head: &str) -> Option<String> {
    const GO115: [&str; 12] = [
        "",
        "darwin",
        "dragonfly",
        "freebsd",
        "js",
        "linux",
        "netbsd",
        "openbsd",
        "plan9",
        "solaris",
        "windows",
        "aix",
    ];
    match release.minor() {
        15 | 19 => GO115.iter().position(|h| *h == head).map(|n| n.to_string()),
        21.. => Some(head.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(minor: u32) -> LinkerRelease {
        LinkerRelease::new(minor)
    }

    #[test]
    fn pie_follows_each_release_table() {
        assert_eq!(
            build_mode_supported(r(15), BuildMode::Pie, "darwin", "arm64"),
            Some(false)
        );
        assert_eq!(
            build_mode_supported(r(19), BuildMode::Pie, "darwin", "arm64"),
            Some(true)
        );
        assert_eq!(
            build_mode_supported(r(27), BuildMode::Pie, "dragonfly", "amd64"),
            Some(false)
        );
        assert_eq!(
            build_mode_supported(r(22), BuildMode::Pie, "openbsd", "arm64"),
            Some(false)
        );
        assert_eq!(
            build_mode_supported(r(23), BuildMode::Pie, "openbsd", "arm64"),
            Some(true)
        );
        assert_eq!(build_mode_supported(r(20), BuildMode::Pie, "dragonfly", "amd64"), None);
        assert_eq!(
            build_mode_supported(r(20), BuildMode::Exe, "dragonfly", "amd64"),
            Some(true)
        );
    }

    #[test]
    fn the_external_c_compiler_follows_goos_and_release() {
        assert_eq!(default_extld(r(19), "darwin"), Some("gcc"));
        assert_eq!(default_extld(r(21), "darwin"), Some("clang"));
        assert_eq!(default_extld(r(20), "darwin"), None);
        assert_eq!(default_extld(r(20), "linux"), Some("gcc"));
    }

    #[test]
    fn header_types_follow_each_archinit() {
        assert_eq!(head_type(r(27), "android"), Some("linux"));
        assert_eq!(head_type(r(15), "ios"), None);
        assert_eq!(head_type(r(19), "wasip1"), None);
        assert_eq!(head_type(r(21), "windowsgui"), Some("windows"));
        assert_eq!(archinit_takes(r(27), "amd64", "js"), Some(false));
        assert_eq!(archinit_takes(r(27), "amd64", "solaris"), Some(true));
        assert_eq!(archinit_takes(r(21), "386", "darwin"), Some(true));
        assert_eq!(archinit_takes(r(22), "386", "darwin"), Some(false));
        assert_eq!(archinit_takes(r(25), "arm", "windows"), Some(true));
        assert_eq!(archinit_takes(r(26), "arm", "windows"), Some(false));
        assert_eq!(archinit_takes(r(20), "arm", "windows"), None);
        assert_eq!(head_type_shown(r(19), "js"), Some("4".into()));
        assert_eq!(head_type_shown(r(15), "aix"), Some("11".into()));
        assert_eq!(head_type_shown(r(21), "aix"), Some("aix".into()));
        assert_eq!(head_type_shown(r(20), "aix"), None);
        assert!(head_uses_libc("openbsd") && !head_uses_libc("linux"));
    }
}
