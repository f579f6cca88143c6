//! Forecast: for inputs built by another toolchain than the target, what
//! would still break after rebuilding them with the target. Every
//! by-name reference into the standard library (`//go:linkname` pulls,
//! calls into std assembly) is looked up in the target's std symbol index:
//! a name the target no longer defines gives the `relocation target ... not
//! defined` the target linker would print (if the referrer is reachable), a
//! name it defines only under the other ABI the ABI wording, and on go1.23+
//! targets a pull the target refuses gives `invalid reference to`.
//! Approximation: an object from before go1.23 carries no linkname flags,
//! so a reference to an unexported std name (which only a linkname pull can
//! reach) is taken as a pull.

use std::collections::HashMap;

use super::report::{Category, Finding, Reporter};
use super::symbols::is_std_path;
use crate::input::Source;
use crate::model::file::FileView;
use crate::toolchain::index::{StdDef, StdIndex};

/// The package path of a symbol name (`a/b.c.F` → `a/b`).
pub fn symbol_package(name: &str) -> Option<&str> {
    let slash = name.rfind('/').map(|i| i + 1).unwrap_or(0);
    let dot = name[slash..].find('.')? + slash;
    Some(&name[..dot])
}

fn unexported(name: &str, pkg: &str) -> bool {
    name[pkg.len() + 1..].chars().next().is_some_and(|c| !c.is_uppercase())
}

/// Whether the target linker of go1.`minor` refuses a pull of `name`
/// (defined as `def`) from package `from` (std or not).
fn refuses(minor: u32, name: &str, def: &StdDef, from: &str, from_std: bool) -> bool {
    if minor < 23 {
        return false;
    }
    if let Some((_, allowed)) = crate::tables::blocked_linknames(minor).iter().find(|(n, _)| *n == name) {
        return !allowed.contains(&from);
    }
    if !def.std || def.pkg == from {
        return false;
    }
    if minor < 27 {
        return !(def.linkname || def.abi_wrapper);
    }
    if def.asm && !def.linkname && !def.linkname_std && (name.starts_with(from) || !name.contains('.')) {
        return false;
    }
    !(def.linkname || (def.linkname_std && from_std))
}

/// Forecast findings for the non-std inputs in `files` that were not built
/// by `target_version`.
pub fn forecast(minor: u32, target_version: &str, idx: &StdIndex, files: &[String]) -> Vec<Finding> {
    let mut out = Vec::new();
    for file in files {
        let Ok(src) = Source::open(std::path::Path::new(file)) else {
            continue;
        };
        let Ok(view) = FileView::parse(&src) else { continue };
        for (u, o) in view.go_objects() {
            if o.header.version == target_version {
                continue;
            }
            let Some(pkg) = o
                .import_path()
                .map(|p| String::from_utf8_lossy(p).into_owned())
                .or_else(|| {
                    view.go_objects()
                        .find_map(|(_, c)| c.import_path())
                        .map(|p| String::from_utf8_lossy(p).into_owned())
                })
            else {
                continue;
            };
            if is_std_path(&pkg) {
                continue;
            }
            // First defined symbol referring to each reference.
            let mut referrer: HashMap<u32, String> = HashMap::new();
            for i in 0..o.ndef() {
                let Ok(rs) = o.relocs(i) else { continue };
                for r in rs.flatten() {
                    if let Ok(crate::read::goobj::Target::Local(t)) = o.target(r.sym) {
                        if t >= o.ndef() && !referrer.contains_key(&t) {
                            if let Ok(s) = o.sym(i) {
                                referrer.insert(t, String::from_utf8_lossy(s.name).into_owned());
                            }
                        }
                    }
                }
            }
            for li in o.ndef()..o.nsym_total() {
                let Ok(s) = o.sym(li) else { continue };
                let name = String::from_utf8_lossy(s.name).into_owned();
                let Some(p) = symbol_package(&name) else { continue };
                if !is_std_path(p) || s.abi > 1 {
                    continue;
                }
                let from = referrer.get(&li).cloned().unwrap_or_else(|| pkg.clone());
                let here = idx.get(&(name.clone(), s.abi as u8));
                let other = idx.get(&(name.clone(), 1 - s.abi as u8));
                let abi = |a: u16| if a == 0 { "ABI0" } else { "ABIInternal" };
                let (message, remedy) = match (here, other) {
                    (None, None) => (
                        format!("{from}: relocation target {name} not defined"),
                        format!(
                            "{target_version}'s std no longer defines {name}: drop the reference (go:linkname to a removed symbol?) or keep {}",
                            o.header.version
                        ),
                    ),
                    (None, Some(_)) => (
                        format!(
                            "{from}: relocation target {name} not defined for {} (but is defined for {})",
                            abi(s.abi),
                            abi(1 - s.abi)
                        ),
                        format!(
                            "{target_version} defines {name} only as {}: call it through a Go declaration",
                            abi(1 - s.abi)
                        ),
                    ),
                    (Some(def), _) => {
                        let pull = o.tables.flag2_has(s.flag2, "Linkname")
                            || o.from_assembler()
                            || (o.tables.minor < 23 && unexported(&name, p));
                        if !pull || !refuses(minor, &name, def, &pkg, false) {
                            continue;
                        }
                        (
                            format!("{pkg}: invalid reference to {name}"),
                            format!(
                                "{target_version} refuses this go:linkname pull: stop using {name}, or link with -ldflags=-checklinkname=0"
                            ),
                        )
                    }
                };
                out.push(Finding {
                    category: Category::Forecast,
                    message,
                    reporter: Reporter::Errorf,
                    file: Some(file.clone()),
                    member: u.name.map(|n| String::from_utf8_lossy(n).into_owned()),
                    package: Some(pkg.clone()),
                    remedy,
                    fails_link: false,
                    fatal: false,
                    linker_order: None,
                    group: None,
                    detail: Some(format!(
                        "after rebuilding {pkg} with {target_version} (built by {}), the target linker would still report this",
                        o.header.version
                    )),
                    producer: Some(o.header.version.to_string()),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_of_symbol_names() {
        assert_eq!(symbol_package("runtime.tickspersecond"), Some("runtime"));
        assert_eq!(
            symbol_package("example.com/m/dotted.v2.F"),
            Some("example.com/m/dotted")
        );
        assert_eq!(
            symbol_package("internal/runtime/maps.newobject"),
            Some("internal/runtime/maps")
        );
        assert_eq!(symbol_package("crosscall2"), None);
    }
}
