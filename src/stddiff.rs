//! What changed between two toolchains' standard libraries, as a linker
//! sees it: per std package, the defined (non-static) symbols, keyed by
//! name and ABI, added and removed, and those whose kind or size changed;
//! packages added and removed; the linkname targets the newer linker
//! blocks; the wanted header and object format. With inputs, only what
//! they reference: each reference to a std symbol the second toolchain no
//! longer defines, with the referencing file and member.
//!
//! Symbols are read with the same listing `gosym nm` prints (each
//! toolchain's `go tool nm` rules), so the sets are what `go tool nm`
//! of the two archives shows. When a side is a built-in release, both
//! sides are compared as std stubs ([`crate::toolchain::stub`]):
//! content-addressed symbols (string literals, GC masks, empty closures),
//! which no reference binds to by name, are then not compared.

use crate::error::{InputError, InputErrorKind};
use crate::nm::NmErrorKind;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use serde::Serialize;

use crate::input::{OpenOptions, Source};
use crate::model::file::FileView;
use crate::nm::{SortOrder, list};

/// A defined symbol: name and ABI label, with its kind code and size.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct DefinedSym {
    /// Name.
    pub name: String,
    /// `ABI0`, `ABIInternal`, or empty where the format has none.
    pub abi: String,
    /// The nm code (`T`, `D`, `R`, `B`).
    pub code: char,
    /// Size.
    pub size: i64,
}

/// The difference for one package.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PackageDiff {
    /// Import path.
    pub package: String,
    /// Defined in B only.
    pub added: Vec<DefinedSym>,
    /// Defined in A only.
    pub removed: Vec<DefinedSym>,
    /// In both, with another kind or size: (A, B).
    pub changed: Vec<(DefinedSym, DefinedSym)>,
    /// Names B defines (with any ABI) and A does not: what `go tool nm`
    /// of the two archives differs by.
    pub names_added: Vec<String>,
    /// Names A defines and B does not.
    pub names_removed: Vec<String>,
}

/// A reference of an input to a std symbol B does not define.
#[derive(Debug, Clone, Serialize)]
pub struct BrokenRef {
    /// The input file.
    pub file: String,
    /// Its member.
    pub member: Option<String>,
    /// The symbol referenced.
    pub symbol: String,
    /// The std package that defined it in A.
    pub package: String,
}

/// The whole difference.
#[derive(Debug, Clone, Default, Serialize)]
pub struct StdDiff {
    /// A's version.
    pub a: String,
    /// B's version.
    pub b: String,
    /// Wanted headers (A, B).
    pub headers: (String, String),
    /// Packages in B's std only.
    pub packages_added: Vec<String>,
    /// Packages in A's std only.
    pub packages_removed: Vec<String>,
    /// Per package present in both (only those that differ).
    pub packages: Vec<PackageDiff>,
    /// Linkname targets B's linker blocks that A's does not.
    pub linknames_newly_blocked: Vec<String>,
    /// With inputs: their references B breaks.
    pub broken: Vec<BrokenRef>,
    /// Both sides were compared as std stubs (a side is a built-in
    /// release): content-addressed symbols are not compared.
    pub stubs: bool,
}

/// The defined, non-static symbols of an archive, by (name, ABI).
pub type Defined = BTreeMap<(String, String), DefinedSym>;

/// [`Defined`] of the archive at `path`.
pub fn defined(path: &std::path::Path) -> Result<Defined, InputError> {
    defined_in(&Source::open(path, OpenOptions::default())?)
}

/// [`Defined`] of an opened archive.
pub fn defined_in(src: &Source) -> Result<Defined, InputError> {
    let view = FileView::parse(src).map_err(|e| src.error(None, InputErrorKind::Read(e)))?;
    let listing = list(&view, SortOrder::None).map_err(|e| {
        let kind = match e.error {
            NmErrorKind::Read(r) => InputErrorKind::Read(r),
            other => InputErrorKind::Other(format!("{other:?}")),
        };
        src.error(e.member, kind)
    })?;
    let mut out = BTreeMap::new();
    for e in &listing.entries {
        for s in &e.syms {
            if !s.code.is_ascii_uppercase() || s.code == b'U' {
                continue;
            }
            let abi = match s.abi {
                Some(0) => "ABI0",
                Some(1) => "ABIInternal",
                _ => "",
            };
            let name = String::from_utf8_lossy(&s.name).into_owned();
            out.insert(
                (name.clone(), abi.to_string()),
                DefinedSym {
                    name,
                    abi: abi.to_string(),
                    code: s.code as char,
                    size: s.size,
                },
            );
        }
    }
    Ok(out)
}

/// The difference of one package's defined symbols.
pub fn package_diff_of(package: &str, da: &Defined, db: &Defined) -> PackageDiff {
    let mut d = PackageDiff {
        package: package.to_string(),
        ..PackageDiff::default()
    };
    for (k, s) in db {
        match da.get(k) {
            None => d.added.push(s.clone()),
            Some(old) if old.code != s.code || old.size != s.size => d.changed.push((old.clone(), s.clone())),
            Some(_) => {}
        }
    }
    d.removed = da
        .iter()
        .filter(|(k, _)| !db.contains_key(*k))
        .map(|(_, s)| s.clone())
        .collect();
    let names = |m: &Defined| -> BTreeSet<String> { m.keys().map(|(n, _)| n.clone()).collect() };
    let (na, nb) = (names(da), names(db));
    d.names_added = nb.difference(&na).cloned().collect();
    d.names_removed = na.difference(&nb).cloned().collect();
    d
}

/// The references of `inputs` (Go archives or objects) to symbols of
/// `removed` (package → its removed names).
pub fn broken_refs(inputs: &[PathBuf], removed: &BTreeMap<String, BTreeSet<String>>) -> Vec<BrokenRef> {
    let mut out = Vec::new();
    for path in inputs {
        let Ok(src) = Source::open(path, OpenOptions::default()) else {
            continue;
        };
        let Ok(view) = FileView::parse(&src) else { continue };
        for (u, o) in view.go_objects() {
            // Non-package references by name, then the names of the
            // package references (the RefName block).
            let by_name = (o.ndef()..o.nsym_total()).filter_map(|i| o.sym(i).ok().map(|s| s.name));
            let ref_names = (0..o.nrefname()).filter_map(|i| o.refname(i).ok().map(|(_, n)| n));
            let mut seen = BTreeSet::new();
            for raw in by_name.chain(ref_names) {
                let name = String::from_utf8_lossy(raw);
                if !seen.insert(name.to_string()) {
                    continue;
                }
                for (pkg, names) in removed {
                    if names.contains(name.as_ref()) {
                        out.push(BrokenRef {
                            file: src.display.clone(),
                            member: u.name.map(|n| String::from_utf8_lossy(n).into_owned()),
                            symbol: name.to_string(),
                            package: pkg.clone(),
                        });
                    }
                }
            }
        }
    }
    out
}
