//! ABI markers: symbols a project defines to stamp an ABI version into every
//! component (default glob `abiVersion_*`), in Go objects or in ELF host
//! objects, weak or strong. Every input that defines markers must define
//! the same ones; each disagreement shows both sides. The Go linker accepts
//! such a link: this is a consistency guard of gosym's own, reported apart
//! from the linker's verdict.

use std::collections::BTreeMap;

use crate::check::linkset::LinkSet;
use crate::check::report::{Category, Finding, Reporter};
use crate::model::file::Content;
use crate::read::elf::{SymTable, symbols};
use crate::read::goobj::layout::SYM_ABI_STATIC;
use crate::read::member::MemberKind;

/// Shell-style glob with `*` and `?`.
pub fn glob(pat: &[u8], s: &[u8]) -> bool {
    let (mut p, mut i) = (0usize, 0usize);
    let (mut star, mut mark) = (None, 0usize);
    while i < s.len() {
        if p < pat.len() && (pat[p] == b'?' || pat[p] == s[i]) {
            p += 1;
            i += 1;
        } else if p < pat.len() && pat[p] == b'*' {
            star = Some(p);
            mark = i;
            p += 1;
        } else if let Some(sp) = star {
            p = sp + 1;
            mark += 1;
            i = mark;
        } else {
            return false;
        }
    }
    while p < pat.len() && pat[p] == b'*' {
        p += 1;
    }
    p == pat.len()
}

/// A marker symbol an input defines.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Marker {
    /// Its name.
    pub name: String,
    /// A weak ELF definition.
    pub weak: bool,
}

impl std::fmt::Display for Marker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.name)?;
        if self.weak {
            f.write_str(" (weak)")?;
        }
        Ok(())
    }
}

/// The markers each input defines: file → sorted markers.
pub fn collect(set: &LinkSet<'_>, globs: &[String]) -> BTreeMap<String, Vec<Marker>> {
    let mut out = BTreeMap::new();
    let matches = |n: &[u8]| globs.iter().any(|g| glob(g.as_bytes(), n));
    for (_, lf) in set.inputs() {
        let f = &lf.path;
        let Some(view) = lf.view() else { continue };
        let mut found = Vec::new();
        for u in &view.units {
            match &u.content {
                Content::GoObj(o) => {
                    for i in 0..o.ndef() {
                        let Ok(s) = o.sym(i) else { continue };
                        if s.abi != SYM_ABI_STATIC && matches(s.name) {
                            found.push(Marker {
                                name: String::from_utf8_lossy(s.name).into_owned(),
                                weak: false,
                            });
                        }
                    }
                }
                Content::Host if u.kind == MemberKind::Elf => {
                    if let Ok(Some(syms)) = symbols(u.data, SymTable::Static) {
                        for s in syms {
                            let defined = s.shndx != object::elf::SHN_UNDEF.0;
                            let weak = s.bind == object::elf::STB_WEAK.0;
                            let global = s.bind == object::elf::STB_GLOBAL.0 || weak;
                            if defined && global && matches(s.name) {
                                found.push(Marker {
                                    name: String::from_utf8_lossy(s.name).into_owned(),
                                    weak,
                                });
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        if !found.is_empty() {
            found.sort();
            found.dedup();
            out.insert(f.clone(), found);
        }
    }
    out
}

/// One finding per input whose markers differ from the first input's.
pub fn check(set: &LinkSet<'_>, globs: &[String]) -> Vec<Finding> {
    let markers = collect(set, globs);
    let strip = |v: &Vec<Marker>| -> Vec<String> { v.iter().map(|m| m.name.clone()).collect() };
    let list = |v: &Vec<Marker>| -> String { v.iter().map(Marker::to_string).collect::<Vec<_>>().join(", ") };
    let mut it = markers.iter();
    let Some((first_file, first)) = it.next() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (file, m) in it {
        if strip(m) == strip(first) {
            continue;
        }
        let message = format!(
            "ABI markers disagree: {file} defines {}; {first_file} defines {}",
            list(m),
            list(first)
        );
        out.push(
            Finding::new(Category::AbiMarker, message, Reporter::Stdout)
                .remedy("rebuild the components against one ABI version")
                .notice()
                .detail("the Go linker accepts this link; the components were built for different ABI versions")
                .at(file.clone(), None),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::glob;

    #[test]
    fn globbing() {
        assert!(glob(b"abiVersion_*", b"abiVersion_2"));
        assert!(glob(b"*Version_?", b"abiVersion_2"));
        assert!(!glob(b"abiVersion_*", b"xabiVersion_2"));
        assert!(glob(b"*", b""));
    }
}
