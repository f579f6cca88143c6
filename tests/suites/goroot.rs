//! `gosym goroot` against the toolchains themselves: for each installed
//! release, the version is what `go version` prints, the wanted header
//! names that GOOS, GOARCH and version, the pointer size is what a
//! program built by it measures (`unsafe.Sizeof(uintptr(0))`, amd64 and
//! 386, both run here), and the JSON validates against the schema.
//! Runs when the toolchains are installed.

use crate::common;
use common::*;

fn facts(v: &str, goarch: &str) -> serde_json::Value {
    let mut c = gosym_defaults();
    c.env("GOARCH", goarch)
        .args(["goroot", "--format", "json"])
        .arg(goroot(v).unwrap());
    let (code, doc) = run_json(c);
    assert_eq!(code, Some(0), "gosym goroot go{v} GOARCH={goarch}");
    doc["toolchains"][0].clone()
}

#[test]
fn goroot_facts_are_the_toolchains() {
    let s = Scratch::new("goroot");
    std::fs::write(
        s.path().join("main.go"),
        "package main\n\nimport (\n\t\"fmt\"\n\t\"unsafe\"\n)\n\nfunc main() { fmt.Print(unsafe.Sizeof(uintptr(0))) }\n",
    )
    .unwrap();
    let mut checked = 0;
    for v in installed(&VERSIONS) {
        let version = go_cmd(v).arg("version").output().unwrap();
        let version = String::from_utf8_lossy(&version.stdout)
            .split_whitespace()
            .nth(2)
            .unwrap()
            .to_string();
        for goarch in ["amd64", "386"] {
            let f = facts(v, goarch);
            assert_eq!(f["version"], version.as_str(), "go{v}");
            assert_eq!(f["goarch"], goarch);
            let exe = s.path().join(format!("size-{v}-{goarch}"));
            let built = go_cmd(v)
                .current_dir(s.path())
                .env("GOARCH", goarch)
                .env("GO111MODULE", "off")
                .args(["build", "-o"])
                .arg(&exe)
                .arg("main.go")
                .output()
                .unwrap();
            assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
            let ran = std::process::Command::new(&exe).output().unwrap();
            assert_eq!(
                String::from_utf8_lossy(&ran.stdout),
                f["arch"]["ptr_size"].to_string(),
                "go{v} {goarch}: PtrSize"
            );
            assert_eq!(f["arch"]["big_endian"], false);
            assert!(
                f["wanted_header"]
                    .as_str()
                    .unwrap()
                    .starts_with(&format!("go object linux {goarch} {version}"))
            );
            checked += 1;
        }
    }
    println!("goroot: {checked} toolchain/architecture pairs as the toolchains say");
}
