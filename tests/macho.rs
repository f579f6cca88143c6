//! Mach-O executables (darwin/amd64 and darwin/arm64, built for real by
//! go1.22 and go1.27): `gosym nm` is byte-identical to that toolchain's
//! `go tool nm` (with -size, -sort=size, -n, -type), and `gosym info
//! --version-m` to `go version -m`. Runs when the toolchains are installed.

mod common;
use common::*;

#[test]
fn macho_listings_match_the_toolchains() {
    let toolchains = installed(&["1.22", "1.27"]);
    let s = hello_module("macho");
    let mut compared = 0;
    for v in &toolchains {
        for arch in ["amd64", "arm64"] {
            let exe = cross_build(v, &s, "darwin", arch);
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
