//! The nosplit stack check against the real linkers: Go's own linker test
//! program for it (`cmd/link/internal/ld/testdata/stackcheck` of each
//! toolchain: NOSPLIT assembly functions that recurse, call themselves
//! and chain past the limit), and the same package with the over-limit
//! functions unreachable. Every line `nosplit stack over N byte limit`
//! the linker prints is gosym's, in the linker's order (go1.15, whose
//! `dostkcheck` walks another way, and has no such test program of its
//! own: `F: nosplit stack overflow`, seven lines; also linked for
//! riscv64, where its calls are other relocations). Runs when the
//! toolchains are installed.

use crate::common;
use common::*;

/// go1.15 has no copy of the program: it links go1.19's.
fn program_of(v: &str) -> &str {
    if v == "1.15" { "1.19" } else { v }
}

#[test]
fn nosplit_chains_over_the_limit_fail_as_the_linker_says() {
    let have = installed(&VERSIONS);
    let mut agreed = 0;
    // amd64 with every toolchain; riscv64 with go1.15, whose calls there
    // are `R_CALLRISCV` relocations.
    let runs = have
        .iter()
        .map(|v| (*v, "amd64"))
        .chain(have.contains(&"1.15").then_some(("1.15", "riscv64")));
    for (v, goarch) in runs {
        let Some(root) = goroot(program_of(v)) else { continue };
        let src = root.join("src/cmd/link/internal/ld/testdata/stackcheck");
        let s = Scratch::new(&format!("stackcheck-{v}-{goarch}"));
        std::fs::write(s.path().join("go.mod"), format!("module example.com/sc\n\ngo {v}\n")).unwrap();
        for f in ["main.go", "main.s"] {
            std::fs::copy(src.join(f), s.path().join(f)).unwrap();
        }
        // A second main whose code reaches none of the over-limit chains:
        // the linker checks reachable functions only.
        let quiet = s.path().join("quiet");
        std::fs::create_dir_all(&quiet).unwrap();
        std::fs::copy(src.join("main.s"), quiet.join("main.s")).unwrap();
        let decls: String = std::fs::read_to_string(src.join("main.go"))
            .unwrap()
            .lines()
            .filter(|l| l.starts_with("func ") && !l.starts_with("func main"))
            .map(|l| format!("{l}\n"))
            .collect();
        std::fs::write(
            quiet.join("main.go"),
            format!("package main\n\n{decls}\nfunc main() {{}}\n"),
        )
        .unwrap();
        for (pkg, name) in [(".", "example.com/sc"), ("./quiet", "example.com/sc/quiet")] {
            let mut go = go_cmd(v);
            go.current_dir(s.path()).env("GOARCH", goarch);
            let cfg = list_export(go, &[pkg]).unwrap_or_else(|e| panic!("go{v} list {pkg}: {e}"));
            let main = cfg
                .lines()
                .find_map(|l| l.strip_prefix(&format!("packagefile {name}=")))
                .expect("main archive")
                .to_string();
            let ic = s.path().join(format!("importcfg{}", name.len()));
            std::fs::write(&ic, &cfg).unwrap();
            let link = tool(v, "link")
                .env("GOARCH", goarch)
                .arg("-importcfg")
                .arg(&ic)
                .arg("-o")
                .arg(s.path().join("a.out"))
                .arg(&main)
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&link.stderr);
            let real: Vec<String> = stderr
                .lines()
                .map(normalise_linker_line)
                .filter(|l| l.contains("nosplit stack over"))
                .collect();
            assert!(link.status.success() || !real.is_empty(), "{pkg}: {stderr}");
            let mut g = gosym();
            g.env("GOARCH", goarch);
            let report = check_report(g, v, &ic, std::path::Path::new(&main), &[]);
            let ours: Vec<String> = report["findings"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|f| f["message"].as_str())
                .filter(|m| m.contains("nosplit stack over"))
                .map(str::to_string)
                .collect();
            let what = format!("go{v} {goarch} {pkg}");
            assert_eq!(
                report["ok"].as_bool(),
                Some(link.status.success()),
                "{what}: {stderr}\n{report:#}"
            );
            assert_eq!(ours, real, "{what}");
            if !link.status.success() {
                assert_eq!(
                    first_error_message(&report),
                    stderr
                        .lines()
                        .find(|l| !l.is_empty())
                        .map(normalise_linker_line)
                        .unwrap_or_default(),
                    "{what}"
                );
            }
            agreed += 1;
        }
    }
    println!(
        "oracle_stackcheck: {agreed} links of Go's stack-check test program agree (verdict and every over-limit line)"
    );
}
