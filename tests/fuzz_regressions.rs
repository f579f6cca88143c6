//! Replays every input the fuzzers found (testdata/fuzz-regressions,
//! written by scripts/fuzz.sh as <target>-<hash>) through the same code
//! the target runs: each must give a clean result or error, no panic.

mod common;
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
                let split = data
                    .first()
                    .map(|&b| b as usize * data.len() / 256)
                    .unwrap_or(0)
                    .min(data.len());
                let tmp = std::env::temp_dir().join(format!("gosym-regr-{}", std::process::id()));
                std::fs::create_dir_all(&tmp).unwrap();
                std::fs::write(tmp.join("a.a"), &data[..split]).unwrap();
                std::fs::write(tmp.join("b.a"), &data[split..]).unwrap();
                gosym::walk::walk_check(&[
                    tmp.join("a.a").to_string_lossy().into_owned(),
                    tmp.join("b.a").to_string_lossy().into_owned(),
                ]);
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
