//! `gosym explain` against the real linker. A program using fmt, strings,
//! sort, errors, encoding/json and time is linked by go1.22 and go1.27;
//! for a sample of the functions those std archives define, explain's
//! "reachable" is exactly whether `go tool nm` of the linked binary lists
//! the symbol, and the definition is in the archive of the symbol's own
//! package. Methods included: with the linker's method liveness every
//! symbol is answered yes or no, never "depends". A go:linkname pull of a
//! symbol go1.27 no longer has is
//! undefined and referenced from main.main, as the real linker's
//! `relocation target … not defined` says (exit 1). Runs when the
//! toolchains are installed.

use crate::common;
use common::*;
use std::collections::BTreeSet;

const APP: &str = "package main\n\nimport (\n\t\"encoding/json\"\n\t\"errors\"\n\t\"fmt\"\n\t\"sort\"\n\t\"strings\"\n\t\"time\"\n)\n\nfunc main() {\n\ts := []string{\"b\", \"a\"}\n\tsort.Strings(s)\n\tb, _ := json.Marshal(s)\n\tfmt.Println(strings.Join(s, \",\"), string(b), time.Now().Year(), errors.New(\"x\"))\n}\n";

/// Defined, non-static names `go tool nm` lists in `file`.
fn defined(v: &str, file: &std::path::Path) -> BTreeSet<String> {
    let o = go_cmd(v).args(["tool", "nm"]).arg(file).output().unwrap();
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .filter_map(|l| {
            let l = l.split_once(":\t").map_or(l, |x| x.1);
            let (first, after) = l.trim_start().split_once(' ')?;
            let (code, name) = if first.len() == 1 {
                (first, after)
            } else {
                after.split_once(' ')?
            };
            (code == "T").then(|| name.to_string())
        })
        .collect()
}

fn explain(v: &str, ic: &std::path::Path, main: &std::path::Path, symbol: &str) -> (Option<i32>, serde_json::Value) {
    let mut c = gosym_defaults();
    c.args(["explain", symbol, "--format", "json", "--goroot"])
        .arg(goroot(v).unwrap())
        .arg("-importcfg")
        .arg(ic)
        .arg(main);
    let (code, doc) = run_json(c);
    (code, doc["explanations"][0]["explanation"].clone())
}

#[test]
fn explain_reachability_is_the_linked_binarys() {
    let (mut compared, mut skipped) = (0, 0);
    for v in installed(&["1.22", "1.27"]) {
        let s = Scratch::new("explain");
        std::fs::write(s.path().join("main.go"), APP).unwrap();
        let pkgs = ["fmt", "strings", "sort", "errors", "encoding/json", "time"];
        let cfg = std_importcfg(v, &pkgs);
        let ic = s.path().join("ic");
        std::fs::write(&ic, &cfg).unwrap();
        let main = compile_main(v, s.path(), &ic, "main.a");
        let exe = s.path().join("app");
        let o = tool(v, "link")
            .arg("-importcfg")
            .arg(&ic)
            .arg("-o")
            .arg(&exe)
            .arg(&main)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let in_binary = defined(v, &exe);
        for pkg in pkgs {
            let archive = cfg
                .lines()
                .find_map(|l| l.strip_prefix(&format!("packagefile {pkg}=")))
                .unwrap()
                .to_string();
            let names: Vec<String> = defined(v, std::path::Path::new(&archive))
                .into_iter()
                .filter(|n| n.starts_with(&format!("{pkg}.")))
                .collect();
            // Every 25th, so each package gives a few of both kinds.
            for name in names.iter().step_by(25) {
                let (_, e) = explain(v, &ic, &main, name);
                if e["kept"] == "depends" {
                    skipped += 1;
                }
                let kept = in_binary.contains(name);
                assert_eq!(
                    e["kept"] == "yes",
                    kept,
                    "go{v} {name}: explain vs the binary's nm: {e:#}"
                );
                assert!(
                    e["definitions"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .any(|d| d["package"] == pkg && d["file"] == archive.as_str()),
                    "go{v} {name}: defined in {pkg}'s archive: {e:#}"
                );
                compared += 1;
            }
        }
    }
    println!("explain: {compared} symbols, reachability as in the linked binaries");
    assert_eq!(
        skipped, 0,
        "the real std carries every relocation: no symbol is answered depends"
    );
}

#[test]
fn explain_names_an_undefined_pull_as_the_linker_does() {
    if installed(&["1.27"]).is_empty() {
        return;
    }
    let (s, ic, main) = linkname_removed_program("1.27", "explain-undef");
    let linked = tool("1.27", "link")
        .arg("-importcfg")
        .arg(&ic)
        .arg("-o")
        .arg(s.path().join("a.out"))
        .arg(&main)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&linked.stderr);
    assert!(
        err.contains("main.main: relocation target runtime.tickspersecond not defined"),
        "{err}"
    );
    let (code, e) = explain("1.27", &ic, &main, "runtime.tickspersecond");
    assert_eq!(code, Some(1));
    assert_eq!(e["undefined"], true);
    assert!(e["definitions"].as_array().unwrap().is_empty());
    let r = &e["references"][0];
    assert_eq!(r["from"], "main.main");
    assert_eq!(r["reachable"], true);
    assert_eq!(r["member"], "_go_.o");
}
