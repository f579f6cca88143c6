//! Host-link oracle: C programs linked by gcc (GNU ld) with Go c-archives
//! built by the real toolchains and with gcc objects; `gosym check` on the
//! same inputs must agree on the verdict, the category, and the symbol of
//! ld's first complaint. Runs when the toolchains are installed.

use crate::common;
use common::*;
use std::path::Path;
use std::process::Command;

fn sh(dir: &Path, cmd: &mut Command, what: &str) {
    run_ok(cmd.current_dir(dir), what);
}

fn c_archive(v: &str, dir: &Path, n: u32) -> String {
    let d = dir.join(format!("lib{n}-{v}"));
    std::fs::create_dir_all(&d).unwrap();
    std::fs::write(
        d.join("main.go"),
        format!("package main\n\nimport \"C\"\n\n//export Add{n}\nfunc Add{n}(a, b C.int) C.int {{ return a + b }}\n\nfunc main() {{}}\n"),
    )
    .unwrap();
    std::fs::write(d.join("go.mod"), format!("module example.com/lib{n}\n\ngo {v}\n")).unwrap();
    let out = dir.join(format!("lib{n}-{v}.a"));
    let mut c = go_cmd(v);
    c.env("CGO_ENABLED", "1");
    c.args(["build", "-buildmode=c-archive", "-o"]).arg(&out).arg(".");
    sh(&d, &mut c, &format!("go{v} c-archive {n}"));
    out.file_name().unwrap().to_string_lossy().into_owned()
}

fn cc(dir: &Path, name: &str, src: &str) -> String {
    std::fs::write(dir.join(format!("{name}.c")), src).unwrap();
    sh(
        dir,
        Command::new("gcc").args(["-c", &format!("{name}.c"), "-o", &format!("{name}.o")]),
        "gcc -c",
    );
    format!("{name}.o")
}

/// The symbol between the backquote and quote of ld's first complaint.
fn ld_first(stderr: &str) -> Option<(&'static str, String)> {
    for l in stderr.lines() {
        for (pat, cat) in [
            ("multiple definition of `", "host-duplicate"),
            ("undefined reference to `", "host-undefined"),
            ("undefined reference to symbol '", "host-undefined"),
        ] {
            if let Some(i) = l.find(pat) {
                let rest = &l[i + pat.len()..];
                let sym = &rest[..rest.find('\'').unwrap_or(rest.len())];
                return Some((cat, sym.split('@').next().unwrap_or(sym).to_string()));
            }
        }
    }
    None
}

#[test]
fn gosym_check_agrees_with_gnu_ld() {
    let versions = installed(&["1.21", "1.24", "1.27"]);
    if versions.is_empty() {
        return;
    }
    let dir = std::env::temp_dir().join(format!("gosym-host-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let both = cc(
        &dir,
        "both",
        "int Add1(int,int); int Add2(int,int);\nint main(void){ return Add1(1,2)+Add2(3,4); }\n",
    );
    let one = cc(&dir, "one", "int Add1(int,int);\nint main(void){ return Add1(1,2); }\n");
    let undef = cc(
        &dir,
        "undef",
        "int Add1(int,int); int missing_fn(void);\nint main(void){ return Add1(1,2)+missing_fn(); }\n",
    );
    let weak = cc(
        &dir,
        "weak",
        "__attribute__((weak)) int foo(void){ return 1; }\nint foo2(void){ return 2; }\n",
    );
    let strong = cc(
        &dir,
        "strong",
        "int foo(void){ return 3; }\nint main(void){ return foo(); }\n",
    );
    let strong2 = cc(&dir, "strong2", "int foo(void){ return 4; }\n");
    // A symbol defined only by a library another library depends on.
    let dep = cc(&dir, "dep", "int depfn(void){ return 5; }\n");
    let _ = dep;
    std::fs::write(
        dir.join("ext.c"),
        "int depfn(void);\nint extfn(void){ return depfn(); }\n",
    )
    .unwrap();
    sh(
        &dir,
        Command::new("gcc").args(["-shared", "-fPIC", "dep.c", "-o", "libdep.so"]),
        "libdep",
    );
    sh(
        &dir,
        Command::new("gcc").args(["-shared", "-fPIC", "ext.c", "-L.", "-ldep", "-o", "libext.so"]),
        "libext",
    );
    let usedep = cc(
        &dir,
        "usedep",
        "int extfn(void); int depfn(void);\nint main(void){ return extfn() + depfn(); }\n",
    );
    let useext = cc(&dir, "useext", "int extfn(void);\nint main(void){ return extfn(); }\n");
    let mut cases: Vec<(String, Vec<String>)> = vec![
        (
            "symbol only in an indirect DT_NEEDED library".into(),
            vec![usedep.clone(), "libext.so".into(), "-Wl,-rpath-link=.".into()],
        ),
        (
            "shared library input".into(),
            vec![useext.clone(), "libext.so".into(), "-Wl,-rpath-link=.".into()],
        ),
        (
            "weak and strong C definitions".into(),
            vec![strong.clone(), weak.clone()],
        ),
        ("two strong C definitions".into(), vec![strong.clone(), strong2.clone()]),
    ];
    let mut libs = Vec::new();
    for v in &versions {
        let (l1, l2) = (c_archive(v, &dir, 1), c_archive(v, &dir, 2));
        cases.push((format!("one go{v} c-archive"), vec![one.clone(), l1.clone()]));
        cases.push((
            format!("two go{v} c-archives"),
            vec![both.clone(), l1.clone(), l2.clone()],
        ));
        cases.push((
            format!("go{v} c-archive, undefined C function"),
            vec![undef.clone(), l1.clone()],
        ));
        libs.push((v.to_string(), l1, l2));
    }
    for w in libs.windows(2) {
        cases.push((
            format!("c-archives from go{} and go{}", w[0].0, w[1].0),
            vec![both.clone(), w[0].1.clone(), w[1].2.clone()],
        ));
    }
    let (mut agree, mut sym_agree, mut failing_cases) = (0, 0, 0usize);
    let mut bad = Vec::new();
    for (name, inputs) in &cases {
        let ld = Command::new("gcc")
            .current_dir(&dir)
            .args(inputs)
            .args(["-o", "prog"])
            .output()
            .unwrap();
        let links = ld.status.success();
        failing_cases += usize::from(!links);
        let first = ld_first(&String::from_utf8_lossy(&ld.stderr));
        let files: Vec<&String> = inputs.iter().filter(|i| !i.starts_with("-Wl")).collect();
        let g = gosym()
            .current_dir(&dir)
            .env("PATH", path_without_go())
            .args(["check", "--format", "json", "--lib-path", "."])
            .args(files)
            .output()
            .unwrap();
        let doc: serde_json::Value = serde_json::from_slice(&g.stdout).unwrap();
        let r = &doc["reports"][0];
        let ok = r["ok"].as_bool().unwrap();
        let fails: Vec<&serde_json::Value> = r["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["fails_link"] == true)
            .collect();
        let cat_ok = match &first {
            None => ok,
            Some((cat, sym)) => {
                let hit = fails.iter().find(|f| f["category"] == *cat);
                if let Some(h) = hit
                    && (h["message"].as_str().unwrap().contains(&format!("`{sym}'"))
                        || h["message"].as_str().unwrap().contains(&format!("'{sym}'")))
                {
                    sym_agree += 1;
                }
                hit.is_some()
            }
        };
        if ok == links && cat_ok {
            agree += 1;
        } else {
            bad.push(format!(
                "{name}: ld {} {first:?}; gosym ok={ok} {fails:?}",
                if links { "links" } else { "fails" }
            ));
        }
    }
    let failing = failing_cases;
    println!(
        "host oracle: {} cases, verdict and category agree in {agree}; ld's first symbol named by gosym in {sym_agree} of {failing} failing cases",
        cases.len()
    );
    let _ = std::fs::remove_dir_all(&dir);
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}
