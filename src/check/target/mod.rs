//! The linker being predicted, and nothing else: the link target as a
//! typed value (built once, from a toolchain or assumed from the inputs),
//! one loaded Go object as the symbol stage sees it, the linker's release
//! facts ([`release`]), its flags ([`flags`]) and link modes
//! ([`linkmode`]). Every other folder of `check` may use it; it uses
//! none of them.

pub mod flags;
pub mod linkerflags;
pub mod linkmode;
pub mod platform;
pub mod release;

use std::collections::BTreeSet;
use std::path::PathBuf;

use crate::check::target::release::LinkerRelease;
use crate::read::goobj::GoObj;

/// The toolchain whose linker the check predicts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkTarget {
    /// Its GOROOT (`None` when assumed from the inputs).
    pub goroot: Option<PathBuf>,
    /// Version string (`go1.22.12`).
    pub version: String,
    /// The linker release.
    pub release: LinkerRelease,
    /// The release's tables (blocked linknames, linker-defined names, the
    /// object format's enumerations), and how well they are known.
    pub tables: &'static crate::tables::ReleaseTables,
    /// Whether `tables` are verified, derived from the GOROOT, or inferred.
    pub support: crate::tables::Support,
    /// The header line its linker wants (without the newline).
    pub header: String,
    /// GOOS the header names.
    pub goos: String,
    /// GOARCH the header names.
    pub goarch: String,
    /// The import paths of its standard library, when known.
    pub std_packages: Option<std::sync::Arc<StdPackages>>,
    /// How the target was chosen.
    pub source: TargetSource,
}

/// A target's standard library package list. A toolchain's is found by
/// walking `GOROOT/src` on a thread of its own, started when the target is
/// made and joined on first use: a check that never asks does not wait.
#[derive(Debug)]
pub struct StdPackages {
    walk: std::sync::Mutex<Option<std::thread::JoinHandle<BTreeSet<String>>>>,
    list: std::sync::OnceLock<BTreeSet<String>>,
}

impl StdPackages {
    /// The list of toolchain `t`, walked in the background.
    pub fn of_toolchain(t: &crate::toolchain::Target) -> StdPackages {
        let t = t.clone();
        let walk = std::thread::Builder::new()
            .name("std-packages".into())
            .spawn(move || t.std_packages())
            .ok();
        let list = std::sync::OnceLock::new();
        if walk.is_none() {
            let _ = list.set(BTreeSet::new());
        }
        StdPackages {
            walk: std::sync::Mutex::new(walk),
            list,
        }
    }

    /// A list known already.
    pub fn listed(list: BTreeSet<String>) -> StdPackages {
        StdPackages {
            walk: std::sync::Mutex::new(None),
            list: std::sync::OnceLock::from(list),
        }
    }

    /// The list (waiting for the walk the first time).
    pub fn get(&self) -> &BTreeSet<String> {
        self.list.get_or_init(|| {
            let walk = self.walk.lock().ok().and_then(|mut w| w.take());
            walk.and_then(|h| h.join().ok()).unwrap_or_default()
        })
    }
}

impl PartialEq for StdPackages {
    fn eq(&self, other: &StdPackages) -> bool {
        std::ptr::eq(self, other) || self.get() == other.get()
    }
}

impl Eq for StdPackages {}

/// How a check's target was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TargetSource {
    /// `--goroot`.
    Goroot,
    /// The `go` on PATH.
    Path,
    /// No toolchain: the producer of the main package (or the newest).
    Assumed,
    /// `--go 1.N`: the release facts built into gosym.
    BuiltIn,
}

impl LinkTarget {
    /// A target from its version and wanted header line.
    pub fn new(goroot: Option<PathBuf>, version: &str, header: &str) -> LinkTarget {
        let minor = crate::read::goobj::GoRelease::parse(version).map_or(0, |r| r.minor);
        let mut f = header.split(' ').skip(2);
        let (tables, support) = crate::tables::for_minor(minor).unwrap_or_else(crate::tables::newest);
        LinkTarget {
            goroot,
            version: version.to_string(),
            release: LinkerRelease::new(minor),
            tables,
            support,
            header: header.to_string(),
            goos: f.next().unwrap_or("linux").to_string(),
            goarch: f.next().unwrap_or("amd64").to_string(),
            std_packages: None,
            source: TargetSource::Assumed,
        }
    }

    /// A target toolchain found on disk (`--goroot` or on PATH).
    pub fn from_toolchain(t: &crate::toolchain::Target, source: TargetSource) -> LinkTarget {
        let minor = t.release.minor;
        let exact_built_in =
            crate::toolchain::builtin::find(&format!("1.{minor}")).is_ok_and(|r| r.version == t.version);
        let (tables, support) = crate::tables::for_goroot(&t.goroot, minor, exact_built_in);
        LinkTarget {
            std_packages: Some(std::sync::Arc::new(StdPackages::of_toolchain(t))),
            source,
            tables,
            support,
            ..LinkTarget::new(Some(t.goroot.clone()), &t.version, &t.wanted_header)
        }
    }

    /// What of the target's facts gosym could not verify: its tables
    /// inferred from a neighbour, or derived for a release gosym was never
    /// verified against (its linker's rules are then the nearest
    /// releases'); `None` for a verified release and no Go target.
    pub fn unverified(&self) -> Option<String> {
        if self.header.is_empty() {
            // No Go target (host objects only): no Go linker facts used.
            return None;
        }
        match self.support {
            crate::tables::Support::Derived if !crate::tables::verified_release(self.release.minor()) => Some(format!(
                "{}'s tables are derived from its GOROOT, but its linker's rules (what changed between releases) \
                 are those of the nearest releases gosym was verified against",
                self.version
            )),
            crate::tables::Support::Inferred { from } => Some(format!(
                "{}'s linker facts (blocked linknames, linker-defined symbols, object-format tables) are inferred \
                 from go1.{from}: gosym has no {} tables (give its GOROOT with --goroot to derive them)",
                self.version, self.release
            )),
            _ => None,
        }
    }

    /// A release from the facts built into gosym (`--go 1.N`), for
    /// `goos`/`goarch` at default settings; `None` when that release does
    /// not build for the platform.
    pub fn from_builtin(r: &crate::toolchain::builtin::BuiltinRelease, goos: &str, goarch: &str) -> Option<LinkTarget> {
        LinkTarget::from_builtin_header(r, r.header(goos, goarch)?)
    }

    /// [`LinkTarget::from_builtin`] wanting `header` (a level set, see
    /// [`crate::toolchain::builtin::BuiltinRelease::header_with`]).
    pub fn from_builtin_header(r: &crate::toolchain::builtin::BuiltinRelease, header: &str) -> Option<LinkTarget> {
        Some(LinkTarget {
            std_packages: Some(std::sync::Arc::new(StdPackages::listed(
                r.std_packages.iter().map(|p| p.to_string()).collect(),
            ))),
            source: TargetSource::BuiltIn,
            ..LinkTarget::new(None, r.version, header)
        })
    }

    /// Whether `pkg` is in the target's standard library (its package
    /// list when known, else Go's rule for std paths: no dot in the first
    /// element).
    pub fn is_std(&self, pkg: &str) -> bool {
        match &self.std_packages {
            Some(s) => s.get().contains(pkg),
            None => crate::gopath::is_std_path(pkg),
        }
    }

    /// Whether the target's header enables GOEXPERIMENT `name`.
    pub fn has_experiment(&self, name: &str) -> bool {
        self.header
            .split(' ')
            .filter_map(|w| w.strip_prefix("X:"))
            .any(|x| x.split(',').any(|e| e == name))
    }

    /// Whether the target was assumed (no toolchain given or found).
    pub fn assumed(&self) -> bool {
        self.source == TargetSource::Assumed
    }

    /// The size of a pointer on the target's architecture (Go's
    /// `internal/goarch.PtrSize`).
    pub fn ptr_size(&self) -> u32 {
        if matches!(self.goarch.as_str(), "386" | "arm" | "mips" | "mipsle") {
            4
        } else {
            8
        }
    }

    /// Whether the target's architecture is big-endian.
    pub fn big_endian(&self) -> bool {
        matches!(self.goarch.as_str(), "s390x" | "ppc64" | "mips" | "mips64")
    }
}

/// A host (ELF) object inside a loaded Go archive (a `.syso`, cgo's
/// `_x001.o`): `ldhostobj` queues it, and internal linking loads it with
/// the ELF loader (`loadelf`).
#[derive(Debug, Clone)]
pub struct HostObj<'a> {
    /// Its bytes.
    pub data: &'a [u8],
    /// The package of the archive.
    pub pkg: String,
    /// The archive file.
    pub file: String,
    /// The member.
    pub member: Option<String>,
}

/// One loaded Go object, in load order, as the symbol stage sees it.
#[derive(Debug, Clone)]
pub struct LoadedObj<'v, 'a> {
    /// The object.
    pub obj: &'v GoObj<'a>,
    /// Its package (import path).
    pub pkg: String,
    /// The archive file.
    pub file: String,
    /// The archive member, if any.
    pub member: Option<String>,
    /// The forecast's simulated rebuild: this object stands for the one
    /// the target's compiler would write from the same source, so only
    /// what the source itself names (go:linkname pulls, assembly
    /// references) is judged.
    pub rebuilt: bool,
    /// A built-in std stub ([`crate::toolchain::stub`]): definitions
    /// without their contents or relocations.
    pub stub: bool,
}

impl LoadedObj<'_, '_> {
    /// `file(member)`, as the linker names the object.
    pub fn pn(&self) -> String {
        match &self.member {
            Some(m) => format!("{}({m})", self.file),
            None => self.file.clone(),
        }
    }
}
