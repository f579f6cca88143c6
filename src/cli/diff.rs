//! `gosym diff A B [--pkg P]... [INPUTS]`: what changed between two
//! toolchains' std as a linker sees it ([`crate::stddiff`]), and with
//! inputs, which of their references the second one breaks.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::diag::Diag;
use super::{EXIT_INPUT_ERROR, Format};
use crate::check::release::LinkerRelease;
use crate::stddiff::{StdDiff, broken_refs, package_diff};
use crate::toolchain::Target;

/// Runs `diff` and returns the exit status: 0, or 1 when inputs have
/// references B breaks.
pub fn run(a: &Path, b: &Path, pkgs: &[String], inputs: &[PathBuf], format: Format, diag: &mut Diag) -> u8 {
    let (ta, tb) = match (Target::discover(a), Target::discover(b)) {
        (Ok(x), Ok(y)) => (x, y),
        (Err(e), _) | (_, Err(e)) => {
            diag.error(e);
            return EXIT_INPUT_ERROR;
        }
    };
    let (sa, sb) = match (ta.std_archives(), tb.std_archives()) {
        (Ok(x), Ok(y)) => (x, y),
        (Err(e), _) | (_, Err(e)) => {
            diag.error(e);
            return EXIT_INPUT_ERROR;
        }
    };
    let wanted: BTreeSet<&str> = pkgs.iter().map(String::as_str).collect();
    let keep = |p: &str| wanted.is_empty() || wanted.contains(p);
    let mut d = StdDiff {
        a: ta.version.clone(),
        b: tb.version.clone(),
        headers: (ta.wanted_header.clone(), tb.wanted_header.clone()),
        packages_added: sb.keys().filter(|p| !sa.contains_key(*p) && keep(p)).cloned().collect(),
        packages_removed: sa.keys().filter(|p| !sb.contains_key(*p) && keep(p)).cloned().collect(),
        ..StdDiff::default()
    };
    for (pkg, fa) in &sa {
        let Some(fb) = sb.get(pkg) else { continue };
        if !keep(pkg) {
            continue;
        }
        match package_diff(pkg, fa, fb) {
            Ok(p) if !(p.added.is_empty() && p.removed.is_empty() && p.changed.is_empty()) => d.packages.push(p),
            Ok(_) => {}
            Err(e) => diag.error(e),
        }
    }
    let blocked = |t: &Target| -> BTreeSet<String> {
        if !LinkerRelease::new(t.release.minor).checks_linknames() {
            return BTreeSet::new();
        }
        crate::tables::blocked_linknames(t.release.minor)
            .iter()
            .map(|(n, _)| n.to_string())
            .collect()
    };
    d.linknames_newly_blocked = blocked(&tb).difference(&blocked(&ta)).cloned().collect();
    if !inputs.is_empty() {
        let mut removed: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for p in &d.packages {
            removed
                .entry(p.package.clone())
                .or_default()
                .extend(p.names_removed.iter().cloned());
        }
        for pkg in &d.packages_removed {
            if let Some(f) = sa.get(pkg)
                && let Ok(all) = crate::stddiff::defined(f)
            {
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
