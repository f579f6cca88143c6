//! PE and WebAssembly executables, built for real by go1.22 and go1.27:
//! - windows/amd64, windows/386 and windows/arm64: `gosym nm` is
//!   byte-identical to the producing toolchain's `go tool nm` (with -size,
//!   -sort=size, -n, -type), `gosym nm --as go1.N` to the other
//!   toolchain's (go1.27 marks data past `runtime.bss` as B, go1.22 does
//!   not), and `gosym info --version-m` to `go version -m`;
//! - js/wasm and wasip1/wasm: neither Go tool reads them (`go tool nm`:
//!   "unrecognized object file", `go version -m` of go1.27: "unrecognized
//!   file format", both exit 1); gosym says the same with the same status
//!   and writes nothing to stdout.
//!
//! Runs when the toolchains are installed.

use crate::common;
use common::*;

#[test]
fn pe_listings_match_the_toolchains() {
    let toolchains = installed(&["1.22", "1.27"]);
    let s = hello_module("pe-wasm");
    let mut compared = 0;
    for v in &toolchains {
        for arch in ["amd64", "386", "arm64"] {
            let exe = cross_build(v, &s, "windows", arch);
            for flags in [&[][..], &["-size"], &["-sort=size"], &["-n"], &["-type"]] {
                // The producer's listing, then each other toolchain's.
                for lister in &toolchains {
                    let what = format!("go{v} windows/{arch} listed by go{lister}");
                    assert_nm_matches(lister, &exe, flags, lister != v, &what);
                    compared += 1;
                }
            }
            assert_version_m_matches(v, &exe, &format!("go{v} windows/{arch}"));
            compared += 1;
        }
    }
    println!("pe: {compared} listings identical to the toolchains'");
}

#[test]
fn wasm_is_refused_as_the_toolchains_refuse_it() {
    let toolchains = installed(&["1.22", "1.27"]);
    let s = hello_module("pe-wasm");
    let mut compared = 0;
    for v in &toolchains {
        for goos in ["js", "wasip1"] {
            let exe = cross_build(v, &s, goos, "wasm");
            let want = go_cmd(v).args(["tool", "nm"]).arg(&exe).output().unwrap();
            let got = gosym().arg("nm").arg(&exe).output().unwrap();
            assert!(String::from_utf8_lossy(&want.stderr).contains("unrecognized object file"));
            assert_eq!(want.status.code(), got.status.code(), "go{v} {goos}/wasm nm status");
            assert!(got.stdout.is_empty());
            let err = String::from_utf8_lossy(&got.stderr);
            assert!(err.contains("WebAssembly module: unrecognized object file"), "{err}");

            // gosym's version -m is the newest release's: go1.22 skips a
            // non-Go file in silence with status 0, go1.27 reports it, 1.
            let newest = toolchains.last().unwrap();
            let want = go_cmd(newest).args(["version", "-m"]).arg(&exe).output().unwrap();
            let got = gosym().args(["info", "--version-m"]).arg(&exe).output().unwrap();
            assert!(String::from_utf8_lossy(&want.stderr).contains("unrecognized file format"));
            assert_eq!(
                want.status.code(),
                got.status.code(),
                "go{v} {goos}/wasm version -m status"
            );
            assert_eq!(want.stdout, got.stdout);
            let err = String::from_utf8_lossy(&got.stderr);
            assert!(
                err.contains("could not read Go build info: unrecognized file format"),
                "{err}"
            );
            compared += 2;
        }
    }
    println!("wasm: {compared} refusals as the toolchains'");
}
