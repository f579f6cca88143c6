//! `-linkshared` oracle: a Go shared library and an executable linked
//! against it, built by the real toolchain (GOPATH mode, as
//! `-buildmode=shared` requires); the library is then rebuilt (API change,
//! body-only change) and the executable run for real. `gosym check app`
//! must agree: it runs iff gosym finds no ABI mismatch, and the runtime's
//! `abi mismatch detected between ...` line is gosym's message.

use crate::common;
use common::*;
use std::path::Path;
use std::process::Command;

fn go(v: &str, root: &Path, args: &[&str]) -> bool {
    let o = go_cmd(v)
        .current_dir(root.join("gopath/src"))
        .env("GO111MODULE", "off")
        .env("GOPATH", root.join("gopath"))
        .env("CGO_ENABLED", "1")
        .args(args)
        .output()
        .unwrap();
    if !o.status.success() {
        println!("go{v} {args:?}: {}", String::from_utf8_lossy(&o.stderr));
    }
    o.status.success()
}

#[test]
fn gosym_check_agrees_with_the_runtime_abi_check() {
    let versions = installed(&["1.22", "1.27"]);
    if versions.is_empty() {
        return;
    }
    let (mut cases, mut agree, mut msgs, mut mismatches) = (0, 0, 0, 0);
    let mut bad = Vec::new();
    for v in versions {
        let root = std::env::temp_dir().join(format!("gosym-linkshared-{}-{v}", std::process::id()));
        let src = root.join("gopath/src/shx");
        std::fs::create_dir_all(src.join("lib")).unwrap();
        std::fs::create_dir_all(src.join("app")).unwrap();
        std::fs::write(
            src.join("lib/lib.go"),
            "package lib\n\n//go:noinline\nfunc V() string { return \"v1\" }\n",
        )
        .unwrap();
        std::fs::write(
            src.join("app/main.go"),
            "package main\n\nimport \"shx/lib\"\n\nfunc main() { println(\"app sees\", lib.V()) }\n",
        )
        .unwrap();
        let pkg = root.join("pkg");
        let pkgdir = format!("-pkgdir={}", pkg.display());
        if !go(v, &root, &["install", "-buildmode=shared", &pkgdir, "std"]) {
            println!("go{v}: -buildmode=shared std not available here; skipped");
            continue;
        }
        assert!(go(
            v,
            &root,
            &["install", "-buildmode=shared", "-linkshared", &pkgdir, "shx/lib"]
        ));
        let app = root.join("app");
        assert!(go(
            v,
            &root,
            &["build", "-linkshared", &pkgdir, "-o", app.to_str().unwrap(), "shx/app"]
        ));
        let steps = [
            ("as built", None),
            (
                "lib body changed",
                Some("package lib\n\n//go:noinline\nfunc V() string { return \"v1b\" }\n"),
            ),
            (
                "lib API changed",
                Some(
                    "package lib\n\n//go:noinline\nfunc V() string { return \"v2\" }\n\n// W is new.\nfunc W() int { return 2 }\n",
                ),
            ),
        ];
        for (name, lib) in steps {
            if let Some(l) = lib {
                std::fs::write(src.join("lib/lib.go"), l).unwrap();
                assert!(go(
                    v,
                    &root,
                    &["install", "-buildmode=shared", "-linkshared", &pkgdir, "shx/lib"]
                ));
            }
            cases += 1;
            let run = Command::new(&app).output().unwrap();
            let runs = run.status.success();
            let real = String::from_utf8_lossy(&run.stderr)
                .lines()
                .find(|l| l.starts_with("abi mismatch"))
                .map(str::to_string);
            let g = gosym()
                .args(["check", "--format", "json"])
                .arg(&app)
                .env("PATH", path_without_go())
                .output()
                .unwrap();
            let doc: serde_json::Value = serde_json::from_slice(&g.stdout).unwrap();
            let found: Vec<String> = doc["reports"][0]["findings"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|f| f["category"] == "linkshared" && f["fails_link"] == true)
                .map(|f| f["message"].as_str().unwrap().to_string())
                .collect();
            if runs == found.is_empty() {
                agree += 1;
            } else {
                bad.push(format!("go{v} {name}: runs={runs}, gosym {found:?}"));
            }
            if let Some(r) = real {
                mismatches += 1;
                if found.contains(&r) {
                    msgs += 1;
                } else {
                    bad.push(format!("go{v} {name}: runtime {r:?}, gosym {found:?}"));
                }
            }
        }
        let _ = std::fs::remove_dir_all(&root);
    }
    println!(
        "linkshared oracle: {cases} cases, verdict agrees in {agree}; runtime message is gosym's in {msgs} of {mismatches}"
    );
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}
