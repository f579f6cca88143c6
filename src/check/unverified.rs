//! Findings that rest on release facts gosym could not verify: a release
//! neither built in nor derived from a GOROOT is read and checked with a
//! neighbour's tables ([`crate::tables::Support::Inferred`]). What such a
//! finding says may be an artefact of the guess (a builtin index naming
//! the wrong symbol, a renumbered symbol kind), so it never fails the
//! verdict: it is kept as a warning naming what is unverified (`--strict`
//! makes it an error). Findings that need no release table (header,
//! format, fingerprint, missing or duplicate packages, inputs, link mode,
//! the ELF side) stay exact.

use crate::check::linkset::LinkSet;
use crate::check::report::{Category, Finding};
use crate::check::target::LinkTarget;
use crate::tables::Support;

/// Whether a finding of `c` depends on the release tables (symbol names
/// through builtin indices, symbol kinds, relocation types, blocked
/// linknames, linker-defined names, the compiler's own references).
pub fn rests_on_tables(c: Category) -> bool {
    matches!(
        c,
        Category::Undefined
            | Category::Linkname
            | Category::Duplicate
            | Category::Flag
            | Category::InvalidRelocation
            | Category::Forecast
    )
}

/// What of this link gosym could not verify: the target's facts, each
/// release whose objects were read with a neighbour's tables, and the
/// objects it could not read at all (`findings` already marked so).
pub fn causes(target: &LinkTarget, set: &LinkSet<'_>, findings: &[Finding]) -> Vec<String> {
    let mut out: Vec<String> = target.unverified().into_iter().collect();
    for f in findings
        .iter()
        .filter(|f| f.unverified && matches!(f.category, Category::Input | Category::Flag | Category::LinkMode))
    {
        if !out.contains(&f.message) {
            out.push(f.message.clone());
        }
    }
    for (_, f) in set.inputs() {
        let Some(v) = f.view() else { continue };
        for (_, o) in v.go_objects() {
            if let Support::Inferred { from } = o.support {
                let cause = format!(
                    "{} objects are read with go1.{from}'s tables (builtin symbols, symbol kinds, relocation \
                     types): gosym has no {} tables (give a {} GOROOT with --goroot to derive them)",
                    o.release, o.release, o.release
                );
                if !out.contains(&cause) {
                    out.push(cause);
                }
            }
        }
    }
    out
}

/// Keeps every finding that rests on an unverified table as a warning
/// (`unverified` set, not failing the link) when `causes` is not empty.
pub fn demote(findings: &mut [Finding], causes: &[String]) {
    if causes.is_empty() {
        return;
    }
    for f in findings
        .iter_mut()
        .filter(|f| f.fails_link && rests_on_tables(f.category))
    {
        f.fails_link = false;
        f.unverified = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::report::Reporter;

    #[test]
    fn only_table_findings_are_demoted() {
        let mut f = vec![
            Finding::new(
                Category::Undefined,
                "x: relocation target y not defined",
                Reporter::Errorf,
            ),
            Finding::new(Category::Header, "object is [a] expected [b]", Reporter::Exitf),
        ];
        demote(&mut f, &[]);
        assert!(f.iter().all(|f| f.fails_link && !f.unverified));
        demote(&mut f, &["go1.28's facts are inferred".into()]);
        assert!(!f[0].fails_link && f[0].unverified);
        assert!(f[1].fails_link && !f[1].unverified);
    }
}
