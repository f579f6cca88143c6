//! The release facts built into gosym (`src/toolchain/builtin_facts.txt`,
//! what `--go 1.N` checks with) against the installed toolchains: for each
//! one, the version is its VERSION, the wanted header of every GOOS/GOARCH
//! its `go tool dist list` names is what its compiler writes at default
//! settings, and the std package list is GOROOT/src's. With
//! `GOSYM_BLESS=1` (scripts/gen-release-facts.sh) the file is rewritten
//! from the installed toolchains instead, keeping the entries of releases
//! not installed. Runs when the toolchains are installed.

mod common;
use common::*;

use gosym::toolchain::builtin::{BuiltinRelease, releases};
use rayon::prelude::*;

/// The facts of go`v` as the toolchain itself yields them, as lines of
/// the data file.
fn facts_of(v: &str) -> String {
    let root = goroot(v).unwrap();
    let t = gosym::toolchain::Target::discover(&root).unwrap();
    let list = go_cmd(v).args(["tool", "dist", "list"]).output().unwrap();
    let platforms: Vec<String> = String::from_utf8_lossy(&list.stdout)
        .lines()
        .map(str::to_string)
        .collect();
    let headers: Vec<String> = platforms
        .par_iter()
        .map(|p| {
            let (os, arch) = p.split_once('/').unwrap();
            let h = gosym::toolchain::default_header(&root, os, arch)
                .unwrap_or_else(|e| panic!("go{v} {p}: header probe failed: {e}"));
            format!("header {p} {h}\n")
        })
        .collect();
    let std: Vec<String> = t.std_packages().into_iter().collect();
    format!("release {}\n{}std {}\n", t.version, headers.concat(), std.join(" "))
}

fn as_text(r: &BuiltinRelease) -> String {
    let headers: String = r.headers.iter().map(|(p, h)| format!("header {p} {h}\n")).collect();
    format!("release {}\n{headers}std {}\n", r.version, r.std_packages.join(" "))
}

#[test]
fn built_in_facts_are_the_toolchains() {
    let have = installed(&VERSIONS);
    if have.is_empty() {
        println!("no toolchains installed: built-in release facts not compared");
        return;
    }
    let computed: Vec<(String, String)> = have.iter().map(|v| (v.to_string(), facts_of(v))).collect();
    if std::env::var_os("GOSYM_BLESS").is_some() {
        let mut by_minor: std::collections::BTreeMap<u32, String> =
            releases().iter().map(|r| (r.minor, as_text(r))).collect();
        for (v, text) in &computed {
            by_minor.insert(v.trim_start_matches("1.").parse().unwrap(), text.clone());
        }
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/toolchain/builtin_facts.txt");
        std::fs::write(&path, by_minor.into_values().collect::<String>()).unwrap();
        println!(
            "wrote {} ({} releases)",
            path.display(),
            releases().len().max(computed.len())
        );
        return;
    }
    for (v, text) in &computed {
        let minor: u32 = v.trim_start_matches("1.").parse().unwrap();
        let built_in = releases()
            .iter()
            .find(|r| r.minor == minor)
            .unwrap_or_else(|| panic!("no built-in facts for go{v}: run scripts/gen-release-facts.sh"));
        let want = as_text(built_in);
        if &want != text {
            let diff: Vec<String> = text
                .lines()
                .filter(|l| !want.lines().any(|w| w == *l))
                .map(|l| format!("toolchain: {}", &l[..l.len().min(160)]))
                .chain(
                    want.lines()
                        .filter(|l| !text.lines().any(|w| w == *l))
                        .map(|l| format!("built in:  {}", &l[..l.len().min(160)])),
                )
                .collect();
            panic!(
                "go{v}: built-in facts differ from the toolchain's (scripts/gen-release-facts.sh):\n{}",
                diff.join("\n")
            );
        }
        println!(
            "go{v}: {} platforms, {} std packages, as built in",
            built_in.headers.len(),
            built_in.std_packages.len()
        );
    }
}
