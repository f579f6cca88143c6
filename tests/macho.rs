//! Mach-O executables (darwin/amd64 and darwin/arm64, built for real by
//! go1.22 and go1.27): `gosym nm` is byte-identical to that toolchain's
//! `go tool nm` (with -size, -sort=size, -n, -type), and `gosym info
//! --version-m` to `go version -m`. Runs when the toolchains are installed.

mod common;
use common::*;

const HELLO: &str = "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"hello\") }\n";

#[test]
fn macho_listings_match_the_toolchains() {
    let toolchains = installed(&["1.22", "1.27"]);
    let s = Scratch::new("macho");
    std::fs::write(s.path().join("go.mod"), "module example.com/hello\n\ngo 1.21\n").unwrap();
    std::fs::write(s.path().join("main.go"), HELLO).unwrap();
    let mut compared = 0;
    for v in &toolchains {
        for arch in ["amd64", "arm64"] {
            let exe = s.path().join(format!("hello-{v}-{arch}"));
            let o = go_cmd(v)
                .current_dir(s.path())
                .env("GOOS", "darwin")
                .env("GOARCH", arch)
                .args(["build", "-o"])
                .arg(&exe)
                .arg(".")
                .output()
                .unwrap();
            assert!(
                o.status.success(),
                "go{v} build: {}",
                String::from_utf8_lossy(&o.stderr)
            );
            for flags in [&[][..], &["-size"], &["-sort=size"], &["-n"], &["-type"]] {
                let want = go_cmd(v).args(["tool", "nm"]).args(flags).arg(&exe).output().unwrap();
                let got = gosym().arg("nm").args(flags).arg(&exe).output().unwrap();
                assert!(got.status.success(), "{}", String::from_utf8_lossy(&got.stderr));
                assert!(
                    want.stdout == got.stdout,
                    "go{v} darwin/{arch} nm {flags:?}: {}",
                    first_diff(&want.stdout, &got.stdout)
                );
                compared += 1;
            }
            let want = go_cmd(v).args(["version", "-m"]).arg(&exe).output().unwrap();
            let got = gosym().args(["info", "--version-m"]).arg(&exe).output().unwrap();
            assert_eq!(
                String::from_utf8_lossy(&want.stdout),
                String::from_utf8_lossy(&got.stdout),
                "go{v} darwin/{arch} version -m"
            );
            compared += 1;
        }
    }
    println!("mach-o: {compared} listings identical to the toolchains'");
}
