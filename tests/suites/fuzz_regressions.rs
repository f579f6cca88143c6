//! Replays every input the fuzzers found (testdata/fuzz-regressions,
//! written by scripts/fuzz.sh as <target>-<hash>) through the same code
//! the target runs: each must give a clean result or error, no panic.

use crate::common;
use common::*;

#[test]
fn fuzz_regressions_replay_cleanly() {
    let dir = testdata().join("fuzz-regressions");
    assert!(dir.is_dir(), "testdata/fuzz-regressions must exist");
    let mut n = 0;
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .collect();
    entries.sort();
    for p in entries {
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        let Some((target, _)) = name.split_once('-') else {
            continue;
        };
        let data = std::fs::read(&p).unwrap();
        match target {
            "input" => {
                gosym::walk::walk_input(&data);
            }
            "goobj" => {
                if let Ok(o) = gosym::read::goobj::GoObj::parse(&data) {
                    gosym::walk::walk_goobj(&o);
                }
            }
            "pkgdef" => {
                let _ = gosym::read::pkgdef::PkgDef::parse(&data);
            }
            "elf" => {
                gosym::walk::walk_elf(&data);
            }
            "importcfg" => {
                let _ = gosym::check::importcfg::parse("importcfg", &String::from_utf8_lossy(&data));
            }
            "check" => {
                gosym::walk::walk_check_pair(&data);
            }
            _ => continue,
        }
        n += 1;
    }
    // The fixtures themselves go through the fuzz entry points too.
    for (_, d) in fixture_dirs() {
        for f in fixture_files(&d) {
            assert!(gosym::walk::walk_input(&std::fs::read(d.join(&f)).unwrap()) > 0, "{f}");
            n += 1;
        }
    }
    println!("{n} inputs replayed");
}

/// The check walk the fuzzer drives reaches the symbol stage: with the
/// standard library counted as known (and empty), a real program whose
/// main.main has a relocation moved outside its data gets the linker's
/// `invalid relocation`, which only the symbol stage reports.
#[test]
fn check_walk_reaches_the_symbol_stage() {
    use gosym::check::report::Category;
    let d = testdata().join("go1.22");
    let good = std::fs::read(d.join("mainpkg.a")).unwrap();
    let (main, _, len) = reloc_moved_outside(&good, |n| n == b"main.main");
    let plain = std::fs::read(d.join("plain.a")).unwrap();
    let mut data = (main.len() as u32).to_le_bytes().to_vec();
    data.extend_from_slice(&main);
    data.extend_from_slice(&plain);
    let total = gosym::walk::walk_check_pair(&data);
    let files = [("a.a", main.clone()), ("b.a", plain.clone())];
    let load_only = gosym::walk::walk_check(&files, false);
    let with_symbols = gosym::walk::walk_check(&files, true);
    assert_eq!(total, load_only.findings.len() + with_symbols.findings.len());
    let invalid = |r: &gosym::check::report::Report| {
        r.findings
            .iter()
            .filter(|f| f.category == Category::InvalidRelocation)
            .map(|f| f.message.clone())
            .collect::<Vec<_>>()
    };
    assert!(invalid(&load_only).is_empty());
    let got = invalid(&with_symbols);
    assert_eq!(got.len(), 1, "{:?}", with_symbols.findings);
    assert!(got[0].starts_with("main.main: invalid relocation "), "{got:?}");
    assert!(got[0].ends_with(&format!("not in [0,{len})")), "{got:?}");
}
