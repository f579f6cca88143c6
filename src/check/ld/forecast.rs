//! Forecast: for a program whose own packages were built by another
//! toolchain than the target, what the target's linker would still report
//! after rebuilding them with the target. It is the same load walk and
//! symbol stage as the check ([`Link::run`] with [`Walk::Rebuild`]),
//! run on the simulated rebuild: the user's objects with the target's
//! standard library, where only what the user's source names itself
//! (`//go:linkname` pulls, assembly references) is judged, since the
//! target's compiler regenerates everything else. So the forecast applies
//! exactly the check's rules (one linkname rule, one resolver, one
//! duplicate rule).
//!
//! Approximation: objects from before go1.23 carry no linkname flag; a
//! by-name reference is taken as a pull when only the source can have
//! named it (see [`crate::check::loader`]).

use std::collections::HashSet;

use crate::check::importcfg::ImportCfg;
use crate::check::ld::loadlib::{Link, Resolver, Walk};
use crate::check::linkset::LinkSet;
use crate::check::report::{Category, Finding};
use crate::check::target::LinkTarget;
use crate::check::target::flags::LinkFlags;

/// The other toolchain that built some Go object of a user package among
/// the inputs, if any: then the forecast has something to say.
pub fn foreign_producer(target: &LinkTarget, set: &LinkSet<'_>) -> Option<String> {
    set.inputs()
        .filter(|(_, f)| f.facts.import_path.as_deref().is_none_or(|p| !target.is_std(p)))
        .flat_map(|(_, f)| f.linker_objects().into_iter().map(|o| o.version().to_string()))
        .find(|v| !v.is_empty() && *v != target.version)
}

/// Whether the importcfg's standard library is another toolchain's than
/// `target`'s: the runtime, which every link loads, tells whose it is. The
/// forecast then needs the target's own std.
pub fn importcfg_std_is_foreign(cfg: &ImportCfg, target: &LinkTarget, set: &mut LinkSet<'_>) -> bool {
    cfg.packagefile.get("runtime").is_some_and(|f| {
        let id = set.get_or_open(f);
        set.file(id)
            .linker_objects()
            .iter()
            .any(|o| !o.version().is_empty() && o.version() != target.version)
    })
}

/// The resolver of the rebuilt link: the user's packages as the check
/// resolves them, the standard library from the target when it is known.
fn rebuild_resolver(target: &LinkTarget, r: &Resolver) -> Resolver {
    let mut out = r.clone();
    if !r.std.is_empty()
        && let Some(cfg) = &mut out.importcfg
    {
        cfg.retain(|k, _| !target.is_std(k));
        cfg.extend(r.std.clone());
    }
    out
}

/// The forecast notes for the program whose main archive is `main_file`.
pub fn forecast(
    target: &LinkTarget,
    flags: &LinkFlags,
    resolver: &Resolver,
    set: &mut LinkSet<'_>,
    main_file: &str,
) -> Vec<Finding> {
    let resolver = rebuild_resolver(target, resolver);
    let link = Link {
        target,
        flags,
        resolver: &resolver,
    };
    let res = link.run(set, Walk::Rebuild(main_file));
    let set = &*set;
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for f in res.findings {
        // What the user's source decides: its pulls and references, its
        // definitions, and `-X` of its variables (their types).
        let judged = matches!(
            f.category,
            Category::Linkname | Category::Undefined | Category::Duplicate | Category::Flag
        );
        // About the user's code: it refers, or it is referred to (a
        // missing main.main, say).
        let user_pkg = |p: &str| !target.is_std(p);
        let user = f.package.as_deref().is_some_and(user_pkg)
            || f.symbol
                .as_deref()
                .and_then(crate::gopath::symbol_package)
                .is_some_and(user_pkg);
        if !judged || !user || !f.fails_link || !seen.insert(f.message.clone()) {
            continue;
        }
        // The rebuild names what the target's compiler makes in its own
        // way (`type:*main.M` from go1.20, `type.*main.M` before).
        let message = match f.message.split_once(": ") {
            Some((from, rest)) => format!(
                "{}: {rest}",
                crate::gopath::made_symbol_in(from, target.release.colon_symbol_names())
            ),
            None => f.message.clone(),
        };
        let pkg = f.package.clone().unwrap_or_default();
        let producer = match &f.producer {
            Some(p) if *p != target.version => p.clone(),
            _ => foreign_producer(target, set).unwrap_or_else(|| "another toolchain".into()),
        };
        let remedy = match f.category {
            Category::Linkname => format!(
                "{} refuses this go:linkname pull: stop pulling the symbol, or link with -ldflags=-checklinkname=0",
                target.version
            ),
            Category::Undefined => format!(
                "{}'s std does not define it as referenced: drop the reference (go:linkname to a removed symbol?) or keep {producer}",
                target.version
            ),
            _ => f.remedy.clone(),
        };
        out.push(Finding {
            remedy,
            fails_link: false,
            fatal: false,
            linker_order: None,
            detail: Some(format!(
                "after rebuilding {pkg} with {} (built by {producer}), the target linker would still report this",
                target.version
            )),
            category: Category::Forecast,
            producer: Some(producer),
            message,
            ..f
        });
    }
    out
}
