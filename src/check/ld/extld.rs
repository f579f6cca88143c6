//! The C compiler an external link runs (`ctxt.extld()` in `hostlink`),
//! judged on this machine before the linker runs it: the command must be
//! found (`exec: "clang": executable file not found in $PATH`, or
//! `fork/exec PATH: no such file or directory` for a path), and the host's
//! own gcc links for the host's architecture and system only. For another
//! architecture its `ld` cannot read `go.o` (or gcc refuses the arch flag
//! the Go linker passes: `-marm`, `-mabi=…`), `-m32` needs a 32-bit C
//! runtime, a windows or darwin link passes flags gcc for ELF refuses
//! (`-mconsole`, `-arch`), openbsd's `-Wl,-nopie` is refused by GNU ld,
//! and solaris's libc calls are missing from the host's libc: each is the
//! linker's `running gcc failed: exit status 1`. A cross compiler (any
//! other `-extld`), `-extldflags` that choose a target, clang for another
//! platform, or a host that is not linux are not judged.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use crate::check::ld::extldflags::{ExtraFlags, Probe, probe};
use crate::check::report::{Category, Finding, Reporter};
use crate::check::target::LinkTarget;
use crate::check::target::flags::{LinkFlags, split_quoted};
use crate::check::target::linkmode::BuildMode;
use crate::check::target::platform::default_extld;

/// The machine gosym (and the linker it predicts) runs on.
#[derive(Debug, Clone)]
pub struct Host {
    /// GOOS of the host.
    pub goos: &'static str,
    /// GOARCH of the host.
    pub goarch: &'static str,
    /// `$PATH`.
    pub path: Option<OsString>,
}

impl Host {
    /// This process's host and `$PATH`.
    pub fn current() -> Host {
        let goarch = match std::env::consts::ARCH {
            "x86_64" => "amd64",
            "x86" => "386",
            "aarch64" => "arm64",
            "arm" => "arm",
            "riscv64" => "riscv64",
            "s390x" => "s390x",
            "powerpc64" => "ppc64le",
            "loongarch64" => "loong64",
            other => other,
        };
        Host {
            goos: std::env::consts::OS,
            goarch,
            path: std::env::var_os("PATH"),
        }
    }

    /// `exec.LookPath`: the first executable regular file `name` in a
    /// `$PATH` directory (an empty entry is the current directory).
    fn look_path(&self, name: &str) -> Option<PathBuf> {
        let path = self.path.as_ref()?;
        std::env::split_paths(path)
            .map(|d| {
                if d.as_os_str().is_empty() {
                    PathBuf::from(".")
                } else {
                    d
                }
            })
            .map(|d| d.join(name))
            .find(|p| is_executable(p))
    }
}

fn is_executable(p: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// What the external link's C compiler makes of this link.
#[derive(Debug)]
pub enum HostLink {
    /// The host's own compiler links go.o against the host's C library
    /// (for the host, or another ELF system of its architecture): what
    /// it links against can be judged ([`crate::check::ld::extlink`]).
    /// The compiler as the linker runs it (`running X failed`) and the
    /// `-extldflags` it takes.
    Native(NativeLink),
    /// Runs, but what it makes of the link is not judged.
    NotJudged,
    /// Runs and fails, or cannot run: the linker's fatal line.
    Fails(Finding),
    /// Not judged, and gosym says so: a warning.
    Unverified(Finding),
}

/// The host's own C compiler, as the linker runs it, and what it is
/// given besides the objects.
#[derive(Debug)]
pub struct NativeLink {
    /// Its name as the linker's messages give it (`running gcc failed`).
    pub cc: String,
    /// `-extldflags`, judged: options it takes, libraries found.
    pub extra: ExtraFlags,
    /// The `-l` libraries of `-extldflags`, found.
    pub extra_libs: Vec<PathBuf>,
}

/// The external link's C compiler for target `t` with flags `f` (the
/// effective build mode `mode`), on `host`.
pub fn judge(t: &LinkTarget, f: &LinkFlags, mode: BuildMode, host: &Host) -> HostLink {
    let r = t.release;
    // The -extld words: go1.19+ split the value as the go command splits
    // flags; go1.15 runs the whole value.
    let words: Vec<String> = match f.extld.as_deref().filter(|s| !s.is_empty()) {
        Some(x) if r.minor() >= 19 => split_quoted(x).unwrap_or_default(),
        Some(x) => vec![x.to_string()],
        None => match default_extld(r, &t.goos) {
            Some(d) => vec![d.to_string()],
            None => {
                return HostLink::Unverified(
                    Finding::new(
                        Category::LinkMode,
                        format!(
                            "gosym has not verified which C compiler {}'s linker runs for a {} external link",
                            t.version, t.goos
                        ),
                        Reporter::Stdout,
                    )
                    .unverified()
                    .remedy("give -extld (go build passes CC)"),
                );
            }
        },
    };
    let Some(argv0) = words.first().cloned() else {
        return HostLink::NotJudged;
    };
    if host.goos != "linux" {
        return HostLink::NotJudged;
    }
    // exec.Command looks a bare name up on $PATH; a path is started as is.
    let is_path = argv0.contains('/');
    let found = if is_path {
        Path::new(&argv0).exists()
    } else {
        host.look_path(&argv0).is_some()
    };
    if !found {
        let error = if is_path {
            format!("fork/exec {argv0}: no such file or directory")
        } else {
            format!("exec: {argv0:?}: executable file not found in $PATH")
        };
        return HostLink::Fails(
            Finding::new(
                Category::LinkMode,
                format!("running {argv0} failed: {error}"),
                Reporter::Exitf,
            )
            .detail(format!(
                "an external link for {}/{} runs {argv0}{}, which this machine does not have",
                t.goos,
                t.goarch,
                if f.extld.is_none() {
                    " (the linker's default)"
                } else {
                    ""
                }
            ))
            .remedy(format!(
                "install {argv0}, or give -extld a C compiler for {}/{} (go build: CC=…)",
                t.goos, t.goarch
            )),
        );
    }
    let base = Path::new(&argv0).file_name().and_then(|n| n.to_str()).unwrap_or("");
    let native_gcc = base == "gcc"
        || base == "cc"
        || base
            .strip_prefix("gcc-")
            .is_some_and(|v| v.starts_with(|c: char| c.is_ascii_digit()));
    // What gcc is asked for follows the header the link writes (`-H`):
    // a darwin, windows or openbsd header passes its own flags whatever
    // the objects' GOOS.
    let head = f.head_type(r, &t.goos).unwrap_or(t.goos.as_str());
    let same = (t.goos.as_str(), t.goarch.as_str()) == (host.goos, host.goarch) && head == "linux";
    if same {
        if !is_c_compiler(base) {
            return HostLink::Unverified(
                Finding::new(
                    Category::LinkMode,
                    format!(
                        "gosym has not verified what {argv0} makes of the external link: it is not a C compiler \
                         gosym knows (gcc, cc, clang, a cross gcc)"
                    ),
                    Reporter::Stdout,
                )
                .unverified()
                .remedy("give -extld the C compiler (go build passes CC)"),
            );
        }
        return native(t, f, &words);
    }
    if !native_gcc || chooses_target(f.extldflags.as_deref()) {
        return HostLink::NotJudged;
    }
    let plat = match f.foreign_head(r, &t.goos) {
        Some(h) => format!("{h}/{} (-H {h})", t.goarch),
        None => format!("{}/{}", t.goos, t.goarch),
    };
    // On aix the DWARF pass first asks the compiler's ld for its version
    // (`dwarf.IsDWARFEnabledOnAIXLd`), printing the -extld words as Go
    // prints a []string from go1.19 on.
    let message = if t.goos == "aix" && f.dwarf_enabled(t, true) {
        let shown = if r.minor() >= 19 {
            format!("[{}]", words.join(" "))
        } else {
            argv0.clone()
        };
        format!("{shown} -Wl,-V failed: exit status 1")
    } else {
        format!("running {argv0} failed: exit status 1")
    };
    let fails = |detail: String| {
        HostLink::Fails(
            Finding::new(Category::LinkMode, message.clone(), Reporter::Exitf)
                .detail(detail)
                .remedy(format!(
                    "give -extld a C compiler for {plat} (go build: CC=…), or link on a {plat} machine"
                )),
        )
    };
    let host_plat = format!("{}/{}", host.goos, host.goarch);
    if t.goarch != host.goarch {
        if (host.goarch, t.goarch.as_str()) == ("amd64", "386") && !matches!(t.goos.as_str(), "windows" | "darwin") {
            if has_32bit_c_runtime() {
                return HostLink::NotJudged;
            }
            return fails(format!(
                "{argv0} -m32 finds no 32-bit C runtime here (ld: cannot find Scrt1.o, crti.o): the host has no \
                 multilib C library"
            ));
        }
        return fails(format!(
            "{argv0} here links for {host_plat}: its ld cannot read go.o for {plat} (Relocations in generic ELF, \
             or gcc refuses the architecture flags the linker passes)"
        ));
    }
    match head {
        "windows" => fails(format!(
            "{argv0} here links ELF for {host_plat}: it refuses the PE options the linker passes ({})",
            if f.headtype.as_deref() == Some("windowsgui") {
                "-mwindows"
            } else {
                "-mconsole"
            }
        )),
        "darwin" | "ios" => fails(format!(
            "{argv0} here links ELF for {host_plat}: it refuses the Mach-O options the linker passes (-arch, -Wl,-headerpad, -Wl,-no_pie) and cannot read a Mach-O go.o"
        )),
        "openbsd" if mode != BuildMode::Pie || !r.openbsd_nopie_only_without_pie() => fails(format!(
            "{argv0} here runs GNU ld, which refuses the -Wl,-nopie the linker passes for openbsd"
        )),
        _ if matches!(t.goos.as_str(), "solaris" | "illumos") => fails(format!(
            "go.o calls {}'s libc (port_dissociate, …), which the host's C library lacks (undefined reference)",
            t.goos
        )),
        // Another ELF system of the host's architecture: gcc links go.o
        // against the host's own C library, as for the host.
        _ => native(t, f, &words),
    }
}

/// The host's compiler `cc` (its words) with the link's `-extldflags`:
/// what it refuses of them fails the link, what changes the link beyond
/// what gosym models leaves it unverified.
fn native(t: &LinkTarget, f: &LinkFlags, cc: &[String]) -> HostLink {
    let argv0 = cc[0].clone();
    let words: Vec<String> = match f.extldflags.as_deref() {
        None | Some("") => Vec::new(),
        // go1.19+ split the value as the go command splits flags (an
        // unterminated quote is the flag's own error, reported before);
        // go1.15 splits at white space.
        Some(x) if t.release.minor() >= 19 => split_quoted(x).unwrap_or_default(),
        Some(x) => x.split_whitespace().map(str::to_string).collect(),
    };
    let extra = ExtraFlags::parse(&words);
    let fails = |detail: String, remedy: &str| {
        HostLink::Fails(
            Finding::new(
                Category::LinkMode,
                format!("running {argv0} failed: exit status 1"),
                Reporter::Exitf,
            )
            .detail(detail)
            .remedy(remedy.to_string()),
        )
    };
    let unverified = |what: String| {
        HostLink::Unverified(
            Finding::new(
                Category::LinkMode,
                format!("gosym has not verified the external link with -extldflags {what}"),
                Reporter::Stdout,
            )
            .unverified(),
        )
    };
    if !extra.options.is_empty() {
        match probe(cc, &extra.options) {
            Probe::Accepted => {}
            Probe::Refused(line) => {
                return fails(
                    format!("{argv0} refuses -extldflags {}: {line}", extra.options.join(" ")),
                    "drop or correct the option in -extldflags",
                );
            }
            Probe::NotAsked(why) => return unverified(format!("{} ({why})", extra.options.join(" "))),
        }
    }
    if let Some(missing) = extra
        .files
        .iter()
        .find(|p| p.starts_with('/') && !Path::new(p).exists())
    {
        return fails(
            format!("ld: cannot find '{missing}': No such file or directory (an input file of -extldflags)"),
            "drop the file from -extldflags, or give its right path",
        );
    }
    let extra_libs = match extra.find_libs(&argv0, &crate::check::host::hostlink::default_lib_path()) {
        Ok(found) => found,
        Err(lib) => {
            return fails(
                format!("ld: cannot find -l{lib}: No such file or directory (a library of -extldflags)"),
                &format!("install lib{lib}, or give its directory with -L in -extldflags"),
            );
        }
    };
    if let Some(w) = extra.unjudged.first() {
        return unverified(format!("{w}: it changes what the C link resolves against"));
    }
    if let Some(p) = extra.files.first() {
        return unverified(format!("{p}: gosym does not read an input file given there"));
    }
    HostLink::Native(NativeLink {
        cc: argv0,
        extra,
        extra_libs,
    })
}

/// Whether `base` names a C compiler driver (or a wrapper that runs one)
/// whose link gosym judges as gcc's: gcc, cc, clang, c89/c99, their
/// versioned and target-prefixed names (`gcc-13`, `x86_64-linux-gnu-gcc`).
fn is_c_compiler(base: &str) -> bool {
    const DRIVERS: [&str; 5] = ["gcc", "cc", "clang", "c89", "c99"];
    const WRAPPERS: [&str; 4] = ["ccache", "sccache", "distcc", "zig"];
    let unversioned = base
        .rsplit_once('-')
        .filter(|(_, v)| !v.is_empty() && v.chars().all(|c| c.is_ascii_digit() || c == '.'))
        .map_or(base, |(name, _)| name);
    let driver = unversioned.rsplit('-').next().unwrap_or(unversioned);
    DRIVERS.contains(&driver) || WRAPPERS.contains(&base)
}

/// `-extldflags` that pick another target, sysroot or linker.
fn chooses_target(extldflags: Option<&str>) -> bool {
    let Some(s) = extldflags else { return false };
    s.split_whitespace().any(|w| {
        w.starts_with("-m")
            || w.starts_with("--target")
            || w.starts_with("-target")
            || w.starts_with("--sysroot")
            || w.starts_with("-B")
            || w.starts_with("-fuse-ld")
    })
}

/// Whether `gcc -m32` finds a 32-bit C runtime (Debian's multilib or
/// multiarch paths).
fn has_32bit_c_runtime() -> bool {
    [
        "/usr/lib32/crt1.o",
        "/usr/lib/i386-linux-gnu/crt1.o",
        "/usr/i686-linux-gnu/lib/crt1.o",
        "/lib32/crt1.o",
    ]
    .iter()
    .any(|p| Path::new(p).exists())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn look_path_finds_executables_only() {
        let d = std::env::temp_dir().join(format!("gosym-extld-{}", std::process::id()));
        std::fs::create_dir_all(&d).unwrap();
        let exe = d.join("mycc");
        std::fs::write(&exe, "#!/bin/sh\n").unwrap();
        let plain = d.join("notexe");
        std::fs::write(&plain, "").unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&exe, std::fs::Permissions::from_mode(0o755)).unwrap();
        let host = Host {
            goos: "linux",
            goarch: "amd64",
            path: Some(OsString::from(format!("/nonexistent:{}", d.display()))),
        };
        assert_eq!(host.look_path("mycc"), Some(exe));
        assert_eq!(host.look_path("notexe"), None);
        assert_eq!(host.look_path("absent"), None);
        std::fs::remove_dir_all(&d).unwrap();
    }

    #[test]
    fn target_choosing_flags() {
        assert!(chooses_target(Some("-static --target=aarch64-linux-gnu")));
        assert!(chooses_target(Some("-m32")));
        assert!(!chooses_target(Some("-static -lfoo")));
        assert!(!chooses_target(None));
    }

    #[test]
    fn c_compilers_are_told_from_other_commands() {
        for cc in [
            "gcc",
            "cc",
            "clang",
            "gcc-13",
            "x86_64-linux-gnu-gcc",
            "x86_64-linux-gnu-gcc-12",
            "clang-18",
            "ccache",
        ] {
            assert!(is_c_compiler(cc), "{cc}");
        }
        for other in ["false", "true", "ld", "gcc-ar", "x86_64-linux-gnu-ld", ""] {
            assert!(!is_c_compiler(other), "{other}");
        }
    }
}
