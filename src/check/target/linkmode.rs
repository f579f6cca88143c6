//! Which linker runs: `determineLinkMode` and `mustLinkExternal` of
//! `cmd/link/internal/ld/config.go`, per release. With `-linkmode=auto` (the
//! default) the Go linker links internally unless something needs the
//! external linker (the platform, `-msan`/`-asan`, cgo on an architecture
//! whose internal cgo linking is incomplete, a build mode, host objects of
//! non-std packages in a cgo program, a `preferlinkext` or `dynimportfail`
//! sentinel); `-linkmode=internal` with such a need is the linker's fatal
//! `internal linking requested but external linking required: REASON`.
//!
//! The platform rules are transcribed from each release's sources:
//! go1.15 and go1.19 `ld/config.go` (with `cmd/internal/sys.MustLinkExternal`),
//! go1.21+ `internal/platform/supported.go` (`MustLinkExternal`,
//! `InternalLinkPIESupported`), and `determineLinkMode` itself (which
//! refuses external linking on some platforms). `tests/suites/toolchains.rs`
//! hashes those function bodies in every installed GOROOT and fails when
//! one differs from the text this module was written from. Leaf module.

use crate::check::target::release::LinkerRelease;

/// `-linkmode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkMode {
    /// `auto` (the default).
    Auto,
    /// `internal`.
    Internal,
    /// `external`.
    External,
}

/// A value `-linkmode` or `-buildmode` does not take; displayed as Go's
/// flag package reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidMode {
    /// `linkmode` or `buildmode`.
    pub flag: &'static str,
    /// The value given.
    pub value: String,
}

impl std::fmt::Display for InvalidMode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (flag, v) = (self.flag, &self.value);
        write!(f, "invalid value {v:?} for flag -{flag}: invalid {flag}: {v:?}")
    }
}

impl std::error::Error for InvalidMode {}

impl LinkMode {
    /// Parses a `-linkmode` value as `LinkMode.Set` does.
    pub fn parse(s: &str) -> Result<LinkMode, InvalidMode> {
        match s {
            "auto" => Ok(LinkMode::Auto),
            "internal" => Ok(LinkMode::Internal),
            "external" => Ok(LinkMode::External),
            _ => Err(InvalidMode {
                flag: "linkmode",
                value: s.to_string(),
            }),
        }
    }
}

/// `-buildmode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BuildMode {
    /// `exe` (the default).
    Exe,
    /// `pie`.
    Pie,
    /// `c-archive`.
    CArchive,
    /// `c-shared`.
    CShared,
    /// `shared`.
    Shared,
    /// `plugin`.
    Plugin,
}

impl BuildMode {
    /// Parses a `-buildmode` value as `BuildMode.Set` does (the mapping of
    /// `exe` to PIE on some platforms is [`BuildMode::effective`]).
    pub fn parse(s: &str) -> Result<BuildMode, InvalidMode> {
        match s {
            "exe" => Ok(BuildMode::Exe),
            "pie" => Ok(BuildMode::Pie),
            "c-archive" => Ok(BuildMode::CArchive),
            "c-shared" => Ok(BuildMode::CShared),
            "shared" => Ok(BuildMode::Shared),
            "plugin" => Ok(BuildMode::Plugin),
            _ => Err(InvalidMode {
                flag: "buildmode",
                value: s.to_string(),
            }),
        }
    }

    /// `exe` is PIE where "everything is PIE" (go1.15: nowhere; go1.19 to
    /// go1.24: darwin/arm64, windows/arm, windows/arm64; go1.26+: windows/arm
    /// gone).
    pub fn effective(self, release: LinkerRelease, goos: &str, goarch: &str) -> BuildMode {
        let pie_everywhere = match release.minor() {
            15 => false,
            19..=24 => matches!(
                (goos, goarch),
                ("darwin", "arm64") | ("windows", "arm64") | ("windows", "arm")
            ),
            _ => matches!((goos, goarch), ("darwin", "arm64") | ("windows", "arm64")),
        };
        if self == BuildMode::Exe && pie_everywhere {
            BuildMode::Pie
        } else {
            self
        }
    }

    /// The `-buildmode` spelling.
    pub fn name(self) -> &'static str {
        match self {
            BuildMode::Exe => "exe",
            BuildMode::Pie => "pie",
            BuildMode::CArchive => "c-archive",
            BuildMode::CShared => "c-shared",
            BuildMode::Shared => "shared",
            BuildMode::Plugin => "plugin",
        }
    }

    /// Whether the output is a shared object (position-independent code
    /// required of every object: the external linker refuses others).
    pub fn is_shared_object(self) -> bool {
        matches!(self, BuildMode::CShared | BuildMode::Shared | BuildMode::Plugin)
    }
}

/// What decides the link mode besides the flags.
#[derive(Debug, Clone, Default)]
pub struct LinkInputs {
    /// `runtime/cgo` is in the link (`iscgo`).
    pub iscgo: bool,
    /// A host object of a package outside the linker's `internalpkg` list
    /// (`externalobj`).
    pub externalobj: bool,
    /// Packages whose archive has a `preferlinkext` sentinel (read only
    /// with `-linkmode=auto`, as the linker ignores them otherwise).
    pub preferlinkext: Vec<String>,
    /// Packages whose archive has a `dynimportfail` sentinel.
    pub dynimportfail: Vec<String>,
}

/// The packages whose host objects the internal linker handles
/// (`internalpkg` in `ld/lib.go`).
pub const INTERNAL_HOST_PACKAGES: &[&str] = &[
    "crypto/internal/boring",
    "crypto/internal/boring/syso",
    "crypto/x509",
    "net",
    "os/user",
    "runtime/cgo",
    "runtime/race",
    "runtime/msan",
    "runtime/asan",
];

/// The linker's decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// Whether the Go linker hands the link to the external linker.
    pub external: bool,
    /// `mustLinkExternal`'s reason, when it has one.
    pub reason: Option<String>,
    /// The fatal error, when internal linking was requested but external
    /// linking is required, or external linking is but the platform has
    /// none.
    pub fatal: Option<String>,
    /// The fatal error is the platform's: no external linking at all.
    pub refuses_external: bool,
}

/// The flags the decision reads.
#[derive(Debug, Clone, Copy)]
pub struct ModeFlags {
    /// `-linkmode`.
    pub linkmode: LinkMode,
    /// `-buildmode`, after [`BuildMode::effective`].
    pub buildmode: BuildMode,
    /// `-race`.
    pub race: bool,
    /// `-msan`.
    pub msan: bool,
    /// `-asan`.
    pub asan: bool,
}

/// `determineLinkMode` (with the toolchain's GO_EXTLINK_ENABLED unset, as
/// Debian builds it).
pub fn determine(release: LinkerRelease, goos: &str, goarch: &str, f: ModeFlags, inputs: &LinkInputs) -> Decision {
    let reason = must_link_external(release, goos, goarch, f, inputs);
    let external = match f.linkmode {
        LinkMode::External => true,
        LinkMode::Internal => false,
        LinkMode::Auto => {
            let prefer = release.honours_preferlinkext() && !inputs.preferlinkext.is_empty();
            reason.is_some() || (inputs.iscgo && (inputs.externalobj || prefer))
        }
    };
    // The LinkExternal case: platforms the release cannot link externally.
    let refuses_external = external && refuses_external_link(release, goos, goarch);
    let fatal = if refuses_external {
        Some(format!("external linking not supported for {goos}/{goarch}"))
    } else {
        (f.linkmode == LinkMode::Internal)
            .then_some(reason.as_ref())
            .flatten()
            .map(|r| format!("internal linking requested but external linking required: {r}"))
    };
    Decision {
        external,
        reason,
        fatal,
        refuses_external,
    }
}

/// `determineLinkMode`: the platforms whose external linking the release
/// refuses (`external linking not supported for GOOS/GOARCH`).
fn refuses_external_link(release: LinkerRelease, goos: &str, goarch: &str) -> bool {
    match release.minor() {
        15 => goarch == "riscv64" || (goarch == "ppc64" && goos != "aix"),
        19 | 21 => goarch == "ppc64" && goos != "aix",
        22..=26 => goarch == "ppc64" && goos == "linux",
        _ => false,
    }
}

/// `mustLinkExternal`: the first reason the release finds.
pub fn must_link_external(
    release: LinkerRelease,
    goos: &str,
    goarch: &str,
    f: ModeFlags,
    inputs: &LinkInputs,
) -> Option<String> {
    let minor = release.minor();
    if platform_needs_external(release, goos, goarch) {
        return Some(format!("{goos}/{goarch} requires external linking"));
    }
    if f.msan {
        return Some("msan".into());
    }
    if f.asan && release.asan_needs_external() {
        return Some("asan".into());
    }
    if inputs.iscgo
        && let Some(r) = cgo_reason(minor, goos, goarch)
    {
        return Some(r);
    }
    if release.race_on_ppc64_needs_external() && f.race && matches!(goarch, "ppc64" | "ppc64le") {
        return Some(format!("race on {goarch}"));
    }
    match f.buildmode {
        BuildMode::CArchive => return Some("buildmode=c-archive".into()),
        BuildMode::CShared if !(release.c_shared_wasm_links_internally() && goarch == "wasm") => {
            return Some("buildmode=c-shared".into());
        }
        BuildMode::Pie if !internal_pie_supported(minor, goos, goarch) => return Some("buildmode=pie".into()),
        BuildMode::Plugin => return Some("buildmode=plugin".into()),
        BuildMode::Shared => return Some("buildmode=shared".into()),
        _ => {}
    }
    if release.dynimportfail_forces_external() && !inputs.dynimportfail.is_empty() {
        return Some(format!(
            "some packages could not be built to support internal linking ([{}])",
            inputs.dynimportfail.join(" ")
        ));
    }
    None
}

/// `sys.MustLinkExternal` (go1.15, go1.19) / `platform.MustLinkExternal`
/// (go1.21+) without cgo.
fn platform_needs_external(release: LinkerRelease, goos: &str, goarch: &str) -> bool {
    match goos {
        "android" => goarch != "arm64",
        "darwin" if release.darwin_arm64_is_mobile() => goarch == "arm64",
        "ios" if !release.darwin_arm64_is_mobile() => goarch == "arm64",
        _ => false,
    }
}

/// The cgo part of `mustLinkExternal`, with each release's wording.
fn cgo_reason(minor: u32, goos: &str, goarch: &str) -> Option<String> {
    let arch = || Some(format!("{goarch} does not support internal cgo"));
    let os = || Some(format!("{goos} does not support internal cgo"));
    match minor {
        15 => {
            if matches!(goarch, "mips64" | "mips64le" | "mips" | "mipsle" | "ppc64" | "ppc64le") {
                return arch();
            }
            (goos == "android").then(|| format!("{goos} does not support internal cgo"))
        }
        19 => {
            if matches!(
                goarch,
                "loong64" | "mips64" | "mips64le" | "mips" | "mipsle" | "riscv64"
            ) {
                return arch();
            }
            if matches!(goos, "android" | "dragonfly") {
                return os();
            }
            if goos == "windows" && goarch == "arm64" {
                return Some("windows/arm64 does not support internal cgo".into());
            }
            (goarch == "ppc64").then(|| format!("{goos} does not support internal cgo"))
        }
        _ => {
            let needs = match goarch {
                "mips" | "mipsle" | "mips64" | "mips64le" => true,
                "loong64" => minor <= 24,
                "riscv64" => minor == 21,
                "arm64" => goos == "windows" && minor <= 24,
                "ppc64" => minor == 21 || goos == "aix" || (goos == "linux" && minor <= 26),
                _ => false,
            } || matches!(goos, "android" | "dragonfly");
            needs.then(|| format!("{goarch} does not support internal cgo"))
        }
    }
}

/// `InternalLinkPIESupported` (go1.21+) and its inline ancestors.
fn internal_pie_supported(minor: u32, goos: &str, goarch: &str) -> bool {
    let p = (goos, goarch);
    let common = matches!(
        p,
        ("linux", "amd64") | ("linux", "arm64") | ("android", "arm64") | ("windows", "386") | ("windows", "amd64")
    );
    match minor {
        15 => common || p == ("windows", "arm"),
        19..=24 => {
            common
                || matches!(
                    p,
                    ("linux", "ppc64le")
                        | ("windows", "arm")
                        | ("windows", "arm64")
                        | ("darwin", "amd64")
                        | ("darwin", "arm64")
                )
        }
        25 => {
            common
                || matches!(
                    p,
                    ("linux", "ppc64le")
                        | ("linux", "loong64")
                        | ("windows", "arm")
                        | ("windows", "arm64")
                        | ("darwin", "amd64")
                        | ("darwin", "arm64")
                )
        }
        26 => {
            common
                || matches!(
                    p,
                    ("linux", "ppc64le")
                        | ("linux", "loong64")
                        | ("windows", "arm64")
                        | ("darwin", "amd64")
                        | ("darwin", "arm64")
                )
        }
        _ => {
            common
                || matches!(
                    p,
                    ("linux", "ppc64le")
                        | ("linux", "loong64")
                        | ("linux", "ppc64")
                        | ("linux", "s390x")
                        | ("windows", "arm64")
                        | ("darwin", "amd64")
                        | ("darwin", "arm64")
                )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flags(linkmode: LinkMode, buildmode: BuildMode) -> ModeFlags {
        ModeFlags {
            linkmode,
            buildmode,
            race: false,
            msan: false,
            asan: false,
        }
    }

    #[test]
    fn internal_requested_but_external_required() {
        let r = LinkerRelease::new(22);
        let none = LinkInputs::default();
        let d = determine(
            r,
            "linux",
            "amd64",
            flags(LinkMode::Internal, BuildMode::CArchive),
            &none,
        );
        assert_eq!(
            d.fatal.as_deref(),
            Some("internal linking requested but external linking required: buildmode=c-archive")
        );
        let mut msan = flags(LinkMode::Internal, BuildMode::Exe);
        msan.msan = true;
        let d = determine(r, "linux", "amd64", msan, &none);
        assert!(d.fatal.unwrap().ends_with(": msan"));
        assert!(refuses_external_link(LinkerRelease::new(15), "linux", "riscv64"));
        assert!(!refuses_external_link(LinkerRelease::new(19), "linux", "riscv64"));
        assert!(!refuses_external_link(LinkerRelease::new(26), "aix", "ppc64"));
        assert!(refuses_external_link(LinkerRelease::new(21), "openbsd", "ppc64"));
        assert!(!refuses_external_link(LinkerRelease::new(22), "openbsd", "ppc64"));
        assert!(!refuses_external_link(LinkerRelease::new(27), "linux", "ppc64"));
        // auto: PIE links internally on linux/amd64, externally on linux/386.
        assert!(!determine(r, "linux", "amd64", flags(LinkMode::Auto, BuildMode::Pie), &none).external);
        assert!(determine(r, "linux", "386", flags(LinkMode::Auto, BuildMode::Pie), &none).external);
    }

    #[test]
    fn cgo_with_a_user_host_object_links_externally() {
        let r = LinkerRelease::new(27);
        let cgo_user = LinkInputs {
            iscgo: true,
            externalobj: true,
            ..LinkInputs::default()
        };
        assert!(determine(r, "linux", "amd64", flags(LinkMode::Auto, BuildMode::Exe), &cgo_user).external);
        let cgo_std = LinkInputs {
            iscgo: true,
            ..LinkInputs::default()
        };
        assert!(!determine(r, "linux", "amd64", flags(LinkMode::Auto, BuildMode::Exe), &cgo_std).external);
        // Internal cgo on mips is incomplete in every release.
        for m in [15, 19, 22, 27] {
            let d = determine(
                LinkerRelease::new(m),
                "linux",
                "mips64le",
                flags(LinkMode::Auto, BuildMode::Exe),
                &cgo_std,
            );
            assert_eq!(
                d.reason.as_deref(),
                Some("mips64le does not support internal cgo"),
                "go1.{m}"
            );
        }
    }

    #[test]
    fn flag_values_are_checked_as_go_checks_them() {
        assert!(
            LinkMode::parse("sometimes")
                .unwrap_err()
                .to_string()
                .contains("invalid linkmode")
        );
        assert!(
            BuildMode::parse("archive")
                .unwrap_err()
                .to_string()
                .contains("invalid buildmode")
        );
        assert_eq!(
            BuildMode::Exe.effective(LinkerRelease::new(22), "darwin", "arm64"),
            BuildMode::Pie
        );
    }
}
