//! The oracle on other platforms: a pure-Go program that uses net, os/user,
//! crypto, time and encoding/json, built (GOPATH mode, CGO_ENABLED=0) and
//! linked for real by go1.19, go1.22, go1.24, go1.25 and go1.27 for every
//! GOOS/GOARCH pair of each toolchain's `go tool dist list`: as built,
//! with `-linkmode=external` (the C compiler this host runs for that
//! platform), with `-buildmode=pie` (the build modes each release takes
//! there), with `-buildmode=c-archive` (written by `ar`) and
//! `-buildmode=c-shared`, `-H aix` on linux/ppc64(le), `-T` on windows and wasm, a far `-D` on linux amd64/arm64/386 and darwin/amd64, plus a mixed variant per platform: main built by one toolchain,
//! linked with the next one's standard library. gosym's verdict must be the
//! linker's every time, and its first failing finding the linker's first
//! error line in at least 95% of failing links.

use crate::common;
use common::*;
use std::path::Path;

const APP: &str = r#"package main

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"net"
	"os/user"
	"time"
)

func main() {
	b, _ := json.Marshal(map[string]int{"a": 1})
	u, _ := user.Current()
	fmt.Println(string(b), sha256.Sum256(b), net.ParseIP("127.0.0.1"), time.Now().Unix(), u != nil)
}
"#;

/// Every GOOS/GOARCH some toolchain's `go tool dist list` names, except
/// those whose linker requires external linking even without cgo
/// (`platform.MustLinkExternal`: android other than arm64, ios/arm64).
fn platforms(toolchains: &[&str]) -> Vec<String> {
    let mut all = std::collections::BTreeSet::new();
    for v in toolchains {
        let list = go_cmd(v).args(["tool", "dist", "list"]).output().unwrap();
        all.extend(String::from_utf8_lossy(&list.stdout).lines().map(str::to_string));
    }
    all.into_iter()
        .filter(|p| {
            let (os, arch) = p.split_once('/').unwrap();
            !((os == "android" && arch != "arm64") || (os == "ios" && arch == "arm64"))
        })
        .collect()
}

fn env(c: &mut std::process::Command, plat: &str) {
    let (os, arch) = plat.split_once('/').unwrap();
    c.env("GOOS", os).env("GOARCH", arch);
}

/// Flags whose failure the linker's writers and relocsym decide, on the
/// platforms where they fail: an XCOFF binary from objects compiled for
/// linux (go1.24+'s sections, then relocsym's address relocations); a PE
/// image's text away from the image base (`checkSegment`); go1.25+ wasm
/// text off a function boundary (code addresses are function indexes <<
/// 16); data 8 GiB from the code (beyond amd64's and arm64's pc-relative
/// reach and 386's 32-bit addresses; ELF and Mach-O; go1.26+ -D).
fn writer_cases(plat: &str) -> Vec<&'static [&'static str]> {
    let mut out: Vec<&'static [&'static str]> = Vec::new();
    if plat.starts_with("linux/ppc64") {
        out.push(&["-H", "aix"]);
    }
    if plat.starts_with("windows/") {
        out.push(&["-T", "0x10000000"]);
        out.push(&["-D", "0x200000000"]);
    }
    if plat.ends_with("/wasm") {
        out.push(&["-T", "0x18000"]);
    }
    if matches!(plat, "linux/amd64" | "linux/arm64" | "linux/386" | "darwin/amd64") {
        out.push(&["-D", "0x200000000"]);
    }
    out
}

/// The importcfg of the app built by go`v` for `plat`, or `None` when the
/// toolchain cannot build it there.
fn build(v: &str, plat: &str, gopath: &Path) -> Option<String> {
    let mut c = go_cmd(v);
    env(&mut c, plat);
    c.env("GO111MODULE", "off").env("GOPATH", gopath);
    match list_export(c, &["app"]) {
        Ok(cfg) => Some(cfg),
        Err(e) => {
            println!("go{v} {plat}: not built: {}", e.lines().next().unwrap_or(""));
            None
        }
    }
}

/// A GOPATH in `s` holding package `app` with `src` as its main.go.
fn app_gopath(s: &Scratch, src: &str) -> std::path::PathBuf {
    let gopath = s.path().join("gopath");
    std::fs::create_dir_all(gopath.join("src/app")).unwrap();
    std::fs::write(gopath.join("src/app/main.go"), src).unwrap();
    gopath
}

fn main_of(cfg: &str) -> String {
    cfg.lines()
        .find_map(|l| l.strip_prefix("packagefile app="))
        .unwrap()
        .to_string()
}

/// The real link with `flags`: success, and the first message
/// (normalised; the `loadinternal` warning of a link without runtime/cgo
/// is not an error).
fn link(v: &str, plat: &str, ic: &Path, main: &str, out: &Path, flags: &[&str]) -> (bool, String) {
    let mut c = tool(v, "link");
    env(&mut c, plat);
    let o = c
        .arg("-importcfg")
        .arg(ic)
        .arg("-o")
        .arg(out)
        .args(flags)
        .arg(main)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    let mut lines = err
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with("loadinternal: cannot find runtime/cgo"));
    let mut first = lines.next().map(normalise_linker_line).unwrap_or_default();
    if first.ends_with("linked object header mismatch:") {
        for l in lines.take(2) {
            first.push('\n');
            first.push_str(l);
        }
    }
    (o.status.success(), first)
}

/// gosym's verdict and first failing finding, with `flags`.
fn predict(v: &str, plat: &str, ic: &Path, main: &str, flags: &[&str]) -> (bool, String) {
    let mut c = gosym_defaults();
    env(&mut c, plat);
    let extra: Vec<String> = if flags.is_empty() {
        Vec::new()
    } else {
        vec![format!("--ldflags={}", flags.join(" "))]
    };
    let r = &check_report(c, v, ic, Path::new(main), &extra);
    let first = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["linker_order"].is_u64() && f["fails_link"].as_bool() == Some(true))
        .min_by_key(|f| f["linker_order"].as_u64())
        .map(|f| f["message"].as_str().unwrap().to_string())
        .unwrap_or_default();
    (r["ok"].as_bool().unwrap(), first)
}

#[test]
fn gosym_check_agrees_with_the_real_linker_on_every_platform() {
    let toolchains = installed(&["1.19", "1.22", "1.24", "1.25", "1.27"]);
    if toolchains.is_empty() {
        return;
    }
    let s = Scratch::new("platforms");
    let gopath = app_gopath(&s, APP);
    let mut rows = Vec::new();
    let mut wrong = Vec::new();
    // Right verdict, another first line.
    let mut unlike = Vec::new();
    let (mut cases, mut verdicts, mut messages) = (0, 0, 0);
    // Per platform: cases, verdicts, failing links, first lines of those.
    let mut per_platform: std::collections::BTreeMap<String, [usize; 4]> = Default::default();
    let platforms = platforms(&toolchains);
    for plat in &platforms {
        let plat = plat.as_str();
        let mut built: Vec<(&str, String)> = Vec::new();
        for v in &toolchains {
            let list = go_cmd(v).args(["tool", "dist", "list"]).output().unwrap();
            if !String::from_utf8_lossy(&list.stdout).lines().any(|l| l == plat) {
                continue;
            }
            if let Some(cfg) = build(v, plat, &gopath) {
                built.push((v, cfg));
            }
        }
        let mut plat_cases = Vec::new();
        for (i, (v, cfg)) in built.iter().enumerate() {
            let ic = s.path().join(format!("ic-{}-{v}", plat.replace('/', "-")));
            std::fs::write(&ic, cfg).unwrap();
            plat_cases.push((v.to_string(), format!("go{v}"), ic.clone(), main_of(cfg), &[][..]));
            // The external link and PIE: the build modes each release
            // takes there, and the C compiler the link runs on this host;
            // then the flags the linker's writers decide.
            let modes: [&'static [&'static str]; 4] = [
                &["-linkmode=external"],
                &["-buildmode=pie"],
                &["-buildmode=c-archive"],
                &["-buildmode=c-shared"],
            ];
            // gosym refuses to judge these (linker failures not traced to
            // their cause): windows/arm archives and shared libraries, the
            // BSDs' arm64 c-shared.
            let judged = |flags: &&[&str]| {
                let shared = flags[0] == "-buildmode=c-shared";
                !((flags[0].starts_with("-buildmode=c-") && plat == "windows/arm")
                    || (shared && matches!(plat, "netbsd/arm64" | "openbsd/arm64")))
            };
            for flags in modes.into_iter().filter(judged).chain(writer_cases(plat)) {
                plat_cases.push((
                    v.to_string(),
                    format!("go{v} {}", flags[0]),
                    ic.clone(),
                    main_of(cfg),
                    flags,
                ));
            }
            // Mixed: this toolchain's main with the next one's std.
            if let Some((w, wcfg)) = built.get(i + 1) {
                let mixed: String = wcfg
                    .lines()
                    .map(|l| {
                        if l.starts_with("packagefile app=") {
                            format!("packagefile app={}", main_of(cfg))
                        } else {
                            l.to_string()
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("\n");
                let mic = s.path().join(format!("ic-{}-{v}-on-{w}", plat.replace('/', "-")));
                std::fs::write(&mic, mixed + "\n").unwrap();
                plat_cases.push((
                    w.to_string(),
                    format!("go{v} main, go{w} std"),
                    mic,
                    main_of(cfg),
                    &[][..],
                ));
            }
        }
        for (linker, name, ic, main, flags) in plat_cases {
            let out = s.path().join("a.out");
            let (links, want) = link(&linker, plat, &ic, &main, &out, flags);
            let (ok, got) = predict(&linker, plat, &ic, &main, flags);
            cases += 1;
            let verdict = links == ok;
            let message = links || want == got;
            verdicts += verdict as usize;
            messages += message as usize;
            let t = per_platform.entry(plat.to_string()).or_default();
            t[0] += 1;
            t[1] += verdict as usize;
            t[2] += (!links) as usize;
            t[3] += (!links && want == got) as usize;
            rows.push(format!(
                "| {plat} | {name} | {} | {} |",
                if links { "links" } else { "fails" },
                if verdict && message { "agrees" } else { "DISAGREES" }
            ));
            if verdict && !message {
                unlike.push(format!("{plat} {name}: linker {want:?}; gosym {got:?}"));
            } else if !verdict {
                wrong.push(format!(
                    "{plat} {name} (linked by go{linker}): linker {} {want:?}; gosym {} {got:?}",
                    if links { "links" } else { "fails" },
                    if ok { "links" } else { "fails" }
                ));
            }
        }
    }
    println!("\nplatform oracle: {cases} cases, verdict {verdicts}, first message {messages}");
    println!("| platform | build | real linker | gosym |\n|---|---|---|---|");
    for r in &rows {
        println!("{r}");
    }
    println!("\n| platform | cases | verdict | failing | first line |\n|---|---|---|---|---|");
    for (plat, t) in &per_platform {
        println!("| {plat} | {} | {} | {} | {} |", t[0], t[1], t[2], t[3]);
    }
    for u in &unlike {
        println!("first line differs: {u}");
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // The first line of every failing link, but for a few whose linker
    // names a symbol of its own layout gosym does not reproduce (relocsym
    // on plan9 with -linkmode=external, which relocates code and data side
    // by side).
    let failing: usize = per_platform.values().map(|t| t[2]).sum();
    assert!(
        unlike.len() * 20 <= failing,
        "first line right in fewer than 95% of {failing} failing links:\n{}",
        unlike.join("\n")
    );
}

/// go1.15, which the platform oracle does not build: `-H aix` for objects
/// compiled for linux/ppc64le, which ask for no dynamic import, so
/// `loadlib` turns `-d` on and `doxcoff` stops the link.
#[test]
fn go115_refuses_an_xcoff_executable_without_dynamic_imports() {
    if installed(&["1.15"]).is_empty() {
        return;
    }
    let s = Scratch::new("go115-aix");
    let gopath = app_gopath(&s, "package main\n\nfunc main() { println(\"hi\") }\n");
    let plat = "linux/ppc64le";
    let cfg = build("1.15", plat, &gopath).expect("go1.15 builds for linux/ppc64le");
    let ic = s.path().join("ic");
    std::fs::write(&ic, &cfg).unwrap();
    let main = main_of(&cfg);
    let flags = &["-H", "aix"][..];
    let (links, want) = link("1.15", plat, &ic, &main, &s.path().join("a.out"), flags);
    let (ok, got) = predict("1.15", plat, &ic, &main, flags);
    assert!(!links, "go1.15 links an XCOFF executable of linux objects");
    assert_eq!((ok, got.as_str()), (false, want.as_str()));
    println!("go1.15 -H aix from linux/ppc64le: {want}");
}

/// One link of a listed case, judged by the real linker and by gosym.
struct Judged {
    case: String,
    fails: bool,
    links: bool,
    want: String,
    ok: bool,
    got: String,
}

impl Judged {
    /// The real link went otherwise than the case lists, or gosym's
    /// verdict differs from it.
    fn wrong_verdict(&self) -> bool {
        self.links == self.fails || self.ok != self.links
    }

    /// [`Judged::wrong_verdict`], or a failing link whose first line
    /// gosym does not give.
    fn wrong_verdict_or_first_line(&self) -> bool {
        self.wrong_verdict() || (!self.links && self.got != self.want)
    }

    fn line(&self) -> String {
        format!(
            "{}: linker {} {:?}; gosym {} {:?}",
            self.case, self.links, self.want, self.ok, self.got
        )
    }
}

/// Links each (release, platform, flags, the real link fails) case whose
/// toolchain is installed, building the app once per (release,
/// platform), and asks gosym about the same inputs.
fn link_each(cases: &[(&'static str, &'static str, &[&str], bool)], tag: &str) -> Vec<Judged> {
    let wanted: Vec<&str> = cases.iter().map(|c| c.0).collect();
    let toolchains = installed(&wanted);
    let s = Scratch::new(tag);
    let gopath = app_gopath(&s, APP);
    let mut built: std::collections::HashMap<(&str, &str), Option<(std::path::PathBuf, String)>> = Default::default();
    let mut out = Vec::new();
    for &(v, plat, flags, fails) in cases.iter().filter(|c| toolchains.contains(&c.0)) {
        let entry = built.entry((v, plat)).or_insert_with(|| {
            let cfg = build(v, plat, &gopath)?;
            let ic = s.path().join(format!("ic-{}-{v}", plat.replace('/', "-")));
            std::fs::write(&ic, &cfg).unwrap();
            Some((ic, main_of(&cfg)))
        });
        let Some((ic, main)) = entry.clone() else { continue };
        let (links, want) = link(v, plat, &ic, &main, &s.path().join("a.out"), flags);
        let (ok, got) = predict(v, plat, &ic, &main, flags);
        let case = format!("go{v} {plat} {}", flags.join(" "));
        println!("{case}: linker {want:?}; gosym {got:?}");
        out.push(Judged {
            case,
            fails,
            links,
            want,
            ok,
            got,
        });
    }
    out
}

/// Links each case ([`link_each`]), prints how many `label` links ran and
/// how many `is_wrong` judges wrong, and fails naming every wrong one.
fn assert_none_wrong(
    cases: &[(&'static str, &'static str, &[&str], bool)],
    tag: &str,
    label: &str,
    is_wrong: impl Fn(&Judged) -> bool,
) {
    let judged = link_each(cases, tag);
    let wrong: Vec<String> = judged.iter().filter(|j| is_wrong(j)).map(Judged::line).collect();
    println!("{label}: {} links, {} wrong", judged.len(), wrong.len());
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The address and header rules whose first line carries a value of the
/// linker's layout (so the platform oracle's first-line count leaves
/// them out): each link's verdict is gosym's, and each case fails or
/// links as listed, so the test shows the rule, not only agreement.
#[test]
fn address_and_header_rules_match_the_linkers() {
    // (release, platform, flags, the real link fails)
    let cases: &[(&str, &str, &[&str], bool)] = &[
        // A 4-byte R_ADDR past 4 GiB; linux/ppc64's absolute pairs past 2.
        ("1.27", "linux/arm", &["-T", "0x100000000"], true),
        ("1.27", "linux/arm", &["-T", "0x80000000"], false),
        ("1.22", "linux/ppc64le", &["-T", "0x80000000"], true),
        // A large -R alone parts data from code; ELF PIE is placed as exe.
        ("1.27", "linux/amd64", &["-R", "0x80000000"], true),
        ("1.27", "linux/amd64", &["-R", "0x10000000"], false),
        ("1.27", "linux/amd64", &["-buildmode=pie", "-D", "0x1000000000"], true),
        ("1.27", "linux/riscv64", &["-D", "0x1000000000"], true),
        ("1.27", "linux/s390x", &["-D", "0x1000000000"], true),
        // PE: go1.22+ round the image base up to -R for the text; an -R
        // the code does not reach misplaces .rdata; -D below the code.
        ("1.22", "windows/amd64", &["-R", "0x10000000"], true),
        ("1.27", "windows/arm64", &["-R", "0x10000000"], true),
        ("1.27", "windows/amd64", &["-D", "0x140100000"], true),
        // wasm before go1.25: text offsets past 4 GiB.
        ("1.22", "js/wasm", &["-T", "0x100000"], true),
        ("1.25", "js/wasm", &["-T", "0x100000"], false),
        // Headers without a dynamic section for objects that import
        // dynamically; android with -d.
        ("1.27", "openbsd/amd64", &["-H", "windowsgui"], true),
        ("1.27", "darwin/amd64", &["-H", "plan9"], true),
        ("1.24", "android/arm64", &["-buildmode=pie", "-d"], true),
        ("1.24", "android/arm64", &["-buildmode=pie"], false),
    ];
    assert_none_wrong(
        cases,
        "address-rules",
        "address and header rules",
        Judged::wrong_verdict,
    );
}

/// wasm's text offsets under `-T`: the linker's first line names the
/// first method-table or text offset relocation in the order its `asmb`
/// relocates the data sections, type descriptors by size up to go1.26,
/// go1.27's typelink descriptors first by type string; its value (the
/// function's index, shifted) is layout, so the line is compared without
/// it (go1.25+: the trailing ` 0x…`; before: `: 0x…`).
#[test]
fn wasm_text_offset_lines_name_the_linkers_first_relocation() {
    let cases: &[(&str, &str, &[&str], bool)] = &[
        ("1.19", "js/wasm", &["-T", "0x100000"], true),
        ("1.22", "wasip1/wasm", &["-T", "0x100000"], true),
        ("1.24", "js/wasm", &["-T", "0x100000"], true),
        ("1.25", "js/wasm", &["-T", "0x18000"], true),
        ("1.26", "wasip1/wasm", &["-T", "0x28000"], true),
        ("1.27", "js/wasm", &["-T", "0x18000"], true),
        ("1.27", "wasip1/wasm", &["-T", "0x28000"], true),
    ];
    let without_value = |line: &str| -> String {
        let cut = line.rfind(" 0x").map_or(line, |i| &line[..i]);
        cut.strip_suffix(':').unwrap_or(cut).to_string()
    };
    assert_none_wrong(cases, "wasm-text-offsets", "wasm -T first lines", |j| {
        j.wrong_verdict() || without_value(&j.want) != j.got
    });
}

/// An external link of wasm (js, wasip1): dead code enters at `main`,
/// which no wasm runtime defines, so it reaches only the method-throw
/// stub and (go1.21+) the inittasks; relocsym then reports every address
/// relocation of the data it writes, in `dodata`'s order (type
/// descriptors first up to go1.26, go1.27's read-only data and its
/// `go:buildinfo.ref` first), with the target's carrier and the header
/// (go1.19 prints its number). go1.15 reaches no code at all (it has no
/// other root) and its `pclntab` panics on the empty list of functions,
/// plan9/386's too (no `main` there either). Each case fails with the
/// linker's first line.
#[test]
fn wasm_external_links_name_relocsyms_first_address() {
    let cases: &[(&str, &str, &[&str], bool)] = &[
        ("1.15", "js/wasm", &["-linkmode=external"], true),
        ("1.15", "plan9/386", &["-linkmode=external"], true),
        ("1.19", "js/wasm", &["-linkmode=external"], true),
        ("1.22", "wasip1/wasm", &["-linkmode=external"], true),
        ("1.24", "js/wasm", &["-linkmode=external", "-s"], true),
        ("1.25", "wasip1/wasm", &["-linkmode=external"], true),
        ("1.27", "js/wasm", &["-linkmode=external"], true),
    ];
    assert_none_wrong(cases, "wasm-external", "wasm external", |j| {
        j.wrong_verdict_or_first_line()
            || !(j.want.contains("unhandled pcrel relocation to")
                || j.want == "runtime error: index out of range [0] with length 0")
    });
}

/// windows/arm's external link (every release that builds it): the PE
/// writer emits the object's relocations itself, and arm's `pereloc1`
/// writes no call (`R_CALLARM`), so each call of reachable code is an
/// `unsupported obj reloc` line (go1.15 numbers the type) and the C
/// compiler never runs. Each case fails with the linker's first line.
#[test]
fn windows_arm_external_links_stop_at_the_pe_writers_relocations() {
    let cases: &[(&str, &str, &[&str], bool)] = &[
        ("1.15", "windows/arm", &["-linkmode=external"], true),
        ("1.21", "windows/arm", &["-linkmode=external"], true),
        ("1.23", "windows/arm", &["-linkmode=external", "-s"], true),
    ];
    assert_none_wrong(cases, "windows-arm-external", "windows/arm external", |j| {
        j.wrong_verdict_or_first_line() || !j.want.contains("unsupported obj reloc")
    });
}

/// An external link writes the header `-H` names, whatever the objects'
/// GOOS: its C compiler gets that header's options (darwin's
/// `-Wl,-headerpad`, windows' `-mconsole`, openbsd's `-Wl,-nopie`, which
/// go1.23+ leaves out of a PIE), and on an ELF header `doelf` turns off
/// `dynreloc`, so relocsym meets every relocation to a dynamic import
/// (`unhandled relocation … (SDYNIMPORT)`, before the C compiler runs;
/// darwin's and solaris's and, go1.19+, openbsd's headers take them).
/// go1.15's darwin writer makes every pointer-sized symbol with an
/// address at offset 0 a GOT entry in an internally linked PIE, which
/// panics on a funcval grouped by the symbol table. Each case fails or
/// links as listed, with the linker's first line.
#[test]
fn external_links_and_pies_under_another_header() {
    // (release, platform, flags, the real link fails)
    let cases: &[(&str, &str, &[&str], bool)] = &[
        ("1.27", "linux/amd64", &["-H", "darwin", "-linkmode=external"], true),
        ("1.27", "linux/amd64", &["-H", "windows", "-linkmode=external"], true),
        ("1.27", "linux/amd64", &["-H", "openbsd", "-linkmode=external"], true),
        ("1.27", "linux/amd64", &["-H", "freebsd", "-linkmode=external"], false),
        ("1.15", "freebsd/amd64", &["-H", "openbsd", "-buildmode=pie"], true),
        ("1.27", "windows/amd64", &["-H", "linux", "-linkmode=external"], true),
        ("1.15", "windows/amd64", &["-H", "linux", "-linkmode=external"], true),
        ("1.27", "windows/amd64", &["-H", "darwin", "-linkmode=external"], true),
        ("1.27", "darwin/amd64", &["-H", "linux", "-linkmode=external"], true),
        ("1.15", "darwin/amd64", &["-H", "openbsd", "-linkmode=external"], true),
        ("1.15", "linux/amd64", &["-H", "darwin", "-buildmode=pie"], true),
        ("1.15", "windows/amd64", &["-H", "darwin", "-buildmode=pie"], true),
        ("1.19", "linux/amd64", &["-H", "darwin", "-buildmode=pie"], false),
    ];
    assert_none_wrong(
        cases,
        "foreign-head-external",
        "external links and PIEs under another header",
        Judged::wrong_verdict_or_first_line,
    );
}

/// Objects compiled for windows reach their dynamic imports
/// (`runtime._VirtualAlloc`) with relocations the architecture's
/// `adddynrel` does not take under another header (amd64's `R_PCREL`
/// from go1.22, 386's `R_ADDR` from code, arm64's `R_ADDRARM64` and
/// `R_ARM64_PCREL_LDST64`; under darwin amd64's `R_ADDR` from code, as
/// solaris objects have them): an executable fails in `dodata`, a PIE in
/// relocsym (but on openbsd), darwin/amd64 in `adddynrel`; go1.19's amd64
/// made a PLT entry of it and links. Each case fails or links as listed,
/// with the linker's first line.
#[test]
fn dynamic_imports_of_windows_objects_under_another_header() {
    // (release, platform, flags, the real link fails)
    let cases: &[(&str, &str, &[&str], bool)] = &[
        ("1.27", "windows/amd64", &["-H", "linux"], true),
        ("1.27", "windows/amd64", &["-H", "linux", "-buildmode=pie"], true),
        ("1.27", "windows/amd64", &["-H", "darwin"], true),
        ("1.27", "windows/amd64", &["-H", "openbsd"], true),
        ("1.27", "windows/amd64", &["-H", "openbsd", "-buildmode=pie"], false),
        ("1.22", "windows/amd64", &["-H", "freebsd", "-buildmode=pie"], true),
        ("1.19", "windows/amd64", &["-H", "linux"], false),
        ("1.27", "windows/386", &["-H", "linux"], true),
        ("1.19", "windows/386", &["-H", "freebsd", "-buildmode=pie"], true),
        ("1.27", "windows/arm64", &["-H", "linux"], true),
        ("1.19", "windows/arm64", &["-H", "netbsd"], true),
        // solaris's libc calls take their imports' addresses absolutely,
        // which darwin's adddynrel binds only in a PIE (a build mode
        // solaris objects cannot have).
        ("1.27", "solaris/amd64", &["-H", "darwin"], true),
        ("1.19", "solaris/amd64", &["-H", "darwin"], true),
    ];
    assert_none_wrong(
        cases,
        "dynimport-relocs",
        "dynamic imports under another header",
        Judged::wrong_verdict_or_first_line,
    );
}
