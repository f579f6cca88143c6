//! The go1.23+ `//go:linkname` rule (`loader.checkLinkname`), written once
//! and used by the check and by the forecast alike: a linknamed reference
//! to a symbol of the standard library is refused unless the symbol is in
//! the release's `blockedLinknames` list with the referring package
//! allowed, or the definition pushes it (`//go:linkname` on the
//! definition, `Flag2` Linkname; go1.23–1.26 also accept ABI wrappers;
//! go1.27 adds `//go:linknamestd`, for pulls from std only, and its own
//! rules for assembly definitions). Fires at load time, reachable or not;
//! `-checklinkname=0` turns it off.

use crate::check::target::release::LinkerRelease;
use crate::tables::Flag2;

/// What the rule needs to know about a definition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DefFacts<'p> {
    /// The defining package.
    pub pkg: &'p str,
    /// The defining object carries `ObjFlagStd`.
    pub std: bool,
    /// Defined by an assembler object.
    pub asm: bool,
    /// The definition's `Flag2`.
    pub flags: Flag2,
}

/// A linknamed reference: the name, the referring package, whether that
/// package is std.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinknameRef<'p> {
    /// The referenced name.
    pub name: &'p str,
    /// The referring package.
    pub from: &'p str,
    /// The referring object carries `ObjFlagStd`.
    pub from_std: bool,
}

/// The rule of one target linker.
#[derive(Debug, Clone, Copy)]
pub struct LinknameRule {
    release: LinkerRelease,
    blocked: &'static [(&'static str, &'static [&'static str])],
    /// The target enables the `regabiwrappers` experiment.
    regabiwrappers: bool,
}

impl LinknameRule {
    /// The rule of `release` (with or without `regabiwrappers`).
    pub fn new(
        release: LinkerRelease,
        tables: &'static crate::tables::ReleaseTables,
        regabiwrappers: bool,
    ) -> LinknameRule {
        LinknameRule {
            blocked: tables.blocked,
            release,
            regabiwrappers,
        }
    }

    /// Whether the linker refuses `r`, given its definition `def` (if any)
    /// and the definition of the same name under the other ABI (go1.27
    /// looks there for assembly symbols).
    pub fn refuses(&self, r: LinknameRef<'_>, def: Option<DefFacts<'_>>, other_abi: Option<DefFacts<'_>>) -> bool {
        if !self.release.checks_linknames() {
            return false;
        }
        if let Some((_, allowed)) = self.blocked.iter().find(|(n, _)| *n == r.name) {
            return !allowed.iter().any(|p| self.allowed_from(r.from, p));
        }
        let Some(mut def) = def else { return false };
        if !def.std || def.pkg == r.from {
            return false;
        }
        if self.release.linkname_accepts_abi_wrappers() {
            return !(def.flags.linkname || def.flags.abi_wrapper);
        }
        if def.asm && !def.flags.linkname_std && !def.flags.linkname {
            if r.name.starts_with(r.from) || !r.name.contains('.') || !self.regabiwrappers {
                return false;
            }
            if let Some(o) = other_abi {
                def = o;
            }
        }
        !(def.flags.linkname || (def.flags.linkname_std && r.from_std))
    }

    /// Whether `from` is the allowed package `p`, or (go1.24+) a versioned
    /// snapshot of it (`crypto/internal/fips140/vX.Y/...`).
    fn allowed_from(&self, from: &str, p: &str) -> bool {
        if from == p {
            return true;
        }
        if self.release.linkname_fips_snapshots() && from.starts_with("crypto/internal/fips140/v") {
            let mut parts: Vec<&str> = from.split('/').collect();
            if parts.len() > 3 {
                parts.remove(3);
            }
            return parts.join("/") == p;
        }
        false
    }

    /// The linker's message for a refused reference.
    pub fn message(r: LinknameRef<'_>) -> String {
        format!("{}: invalid reference to {}", r.from, r.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn def(pkg: &str, std: bool, asm: bool, flags: Flag2) -> DefFacts<'_> {
        DefFacts { pkg, std, asm, flags }
    }
    const PUSHED: Flag2 = Flag2 {
        linkname: true,
        linkname_std: false,
        abi_wrapper: false,
    };
    const PLAIN: Flag2 = Flag2 {
        linkname: false,
        linkname_std: false,
        abi_wrapper: false,
    };

    fn pull<'p>(name: &'p str, from: &'p str) -> LinknameRef<'p> {
        LinknameRef {
            name,
            from,
            from_std: false,
        }
    }

    #[test]
    fn before_go123_nothing_is_refused() {
        let rule = LinknameRule::new(LinkerRelease::new(22), crate::tables::builtin(22).unwrap(), true);
        assert!(!rule.refuses(
            pull("runtime.gcount", "main"),
            Some(def("runtime", true, false, PLAIN)),
            None
        ));
    }

    #[test]
    fn unpushed_std_symbols_are_refused_pushed_ones_accepted() {
        let rule = LinknameRule::new(LinkerRelease::new(23), crate::tables::builtin(23).unwrap(), true);
        let r = pull("runtime.gcount", "main");
        assert!(rule.refuses(r, Some(def("runtime", true, false, PLAIN)), None));
        assert!(!rule.refuses(r, Some(def("runtime", true, false, PUSHED)), None));
        // Not std, same package, or undefined: not this rule's business.
        assert!(!rule.refuses(r, Some(def("runtime", false, false, PLAIN)), None));
        assert!(!rule.refuses(r, None, None));
        assert_eq!(LinknameRule::message(r), "main: invalid reference to runtime.gcount");
    }

    #[test]
    fn blocked_names_refuse_all_but_the_allowed_packages() {
        let rule = LinknameRule::new(LinkerRelease::new(23), crate::tables::builtin(23).unwrap(), true);
        let (name, allowed) = crate::tables::blocked_linknames(23)[0];
        assert!(rule.refuses(pull(name, "main"), None, None));
        if let Some(p) = allowed.first() {
            assert!(!rule.refuses(pull(name, p), None, None));
        }
    }

    #[test]
    fn go127_linknamestd_serves_std_only() {
        let rule = LinknameRule::new(LinkerRelease::new(27), crate::tables::builtin(27).unwrap(), true);
        let std_only = Flag2 {
            linkname_std: true,
            ..PLAIN
        };
        let d = Some(def("runtime", true, false, std_only));
        assert!(rule.refuses(pull("runtime.x", "main"), d, None));
        let from_std = LinknameRef {
            from_std: true,
            ..pull("runtime.x", "os")
        };
        assert!(!rule.refuses(from_std, d, None));
    }
}
