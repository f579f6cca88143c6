//! `gosym diff A B [--pkg P]... [INPUTS]`: what changed between two
//! toolchains' std as a linker sees it ([`crate::stddiff`]), and with
//! inputs, which of their references the second one breaks.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::diag::Diag;
use super::{EXIT_INPUT_ERROR, Format};
use crate::check::target::release::LinkerRelease;
use crate::input::{OpenOptions, Source};
use crate::stddiff::{Defined, StdDiff, broken_refs, defined_in, package_diff_of};
use crate::toolchain::builtin::BuiltinRelease;
use crate::toolchain::stdbundle::{self, StdBundle};
use crate::toolchain::{Target, stub};

/// One side of the diff: an installed toolchain or a built-in release.
enum Side {
    Goroot(Target, BTreeMap<String, PathBuf>),
    BuiltIn(&'static BuiltinRelease, &'static StdBundle, String),
}

impl Side {
    /// `arg`: a GOROOT directory, else a built-in release (`1.23`,
    /// `go1.23.5`), whose std stubs are for linux/amd64.
    fn resolve(arg: &Path) -> Result<Side, String> {
        if arg.is_dir() {
            let t = Target::discover(arg).map_err(|e| e.to_string())?;
            let std = t.std_archives().map_err(|e| e.to_string())?;
            return Ok(Side::Goroot(t, std));
        }
        let spec = arg.to_string_lossy();
        let r = crate::toolchain::builtin::find(&spec).map_err(|e| {
            format!(
                "{}: neither a GOROOT directory nor a built-in release ({e})",
                arg.display()
            )
        })?;
        let (goos, goarch) = stdbundle::PLATFORM;
        let b = stdbundle::for_release(r.version, goos, goarch)
            .ok_or_else(|| format!("{}: no built-in std", r.version))?
            .map_err(|e| e.to_string())?;
        Ok(Side::BuiltIn(
            r,
            b,
            r.header(goos, goarch).unwrap_or_default().to_string(),
        ))
    }

    fn version(&self) -> &str {
        match self {
            Side::Goroot(t, _) => &t.version,
            Side::BuiltIn(r, ..) => r.version,
        }
    }

    fn minor(&self) -> u32 {
        match self {
            Side::Goroot(t, _) => t.release.minor,
            Side::BuiltIn(r, ..) => r.minor,
        }
    }

    fn header(&self) -> &str {
        match self {
            Side::Goroot(t, _) => &t.wanted_header,
            Side::BuiltIn(.., h) => h,
        }
    }

    /// Its std packages (a GOROOT's pkg directory may hold cmd's too).
    fn packages(&self) -> BTreeSet<String> {
        match self {
            Side::Goroot(t, std) => {
                let list = t.std_packages();
                std.keys().filter(|p| list.contains(*p)).cloned().collect()
            }
            Side::BuiltIn(_, b, _) => b.packages().map(str::to_string).collect(),
        }
    }

    /// The defined symbols of `pkg`; with `as_stubs`, of its std stub.
    fn defined(&self, pkg: &str, as_stubs: bool) -> Result<Defined, String> {
        match self {
            Side::Goroot(_, std) => {
                let path = std.get(pkg).ok_or_else(|| format!("{pkg}: no archive"))?;
                let src = Source::open(path, OpenOptions::default()).map_err(|e| e.to_string())?;
                if !as_stubs {
                    return defined_in(&src).map_err(|e| e.to_string());
                }
                let s = stub::stub_archive(&src.bytes).map_err(|e| format!("{}: {e}", path.display()))?;
                defined_in(&Source::from_bytes(&path.to_string_lossy(), s)).map_err(|e| e.to_string())
            }
            Side::BuiltIn(r, b, _) => {
                let bytes = b.archive(pkg).ok_or_else(|| format!("{pkg}: no stub"))?;
                defined_in(&Source::from_static(
                    &format!("(built-in {})/{pkg}.a", r.version),
                    bytes,
                ))
                .map_err(|e| e.to_string())
            }
        }
    }
}

/// Runs `diff` and returns the exit status: 0, or 1 when inputs have
/// references B breaks.
pub fn run(a: &Path, b: &Path, pkgs: &[String], inputs: &[PathBuf], format: Format, diag: &mut Diag) -> u8 {
    let (sa, sb) = match (Side::resolve(a), Side::resolve(b)) {
        (Ok(x), Ok(y)) => (x, y),
        (Err(e), _) | (_, Err(e)) => {
            diag.error(e);
            return EXIT_INPUT_ERROR;
        }
    };
    let stubs = matches!(sa, Side::BuiltIn(..)) || matches!(sb, Side::BuiltIn(..));
    let wanted: BTreeSet<&str> = pkgs.iter().map(String::as_str).collect();
    let keep = |p: &str| wanted.is_empty() || wanted.contains(p);
    let (pa, pb) = (sa.packages(), sb.packages());
    let mut d = StdDiff {
        a: sa.version().to_string(),
        b: sb.version().to_string(),
        headers: (sa.header().to_string(), sb.header().to_string()),
        packages_added: pb.difference(&pa).filter(|p| keep(p)).cloned().collect(),
        packages_removed: pa.difference(&pb).filter(|p| keep(p)).cloned().collect(),
        stubs,
        ..StdDiff::default()
    };
    for pkg in pa.intersection(&pb).filter(|p| keep(p)) {
        match (sa.defined(pkg, stubs), sb.defined(pkg, stubs)) {
            (Ok(da), Ok(db)) => {
                let p = package_diff_of(pkg, &da, &db);
                if !(p.added.is_empty() && p.removed.is_empty() && p.changed.is_empty()) {
                    d.packages.push(p);
                }
            }
            (Err(e), _) | (_, Err(e)) => diag.error(e),
        }
    }
    let blocked = |minor: u32| -> BTreeSet<String> {
        if !LinkerRelease::new(minor).checks_linknames() {
            return BTreeSet::new();
        }
        crate::tables::blocked_linknames(minor)
            .iter()
            .map(|(n, _)| n.to_string())
            .collect()
    };
    d.linknames_newly_blocked = blocked(sb.minor()).difference(&blocked(sa.minor())).cloned().collect();
    if !inputs.is_empty() {
        let mut removed: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for p in &d.packages {
            removed
                .entry(p.package.clone())
                .or_default()
                .extend(p.names_removed.iter().cloned());
        }
        for pkg in &d.packages_removed {
            if let Ok(all) = sa.defined(pkg, stubs) {
                removed
                    .entry(pkg.clone())
                    .or_default()
                    .extend(all.into_values().map(|s| s.name));
            }
        }
        d.broken = broken_refs(inputs, &removed);
        if !d.broken.is_empty() {
            diag.raise(super::check::EXIT_WOULD_FAIL);
        }
    }
    if format.is_json() {
        let v = serde_json::to_value(&d).unwrap_or_default();
        print!("{}", super::diag::json_document(diag, "diff", v));
    } else {
        print!("{}", crate::render::diff::text(&d, !wanted.is_empty()));
    }
    diag.status()
}
