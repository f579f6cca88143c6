//! The text of `gosym explain`: per target, the symbol's definitions, the
//! references to it, and whether the link keeps it.

use std::fmt::Write;

use crate::check::explanation::Explanation;

fn at(file: &str, member: &Option<String>) -> String {
    match member {
        Some(m) => format!("{file}({m})"),
        None => file.to_string(),
    }
}

/// `e` for target `target` as text.
pub fn text(target: &str, e: &Explanation) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{} in the link of {target}:", e.symbol);
    if e.definitions.is_empty() {
        let why = if e.references.is_empty() {
            "no loaded object defines or references it"
        } else if e.undefined {
            "no loaded object defines it: relocation target not defined"
        } else {
            "the linker defines it itself"
        };
        let _ = writeln!(s, "  defined: nowhere ({why})");
    }
    for d in &e.definitions {
        let _ = writeln!(
            s,
            "  defined: {} {} by {} ({})",
            d.abi,
            d.kind,
            if d.file.is_empty() {
                "-".to_string()
            } else {
                at(&d.file, &d.member)
            },
            d.package
        );
    }
    let kept = match (e.kept, e.definitions.is_empty()) {
        ("yes", false) => "yes (kept in the binary)",
        ("yes", true) | ("depends", true) => "referenced from reachable code",
        ("depends", false) => {
            "depends: reached only through methods of types the program uses (kept if an interface call, \
             reflection or a call by name reaches it; the built-in std stubs do not say which std makes)"
        }
        _ => "no (dead code: not in the binary)",
    };
    let _ = writeln!(s, "  reachable: {kept}");
    let _ = writeln!(s, "  references ({}):", e.references.len());
    for r in &e.references {
        let _ = writeln!(
            s,
            "    {} +{} {} ({}) from {}{}",
            if r.from.is_empty() { "(anonymous)" } else { &r.from },
            r.offset,
            r.rtype,
            r.abi,
            at(&r.file, &r.member),
            if r.reachable { "" } else { " [unreachable]" }
        );
    }
    s
}
