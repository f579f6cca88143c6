//! The text of `gosym diff`: the headers, the packages added and removed,
//! per package the symbol counts (every symbol with `--pkg`), the newly
//! blocked linkname targets, and the inputs' broken references.

use std::fmt::Write;

use crate::stddiff::StdDiff;

/// `d` as text; `symbols`: list each symbol, not only the counts.
pub fn text(d: &StdDiff, symbols: bool) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "std of {} -> {}", d.a, d.b);
    let _ = writeln!(s, "  wanted header: {}\n              -> {}", d.headers.0, d.headers.1);
    if d.stubs {
        let _ = writeln!(
            s,
            "  compared as the built-in std stubs (linux/amd64): content-addressed symbols are not"
        );
    }
    if !d.packages_added.is_empty() {
        let _ = writeln!(
            s,
            "  packages added ({}): {}",
            d.packages_added.len(),
            d.packages_added.join(" ")
        );
    }
    if !d.packages_removed.is_empty() {
        let _ = writeln!(
            s,
            "  packages removed ({}): {}",
            d.packages_removed.len(),
            d.packages_removed.join(" ")
        );
    }
    for p in &d.packages {
        let _ = writeln!(
            s,
            "  {}: +{} -{} ~{}",
            p.package,
            p.added.len(),
            p.removed.len(),
            p.changed.len()
        );
        if symbols {
            for x in &p.added {
                let _ = writeln!(s, "    + {} {} {} {}", x.code, x.name, x.abi, x.size);
            }
            for x in &p.removed {
                let _ = writeln!(s, "    - {} {} {} {}", x.code, x.name, x.abi, x.size);
            }
            for (x, y) in &p.changed {
                let _ = writeln!(
                    s,
                    "    ~ {} {}: {} {} -> {} {}",
                    x.name, x.abi, x.code, x.size, y.code, y.size
                );
            }
        }
    }
    if !d.linknames_newly_blocked.is_empty() {
        let _ = writeln!(
            s,
            "  linkname targets {} blocks that {} did not ({}): {}",
            d.b,
            d.a,
            d.linknames_newly_blocked.len(),
            d.linknames_newly_blocked.join(" ")
        );
    }
    if !d.broken.is_empty() {
        let _ = writeln!(s, "{} references of the inputs break on {}:", d.broken.len(), d.b);
        for r in &d.broken {
            let at = match &r.member {
                Some(m) => format!("{}({m})", r.file),
                None => r.file.clone(),
            };
            let _ = writeln!(s, "  {at}: {} ({} no longer defines it)", r.symbol, r.package);
        }
    }
    s
}
