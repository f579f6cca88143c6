//! Exercises every reader over one input: the archive walk, every member
//! decoded, every Go object walked through all its symbols, references,
//! relocations (and their targets), aux records, data, imports and package
//! index, export data framing, ELF symbols, dynamic symbols, relocations,
//! notes and build information, and the `nm` and `info` analyses. Used by
//! the fuzz targets (`fuzz/`) and by the regression tests that replay what
//! they found; it must return, never panic, whatever the bytes.

use crate::input::Source;
use crate::model::file::{Content, FileView};
use crate::model::summary::summarise;
use crate::nm::{SortOrder, list};
use crate::read::goobj::GoObj;

/// Walks a Go object completely; returns how many records it visited.
pub fn walk_goobj(o: &GoObj<'_>) -> usize {
    let mut n = 0;
    for i in 0..o.nsym_total() {
        n += usize::from(o.sym(i).is_ok());
    }
    for i in 0..o.ndef() {
        let len = o.data(i).map(|d| d.len()).unwrap_or(0);
        if let Ok(rs) = o.relocs(i) {
            for r in rs.flatten() {
                n += usize::from(o.target(r.sym).is_ok()) + usize::from(r.outside(len));
            }
        }
        if let Ok(a) = o.auxs(i) {
            n += a.flatten().count();
        }
        n += o.data(i).map(|d| d.len().min(1)).unwrap_or(0);
        n += usize::from(o.data_off(i).is_ok());
    }
    for i in 0..o.nrefname() {
        n += usize::from(o.refname(i).is_ok());
    }
    for i in 0..o.nautolib() {
        n += usize::from(o.autolib(i).is_ok());
    }
    for i in 0..o.npkgidx() {
        n += usize::from(o.pkgidx(i).is_ok());
    }
    n += usize::from(o.import_path().is_some());
    n
}

/// Walks an ELF file through every ELF reader.
pub fn walk_elf(data: &[u8]) -> usize {
    use crate::read::{buildinfo, elf, elfreloc};
    let mut n = 0;
    // The one-shot readers (each parses the file) and the parsed file.
    n += elfreloc::read(data).map(|r| r.sections.len()).unwrap_or(0);
    n += usize::from(matches!(buildinfo::read(data), Ok(Some(_))));
    n += buildinfo::go_notes(data).map(|v| v.len()).unwrap_or(0);
    let Ok(f) = elf::ElfFile::parse(data) else { return n };
    for t in [elf::SymTable::Static, elf::SymTable::Dynamic] {
        if let Ok(Some(s)) = f.symbols(t) {
            n += s.len();
            n += s.iter().filter_map(|s| s.bytes(data)).count();
        }
    }
    let d = f.dynamic_names();
    n += d.needed.len() + d.runpath.len();
    n += crate::nm::gnu::dynamic(data)
        .ok()
        .flatten()
        .map(|v| v.len())
        .unwrap_or(0);
    n
}

/// Walks one input given as bytes.
pub fn walk_input(bytes: &[u8]) -> usize {
    let src = Source::from_bytes("fuzz", bytes.to_vec());
    let Ok(view) = FileView::parse(&src) else { return 0 };
    let mut n = view.units.len();
    for u in &view.units {
        match &u.content {
            Content::GoObj(o) => {
                n += walk_goobj(o);
                if let Ok((relocs, _)) = crate::model::relocs::go_relocs(o) {
                    let mut text = Vec::new();
                    crate::render::relocs::write_go(&mut text, "", &relocs);
                    n += text.len().min(1) + crate::render::relocs::go_json(&relocs).as_array().map_or(0, Vec::len);
                }
            }
            Content::Host => n += walk_elf(u.data),
            _ => {}
        }
    }
    for order in [SortOrder::Name, SortOrder::Address] {
        if let Ok(l) = list(&view, order) {
            n += l.entries.len();
        }
    }
    if let Ok(l) = crate::nm::list_as(&view, SortOrder::Size, Some(15)) {
        n += l.entries.len();
    }
    n += summarise("fuzz", &view).members.len();
    n
}

/// Splits `data` into two inputs (a little-endian u32 prefix gives the
/// length of the first) and runs the whole `check` pipeline on them, in
/// memory: once with the target's standard library unknown (load checks
/// only) and once known but empty, so that the symbol stage (duplicates,
/// linkname, reachability, undefined and invalid relocations) runs too.
/// For fuzzing and its regressions.
pub fn walk_check_pair(data: &[u8]) -> usize {
    let (len, rest) = match data.split_first_chunk::<4>() {
        Some((l, r)) => (u32::from_le_bytes(*l) as usize, r),
        None => (0, data),
    };
    let (a, b) = rest.split_at(len.min(rest.len()));
    let inputs = [("a.a", a.to_vec()), ("b.a", b.to_vec())];
    walk_check(&inputs, false).findings.len() + walk_check(&inputs, true).findings.len()
}

/// Runs the whole `check` pipeline on in-memory files, with the target
/// assumed to be go1.27 and no toolchain; `std_known` says whether the
/// (empty) standard library counts as known, which runs the symbol stage.
pub fn walk_check(files: &[(&str, Vec<u8>)], std_known: bool) -> crate::check::report::Report {
    use crate::check::linkset::{LinkSet, SourceArena};
    let arena = SourceArena::new();
    let mut set = LinkSet::new(&arena, crate::input::OpenOptions::default());
    for (name, bytes) in files {
        set.add_input_bytes(name, bytes.clone());
    }
    let req = crate::check::CheckRequest {
        explain: None,
        target: crate::check::LinkTarget::new(
            None,
            "go1.27.3",
            "go object linux amd64 go1.27.3 GOAMD64=v1 X:regabiwrappers,regabiargs",
        ),
        importcfg: None,
        std: Default::default(),
        std_known,
        std_unknown: None,
        rebuild_std: Default::default(),
        rebuild_unknown: None,
        flags: crate::check::LinkFlags::default(),
        abi_markers: vec!["abiVersion_*".into()],
        lib_path: Vec::new(),
        collection: false,
        first_is_main: false,
    };
    crate::check::run(&req, &mut set)
}
