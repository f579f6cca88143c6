//! Mach-O executables (darwin/amd64 and darwin/arm64, built for real by
//! go1.22 and go1.27): `gosym nm` is byte-identical to that toolchain's
//! `go tool nm` (with -size, -sort=size, -n, -type), and `gosym info
//! --version-m` to `go version -m`. Runs when the toolchains are installed.

use crate::common;
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
                assert_nm_matches(v, &exe, flags, false, &format!("go{v} darwin/{arch}"));
                compared += 1;
            }
            assert_version_m_matches(v, &exe, &format!("go{v} darwin/{arch}"));
            compared += 1;
        }
    }
    println!("mach-o: {compared} listings identical to the toolchains'");
}
