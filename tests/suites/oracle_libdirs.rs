//! go1.15-style builds without an importcfg: a package compiled with
//! `compile -I dir` records its imports by file name (`a.o`), and the
//! linker finds them by searching `-L` directories, then GOROOT's
//! `pkg/GOOS_GOARCH`. gosym's `--ldflags=-L …` does the same search; the
//! real go1.15 linker is the oracle, with and without `-L`.

use crate::common;
use common::*;

#[test]
fn imports_by_file_name_are_found_through_l() {
    if installed(&["1.15"]).is_empty() {
        return;
    }
    let s = Scratch::new("libdirs");
    let lib = s.path().join("lib");
    std::fs::create_dir_all(&lib).unwrap();
    std::fs::write(
        lib.join("a.go"),
        "package a\n\n//go:noinline\nfunc F() int { return 1 }\n",
    )
    .unwrap();
    std::fs::write(
        s.path().join("main.go"),
        "package main\n\nimport \"a\"\n\nfunc main() { println(a.F()) }\n",
    )
    .unwrap();
    let mut c = tool("1.15", "compile");
    assert!(
        c.current_dir(&lib)
            .args(["-p", "a", "-o", "../a.o", "a.go"])
            .status()
            .unwrap()
            .success()
    );
    let mut c = tool("1.15", "compile");
    assert!(
        c.current_dir(s.path())
            .args(["-I", ".", "-o", "main.o", "main.go"])
            .status()
            .unwrap()
            .success()
    );
    let mut agreed = 0;
    for ldflags in [&["-L", "."][..], &[]] {
        let mut link = tool("1.15", "link");
        let o = link
            .current_dir(s.path())
            .args(ldflags)
            .args(["-o", "out", "main.o"])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        let first = err
            .lines()
            .next()
            .map(|l| l.split_once("/link: ").map_or(l, |x| x.1).to_string())
            .unwrap_or_default();
        let g = gosym()
            .current_dir(s.path())
            .args(["check", "--format", "json", "--goroot"])
            .arg(goroot("1.15").unwrap())
            .arg(format!("--ldflags={}", ldflags.join(" ")))
            .arg("main.o")
            .output()
            .unwrap();
        let doc: serde_json::Value = serde_json::from_slice(&g.stdout).unwrap();
        let r = &doc["reports"][0];
        assert_eq!(
            r["ok"].as_bool(),
            Some(o.status.success()),
            "{ldflags:?}: linker {err}; gosym {r:#}"
        );
        if !o.status.success() {
            let got = r["findings"]
                .as_array()
                .unwrap()
                .iter()
                .find(|f| f["linker_order"] == 0)
                .map(|f| f["message"].as_str().unwrap().to_string())
                .unwrap_or_default();
            assert_eq!(got, first, "{ldflags:?}");
        }
        agreed += 1;
    }
    println!("-L oracle: {agreed} of 2 cases agree (with and without -L)");
}
