//! The symbol stage of the link, phase by phase as the Go linker runs it:
//! [`Loader::load_defs`] and [`Loader::load_refs`] (`LoadSyms`, with the
//! duplicate, linkname and nonexistent-package checks), then
//! [`deadcode::mark`] (the dead-code pass) and [`relocsym`]'s checks of
//! reachable relocations.

use super::context::{LinkTarget, LoadedObj};
use super::deadcode;
use super::flags::LinkFlags;
use super::linkname::LinknameRule;
use super::loader::Loader;
use super::loader::SymVer;
use super::relocsym;
use super::report::Finding;
use super::report::{Category, Reporter};

/// Findings of the symbol stage, each with the phase it belongs to.
#[derive(Debug, Default)]
pub struct SymbolFindings {
    /// `LoadSyms`: duplicates, linkname var refs, then per object linkname
    /// refs and nonexistent packages (all fatal, in this order).
    pub load: Vec<Finding>,
    /// After dead code, `dostrdata`: `-X` definitions of variables that are
    /// not strings (non-fatal).
    pub strdata: Vec<Finding>,
    /// After dead code: undefined relocation targets and relocations
    /// outside their symbol (non-fatal, up to 20).
    pub undefined: Vec<Finding>,
    /// Undefined targets referenced only from unreachable code (the link
    /// succeeds despite them).
    pub unreachable_undefined: Vec<Finding>,
    /// Number of symbols reachable.
    pub reachable: usize,
}

/// Runs the symbol stage over `objs` (in load order) with the linker's
/// flags.
pub fn analyse(target: &LinkTarget, flags: &LinkFlags, objs: &[LoadedObj<'_, '_>]) -> SymbolFindings {
    let checklinkname = flags.checklinkname;
    let mut l = Loader::new(target, objs);
    let rule = (checklinkname && target.release.checks_linknames())
        .then(|| LinknameRule::new(target.release, target.has_experiment("regabiwrappers")));
    let mut load = l.load_defs();
    load.extend(l.load_refs(rule.as_ref()));
    l.apply_cgo_directives();
    let reach = deadcode::mark(&mut l, &deadcode::roots(&target.goos, &target.goarch));
    let strdata = strdata(&mut l, flags);
    SymbolFindings {
        load,
        strdata,
        undefined: relocsym::reachable_problems(&l, &reach),
        unreachable_undefined: relocsym::unreachable_undefined(&mut l, &reach),
        reachable: reach.count(),
    }
}

/// `addstrdata`: each `-X` symbol that exists (version 0) and has a Go
/// type must be a string (`type:string`; `type.string` before go1.20).
fn strdata(l: &mut Loader<'_, '_, '_>, flags: &LinkFlags) -> Vec<Finding> {
    let mut out = Vec::new();
    for d in flags.strdata().unwrap_or_default() {
        let Some(s) = l.lookup(d.symbol.as_bytes(), SymVer::Abi0) else {
            continue;
        };
        let Some(t) = l.go_type_name(s) else { continue };
        if t == "type:string" || t == "type.string" {
            continue;
        }
        let def = l.sym(s).def;
        let mut f = Finding::new(
            Category::Flag,
            format!("{}: cannot set with -X: not a var of type string ({t})", d.symbol),
            Reporter::Errorf,
            false,
        );
        if let Some(def) = def {
            let o = l.obj(def.obj);
            f.file = Some(o.file.clone());
            f.member = o.member.clone();
            f.package = Some(o.pkg.clone());
        }
        f.symbol = Some(d.symbol.clone());
        f.remedy = format!("-X sets string variables only: {} is {t}", d.symbol);
        out.push(f);
    }
    out
}
