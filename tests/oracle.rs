//! The oracle: scenario cases built with the real toolchains, linked by the
//! real `go tool link`, and checked by `gosym check` against the same
//! target. gosym must agree on the verdict (links or not) and on the
//! category of the first problem the linker prints; the suite prints an
//! agreement table and also how often gosym's first message equals the
//! linker's first message (paths as given, prefixes and timestamps
//! normalised). Runs when the toolchains are installed (always in CI).

mod common;
use common::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

const LIB_V1: &str = include_str!("../testdata/oracle/lib-versions/v1/lib.go");
// An API change: the export data, hence the fingerprint, changes.
const LIB_V2: &str = include_str!("../testdata/oracle/lib-versions/v2/lib.go");
// A body-only change of a non-inlinable function: export data unchanged.
const LIB_V3: &str = include_str!("../testdata/oracle/lib-versions/v3/lib.go");
const MAIN: &str = include_str!("../testdata/oracle/lib-versions/main.go");

/// Compiles `dir/main.go` with `dir/ic.main` into `dir/main.a`.
/// Builds lib v1/v2/v3, lib v1 with GOAMD64=v3, and main for toolchain `v`
/// in `dir`, and returns the std importcfg lines for the link.
fn build(v: &str, dir: &Path) -> String {
    std::fs::create_dir_all(dir).unwrap();
    for (name, src) in [("lib1", LIB_V1), ("lib2", LIB_V2), ("lib3", LIB_V3)] {
        let d = dir.join(name);
        std::fs::create_dir_all(&d).unwrap();
        std::fs::write(d.join("lib.go"), src).unwrap();
        let mut c = tool(v, "compile");
        c.current_dir(&d)
            .args(["-p", "example.com/lib", "-pack", "-o"])
            .arg(dir.join(format!("{name}.a")))
            .arg("lib.go");
        run_ok(c, &format!("go{v} compile {name}"));
    }
    if v != "1.15" && v != "1.19" {
        let mut c = tool(v, "compile");
        c.current_dir(dir.join("lib1")).env("GOAMD64", "v3");
        c.args(["-p", "example.com/lib", "-pack", "-o"])
            .arg(dir.join("lib1v3.a"))
            .arg("lib.go");
        run_ok(c, &format!("go{v} compile lib GOAMD64=v3"));
    }
    if v != "1.15" {
        let mut c = tool(v, "compile");
        c.current_dir(dir.join("lib1")).env("GOEXPERIMENT", "fieldtrack");
        c.args(["-p", "example.com/lib", "-pack", "-o"])
            .arg(dir.join("lib1ft.a"))
            .arg("lib.go");
        run_ok(c, &format!("go{v} compile lib GOEXPERIMENT=fieldtrack"));
    }
    // Corrupted copies of the real archive: cut short, and one byte of the
    // binary object (inside its block offset table) flipped.
    let lib = std::fs::read(dir.join("lib1.a")).unwrap();
    std::fs::write(dir.join("lib1trunc.a"), &lib[..lib.len() * 2 / 3]).unwrap();
    let magic = lib.windows(4).rposition(|w| w == b"\x00go1").unwrap();
    let mut flipped = lib.clone();
    flipped[magic + 8 + 8 + 4 + 10] ^= 0xff;
    std::fs::write(dir.join("lib1flip.a"), flipped).unwrap();
    std::fs::write(dir.join("main.go"), MAIN).unwrap();
    std::fs::write(
        dir.join("ic.main"),
        format!("packagefile example.com/lib={}\n", dir.join("lib1.a").display()),
    )
    .unwrap();
    compile_main(v, dir, &dir.join("ic.main"), "main.a");
    let main = std::fs::read(dir.join("main.a")).unwrap();
    // main.main's first sized relocation moved outside its data.
    let (bad, _, _) = reloc_moved_outside(&main, |n| n == b"main.main" || n == b"\"\".main");
    std::fs::write(dir.join("mainreloc.a"), bad).unwrap();
    // The std part of the link importcfg: runtime and its dependencies.
    std_importcfg(v, &["runtime"])
}

/// Appends `data` to a Go archive as member `name` (Go's 60-byte header,
/// NUL padding): how the go command adds assembler objects. Hand-written
/// framing around real toolchain output; the `ar` crate is not used.
fn append_member(archive: &Path, name: &str, data: &[u8]) {
    let mut a = std::fs::read(archive).unwrap();
    let hdr = format!(
        "{:<16}{:<12}{:<6}{:<6}{:<8o}{:<10}`\n",
        name,
        0,
        0,
        0,
        0o644,
        data.len()
    );
    assert_eq!(hdr.len(), 60);
    a.extend_from_slice(hdr.as_bytes());
    a.extend_from_slice(data);
    if data.len() % 2 == 1 {
        a.push(0);
    }
    std::fs::write(archive, a).unwrap();
}

/// A package of a scenario: import path, Go source, optional amd64 assembly.
struct Pkg {
    path: &'static str,
    go: &'static str,
    asm: Option<&'static str>,
    /// Extra compiler flags (`-N -l`: no optimisation).
    gcflags: &'static [&'static str],
    /// C source compiled by gcc into a `.syso` member (a host object).
    syso: Option<&'static str>,
}

/// Builds the packages in order (each may import the earlier ones) and
/// main; returns the importcfg lines of the built packages.
fn build_program(v: &str, dir: &Path, pkgs: &[Pkg], main: &str) -> String {
    std::fs::create_dir_all(dir).unwrap();
    let mut cfg = String::new();
    for p in pkgs {
        let d = dir.join(p.path);
        std::fs::create_dir_all(&d).unwrap();
        std::fs::write(d.join("p.go"), p.go).unwrap();
        std::fs::write(d.join("ic"), &cfg).unwrap();
        let archive = dir.join(format!("{}.a", p.path));
        let mut c = tool(v, "compile");
        c.current_dir(&d)
            .args(p.gcflags)
            .args(["-p", p.path, "-importcfg", "ic", "-pack", "-o"])
            .arg(&archive);
        if let Some(asm) = p.asm {
            std::fs::write(d.join("a_amd64.s"), asm).unwrap();
            let inc = goroot(v).unwrap().join("pkg/include");
            let mut g = tool(v, "asm");
            g.current_dir(&d)
                .args(["-p", p.path, "-gensymabis", "-o", "symabis", "-I"])
                .arg(&inc);
            g.args(["-D", "GOOS_linux", "-D", "GOARCH_amd64", "a_amd64.s"]);
            run_ok(g, &format!("go{v} asm -gensymabis {}", p.path));
            c.args(["-symabis", "symabis"]);
            c.arg("p.go");
            run_ok(c, &format!("go{v} compile {}", p.path));
            let mut a = tool(v, "asm");
            a.current_dir(&d)
                .args(["-p", p.path, "-o", "a_amd64.o", "-I"])
                .arg(&inc);
            a.args(["-D", "GOOS_linux", "-D", "GOARCH_amd64", "a_amd64.s"]);
            run_ok(a, &format!("go{v} asm {}", p.path));
            append_member(&archive, "a_amd64.o", &std::fs::read(d.join("a_amd64.o")).unwrap());
        } else {
            c.arg("p.go");
            run_ok(c, &format!("go{v} compile {}", p.path));
        }
        if let Some(c) = p.syso {
            std::fs::write(d.join("impl.c"), c).unwrap();
            let mut g = Command::new("gcc");
            g.current_dir(&d)
                // As gcc writes objects by default: unwind tables on
                // (`.eh_frame` relocations against the `.text` section
                // symbol).
                .args(["-c", "-O2", "impl.c", "-o", "impl.o"]);
            run_ok(g, "gcc impl.c");
            append_member(&archive, "impl_amd64.syso", &std::fs::read(d.join("impl.o")).unwrap());
        }
        cfg.push_str(&format!("packagefile {}={}\n", p.path, archive.display()));
    }
    std::fs::write(dir.join("main.go"), main).unwrap();
    std::fs::write(dir.join("ic.main"), &cfg).unwrap();
    compile_main(v, dir, &dir.join("ic.main"), "main.a");
    cfg
}

const LN_PULL: &str = include_str!("../testdata/oracle/linkname-pull/main.go");
const LN_REMOVED: &str = LINKNAME_REMOVED_MAIN;
const LN_DEAD: &str = include_str!("../testdata/oracle/linkname-dead/main.go");
const LN_BLOCKED: &str = include_str!("../testdata/oracle/linkname-blocked/main.go");
const LN_MAP: &str = include_str!("../testdata/oracle/linkname-map/main.go");
const LN_VAR: &str = include_str!("../testdata/oracle/linkname-var/main.go");
const LN_VAR_REF: &str = include_str!("../testdata/oracle/linkname-var-ref/main.go");
const LN_VAR_TYPE: &str = include_str!("../testdata/oracle/linkname-var-type/main.go");
const NO_BODY: &str = include_str!("../testdata/oracle/method-without-body/main.go");
const DUPOK_MAIN: &str = include_str!("../testdata/oracle/dupok/main.go");

/// Two packages that compare `[3]string` values: each gets the DUPOK
/// equality function of the type, one compiled without optimisation.
fn dupok_pkgs() -> Vec<Pkg> {
    let eq = "// Eq compares.\n//go:noinline\nfunc Eq(a, b [3]string) bool { return a == b }\n";
    vec![
        Pkg {
            path: "e1",
            go: Box::leak(format!("package e1\n\n{eq}").into_boxed_str()),
            asm: None,
            gcflags: &["-N", "-l"],
            syso: None,
        },
        Pkg {
            path: "e2",
            go: Box::leak(format!("package e2\n\n{eq}").into_boxed_str()),
            asm: None,
            gcflags: &[],
            syso: None,
        },
    ]
}

const SYSO_MAIN: &str = include_str!("../testdata/oracle/syso/main.go");
const SYSO_GOOD: &str = include_str!("../testdata/oracle/syso/good.c");
const SYSO_BAD: &str = include_str!("../testdata/oracle/syso/bad.c");
/// A `.syso` whose code reads its own static data (relocations against
/// the `.rodata` and `.bss` section symbols) and calls a static function.
const SYSO_DATA: &str = include_str!("../testdata/oracle/syso/data.c");

/// A package whose assembly calls `objTestImpl`, defined in C (`c`)
/// compiled by gcc into a `.syso` member of its archive.
fn syso_pkgs(c: &'static str) -> Vec<Pkg> {
    vec![Pkg {
        path: "sy",
        go: "package sy\n\n// Call calls the C function through assembly.\nfunc Call() int\n",
        asm: Some(
            "#include \"textflag.h\"\n\nTEXT \u{b7}Call(SB), NOSPLIT, $0-8\n\tCALL objTestImpl(SB)\n\tMOVQ $0, ret+0(FP)\n\tRET\n",
        ),
        gcflags: &[],
        syso: Some(c),
    }]
}

const X_MAIN: &str = include_str!("../testdata/oracle/x-flag/main.go");
const NO_MAIN: &str = include_str!("../testdata/oracle/no-main/main.go");
const ABI_MAIN: &str = include_str!("../testdata/oracle/abi/main.go");
const DUP_MAIN: &str = include_str!("../testdata/oracle/dups/main.go");

fn abi_pkgs() -> Vec<Pkg> {
    vec![
        Pkg {
            path: "bpkg",
            go: "package bpkg\n\n//go:noinline\nfunc F() int { return 1 }\n",
            asm: None,
            gcflags: &[],
            syso: None,
        },
        Pkg {
            path: "apkg",
            go: "package apkg\n\n// CallF is in assembly.\nfunc CallF() int\n",
            gcflags: &[],
            syso: None,
            asm: Some(
                "#include \"textflag.h\"\n\nTEXT \u{b7}CallF(SB), NOSPLIT, $8-8\n\tCALL bpkg\u{b7}F(SB)\n\tMOVQ $0, ret+0(FP)\n\tRET\n",
            ),
        },
    ]
}

/// An assembly function with arguments and no Go declaration, called
/// from one that has one: its `F.args_stackmap` funcdata is defined by
/// nobody (go1.16–1.21's pclntab panics: `bad carrier sym`).
fn asm_undeclared_pkgs() -> Vec<Pkg> {
    vec![Pkg {
        path: "cpkg",
        go: "package cpkg\n\n// G is in assembly; it calls F, which has no Go declaration.\nfunc G() int\n",
        gcflags: &[],
        syso: None,
        asm: Some(
            "#include \"textflag.h\"\n\nTEXT \u{b7}F(SB), $0-8\n\tMOVQ $7, ret+0(FP)\n\tRET\n\nTEXT \u{b7}G(SB), $16-8\n\tCALL \u{b7}F(SB)\n\tMOVQ 0(SP), AX\n\tMOVQ AX, ret+0(FP)\n\tRET\n",
        ),
    }]
}

const RACE_PKG_MAIN: &str = include_str!("../testdata/oracle/race-package/main.go");

/// A package compiled with `-race` in a program linked without it.
fn race_pkgs() -> Vec<Pkg> {
    vec![Pkg {
        path: "rp",
        go: include_str!("../testdata/oracle/race-package/rp.go"),
        asm: None,
        gcflags: &["-race"],
        syso: None,
    }]
}

const ASM_UNDECLARED_MAIN: &str = include_str!("../testdata/oracle/asm-undeclared/main.go");

fn dup_pkgs() -> Vec<Pkg> {
    let d = "import _ \"unsafe\"\n\n//go:linkname foo shared.Foo\nfunc foo() int { return 1 }\n\n// Use calls foo.\nfunc Use() int { return foo() }\n";
    vec![
        Pkg {
            path: "d1",
            go: Box::leak(format!("package d1\n\n{d}").into_boxed_str()),
            asm: None,
            gcflags: &[],
            syso: None,
        },
        Pkg {
            path: "d2",
            go: Box::leak(format!("package d2\n\n{d}").into_boxed_str()),
            asm: None,
            gcflags: &[],
            syso: None,
        },
    ]
}

/// The symbol-level scenarios: programs of their own, built by every
/// toolchain (directory `s<k>` for the k-th).
fn scenarios() -> Vec<(&'static str, Vec<Pkg>, &'static str)> {
    vec![
        ("linkname pull not pushed (runtime.gcount)", vec![], LN_PULL),
        ("linkname to removed runtime.tickspersecond", vec![], LN_REMOVED),
        ("linkname to removed symbol, dead code only", vec![], LN_DEAD),
        ("blocked linkname runtime.coroswitch", vec![], LN_BLOCKED),
        ("linkname runtime.mapaccess1", vec![], LN_MAP),
        ("linkname variable pull runtime.newcoro", vec![], LN_VAR),
        ("linkname variable runtime.newcoro, reached", vec![], LN_VAR_REF),
        ("package main without func main", vec![], NO_MAIN),
        ("method without a body, from code and an interface", vec![], NO_BODY),
        ("asm calls an ABIInternal-only function", abi_pkgs(), ABI_MAIN),
        (
            "asm function without a Go declaration",
            asm_undeclared_pkgs(),
            ASM_UNDECLARED_MAIN,
        ),
        (
            "a package compiled with -race, linked without",
            race_pkgs(),
            RACE_PKG_MAIN,
        ),
        ("two packages push the same linkname", dup_pkgs(), DUP_MAIN),
        ("DUPOK symbol compiled two ways", dupok_pkgs(), DUPOK_MAIN),
        ("asm calls a function of a .syso", syso_pkgs(SYSO_GOOD), SYSO_MAIN),
        ("a .syso references an undefined symbol", syso_pkgs(SYSO_BAD), SYSO_MAIN),
        (
            "a .syso with static data and a static function",
            syso_pkgs(SYSO_DATA),
            SYSO_MAIN,
        ),
        ("linkname variable of another type (runtime.sched)", vec![], LN_VAR_TYPE),
        ("string and int variables (for -X)", vec![], X_MAIN),
    ]
}

/// The scenarios also linked with `-linkmode=external`.
const EXTERNAL_SCENARIOS: [&str; 9] = [
    "linkname pull not pushed (runtime.gcount)",
    "linkname to removed runtime.tickspersecond",
    "linkname variable pull runtime.newcoro",
    "package main without func main",
    "method without a body, from code and an interface",
    "asm calls an ABIInternal-only function",
    "asm function without a Go declaration",
    "asm calls a function of a .syso",
    "a .syso references an undefined symbol",
];

struct Case {
    name: String,
    linker: String,
    importcfg: PathBuf,
    main: PathBuf,
    dir: PathBuf,
    /// Linker flags (`-X main.v=1`), given to both.
    ldflags: Vec<String>,
}

/// The linker's first message, normalised: timestamps, `<argv0>: `,
/// `link: ` and `panic: ` prefixes removed; a header block is kept whole.
fn first_message(stdout: &str, stderr: &str) -> String {
    if let Some(l) = stdout.lines().find(|l| l.starts_with("cannot find package")) {
        // The importcfg miss is logged on stdout, then the fatal open error.
        let _ = l;
    }
    let mut lines = stderr.lines().filter(|l| !l.is_empty());
    let Some(first) = lines.next() else {
        return String::new();
    };
    let mut msg = normalise(first);
    if msg.ends_with("linked object header mismatch:") {
        for _ in 0..2 {
            if let Some(l) = lines.next() {
                msg.push('\n');
                msg.push_str(l);
            }
        }
    }
    msg
}

fn normalise(l: &str) -> String {
    normalise_linker_line(l)
}

fn category(msg: &str) -> &'static str {
    if msg.contains("linked object header mismatch") || msg.contains(": object is [") {
        "header"
    } else if msg.contains("fingerprint mismatch") {
        "fingerprint"
    } else if msg.contains("reference to undefined builtin")
        || msg.starts_with("missing entry symbol")
        || msg == "runtime error: invalid memory address or nil pointer dereference"
    {
        // go1.15 resolves a call to an undefined builtin to symbol 0 and
        // crashes in its stack check; later releases say so.
        "undefined"
    } else if msg == "runtime error: index out of range [0] with length 0" {
        // go1.15's DWARF pass on a plugin (calcCompUnitRanges).
        "link-mode"
    } else if msg.contains("cannot read object file")
        || msg.contains("in old format")
        || msg.starts_with("runtime error")
    {
        "format"
    } else if msg.contains("unlinkable object") {
        "unlinkable"
    } else if msg.contains("cannot open file")
        || msg.contains("nonexisted package")
        || msg.contains("nonexistent package")
    {
        "missing"
    } else if msg.contains("duplicated definition of symbol") {
        "duplicate"
    } else if msg.contains("invalid reference to") || msg.contains("passed to GetFuncDwarfAuxSyms") {
        "linkname"
    } else if msg.contains("relocation target")
        || msg.contains("unreachable sym in relocation")
        || msg.contains("undefined symbol in relocation")
        || msg.contains("function main is undeclared")
        || msg.starts_with("bad carrier sym")
    {
        "undefined"
    } else if msg.contains("invalid relocation") {
        "relocation"
    } else if msg.ends_with(": not package main") {
        "input"
    } else if msg.contains("cannot set with -X")
        || msg.starts_with("-X flag")
        || msg.starts_with("flag provided but not defined")
        || msg.starts_with("flag needs an argument")
        || msg.starts_with("invalid boolean value ")
        || msg.starts_with("invalid value ")
        || msg.starts_with("invalid headtype")
        || msg.starts_with("-aslr=false")
        || msg.starts_with("invalid -R value")
        || msg.starts_with("invalid -D value")
        || msg.starts_with("invalid -funcalign value")
        || msg.starts_with("unknown -H option")
        || msg.starts_with("invalid -strictdups flag value")
        || msg.starts_with("-B ")
        || msg.contains("load of unsafe package")
        || msg.contains("cannot use dynamic imports with -d flag")
    {
        "flag"
    } else if msg.contains("with mismatched payload") {
        "duplicate"
    } else if msg.starts_with("internal linking requested")
        || msg.starts_with("cannot create ")
        || msg.starts_with("running gcc failed")
        || msg == "nameless DWARF DIE"
    {
        "link-mode"
    } else {
        "other"
    }
}

/// Every case: per linker, the library variants, the corrupted inputs,
/// another release's std, and the symbol scenarios.
fn cases(installed: &[&str], root: &Path, std_cfg: &BTreeMap<String, String>) -> Vec<Case> {
    let mut cases = Vec::new();
    for l in installed {
        let dir = root.join(l);
        let mk = |name: String, lib: Option<PathBuf>, cases: &mut Vec<Case>| {
            let ic = dir.join(format!("ic.{}", name.replace(['/', ' '], "_")));
            let mut text = std_cfg[*l].clone();
            if let Some(lib) = lib {
                text.push_str(&format!("packagefile example.com/lib={}\n", lib.display()));
            }
            std::fs::write(&ic, text).unwrap();
            cases.push(Case {
                name,
                linker: l.to_string(),
                importcfg: ic,
                main: dir.join("main.a"),
                dir: dir.clone(),
                ldflags: Vec::new(),
            });
        };
        mk("control".into(), Some(dir.join("lib1.a")), &mut cases);
        for v in installed {
            if v != l {
                mk(format!("lib from go{v}"), Some(root.join(v).join("lib1.a")), &mut cases);
            }
        }
        mk("lib API changed".into(), Some(dir.join("lib2.a")), &mut cases);
        mk("lib body changed".into(), Some(dir.join("lib3.a")), &mut cases);
        mk("lib missing".into(), None, &mut cases);
        if dir.join("lib1v3.a").exists() {
            mk("lib GOAMD64=v3".into(), Some(dir.join("lib1v3.a")), &mut cases);
        }
        if dir.join("lib1ft.a").exists() {
            mk(
                "lib GOEXPERIMENT=fieldtrack".into(),
                Some(dir.join("lib1ft.a")),
                &mut cases,
            );
        }
        mk(
            "lib archive truncated".into(),
            Some(dir.join("lib1trunc.a")),
            &mut cases,
        );
        mk(
            "lib object byte flipped".into(),
            Some(dir.join("lib1flip.a")),
            &mut cases,
        );
        cases.push(Case {
            name: "main relocation outside its symbol".into(),
            linker: l.to_string(),
            importcfg: dir.join("ic.control"),
            main: dir.join("mainreloc.a"),
            dir: dir.clone(),
            ldflags: Vec::new(),
        });
        // Link and build modes on the control program: which linker runs
        // (determineLinkMode), the fatal internal-but-external-required,
        // sanitizer runtimes the importcfg lacks (logged, not fatal), and
        // gcc refusing a shared object of code compiled without -shared.
        for flags in [
            "-linkmode=internal -msan",
            "-linkmode=internal -buildmode=c-archive",
            "-linkmode=internal -buildmode=c-shared",
            "-linkmode=internal -buildmode=plugin",
            "-race",
            "-msan",
            "-asan",
            "-linkmode=external",
            // hostlinksetup writes go.o into -tmpdir as given.
            "-linkmode=external -tmpdir /nonexistent/gosym-tmpdir",
            "-linkmode=auto",
            "-buildmode=pie",
            "-linkmode=internal -buildmode=pie",
            "-buildmode=c-archive",
            "-buildmode=c-shared",
            "-buildmode=plugin",
            "-buildmode=plugin -w",
            "-buildmode=plugin -pluginpath=plugin/unnamed",
            // Every flag of every release, as each release's flag package
            // and `ld.Main` take it (what is defined where, values it
            // refuses, flags that only change the output).
            "-e",
            "-g",
            "-u",
            "-d",
            "-h",
            "-k main.v",
            "-D 0x100000",
            "-R 100",
            "-R abc",
            "-aslr=false",
            "-H bogus",
            "-H windowsgui",
            // Header types amd64's archinit does not write; darwin's it
            // does (a Mach-O file of linux objects).
            "-H js",
            "-H aix",
            "-H darwin",
            "-D 0x100001",
            "-funcalign 33",
            "-pruneweakmap=false",
            "-macos 1.0",
            "-B 0xzz",
            "-B gobuildid",
            "-B none",
            "-funcalign 32",
            "-T abc",
            "-strictdups 3",
            "-bogus",
            "-s=x",
            // The entry symbol: go1.15's linker reports what such an entry
            // leaves unreachable (the build information's targets).
            "-E main.main",
            "-E runtime.rt0_go",
            "-E main.nosuch",
        ] {
            cases.push(Case {
                name: format!("control, {flags}"),
                linker: l.to_string(),
                importcfg: dir.join("ic.control"),
                main: dir.join("main.a"),
                dir: dir.clone(),
                ldflags: flags.split(' ').map(str::to_string).collect(),
            });
        }
        // A library archive as the link's main input: `not package main`.
        cases.push(Case {
            name: "library as the main input".into(),
            linker: l.to_string(),
            importcfg: dir.join("ic.control"),
            main: dir.join("lib1.a"),
            dir: dir.clone(),
            ldflags: Vec::new(),
        });
        // Main built by the previous toolchain, everything else by this one
        // (go1.15 skips its objects at the header: then `not package main`).
        let prev = installed[(installed.iter().position(|v| v == l).unwrap() + installed.len() - 1) % installed.len()];
        if prev != *l {
            cases.push(Case {
                name: format!("main from go{prev}"),
                linker: l.to_string(),
                importcfg: dir.join("ic.control"),
                main: root.join(prev).join("main.a"),
                dir: dir.clone(),
                ldflags: Vec::new(),
            });
        }
        // The standard library of the next toolchain, main and lib of this one.
        let other = installed[(installed.iter().position(|v| v == l).unwrap() + 1) % installed.len()];
        let ic = dir.join("ic.otherstd");
        std::fs::write(
            &ic,
            format!(
                "{}packagefile example.com/lib={}\n",
                std_cfg[other],
                dir.join("lib1.a").display()
            ),
        )
        .unwrap();
        cases.push(Case {
            name: format!("std archives from go{other}"),
            linker: l.to_string(),
            importcfg: ic,
            main: dir.join("main.a"),
            dir: dir.clone(),
            ldflags: Vec::new(),
        });
        // Symbol-level scenarios: programs of their own.
        let nscen = scenarios().len();
        for (k, (name, pkgs, main)) in scenarios().into_iter().enumerate() {
            let sdir = dir.join(format!("s{k}"));
            let cfg = build_program(l, &sdir, &pkgs, main);
            let ic = sdir.join("ic.link");
            std::fs::write(&ic, format!("{}{cfg}", std_cfg[*l])).unwrap();
            cases.push(Case {
                name: name.to_string(),
                linker: l.to_string(),
                importcfg: ic,
                main: sdir.join("main.a"),
                dir: sdir,
                ldflags: Vec::new(),
            });
        }
        // The scenarios whose code refers to what no Go object defines,
        // linked externally: `addexport` leaves such targets of code to
        // the external linker (SUNDEFEXT), which resolves them among the
        // host objects and libraries or fails (`running gcc failed`).
        for (k, (name, _, _)) in scenarios().into_iter().enumerate() {
            if !EXTERNAL_SCENARIOS.contains(&name) {
                continue;
            }
            let sdir = dir.join(format!("s{k}"));
            cases.push(Case {
                name: format!("{name}, -linkmode=external"),
                linker: l.to_string(),
                importcfg: sdir.join("ic.link"),
                main: sdir.join("main.a"),
                dir: sdir,
                ldflags: vec!["-linkmode=external".into()],
            });
        }
        // -strictdups on the DUPOK scenario (one before the last).
        let dupok = scenarios().iter().position(|(n, _, _)| n.starts_with("DUPOK")).unwrap();
        let ddir = dir.join(format!("s{dupok}"));
        // (-w: no DWARF pass, which forgives mismatches between packages
        // compiled with different flags.)
        for flags in [&["-strictdups=1"][..], &["-strictdups=2"], &["-strictdups=2", "-w"]] {
            cases.push(Case {
                name: format!("{}, DUPOK payloads differ", flags.join(" ")),
                linker: l.to_string(),
                importcfg: ddir.join("ic.link"),
                main: ddir.join("main.a"),
                dir: ddir.clone(),
                ldflags: flags.iter().map(|f| f.to_string()).collect(),
            });
        }
        // -checklinkname=0 on the linkname pull (go1.23+ refuse it without).
        cases.push(Case {
            name: "-checklinkname=0, linkname pull not pushed".into(),
            linker: l.to_string(),
            importcfg: dir.join("s0").join("ic.link"),
            main: dir.join("s0").join("main.a"),
            dir: dir.join("s0"),
            ldflags: vec!["-checklinkname=0".into()],
        });
        // -f on a header mismatch (go1.15: skips the prefix check; go1.27:
        // the whole check; others ignore it).
        if prev != *l {
            let ic = dir.join(format!("ic.lib_from_go{prev}"));
            cases.push(Case {
                name: format!("-f, lib from go{prev}"),
                linker: l.to_string(),
                importcfg: ic,
                main: dir.join("main.a"),
                dir: dir.clone(),
                ldflags: vec!["-f".into()],
            });
        }
        // -X on the last scenario's program: a string, an int, the wrong
        // form, a symbol that does not exist.
        let xdir = dir.join(format!("s{}", nscen - 1));
        for x in ["main.v=hello", "main.n=1", "main.v", "nosuch.x=1"] {
            cases.push(Case {
                name: format!("-X {x}"),
                linker: l.to_string(),
                importcfg: xdir.join("ic.link"),
                main: xdir.join("main.a"),
                dir: xdir.clone(),
                ldflags: vec!["-X".into(), x.into()],
            });
        }
    }
    cases
}

/// What one linker run and one gosym run said.
#[derive(Debug, PartialEq)]
struct Outcome {
    links: bool,
    category: String,
    message: String,
    /// gosym: the lines whose order the linker does not fix (any may be
    /// its first line); empty for the linker's own run.
    may_be_first: Vec<String>,
}

impl Outcome {
    /// Whether gosym's first line is the linker's `want`, or one of the
    /// lines gosym says may come first.
    fn names_first(&self, want: &str) -> bool {
        self.message == want || self.may_be_first.iter().any(|m| m == want)
    }
}

/// The real linker on a case: its outcome and its whole output.
fn link(c: &Case) -> (Outcome, String) {
    let mut link = tool(&c.linker, "link");
    link.current_dir(&c.dir)
        .args(&c.ldflags)
        .arg("-importcfg")
        .arg(&c.importcfg)
        .arg("-o")
        .arg(c.dir.join(format!("a.out.{}", c.name.replace(['/', ' '], "_"))))
        .arg(&c.main);
    let o = link.output().unwrap();
    let (lout, lerr) = (String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    let links = o.status.success();
    let message = first_message(&lout, &lerr);
    let category = match category(&message) {
        _ if links => "none",
        // go1.15 crashes the same way on an -E entry it cannot find.
        "link-mode" if c.ldflags.iter().any(|f| f == "-E") => "undefined",
        other => other,
    }
    .to_string();
    (
        Outcome {
            links,
            category,
            message,
            may_be_first: Vec::new(),
        },
        format!("{lout}{lerr}"),
    )
}

/// `gosym diagnose` on a failed link's output: the category of the first
/// failure it explains ("none" when it finds none).
fn diagnosed_category(output: &str) -> String {
    use std::io::Write;
    let mut g = gosym_defaults();
    let mut child = g
        .args(["diagnose", "--format", "json"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(output.as_bytes()).unwrap();
    let o = child.wait_with_output().unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_schema_valid(&doc);
    doc["failures"][0]["category"].as_str().unwrap_or("none").to_string()
}

/// gosym's report on `main` against go`target` with `importcfg`.
fn gosym_report(dir: &Path, target: &str, importcfg: &Path, main: &Path, ldflags: &[String]) -> serde_json::Value {
    let mut g = gosym_defaults();
    g.current_dir(dir);
    check_report(
        g,
        target,
        importcfg,
        main,
        &[format!("--ldflags={}", ldflags.join(" "))],
    )
}

/// How gosym is told the target.
#[derive(Clone, Copy)]
enum TargetBy {
    /// `--goroot` of the installed toolchain.
    Goroot,
    /// `--go 1.N`: the built-in release facts, no toolchain.
    BuiltIn,
    /// Leave-one-out: the release's built-in tables hidden
    /// (`GOSYM_HIDE_BUILTIN`), `--goroot` given: its tables are derived
    /// from the GOROOT's sources.
    Derived,
}

/// Leave-one-out without a GOROOT: the release's built-in tables hidden,
/// no target given and no go on PATH, std from the importcfg: gosym reads
/// the objects with a neighbour's tables. Returns (links, unverified
/// causes, refused: objects gosym could not read at all, left unchecked).
fn predict_inferred(c: &Case) -> (bool, Vec<String>, bool) {
    let mut g = gosym_defaults();
    g.current_dir(&c.dir)
        .env("PATH", path_without_go())
        .env("GOSYM_HIDE_BUILTIN", &c.linker);
    let r = check_report_for(
        g,
        &[],
        &c.importcfg,
        &c.main,
        &[format!("--ldflags={}", c.ldflags.join(" "))],
    );
    let unverified: Vec<String> = r["unverified"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect();
    // Objects of a release gosym has no tables for at all (go1.15 hidden:
    // no other release shares its layout) are left unchecked, saying so.
    let refused = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["category"] == "input" && f["unverified"] == true);
    (r["ok"].as_bool().unwrap(), unverified, refused)
}

/// gosym's verdict and first finding.
fn predict(c: &Case, by: TargetBy) -> Outcome {
    let r = match by {
        TargetBy::Goroot => gosym_report(&c.dir, &c.linker, &c.importcfg, &c.main, &c.ldflags),
        TargetBy::Derived => {
            let mut g = gosym_defaults();
            g.current_dir(&c.dir).env("GOSYM_HIDE_BUILTIN", &c.linker);
            check_report(
                g,
                &c.linker,
                &c.importcfg,
                &c.main,
                &[format!("--ldflags={}", c.ldflags.join(" "))],
            )
        }
        TargetBy::BuiltIn => {
            let mut g = gosym_defaults();
            // No go on PATH either: the facts alone.
            g.current_dir(&c.dir).env("PATH", path_without_go());
            check_report_for(
                g,
                &["--go".into(), c.linker.clone().into()],
                &c.importcfg,
                &c.main,
                &[format!("--ldflags={}", c.ldflags.join(" "))],
            )
        }
    };
    outcome_of(&r)
}

/// A report's verdict and first finding in the linker's order.
fn outcome_of(r: &serde_json::Value) -> Outcome {
    let first = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        // The linker's first error line: what it logs on stdout is not one.
        .filter(|f| f["linker_order"].is_u64() && f["reporter"] != "stdout")
        .min_by_key(|f| f["linker_order"].as_u64());
    let (category, message) = match first {
        Some(f) => (
            f["category"].as_str().unwrap().to_string(),
            f["message"].as_str().unwrap().to_string(),
        ),
        None => ("none".to_string(), String::new()),
    };
    let may_be_first = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["order_varies"] == true && f["linker_order"].is_u64())
        .map(|f| f["message"].as_str().unwrap().to_string())
        .collect();
    Outcome {
        links: r["ok"].as_bool().unwrap(),
        category,
        message,
        may_be_first,
    }
}

/// The case without its importcfg: the non-std packages it names become
/// inputs (after main), std comes from the target, `by` the toolchain's
/// own std archives or the built-in std stubs. `None` when the
/// importcfg says more than `packagefile` lines.
fn predict_without_importcfg(c: &Case, by: TargetBy) -> Option<(Outcome, Vec<String>)> {
    let cfg = std::fs::read_to_string(&c.importcfg).unwrap();
    let release = gosym::toolchain::builtin::find(&c.linker).unwrap();
    let mut inputs = vec![c.main.clone().into_os_string()];
    for line in cfg.lines().filter(|l| !l.trim().is_empty()) {
        let (pkg, file) = line.strip_prefix("packagefile ")?.split_once('=')?;
        if !release.std_packages.contains(&pkg) {
            inputs.push(file.into());
        }
    }
    let mut g = gosym_defaults();
    g.current_dir(&c.dir)
        .args(["check", "--format", "json"])
        .arg(format!("--ldflags={}", c.ldflags.join(" ")))
        .arg("--main")
        .arg(&c.main);
    match by {
        TargetBy::Goroot | TargetBy::Derived => g.arg("--goroot").arg(goroot(&c.linker).unwrap()),
        // No go on PATH either: the facts alone.
        TargetBy::BuiltIn => g.env("PATH", path_without_go()).args(["--go", &c.linker]),
    };
    let o = g.args(&inputs).output().unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("gosym output: {e}\n{}", String::from_utf8_lossy(&o.stderr)));
    let r = &doc["reports"][0];
    Some((outcome_of(r), skipped_notes(r)))
}

/// The loader's symbol index in `non-function sym N/NAME`: it counts the
/// rebuilt objects' symbols, which a forecast cannot see (gosym's forecast
/// writes `N`), so forecast comparisons leave it out.
fn mask_loader_index(msg: &str) -> String {
    const AT: &str = "non-function sym ";
    match msg.split_once(AT) {
        Some((head, rest)) => match rest.split_once('/') {
            Some((n, tail)) if n.bytes().all(|b| b.is_ascii_digit()) => format!("{head}{AT}N/{tail}"),
            _ => msg.to_string(),
        },
        None => msg.to_string(),
    }
}

/// Cases whose first message gosym cannot give, and why.
fn known_message_difference(name: &str) -> Option<&'static str> {
    (name == "lib object byte flipped")
        .then_some("the real linker panics with a Go runtime error (an index out of range) on the corrupt object")
}

/// Agreement counts per linker.
#[derive(Default, Clone)]
struct Tally {
    cases: usize,
    verdict: usize,
    category: usize,
    message: usize,
}

fn main() {
    let args = libtest_mimic::Arguments::from_args();
    let installed = installed(&VERSIONS);
    let root = std::env::temp_dir().join(format!("gosym-oracle-{}", std::process::id()));
    let mut std_cfg = BTreeMap::new();
    for v in &installed {
        std_cfg.insert(v.to_string(), build(v, &root.join(v)));
    }
    let cases = std::sync::Arc::new(cases(&installed, &root, &std_cfg));
    // Each real link runs once, shared by the case and the forecasts.
    // `gosym diagnose` of each failing link's output: (failing links, first
    // category right, the misses).
    let diagnosed: std::sync::Arc<std::sync::Mutex<(usize, usize, Vec<String>)>> = Default::default();
    let linked: std::sync::Arc<Vec<std::sync::OnceLock<(Outcome, String)>>> =
        std::sync::Arc::new((0..cases.len()).map(|_| std::sync::OnceLock::new()).collect());
    let tally: std::sync::Arc<std::sync::Mutex<BTreeMap<String, Tally>>> = Default::default();
    // Per flag: cases, verdicts, failing links (in `category`), first
    // message of the failing ones (in `message`).
    let by_flag: std::sync::Arc<std::sync::Mutex<BTreeMap<String, Tally>>> = Default::default();
    let forecasts = std::sync::Arc::new(std::sync::Mutex::new((0usize, 0usize)));
    // Per case: whether `--go` (built-in facts) said what `--goroot` said.
    let builtin_equal: std::sync::Arc<std::sync::Mutex<Vec<bool>>> = Default::default();
    // Without an importcfg: (cases compared, equal, left unchecked by the
    // built-in std stubs and saying so).
    let stubs_equal: std::sync::Arc<std::sync::Mutex<(usize, usize, usize)>> = Default::default();
    // Leave-one-out (the case's release hidden from the built-in tables):
    // per release, (cases, derived equal to --goroot, inferred false
    // rejects, inferred false accepts, inferred with unverified findings,
    // inputs refused).
    let leave_one_out: std::sync::Arc<std::sync::Mutex<BTreeMap<String, [usize; 6]>>> = Default::default();
    let mut trials = Vec::new();
    for (i, c) in cases.iter().enumerate() {
        let (cases, tally, linked, by_flag, builtin_equal, stubs_equal, leave_one_out, diagnosed) = (
            cases.clone(),
            tally.clone(),
            linked.clone(),
            by_flag.clone(),
            builtin_equal.clone(),
            stubs_equal.clone(),
            leave_one_out.clone(),
            diagnosed.clone(),
        );
        trials.push(libtest_mimic::Trial::test(
            format!("go{}/{}", c.linker, c.name),
            move || {
                let c = &cases[i];
                let (want, output) = linked[i].get_or_init(|| link(c));
                let got = predict(c, TargetBy::Goroot);
                // `gosym diagnose` on the real linker's output names the
                // category of its first line.
                if !want.links {
                    let d = diagnosed_category(output);
                    let mut t = diagnosed.lock().unwrap();
                    t.0 += 1;
                    t.1 += (d == want.category) as usize;
                    if d != want.category {
                        t.2.push(format!("go{}/{}: {} for {:?}", c.linker, c.name, d, want.message));
                    }
                }
                // The same check from the built-in facts alone must say
                // the same (the std archives come from the importcfg).
                let built_in = predict(c, TargetBy::BuiltIn);
                let same_built_in = built_in == got;
                builtin_equal.lock().unwrap().push(same_built_in);
                // Without the importcfg, the built-in std stubs must stand
                // for the toolchain's std archives (or say why they cannot).
                let stubs = predict_without_importcfg(c, TargetBy::BuiltIn);
                let toolchain_std = predict_without_importcfg(c, TargetBy::Goroot);
                let stub_mismatch = match (stubs, toolchain_std) {
                    (Some((s, skipped)), Some((t, _))) => {
                        let mut e = stubs_equal.lock().unwrap();
                        e.0 += 1;
                        if skipped.iter().any(|s| s.contains("built-in std stubs")) {
                            e.2 += 1;
                            None
                        } else if s == t {
                            e.1 += 1;
                            None
                        } else {
                            Some(format!(
                                "without importcfg, --go {} (std stubs) differs from --goroot: {:?} [{}] {:?} vs {:?} [{}] {:?}",
                                c.linker, s.links, s.category, s.message, t.links, t.category, t.message
                            ))
                        }
                    }
                    _ => None,
                };
                // Leave-one-out: derived tables say what the built-in ones
                // say; inferred ones never fail a good link, and never
                // pass a failing one without saying what is unverified.
                let derived = predict(c, TargetBy::Derived);
                let (inf_links, inf_unverified, inf_refused) = predict_inferred(c);
                let false_reject = want.links && !inf_links && !inf_refused;
                let false_accept = !want.links && inf_links && inf_unverified.is_empty();
                {
                    let mut l = leave_one_out.lock().unwrap();
                    let l = l.entry(format!("go{}", c.linker)).or_default();
                    l[0] += 1;
                    l[1] += (derived == got) as usize;
                    l[2] += false_reject as usize;
                    l[3] += false_accept as usize;
                    l[4] += (!inf_unverified.is_empty()) as usize;
                    l[5] += inf_refused as usize;
                }
                if derived != got {
                    return Err(format!(
                        "leave-one-out: --goroot with go{}'s tables derived differs from built in: {:?} [{}] {:?} vs {:?} [{}] {:?}",
                        c.linker, derived.links, derived.category, derived.message, got.links, got.category, got.message
                    )
                    .into());
                }
                if false_reject || false_accept {
                    return Err(format!(
                        "leave-one-out: go{}'s tables hidden, no GOROOT: gosym says {} (unverified: {inf_unverified:?}) where the linker {}: {:?}",
                        c.linker,
                        if inf_links { "links" } else { "fails" },
                        if want.links { "links" } else { "fails" },
                        want.message
                    )
                    .into());
                }
                let verdict = want.links == got.links;
                let category = want.category == got.category;
                let message = want.links || got.names_first(&want.message);
                {
                    let mut t = tally.lock().unwrap();
                    let t = t.entry(format!("go{}", c.linker)).or_default();
                    t.cases += 1;
                    t.verdict += verdict as usize;
                    t.category += category as usize;
                    t.message += message as usize;
                    // Per flag (the first ldflag, or none): failing links
                    // and how many of them gosym's first finding names.
                    let flag = c
                        .ldflags
                        .first()
                        .map_or("none", |f| f.split('=').next().unwrap_or(f))
                        .to_string();
                    let mut f = by_flag.lock().unwrap();
                    let f = f.entry(flag).or_default();
                    f.cases += 1;
                    f.verdict += verdict as usize;
                    if !want.links {
                        f.category += 1;
                        f.message += got.names_first(&want.message) as usize;
                    }
                }
                if let Some(m) = stub_mismatch {
                    return Err(m.into());
                }
                if !same_built_in {
                    return Err(format!(
                        "--go {} differs from --goroot: {:?} [{}] {:?} vs {:?} [{}] {:?}",
                        c.linker,
                        built_in.links,
                        built_in.category,
                        built_in.message,
                        got.links,
                        got.category,
                        got.message
                    )
                    .into());
                }
                let excused = known_message_difference(&c.name);
                if verdict && category && (message || excused.is_some()) {
                    return Ok(());
                }
                Err(format!(
                    "linker {} [{}] {:?}\ngosym  {} [{}] {:?}",
                    if want.links { "links" } else { "fails" },
                    want.category,
                    want.message,
                    if got.links { "links" } else { "fails" },
                    got.category,
                    got.message
                )
                .into())
            },
        ));
    }
    // Forecast: main built by X, checked against Y; Y's forecast must name
    // the first message Y's linker prints for main rebuilt by Y, and say
    // nothing when that link succeeds. Every scenario without flags, and
    // the -X program with a string and an int variable set.
    let nscen = scenarios().len();
    let mut forecast_cases: Vec<(usize, String, Vec<String>)> = scenarios()
        .into_iter()
        .enumerate()
        .map(|(k, (name, _, _))| (k, name.to_string(), Vec::new()))
        .collect();
    for x in ["main.v=hello", "main.n=1"] {
        forecast_cases.push((nscen - 1, format!("-X {x}"), vec!["-X".into(), x.into()]));
    }
    for (k, name, ldflags) in forecast_cases {
        for x in &installed {
            for y in &installed {
                if x == y {
                    continue;
                }
                let (root, cases, forecasts, linked) = (root.clone(), cases.clone(), forecasts.clone(), linked.clone());
                let (x, y, name, ldflags) = (x.to_string(), y.to_string(), name.clone(), ldflags.clone());
                trials.push(libtest_mimic::Trial::test(
                    format!("forecast/{name}/built by go{x}/target go{y}"),
                    move || {
                        let ydir = root.join(&y).join(format!("s{k}"));
                        let xmain = root.join(&x).join(format!("s{k}")).join("main.a");
                        let r = gosym_report(&ydir, &y, &ydir.join("ic.link"), &xmain, &ldflags);
                        let predicted: Vec<String> = r["findings"]
                            .as_array()
                            .unwrap()
                            .iter()
                            .filter(|f| f["category"] == "forecast")
                            .map(|f| f["message"].as_str().unwrap().to_string())
                            .collect();
                        let i = cases.iter().position(|c| c.linker == y && c.name == name).unwrap();
                        let want = &linked[i].get_or_init(|| link(&cases[i])).0;
                        let agree = if want.links {
                            predicted.is_empty()
                        } else {
                            predicted.contains(&mask_loader_index(&want.message))
                        };
                        let mut f = forecasts.lock().unwrap();
                        f.0 += 1;
                        f.1 += agree as usize;
                        if agree {
                            Ok(())
                        } else {
                            Err(format!("rebuilt link: {:?}; gosym forecast: {predicted:?}", want.message).into())
                        }
                    },
                ));
            }
        }
    }
    let conclusion = libtest_mimic::run(&args, trials);
    let tally = tally.lock().unwrap().clone();
    if !tally.is_empty() {
        println!("\noracle: agreement with the real linker (verdict / category / first message)");
        println!("| linker | cases | verdict | category | first message |");
        println!("|---|---|---|---|---|");
        let mut total = Tally::default();
        for (v, t) in &tally {
            println!("| {v} | {} | {} | {} | {} |", t.cases, t.verdict, t.category, t.message);
            total.cases += t.cases;
            total.verdict += t.verdict;
            total.category += t.category;
            total.message += t.message;
        }
        println!(
            "| all | {} | {} | {} | {} |",
            total.cases, total.verdict, total.category, total.message
        );
        println!("\nper flag: failing links whose first line is gosym's first finding");
        println!("| flag | cases | verdict | failing | first line |");
        println!("|---|---|---|---|---|");
        for (flag, t) in by_flag.lock().unwrap().iter() {
            println!(
                "| {flag} | {} | {} | {} | {} |",
                t.cases, t.verdict, t.category, t.message
            );
        }
        let b = builtin_equal.lock().unwrap();
        println!(
            "--go 1.N (built-in facts, no toolchain) gives the --goroot verdict, category and first message in {} of {} cases",
            b.iter().filter(|&&e| e).count(),
            b.len()
        );
        drop(b);
        let s = *stubs_equal.lock().unwrap();
        println!(
            "without importcfg: --go 1.N (built-in std stubs) gives the --goroot verdict, category and first message in {} of {} cases ({} left unchecked with the reason: an instrumented std)",
            s.1,
            s.0 - s.2,
            s.2
        );
        let f = *forecasts.lock().unwrap();
        println!(
            "forecast: {} of {} cross-version cases name the first message of the rebuilt link (or nothing when it links)",
            f.1, f.0
        );
        println!("\nleave-one-out: each case with its release's built-in tables hidden");
        println!(
            "| release | cases | derived (--goroot) = built in | inferred: false rejects | false accepts | unverified | refused |"
        );
        println!("|---|---|---|---|---|---|---|");
        for (v, l) in leave_one_out.lock().unwrap().iter() {
            println!(
                "| {v} | {} | {} | {} | {} | {} | {} |",
                l[0], l[1], l[2], l[3], l[4], l[5]
            );
        }
    }
    let d = diagnosed.lock().unwrap();
    if d.0 > 0 {
        println!(
            "\ngosym diagnose on the real linker's output of {} failing links: first line's category right in {} ({:.1}%)",
            d.0,
            d.1,
            100.0 * d.1 as f64 / d.0 as f64
        );
        for m in &d.2 {
            println!("  diagnose missed: {m}");
        }
        if d.1 * 100 < d.0 * 95 {
            println!("gosym diagnose classifies fewer than 95% of the linker's first lines");
            std::process::exit(101);
        }
    }
    drop(d);
    if std::env::var_os("GOSYM_KEEP").is_none() {
        let _ = std::fs::remove_dir_all(&root);
    } else {
        println!("cases kept in {}", root.display());
    }
    conclusion.exit();
}
