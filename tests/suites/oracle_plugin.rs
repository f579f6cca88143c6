//! Plugin oracle: hosts and plugins built by the real toolchains, the
//! plugin opened for real (`plugin.Open`), and `gosym check host plugin.so`
//! on the same files: the verdict must agree, and for package mismatches
//! gosym's message must be the error `plugin.Open` returns.

use crate::common;
use common::*;
use std::path::Path;
use std::process::Command;

const HOST: &str = "package main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n\t\"plugin\"\n\n\t\"pl/lib\"\n)\n\nfunc main() {\n\tif _, err := plugin.Open(os.Args[1]); err != nil {\n\t\tfmt.Println(\"ERROR:\", err)\n\t\tos.Exit(1)\n\t}\n\tfmt.Println(\"ok\", lib.V())\n}\n";
const PLUG: &str = "package main\n\nimport \"pl/lib\"\n\n// F uses lib.\nfunc F() string { return lib.V() }\n";
const LIB_V1: &str = "package lib\n\n// V is the version.\nfunc V() string { return \"v1\" }\n";
const LIB_V2: &str = "package lib\n\n// V is the version.\nfunc V() string { return \"v2\" }\n\n// W is new.\nfunc W() int { return 2 }\n";

fn go(v: &str, dir: &Path, args: &[&str]) {
    let mut c = go_cmd(v);
    c.current_dir(dir).env("CGO_ENABLED", "1").args(args);
    run_ok(c, &format!("go{v} {args:?}"));
}

fn module(dir: &Path, lib: &str) {
    for (p, s) in [("lib/lib.go", lib), ("plug/plug.go", PLUG), ("host/main.go", HOST)] {
        std::fs::create_dir_all(dir.join(p).parent().unwrap()).unwrap();
        std::fs::write(dir.join(p), s).unwrap();
    }
    std::fs::write(dir.join("go.mod"), "module pl\n\ngo 1.21\n").unwrap();
}

#[test]
fn gosym_check_agrees_with_plugin_open() {
    let versions = installed(&["1.21", "1.24", "1.27"]);
    if versions.is_empty() {
        return;
    }
    let root = std::env::temp_dir().join(format!("gosym-plugin-{}", std::process::id()));
    let mut cases: Vec<(String, String, String)> = Vec::new(); // (name, host, plugin)
    for v in &versions {
        let d = root.join(v);
        module(&d, LIB_V1);
        go(v, &d, &["build", "-buildmode=plugin", "-o", "plug.so", "./plug"]);
        go(
            v,
            &d,
            &["build", "-buildmode=plugin", "-trimpath", "-o", "plugtrim.so", "./plug"],
        );
        go(v, &d, &["build", "-o", "host_v1", "./host"]);
        std::fs::write(d.join("lib/lib.go"), LIB_V2).unwrap();
        go(v, &d, &["build", "-o", "host_v2", "./host"]);
        let p = |f: &str| d.join(f).to_string_lossy().into_owned();
        cases.push((format!("go{v} same lib"), p("host_v1"), p("plug.so")));
        cases.push((
            format!("go{v} lib changed after the plugin"),
            p("host_v2"),
            p("plug.so"),
        ));
        cases.push((
            format!("go{v} plugin built with -trimpath"),
            p("host_v1"),
            p("plugtrim.so"),
        ));
    }
    for w in versions.windows(2) {
        let (a, b) = (root.join(w[0]), root.join(w[1]));
        cases.push((
            format!("host go{} with a go{} plugin", w[1], w[0]),
            b.join("host_v1").to_string_lossy().into_owned(),
            a.join("plug.so").to_string_lossy().into_owned(),
        ));
    }
    let (mut verdicts, mut messages, mut mismatches) = (0, 0, 0);
    let mut bad = Vec::new();
    for (name, host, plug) in &cases {
        let run = Command::new(host).arg(plug).output().unwrap();
        let opened = run.status.success();
        let out = String::from_utf8_lossy(&run.stdout).into_owned() + &String::from_utf8_lossy(&run.stderr);
        let real = out.lines().find_map(|l| l.strip_prefix("ERROR: ")).map(str::to_string);
        let g = gosym()
            .args(["check", "--format", "json", host, plug])
            .env("PATH", path_without_go())
            .output()
            .unwrap();
        let doc: serde_json::Value = serde_json::from_slice(&g.stdout).unwrap();
        let r = &doc["reports"][0];
        let msgs: Vec<String> = r["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["category"] == "plugin")
            .map(|f| f["message"].as_str().unwrap().to_string())
            .collect();
        let ok = msgs.is_empty();
        if ok == opened {
            verdicts += 1;
        } else {
            bad.push(format!(
                "{name}: plugin.Open {}, gosym {msgs:?}\n{out}",
                if opened { "ok" } else { "failed" }
            ));
        }
        if let Some(real) = real {
            mismatches += 1;
            if msgs.contains(&real) {
                messages += 1;
            } else {
                bad.push(format!("{name}: real {real:?}, gosym {msgs:?}"));
            }
        }
    }
    println!(
        "plugin oracle: {} cases, verdict agrees in {verdicts}; plugin.Open's error among gosym's findings in {messages} of {mismatches}",
        cases.len()
    );
    let _ = std::fs::remove_dir_all(&root);
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}
