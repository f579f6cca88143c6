//! The symbol stage of the link, phase by phase as the Go linker runs it:
//! [`Loader::load_defs`] and [`Loader::load_refs`] (`LoadSyms`, with the
//! duplicate, linkname and nonexistent-package checks), then
//! [`deadcode::mark`] (the dead-code pass) and [`relocsym`]'s checks of
//! reachable relocations.

use super::context::{LinkTarget, LoadedObj};
use super::deadcode;
use super::linkname::LinknameRule;
use super::loader::Loader;
use super::relocsym;
use super::report::Finding;

/// Findings of the symbol stage, each with the phase it belongs to.
#[derive(Debug, Default)]
pub struct SymbolFindings {
    /// `LoadSyms`: duplicates, linkname var refs, then per object linkname
    /// refs and nonexistent packages (all fatal, in this order).
    pub load: Vec<Finding>,
    /// After dead code: undefined relocation targets and relocations
    /// outside their symbol (non-fatal, up to 20).
    pub undefined: Vec<Finding>,
    /// Undefined targets referenced only from unreachable code (the link
    /// succeeds despite them).
    pub unreachable_undefined: Vec<Finding>,
    /// Number of symbols reachable.
    pub reachable: usize,
}

/// Runs the symbol stage over `objs` (in load order); `checklinkname` is
/// `-checklinkname`.
pub fn analyse(target: &LinkTarget, checklinkname: bool, objs: &[LoadedObj<'_, '_>]) -> SymbolFindings {
    let mut l = Loader::new(target, objs);
    let rule = (checklinkname && target.release.checks_linknames())
        .then(|| LinknameRule::new(target.release, target.has_experiment("regabiwrappers")));
    let mut load = l.load_defs();
    load.extend(l.load_refs(rule.as_ref()));
    l.apply_cgo_directives();
    let reach = deadcode::mark(&mut l, &deadcode::roots(&target.goos, &target.goarch));
    SymbolFindings {
        load,
        undefined: relocsym::reachable_problems(&l, &reach),
        unreachable_undefined: relocsym::unreachable_undefined(&mut l, &reach),
        reachable: reach.count(),
    }
}
