//! The forecast on real third-party code nobody here wrote: a program
//! using cobra, pflag and golang.org/x/sys/unix from Debian's
//! golang-*-dev source packages (GOPATH mode), built by an older
//! toolchain X and checked against a newer Y. Y's real build of the same
//! program links, so the forecast ("what Y's linker would still report
//! after rebuilding with Y") must be empty; gosym's check of Y's own build
//! must say it links. Runs when the toolchains and the source packages
//! are installed (.ci/run installs both).

mod common;
use common::*;
use std::path::Path;

/// The real linker of go`v` links the program.
fn links(v: &str, ic: &Path, main: &Path, dir: &Path) -> bool {
    let o = tool(v, "link")
        .arg("-importcfg")
        .arg(ic)
        .arg("-o")
        .arg(dir.join(format!("app-{v}")))
        .arg(main)
        .output()
        .unwrap();
    o.status.success()
}

/// gosym's report for `main` against go`target`.
fn check(target: &str, ic: &Path, main: &Path) -> serde_json::Value {
    check_report(gosym(), target, ic, main, &[])
}

#[test]
fn forecast_is_silent_on_a_real_module_graph_the_target_links() {
    let producers = ["1.19", "1.21", "1.22"];
    let targets = ["1.23", "1.24", "1.25", "1.27"];
    let all: Vec<&'static str> = producers.iter().chain(targets.iter()).copied().collect();
    if installed(&all).len() < all.len() {
        return;
    }
    if !have_gocode() {
        return;
    }
    let (s, gopath) = app_gopath("thirdparty");
    let mut cases = 0;
    for y in targets {
        let (yic, ymain) = build_app(y, &gopath, s.path());
        assert!(links(y, &yic, &ymain, s.path()), "go{y} links its own build");
        let own = check(y, &yic, &ymain);
        assert_eq!(own["ok"], true, "go{y}'s own build: {own:#}");
        for x in producers {
            let (xic, xmain) = build_app(x, &gopath, s.path());
            for ic in [&xic, &yic] {
                let r = check(y, ic, &xmain);
                let notes: Vec<&str> = r["findings"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|f| f["category"] == "forecast")
                    .map(|f| f["message"].as_str().unwrap())
                    .collect();
                assert!(notes.is_empty(), "built by go{x}, target go{y}: {notes:?}");
                assert_eq!(r["ok"], false, "go{x} objects against go{y} fail the header check");
                cases += 1;
            }
        }
    }
    println!("third-party forecast: {cases} producer/target/importcfg cases, no forecast note, every target links");
}

/// `cfg` with `pkg`'s archive replaced by `file`.
fn with_archive(cfg: &str, pkg: &str, file: &str) -> String {
    cfg.lines()
        .map(|l| {
            if l.starts_with(&format!("packagefile {pkg}=")) {
                format!("packagefile {pkg}={file}")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

fn archive_of(cfg: &str, pkg: &str) -> String {
    cfg.lines()
        .find_map(|l| l.strip_prefix(&format!("packagefile {pkg}=")))
        .unwrap_or_else(|| panic!("{pkg} in importcfg"))
        .to_string()
}

/// The same real graph (cobra, pflag, x/sys) linked by go1.19, go1.22 and
/// go1.27 as built, with pflag from another toolchain (mixed versions),
/// and with pflag rebuilt after cobra from a changed copy (stale
/// dependency: the fingerprint cobra recorded no longer matches): gosym's
/// verdict and first line are the real linker's.
#[test]
fn stale_and_mixed_third_party_graphs_match_the_linker() {
    let linkers = installed(&["1.19", "1.22", "1.27"]);
    if linkers.len() < 2 || !Path::new(GOCODE).join("src/github.com/spf13/pflag").is_dir() {
        println!("toolchains or golang-github-spf13-pflag-dev missing: skipped");
        return;
    }
    let (s, gopath) = app_gopath("thirdparty-stale");
    // A changed pflag in a GOPATH of its own: one more exported function.
    let changed = s.path().join("changed");
    let pdir = changed.join("src/github.com/spf13/pflag");
    std::fs::create_dir_all(&pdir).unwrap();
    for e in std::fs::read_dir(Path::new(GOCODE).join("src/github.com/spf13/pflag")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "go") && !p.to_string_lossy().ends_with("_test.go") {
            std::fs::copy(&p, pdir.join(p.file_name().unwrap())).unwrap();
        }
    }
    std::fs::write(
        pdir.join("gosym_extra.go"),
        "package pflag\n\n// Extra changes the export data.\nfunc Extra() int { return 1 }\n",
    )
    .unwrap();
    let mut built = Vec::new();
    for v in &linkers {
        let (ic, main) = build_app(v, &gopath, s.path());
        let cfg = std::fs::read_to_string(&ic).unwrap();
        let mut go = go_cmd(v);
        go.env("GO111MODULE", "off")
            .env("GOPATH", format!("{}:{GOCODE}", changed.display()));
        let changed_cfg = list_export(go, &["github.com/spf13/pflag"]).unwrap();
        let changed_pflag = archive_of(&changed_cfg, "github.com/spf13/pflag");
        built.push((v.to_string(), cfg, main, changed_pflag));
    }
    let (mut cases, mut agree) = (0, 0);
    let mut wrong = Vec::new();
    for (i, (v, cfg, main, changed_pflag)) in built.iter().enumerate() {
        let (w, wcfg, _, _) = &built[(i + 1) % built.len()];
        let variants = [
            ("as built".to_string(), cfg.clone()),
            (
                format!("pflag from go{w}"),
                with_archive(
                    cfg,
                    "github.com/spf13/pflag",
                    &archive_of(wcfg, "github.com/spf13/pflag"),
                ),
            ),
            (
                "pflag rebuilt after cobra".to_string(),
                with_archive(cfg, "github.com/spf13/pflag", changed_pflag),
            ),
        ];
        for (name, text) in variants {
            let ic = s.path().join(format!("ic-{v}-{}", name.replace(' ', "_")));
            std::fs::write(&ic, text).unwrap();
            let (links, want) = link_line(v, &ic, main, s.path());
            let r = check(v, &ic, main);
            let ok = r["ok"].as_bool().unwrap();
            let got = first_error_message(&r);
            cases += 1;
            println!(
                "go{v} {name}: {}",
                if links {
                    "links".to_string()
                } else {
                    format!("fails: {}", want.lines().next().unwrap_or(""))
                }
            );
            let same = links == ok && (links || want == got || (want.ends_with(':') && got.starts_with(&want)));
            agree += same as usize;
            if !same {
                wrong.push(format!("go{v} {name}: linker {links} {want:?}; gosym {ok} {got:?}"));
            }
        }
    }
    println!("third-party stale/mixed: {agree} of {cases} agree with the real linker");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
