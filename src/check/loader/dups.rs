//! The loader's rule for a second definition of a non-package symbol
//! (`loader.addSym`): which definition wins, or `duplicated definition of
//! symbol`. go1.15–1.23: content overwrites content-less data; go1.24+:
//! the kind/size table; go1.27+: DUPOK only against DUPOK.

use crate::check::target::release::LinkerRelease;

/// What the rule looks at in a definition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DefShape<'k> {
    /// `SymFlagDupok`.
    pub dupok: bool,
    /// The symbol kind's name in its release (`STEXT`, `SNOPTRBSS`, …).
    pub kind: &'k str,
    /// Whether it has data.
    pub has_content: bool,
    /// Declared size.
    pub size: u32,
}

/// What the loader does with a second definition of a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DupOutcome {
    /// The first definition stays.
    KeepOld,
    /// The new definition replaces it.
    TakeNew,
    /// `duplicated definition of symbol`.
    Conflict,
}

fn is_data(kind: &str) -> bool {
    matches!(
        kind.trim_end_matches("FIPS"),
        "SNOPTRDATA" | "SDATA" | "SBSS" | "SNOPTRBSS"
    )
}

fn is_text(kind: &str) -> bool {
    kind.trim_end_matches("FIPS") == "STEXT"
}

/// The verdict of `release`'s loader on `new` meeting `old`.
pub fn dup_verdict(release: LinkerRelease, old: DefShape<'_>, new: DefShape<'_>) -> DupOutcome {
    use DupOutcome::*;
    if release.non_dupok_wins() {
        if new.dupok {
            return if old.dupok && old.size < new.size {
                TakeNew
            } else {
                KeepOld
            };
        }
        if old.dupok {
            return TakeNew;
        }
    }
    if new.dupok {
        return if old.size < new.size { TakeNew } else { KeepOld };
    }
    if old.dupok {
        return KeepOld;
    }
    if !release.dup_rules_by_kind() {
        if new.has_content {
            return if is_data(old.kind) && !old.has_content {
                TakeNew
            } else {
                Conflict
            };
        }
        return if is_data(old.kind) { KeepOld } else { Conflict };
    }
    let old_bss = is_data(old.kind) && !old.has_content;
    let new_bss = is_data(new.kind) && !new.has_content;
    if (is_text(new.kind) && old_bss)
        || (new.has_content && old_bss && new.size >= old.size)
        || (new_bss && old_bss && new.size > old.size)
    {
        return TakeNew;
    }
    if new_bss && (old.size >= new.size || is_text(old.kind)) {
        return KeepOld;
    }
    Conflict
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(dupok: bool, kind: &str, has_content: bool, size: u32) -> DefShape<'_> {
        DefShape {
            dupok,
            kind,
            has_content,
            size,
        }
    }

    #[test]
    fn dupok_keeps_the_larger() {
        let r = LinkerRelease::new(22);
        assert_eq!(
            dup_verdict(r, shape(true, "STEXT", true, 4), shape(true, "STEXT", true, 8)),
            DupOutcome::TakeNew
        );
        assert_eq!(
            dup_verdict(r, shape(true, "STEXT", true, 8), shape(true, "STEXT", true, 8)),
            DupOutcome::KeepOld
        );
        assert_eq!(
            dup_verdict(r, shape(true, "STEXT", true, 8), shape(false, "STEXT", true, 8)),
            DupOutcome::KeepOld
        );
    }

    #[test]
    fn two_functions_conflict_in_every_release() {
        for m in [15, 22, 24, 27] {
            let r = LinkerRelease::new(m);
            let f = shape(false, "STEXT", true, 8);
            assert_eq!(dup_verdict(r, f, f), DupOutcome::Conflict, "go1.{m}");
        }
    }

    #[test]
    fn content_overwrites_bss_and_go124_compares_sizes() {
        let bss = shape(false, "SNOPTRBSS", false, 8);
        let data = shape(false, "SNOPTRDATA", true, 8);
        assert_eq!(dup_verdict(LinkerRelease::new(22), bss, data), DupOutcome::TakeNew);
        assert_eq!(dup_verdict(LinkerRelease::new(22), data, bss), DupOutcome::KeepOld);
        let small = shape(false, "SNOPTRDATA", true, 4);
        assert_eq!(dup_verdict(LinkerRelease::new(22), bss, small), DupOutcome::TakeNew);
        assert_eq!(dup_verdict(LinkerRelease::new(24), bss, small), DupOutcome::Conflict);
        assert_eq!(dup_verdict(LinkerRelease::new(24), bss, data), DupOutcome::TakeNew);
    }

    #[test]
    fn go127_lets_a_linkname_var_replace_an_abi_wrapper() {
        let wrapper = shape(true, "STEXT", true, 16);
        let var = shape(false, "SNOPTRBSS", false, 1);
        assert_eq!(dup_verdict(LinkerRelease::new(26), wrapper, var), DupOutcome::KeepOld);
        assert_eq!(dup_verdict(LinkerRelease::new(27), wrapper, var), DupOutcome::TakeNew);
        // A DUPOK definition never replaces one that is not DUPOK.
        let small = shape(false, "STEXT", true, 4);
        let big_dupok = shape(true, "STEXT", true, 8);
        assert_eq!(
            dup_verdict(LinkerRelease::new(26), small, big_dupok),
            DupOutcome::TakeNew
        );
        assert_eq!(
            dup_verdict(LinkerRelease::new(27), small, big_dupok),
            DupOutcome::KeepOld
        );
    }
}
