//! Cgo programs linked for real (CGO_ENABLED=1, gcc), go1.15, go1.19,
//! go1.22, go1.25 and go1.27 (go1.15's cgo cannot build C compiled with
//! `-flto`, nor `-asan`: those cases are left out for it), each with the default link mode, `-linkmode=internal` and
//! `-linkmode=external`: gosym's verdict and first line against the real
//! linker's.
//! - a package with C code (a host object outside std: auto links
//!   externally, through gcc);
//! - one whose C code calls an undefined function (gcc's undefined
//!   reference: `running gcc failed`; internal: the `dynimportfail`
//!   sentinel makes it `internal linking requested but external linking
//!   required`);
//! - one that exports a Go function to C (`//export`: its C wrapper calls
//!   crosscall2, defined on the Go side);
//! - a `-race` build linked with `-race` (runtime/race's host object),
//!   and without it: the race runtime's `__tsan_*` (cgo_import_static)
//!   are then defined by no host object: internal linking drops them to
//!   undefined (`relocation target __tsan_… not defined`), gcc reports an
//!   undefined reference. The linker writes text and data in parallel, so
//!   which referrer it names first varies: for these cases its first line
//!   must be among gosym's findings, not first.
//! - the same program built with `-asan`, linked with and without it:
//!   with it, gcc gets `-fsanitize=address` from the cgo packages'
//!   `cgo_ldflag` and links libasan, which defines the `__asan_*` the
//!   host objects refer to.
//!
//! - the package with C code and the exporting one compiled with gcc's
//!   `-flto` (cmd/link's TestCGOLTO): the host objects carry their code
//!   and symbols in GCC's LTO symbol table, which ld's plugin reads, so
//!   the default (external) link and `-linkmode=external` link; internal
//!   linking stops loading each LTO object at its first symbol in a
//!   `.gnu.debuglto_` section (`loadelf: …: N: sym#6 (…): ignoring symbol
//!   in section 4 …`, N the loader's symbol number); also a program
//!   whose only C is runtime/cgo's, compiled with `-flto` (go1.15 too).
//!
//! - two packages holding the address of a C function of their own in a
//!   Go variable (`_Cfpvar_fp_*`), their C compiled with `-flto` (no code
//!   for loadelf): internal linking reports each variable's undefined
//!   target as relocsym meets the data, by size and then by name (go1.19)
//!   or by symbol number (go1.21+: main's before the imported package's),
//!   not in text order.
//!
//! - programs over Debian's cgo packages (go-sqlite3, zstd, gopcap), which
//!   link against the system's C libraries.
//!
//! Runs when the toolchains and gcc are installed.

use crate::common;
use common::*;
use std::path::Path;

const PACKAGES: &[(&str, &str)] = &[
    (
        "cgolib/lib.go",
        "package cgolib\n\n/*\nstatic int add(int a, int b) { return a + b; }\n*/\nimport \"C\"\n\nfunc Add(a, b int) int { return int(C.add(C.int(a), C.int(b))) }\n",
    ),
    (
        "cgobad/lib.go",
        "package cgobad\n\n/*\nint gosym_missing_fn(int);\nstatic int call(int a) { return gosym_missing_fn(a); }\n*/\nimport \"C\"\n\nfunc Call(a int) int { return int(C.call(C.int(a))) }\n",
    ),
    (
        "cgoexport/lib.go",
        "package cgoexport\n\n// extern int twice(int);\n// static int viaGo(int a) { return twice(a); }\nimport \"C\"\n\n//export twice\nfunc twice(a C.int) C.int { return a * 2 }\n\nfunc Call(a int) int { return int(C.viaGo(C.int(a))) }\n",
    ),
    (
        "app/main.go",
        "package main\n\nimport (\n\t\"cgolib\"\n\t\"fmt\"\n)\n\nfunc main() { fmt.Println(cgolib.Add(1, 2)) }\n",
    ),
    (
        "appbad/main.go",
        "package main\n\nimport (\n\t\"cgobad\"\n\t\"fmt\"\n)\n\nfunc main() { fmt.Println(cgobad.Call(1)) }\n",
    ),
    (
        "appexport/main.go",
        "package main\n\nimport (\n\t\"cgoexport\"\n\t\"fmt\"\n)\n\nfunc main() { fmt.Println(cgoexport.Call(2)) }\n",
    ),
    (
        "cgofp/lib.go",
        "package cgofp\n\n/*\n#cgo CFLAGS: -flto -g0\nvoid gosym_fp_lib(void) {}\n*/\nimport \"C\"\n\nimport \"unsafe\"\n\nvar P = unsafe.Pointer(C.gosym_fp_lib)\n",
    ),
    (
        "appfp/main.go",
        "package main\n\n/*\n#cgo CFLAGS: -flto -g0\nvoid gosym_fp_main(void) {}\n*/\nimport \"C\"\n\nimport (\n\t\"cgofp\"\n\t\"fmt\"\n\t\"unsafe\"\n)\n\nvar q = unsafe.Pointer(C.gosym_fp_main)\n\nfunc main() { fmt.Println(q, cgofp.P) }\n",
    ),
    (
        "apprc/main.go",
        "package main\n\nimport _ \"runtime/cgo\"\n\nfunc main() { println(\"hi\") }\n",
    ),
    (
        "apprace/main.go",
        "package main\n\nimport \"fmt\"\n\nvar n int\n\nfunc main() {\n\tdone := make(chan bool)\n\tgo func() { n++; done <- true }()\n\t<-done\n\tfmt.Println(n)\n}\n",
    ),
];

/// importcfg and main archive of `app` built by go`v` with cgo (and `san`,
/// `-race` or `-asan`, if any;
/// with `lto`, C compiled with `-flto`).
fn build(v: &str, gopath: &Path, app: &str, san: &str, lto: bool) -> Option<(String, String)> {
    let mut cmd = go_cmd(v);
    cmd.env("CGO_ENABLED", "1")
        .env("GOPATH", gopath)
        .env("GO111MODULE", "off");
    if lto {
        cmd.env("CGO_CFLAGS", "-O2 -g -flto");
    }
    let mut list = vec!["list", "-export", "-deps"];
    if !san.is_empty() {
        // go1.27's default compiler name (x86_64-linux-gnu-gcc) does not
        // tell cmd/go which compiler it is: -asan wants to know.
        cmd.env("CC", "gcc");
        list.push(san);
    }
    list.extend([
        "-f",
        "{{if .Export}}packagefile {{.ImportPath}}={{.Export}}{{end}}",
        app,
    ]);
    let o = cmd.args(&list).output().unwrap();
    if !o.status.success() {
        println!(
            "go{v} {app}: not built: {}",
            String::from_utf8_lossy(&o.stderr).lines().next().unwrap_or("")
        );
        return None;
    }
    let cfg = String::from_utf8(o.stdout).unwrap();
    let main = cfg
        .lines()
        .find_map(|l| l.strip_prefix(&format!("packagefile {app}=")))?
        .to_string();
    Some((cfg, main))
}

#[test]
fn cgo_programs_link_as_gosym_says() {
    let toolchains = installed(&["1.15", "1.19", "1.22", "1.25", "1.27"]);
    if toolchains.is_empty() || std::process::Command::new("gcc").arg("--version").output().is_err() {
        println!("cgo oracle: toolchains or gcc missing");
        return;
    }
    let s = Scratch::new("cgo");
    let gopath = s.path().join("gopath");
    for (file, text) in PACKAGES {
        let p = gopath.join("src").join(file);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    let (mut cases, mut agree) = (0, 0);
    let mut wrong = Vec::new();
    let mut rows = Vec::new();
    for v in &toolchains {
        for (app, san, lto) in [
            ("app", "", false),
            ("appbad", "", false),
            ("appexport", "", false),
            ("apprace", "-race", false),
            ("apprace", "-asan", false),
            ("app", "", true),
            ("appexport", "", true),
            ("apprc", "", true),
            ("appfp", "", false),
        ] {
            let Some((cfg, main)) = build(v, &gopath, app, san, lto) else {
                continue;
            };
            let ic = s
                .path()
                .join(format!("ic-{v}-{app}{san}{}", if lto { "-lto" } else { "" }));
            std::fs::write(&ic, &cfg).unwrap();
            let variants: &[bool] = if san.is_empty() { &[false] } else { &[true, false] };
            // Internal linking of LTO objects fails in loadelf, on a line
            // that carries the loader's symbol number.
            let modes: &[&str] = &["", "-linkmode=internal", "-linkmode=external"];
            for (mode, san_flag) in modes
                .iter()
                .copied()
                .flat_map(|m| variants.iter().map(move |&r| (m, r)))
            {
                let mut flags: Vec<String> = mode.split_whitespace().map(str::to_string).collect();
                if san_flag {
                    flags.push(san.into());
                }
                flags.push("-extld=gcc".into());
                let out = s.path().join("a.out");
                let o = tool(v, "link")
                    .env("CGO_ENABLED", "1")
                    .args(&flags)
                    .arg("-importcfg")
                    .arg(&ic)
                    .arg("-o")
                    .arg(&out)
                    .arg(&main)
                    .output()
                    .unwrap();
                let links = o.status.success();
                let want = String::from_utf8_lossy(&o.stderr)
                    .lines()
                    .find(|l| !l.is_empty())
                    .map(normalise_linker_line)
                    .unwrap_or_default();
                let r = check_report(
                    gosym(),
                    v,
                    &ic,
                    Path::new(&main),
                    &[format!("--ldflags={}", flags.join(" "))],
                );
                let ok = r["ok"].as_bool().unwrap();
                let got = first_error_message(&r);
                cases += 1;
                // The linker's line may be cut short of the reason gosym
                // gives in full (internal linking requested …).
                let first = got == want || (!want.is_empty() && got.starts_with(&want));
                let among = !san.is_empty()
                    && !san_flag
                    && r["findings"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .any(|f| f["message"].as_str() == Some(want.as_str()));
                let same = links == ok && (links || first || among);
                agree += same as usize;
                let name = format!(
                    "go{v} {app}{}{} {}",
                    if san_flag {
                        format!(" {san}")
                    } else if san.is_empty() {
                        String::new()
                    } else {
                        format!(" without {san}")
                    },
                    if lto { " (C with -flto)" } else { "" },
                    if mode.is_empty() { "(auto)" } else { mode }
                );
                rows.push(format!(
                    "| {name} | {} | {} |",
                    if links {
                        "links".to_string()
                    } else {
                        format!("fails: {want}")
                    },
                    if same { "agrees" } else { "DISAGREES" }
                ));
                if !same {
                    wrong.push(format!("{name}: linker {links} {want:?}; gosym {ok} {got:?}"));
                }
            }
        }
    }
    println!("\ncgo oracle: {agree} of {cases} cases agree\n| case | real linker | gosym |\n|---|---|---|");
    for r in &rows {
        println!("{r}");
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Programs over cgo packages nobody here wrote, from Debian's
/// golang-*-dev sources (GOPATH mode): mattn/go-sqlite3, DataDog/zstd and
/// akrennmair/gopcap, each calling the system's C library (`-lsqlite3`,
/// `-lzstd`, `-lpcap`), built by each toolchain and linked with the
/// default mode, `-linkmode=internal` and `-linkmode=external`: gosym's
/// verdict and first line against the real linker's.
#[test]
fn debian_cgo_packages_link_as_gosym_says() {
    const APPS: &[(&str, &str, &str)] = &[
        (
            "github.com/mattn/go-sqlite3",
            "appsqlite",
            "package main\n\nimport (\n\t\"database/sql\"\n\t\"fmt\"\n\n\t_ \"github.com/mattn/go-sqlite3\"\n)\n\n\
func main() {\n\tdb, err := sql.Open(\"sqlite3\", \":memory:\")\n\tfmt.Println(db != nil, err)\n}\n",
        ),
        (
            "github.com/DataDog/zstd",
            "appzstd",
            "package main\n\nimport (\n\t\"fmt\"\n\n\t\"github.com/DataDog/zstd\"\n)\n\n\
func main() {\n\tb, err := zstd.Compress(nil, []byte(\"gosym gosym gosym\"))\n\tfmt.Println(len(b), err)\n}\n",
        ),
        (
            "github.com/akrennmair/gopcap",
            "apppcap",
            "package main\n\nimport (\n\t\"fmt\"\n\n\t\"github.com/akrennmair/gopcap\"\n)\n\n\
func main() {\n\tdevs, err := pcap.Findalldevs()\n\tfmt.Println(len(devs), err)\n}\n",
        ),
    ];
    let toolchains = installed(&["1.15", "1.19", "1.22", "1.25", "1.27"]);
    let apps: Vec<_> = APPS
        .iter()
        .filter(|(pkg, _, _)| Path::new(GOCODE).join("src").join(pkg).is_dir())
        .collect();
    if toolchains.is_empty() || apps.is_empty() || std::process::Command::new("gcc").arg("--version").output().is_err()
    {
        println!("cgo oracle (Debian's packages): toolchains, gcc or the golang-*-dev sources missing");
        return;
    }
    let s = Scratch::new("cgo-debian");
    let gopath = s.path().join("gopath");
    for (_, app, text) in &apps {
        let p = gopath.join("src").join(app).join("main.go");
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    let search = std::path::PathBuf::from(format!("{}:{GOCODE}", gopath.display()));
    let (mut cases, mut wrong) = (0, Vec::new());
    for v in &toolchains {
        for (_, app, _) in &apps {
            let Some((cfg, main)) = build(v, &search, app, "", false) else {
                continue;
            };
            let ic = s.path().join(format!("ic-{v}-{app}"));
            std::fs::write(&ic, &cfg).unwrap();
            for mode in ["", "-linkmode=internal", "-linkmode=external"] {
                let mut flags: Vec<String> = mode.split_whitespace().map(str::to_string).collect();
                flags.push("-extld=gcc".into());
                let (links, want) = link_line_with(v, &ic, Path::new(&main), s.path(), &flags);
                let r = check_report(
                    gosym(),
                    v,
                    &ic,
                    Path::new(&main),
                    &[format!("--ldflags={}", flags.join(" "))],
                );
                let ok = r["ok"].as_bool().unwrap();
                let got = first_error_message(&r);
                cases += 1;
                if links != ok || (!links && got != want) {
                    wrong.push(format!(
                        "go{v} {app} {mode}: linker {links} {want:?}; gosym {ok} {got:?}"
                    ));
                }
            }
        }
    }
    println!(
        "cgo oracle (Debian's packages): {} of {cases} cases agree",
        cases - wrong.len()
    );
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
