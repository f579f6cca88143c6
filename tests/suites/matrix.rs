//! `gosym matrix` against the real linker: the std archives (errors, io)
//! of go1.15, go1.19, go1.22 and go1.27 as inputs, the same four as
//! targets; each cell (does target Y take producer X's archives) must be
//! the real verdict of Y's linker on a program X built (main importing
//! those packages, linked with X's importcfg). The JSON validates against
//! the schema. Runs when the toolchains are installed.

use crate::common;
use common::*;

const MAIN: &str =
    "package main\n\nimport (\n\t\"errors\"\n\t\"io\"\n)\n\nfunc main() { _ = errors.New(\"x\"); _ = io.EOF }\n";

#[test]
fn matrix_cells_are_the_real_linkers_verdicts() {
    let versions = installed(&["1.15", "1.19", "1.22", "1.27"]);
    if versions.len() < 2 {
        return;
    }
    let s = Scratch::new("matrix");
    std::fs::write(s.path().join("main.go"), MAIN).unwrap();
    let mut inputs = Vec::new();
    let mut programs = Vec::new();
    for v in &versions {
        let mut go = go_cmd(v);
        go.env("GO111MODULE", "off").current_dir(s.path());
        let cfg = list_export(go, &["errors", "io", "runtime"]).unwrap();
        for pkg in ["errors", "io"] {
            let file = cfg
                .lines()
                .find_map(|l| l.strip_prefix(&format!("packagefile {pkg}=")))
                .unwrap()
                .to_string();
            inputs.push(file);
        }
        let ic = s.path().join(format!("ic-{v}"));
        let mut full = go_cmd(v);
        full.env("GO111MODULE", "off").current_dir(s.path());
        std::fs::write(&ic, list_export(full, &["./main.go"]).unwrap()).unwrap();
        let main = compile_main(v, s.path(), &ic, &format!("main-{v}.a"));
        programs.push((v.to_string(), ic, main));
    }
    let mut cmd = gosym_defaults();
    cmd.args(["matrix", "--format", "json"]);
    for v in &versions {
        cmd.arg("--goroot").arg(goroot(v).unwrap());
    }
    cmd.args(&inputs);
    let (_, doc) = run_json(cmd);
    let rows = doc["matrix"]["rows"].as_array().unwrap();
    assert_eq!(rows.len(), versions.len(), "one producer per toolchain: {doc:#}");
    let mut cells = 0;
    for (x, ic, main) in &programs {
        let row = rows
            .iter()
            .find(|r| {
                r["producer"]["version"]
                    .as_str()
                    .unwrap()
                    .starts_with(&format!("go{x}."))
            })
            .unwrap();
        for (k, y) in versions.iter().enumerate() {
            let linked = tool(y, "link")
                .arg("-importcfg")
                .arg(ic)
                .arg("-o")
                .arg(s.path().join("a.out"))
                .arg(main)
                .output()
                .unwrap();
            let cell = &row["cells"][k];
            assert_eq!(
                cell["ok"].as_bool().unwrap(),
                linked.status.success(),
                "built by go{x}, linked by go{y}: {cell}; linker: {}",
                String::from_utf8_lossy(&linked.stderr).lines().next().unwrap_or("")
            );
            cells += 1;
        }
    }
    println!("matrix: {cells} cells equal the real linker's verdicts");
}
