//! `check`: predicts the target Go linker's verdict on a set of inputs, with
//! every reason, in the linker's own words.
//!
//! The stages mirror the Go linker's packages and phases
//! (`cmd/link/internal/ld` and `cmd/link/internal/loader`), each Go rule
//! in one place, in four folders and a few shared modules:
//! - [`target`]: the linker being predicted: the target and a loaded
//!   object ([`LinkTarget`]), [`target::release`] (what changed between
//!   linker releases), [`target::flags`] (`-ldflags`),
//!   [`target::linkmode`] (`determineLinkMode`, build modes);
//! - [`ld`]: the link's phases as `ld.Main` runs them: the load walk
//!   ([`ld::loadlib`]: `loadlib`/`ldobj`/`addlib`, with [`ld::header`]),
//!   the symbol stage ([`ld::symbols`]: dead code, method liveness,
//!   funcdata, relocation checks, host objects), the external link
//!   ([`ld::extlink`]), the forecast on a simulated rebuild
//!   ([`ld::forecast`]) and the linker's output order ([`ld::errors`]);
//! - [`loader`]: the symbol table (`LoadSyms`, `loadObjRefs`, `resolve`)
//!   with [`loader::dups`] (the duplicate rule) and [`loader::linkname`]
//!   (the go1.23+ rule);
//! - [`host`]: links of ELF outputs Go's linker does not make: GNU ld
//!   ([`host::hostlink`]), `plugin.Open` ([`host::plugin`]), `-linkshared`
//!   ([`host::linkshared`]), ABI markers ([`host::abimarker`]);
//! - shared: [`linkset`] (every file opened and parsed once),
//!   [`importcfg`] (the `-importcfg` file), [`report`] (findings, JSON
//!   schema), [`explanation`] (`gosym explain`), [`unverified`] (findings
//!   resting on inferred release tables become warnings), [`matrix`],
//!   [`wording`] (the linker's lines read back, `gosym diagnose`).

pub mod explanation;
pub(crate) mod host;
pub mod importcfg;
pub(crate) mod ld;
pub mod linkset;
pub(crate) mod loader;
pub mod matrix;
pub mod report;
pub mod target;
pub(crate) mod unverified;
pub mod wording;

use std::collections::BTreeMap;

use ld::loadlib::{Resolver, Walk};
use linkset::{LinkSet, Role};
use report::{Finding, Mode, Report, TargetInfo};
pub use target::LinkTarget;
pub use target::flags::LinkFlags;

/// Everything a check of one target needs besides the link set.
#[derive(Debug, Clone)]
pub struct CheckRequest {
    /// The target.
    pub target: LinkTarget,
    /// Parsed importcfg, if given.
    pub importcfg: Option<importcfg::ImportCfg>,
    /// Target's std archives: import path → file (empty when unknown or
    /// when the importcfg names them).
    pub std: BTreeMap<String, String>,
    /// Whether the std is known (a toolchain, an importcfg or the
    /// built-in std stubs).
    pub std_known: bool,
    /// Why the built-in std stubs could not stand for the std (`--go`
    /// without an importcfg).
    pub std_unknown: Option<String>,
    /// The target's own std archives for the forecast's rebuild, when the
    /// importcfg names another toolchain's (empty: use `std` or the
    /// importcfg).
    pub rebuild_std: BTreeMap<String, String>,
    /// Why the target's own std for the forecast's rebuild is not known
    /// (`--go` where the built-in std stubs do not fit): no forecast.
    pub rebuild_unknown: Option<String>,
    /// Linker flags.
    pub flags: LinkFlags,
    /// `--abi-marker` globs.
    pub abi_markers: Vec<String>,
    /// `--lib-path` directories searched (before the system's) for shared
    /// libraries of host links and `-linkshared` executables.
    pub lib_path: Vec<std::path::PathBuf>,
    /// The inputs are a collection of unrelated builds (a Go build cache):
    /// no program, no one-archive-per-package rule.
    pub collection: bool,
    /// The first input is the link's main input, as `go tool link` takes
    /// its argument (with `-importcfg` or `--main`): a package that is not
    /// main is the linker's `not package main`.
    pub first_is_main: bool,
    /// `gosym explain`: the symbol whose binding to report.
    pub explain: Option<String>,
}

/// Runs the checks of one target on the link set.
pub fn run(req: &CheckRequest, set: &mut LinkSet<'_>) -> Report {
    let mut inputs_by_path = BTreeMap::new();
    let mut providers: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut main_file = None;
    if req.first_is_main {
        main_file = set.inputs().next().map(|(_, f)| f.path.clone());
    }
    for (_, f) in set.inputs() {
        if f.facts.is_main && main_file.is_none() {
            main_file = Some(f.path.clone());
        }
        if let Some(p) = &f.facts.import_path {
            inputs_by_path.entry(p.clone()).or_insert_with(|| f.path.clone());
            providers.entry(p.clone()).or_default().push(f.path.clone());
        }
    }
    let resolver = Resolver {
        importcfg: req.importcfg.as_ref().map(|c| c.packagefile.clone()),
        inputs: inputs_by_path,
        std: req.std.clone(),
        std_known: req.std_known,
        libdirs: req
            .flags
            .libdirs
            .iter()
            .cloned()
            .chain(
                req.target
                    .goroot
                    .as_ref()
                    .map(|g| format!("{}/pkg/{}_{}", g.display(), req.target.goos, req.target.goarch)),
            )
            .collect(),
    };
    let mut skipped = Vec::new();
    if !req.std_known && !req.target.header.is_empty() {
        skipped.push(if req.target.source == target::TargetSource::BuiltIn {
            format!(
                "--go without -importcfg: {}, so std imports, undefined symbols and linkname rules were not \
                 checked (give the link's -importcfg, or --goroot)",
                req.std_unknown.as_deref().unwrap_or("no built-in std")
            )
        } else {
            "target toolchain not available: std imports, undefined symbols and linkname rules were not checked"
                .to_string()
        });
    }
    let t = &req.target;
    let link = ld::loadlib::Link {
        target: t,
        flags: &req.flags,
        resolver: &resolver,
    };
    let (mode, walk) = match &main_file {
        _ if req.collection => (Mode::Collection, Walk::Collection),
        Some(m) => (
            Mode::Program,
            Walk::Program {
                main: m,
                explain: req.explain.as_deref(),
            },
        ),
        None => (Mode::Library, Walk::Library),
    };
    let res = link.run(set, walk);
    let mut findings: Vec<Finding> = res.findings;
    skipped.extend(res.not_checked);
    if mode == Mode::Program && req.importcfg.is_none() {
        // Two inputs for one import path: only the first is linked.
        findings.extend(ld::loadlib::duplicate_packages(&providers, true));
    }
    if req.flags.entry.is_some()
        && t.release.missing_entry() == Some(target::release::MissingEntry::IndexPanic)
        && set.any_built_in()
    {
        skipped.push(
            "-E: what go1.15's dead code reaches from the entry (the build information's runtime targets) is not \
             checked against the built-in std stubs, which carry no runtime code (give the link's -importcfg, or \
             --goroot)"
                .into(),
        );
    }
    if let Some(why) = &req.rebuild_unknown {
        skipped.push(format!("forecast not made: the target's own std is not known ({why})"));
    }
    if let Some(m) = &main_file
        && mode == Mode::Program
        && req.std_known
        && req.rebuild_unknown.is_none()
        && !t.assumed()
        && ld::forecast::foreign_producer(t, set).is_some()
    {
        let rebuild = Resolver {
            std: if req.rebuild_std.is_empty() {
                req.std.clone()
            } else {
                req.rebuild_std.clone()
            },
            ..resolver.clone()
        };
        findings.extend(ld::forecast::forecast(t, &req.flags, &rebuild, set, m));
    }
    // ELF inputs (objects, c-archives, shared libraries): the host link.
    let lib_path: Vec<std::path::PathBuf> = req
        .lib_path
        .iter()
        .cloned()
        .chain(host::hostlink::default_lib_path())
        .collect();
    if set
        .inputs()
        .any(|(_, f)| matches!(f.role, Role::HostObject | Role::SharedLibrary))
    {
        findings.extend(host::hostlink::check(set, &lib_path));
    }
    findings.extend(host::plugin::check(set));
    findings.extend(host::linkshared::check(set, &lib_path));
    let markers = host::abimarker::check(set, &req.abi_markers);
    let consistent_markers = markers.is_empty();
    findings.extend(markers);
    let unverified = unverified::causes(t, set, &findings);
    unverified::demote(&mut findings, &unverified);
    let ok = !findings.iter().any(|f| f.fails_link);
    Report {
        target: TargetInfo {
            goroot: t.goroot.as_ref().map(|g| g.to_string_lossy().into_owned()),
            version: t.version.clone(),
            wanted_header: t.header.clone(),
            assumed: t.assumed(),
            source: t.source,
        },
        mode,
        ok,
        consistent: ok && consistent_markers,
        inputs: set
            .inputs()
            .map(|(_, f)| report::InputStatus {
                path: f.path.clone(),
                role: f.role,
                error: f.view.as_ref().err().map(crate::error::ErrorRecord::from),
            })
            .collect(),
        objects: res.objects,
        explanation: res.explanation,
        findings,
        skipped,
        unverified,
    }
}
