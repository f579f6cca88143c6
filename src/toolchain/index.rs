//! The symbol index of a target's standard library: every named, non-static
//! definition of every std archive, with the facts the forecast needs (ABI,
//! package, the `Flag2` linkname bits, the object's Std and assembler flags).
//! Built from the archives in parallel and cached as a small text file
//! under `$GOSYM_CACHE/targets/`, keyed like the std list (GOROOT, version,
//! environment), so a second check starts fast.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::input::Source;
use crate::model::file::FileView;
use crate::read::goobj::layout::SYM_ABI_STATIC;

/// One definition in the index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StdDef {
    /// Package that defines it.
    pub pkg: String,
    /// Whether the definition pushes the name (`//go:linkname`).
    pub linkname: bool,
    /// Pushed with `//go:linknamestd` (go1.27).
    pub linkname_std: bool,
    /// An ABI wrapper (go1.23+ flag).
    pub abi_wrapper: bool,
    /// Defined by an assembler object.
    pub asm: bool,
    /// The object carries the Std flag.
    pub std: bool,
}

/// Name and ABI (0 or 1) → definition.
pub type StdIndex = HashMap<(String, u8), StdDef>;

/// Builds (or loads from `cache`) the index of `archives`.
pub fn load_or_build(archives: &BTreeMap<String, PathBuf>, cache: &Path) -> StdIndex {
    if let Ok(text) = std::fs::read_to_string(cache)
        && let Some(idx) = parse(&text)
    {
        return idx;
    }
    let parts: Vec<Vec<((String, u8), StdDef)>> = archives.par_iter().map(|(pkg, p)| index_archive(pkg, p)).collect();
    let mut idx = StdIndex::new();
    for part in parts {
        for (k, v) in part {
            idx.entry(k).or_insert(v);
        }
    }
    if let Some(d) = cache.parent() {
        let _ = std::fs::create_dir_all(d);
        let _ = std::fs::write(cache, serialise(&idx));
    }
    idx
}

fn index_archive(pkg: &str, path: &Path) -> Vec<((String, u8), StdDef)> {
    let mut out = Vec::new();
    let Ok(src) = Source::open(path) else { return out };
    let Ok(view) = FileView::parse(&src) else { return out };
    for (_, o) in view.go_objects() {
        let t = o.tables;
        for i in 0..o.ndef() {
            let Ok(s) = o.sym(i) else { continue };
            if s.name.is_empty()
                || s.abi == SYM_ABI_STATIC
                || s.abi > 1
                || (o.nsym()..o.nsym() + o.nhashed64() + o.nhashed()).contains(&i)
            {
                continue;
            }
            let name = String::from_utf8_lossy(s.name).into_owned();
            out.push((
                (name, s.abi as u8),
                StdDef {
                    pkg: pkg.to_string(),
                    linkname: t.flag2_has(s.flag2, "Linkname"),
                    linkname_std: t.flag2_has(s.flag2, "LinknameStd"),
                    abi_wrapper: t.flag2_has(s.flag2, "ABIWrapper"),
                    asm: o.from_assembler(),
                    std: o.flags & 16 != 0,
                },
            ));
        }
    }
    out
}

const MAGIC: &str = "gosym-std-index v1";

fn serialise(idx: &StdIndex) -> String {
    let mut keys: Vec<&(String, u8)> = idx.keys().collect();
    keys.sort();
    let mut s = String::from(MAGIC);
    s.push('\n');
    for k in keys {
        let d = &idx[k];
        let flags = [d.linkname, d.linkname_std, d.abi_wrapper, d.asm, d.std]
            .iter()
            .map(|b| if *b { '1' } else { '0' })
            .collect::<String>();
        s.push_str(&format!("{}\t{}\t{}\t{flags}\n", k.0, k.1, d.pkg));
    }
    s
}

fn parse(text: &str) -> Option<StdIndex> {
    let mut lines = text.lines();
    if lines.next()? != MAGIC {
        return None;
    }
    let mut idx = StdIndex::new();
    for l in lines {
        let mut f = l.split('\t');
        let (name, abi, pkg, flags) = (f.next()?, f.next()?, f.next()?, f.next()?);
        let b: Vec<bool> = flags.chars().map(|c| c == '1').collect();
        if b.len() != 5 {
            return None;
        }
        idx.insert(
            (name.to_string(), abi.parse().ok()?),
            StdDef {
                pkg: pkg.to_string(),
                linkname: b[0],
                linkname_std: b[1],
                abi_wrapper: b[2],
                asm: b[3],
                std: b[4],
            },
        );
    }
    Some(idx)
}
