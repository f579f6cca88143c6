//! Linker flags on a cgo program, against the real linkers: `-d` (no
//! dynamic executable) on a program whose std packages carry
//! `cgo_import_dynamic` directives (net, os/user built with cgo), where
//! every release's linker prints `FILE(_go_.o): cannot use dynamic imports
//! with -d flag` per package and fails. (The flags on a pure Go program
//! are oracle cases in `tests/oracle.rs`.) Runs when the toolchains are
//! installed.

use crate::common;
use common::*;

const PROGRAM: &str = "package main\n\nimport (\n\t\"fmt\"\n\t\"net\"\n\t\"os/user\"\n)\n\n\
func main() {\n\tu, _ := user.Current()\n\tfmt.Println(net.ParseIP(\"::1\"), u)\n}\n";

#[test]
fn static_links_of_cgo_programs_fail_as_the_linker_says() {
    let have = installed(&VERSIONS);
    let mut agreed = 0;
    for v in &have {
        let s = Scratch::new(&format!("flags-{v}"));
        std::fs::write(s.path().join("go.mod"), format!("module example.com/hnet\n\ngo {v}\n")).unwrap();
        std::fs::write(s.path().join("main.go"), PROGRAM).unwrap();
        let mut go = go_cmd(v);
        go.current_dir(s.path()).env("CGO_ENABLED", "1");
        let cfg = list_export(go, &["."]).unwrap_or_else(|e| panic!("go{v} list: {e}"));
        let main = cfg
            .lines()
            .find_map(|l| l.strip_prefix("packagefile example.com/hnet="))
            .expect("main archive")
            .to_string();
        let ic = s.path().join("importcfg");
        std::fs::write(&ic, &cfg).unwrap();
        for flags in [&[][..], &["-d"]] {
            let link = tool(v, "link")
                .arg("-importcfg")
                .arg(&ic)
                .arg("-o")
                .arg(s.path().join("a.out"))
                .args(flags)
                .arg(&main)
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&link.stderr);
            let real_first = stderr
                .lines()
                .find(|l| !l.is_empty())
                .map(normalise_linker_line)
                .unwrap_or_default();
            let report = check_report(
                gosym(),
                v,
                &ic,
                std::path::Path::new(&main),
                &[format!("--ldflags={}", flags.join(" "))],
            );
            let what = format!("go{v} {flags:?}");
            assert_eq!(
                report["ok"].as_bool(),
                Some(link.status.success()),
                "{what}: {stderr}\n{report:#}"
            );
            assert_eq!(first_error_message(&report), real_first, "{what}");
            agreed += 1;
        }
    }
    println!("oracle_flags: {agreed} links of a cgo program with and without -d agree (verdict and first line)");
}

/// `-extldflags` of an external link, each against the real linker: an
/// option gcc or ld refuses, a library or input file that is not there,
/// a shared object of code that is not position independent, no default
/// libraries, and options that link. Where gosym warns that it has not
/// verified the C link (-static), it must not fail the link.
#[test]
fn extldflags_of_external_links_are_judged_as_the_c_compiler_takes_them() {
    const EXTLDFLAGS: [&str; 10] = [
        "-Wl,-z,relro",
        "-pthread -lm",
        "-fgosym-no-such-option",
        "-Wl,--gosym-no-such-option",
        "-lgosym-no-such-lib",
        "/nonexistent/gosym.o",
        "-shared",
        "-nostdlib",
        "-fuse-ld=gosym-no-such-ld",
        "-static",
    ];
    let have = installed(&VERSIONS);
    let (mut agreed, mut warned) = (0, 0);
    for v in &have {
        let s = Scratch::new(&format!("extldflags-{v}"));
        std::fs::write(s.path().join("go.mod"), format!("module example.com/hnet\n\ngo {v}\n")).unwrap();
        std::fs::write(s.path().join("main.go"), PROGRAM).unwrap();
        let mut go = go_cmd(v);
        go.current_dir(s.path()).env("CGO_ENABLED", "1");
        let cfg = list_export(go, &["."]).unwrap_or_else(|e| panic!("go{v} list: {e}"));
        let main = cfg
            .lines()
            .find_map(|l| l.strip_prefix("packagefile example.com/hnet="))
            .expect("main archive")
            .to_string();
        let ic = s.path().join("importcfg");
        std::fs::write(&ic, &cfg).unwrap();
        for x in EXTLDFLAGS {
            let flags = ["-linkmode=external".to_string(), "-extldflags".into(), x.into()];
            let (links, real_first) = link_line_with(v, &ic, std::path::Path::new(&main), s.path(), &flags);
            let report = check_report(
                gosym(),
                v,
                &ic,
                std::path::Path::new(&main),
                &[format!("--ldflags=-linkmode=external '-extldflags={x}'")],
            );
            let what = format!("go{v} -extldflags {x}");
            let unverified = report["unverified"].as_array().is_some_and(|u| !u.is_empty());
            if unverified && report["ok"].as_bool() == Some(true) {
                // Not verified: a warning, never a failure.
                warned += 1;
                continue;
            }
            assert_eq!(report["ok"].as_bool(), Some(links), "{what}: {real_first}\n{report:#}");
            if !links {
                assert_eq!(first_error_message(&report), real_first, "{what}");
            }
            agreed += 1;
        }
    }
    assert!(have.is_empty() || agreed >= 8 * have.len(), "{agreed} agreed");
    println!(
        "oracle_flags: {agreed} external links with -extldflags agree (verdict and first line), {warned} warned unverified"
    );
}
