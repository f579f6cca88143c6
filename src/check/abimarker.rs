//! ABI markers: symbols a project defines to stamp an ABI version into every
//! component (default glob `abiVersion_*`), in Go objects or in ELF host
//! objects, weak or strong. Every input that defines markers must define
//! the same ones; each disagreement shows both sides. The Go linker accepts
//! such a link: this is a consistency guard of gosym's own, reported apart
//! from the linker's verdict.

use std::collections::BTreeMap;

use super::report::{Category, Finding, Reporter};
use crate::input::Source;
use crate::model::file::{Content, FileView};
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

/// The markers each input defines: file → sorted marker names (with
/// `(weak)` for weak ELF definitions).
pub fn collect(files: &[String], globs: &[String]) -> BTreeMap<String, Vec<String>> {
    let mut out = BTreeMap::new();
    let matches = |n: &[u8]| globs.iter().any(|g| glob(g.as_bytes(), n));
    for f in files {
        let Ok(src) = Source::open(std::path::Path::new(f)) else {
            continue;
        };
        let Ok(view) = FileView::parse(&src) else { continue };
        let mut found = Vec::new();
        for u in &view.units {
            match &u.content {
                Content::GoObj(o) => {
                    for i in 0..o.ndef() {
                        let Ok(s) = o.sym(i) else { continue };
                        if s.abi != SYM_ABI_STATIC && matches(s.name) {
                            found.push(String::from_utf8_lossy(s.name).into_owned());
                        }
                    }
                }
                Content::Host if u.kind == MemberKind::Elf => {
                    if let Ok(Some(syms)) = symbols(u.data, SymTable::Static) {
                        for s in syms {
                            let defined = s.shndx != 0;
                            let global = s.bind == object::elf::STB_GLOBAL.0 || s.bind == object::elf::STB_WEAK.0;
                            if defined && global && matches(s.name) {
                                let weak = if s.bind == object::elf::STB_WEAK.0 {
                                    " (weak)"
                                } else {
                                    ""
                                };
                                found.push(format!("{}{weak}", String::from_utf8_lossy(s.name)));
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
pub fn check(files: &[String], globs: &[String]) -> Vec<Finding> {
    let markers = collect(files, globs);
    let strip =
        |v: &Vec<String>| -> Vec<String> { v.iter().map(|m| m.trim_end_matches(" (weak)").to_string()).collect() };
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
            m.join(", "),
            first.join(", ")
        );
        out.push(Finding {
            file: Some(file.clone()),
            remedy: "rebuild the components against one ABI version".into(),
            fails_link: false,
            detail: Some(
                "the Go linker accepts this link; the components were built for different ABI versions".into(),
            ),
            ..Finding::new(Category::AbiMarker, message, Reporter::Stdout, false)
        });
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
