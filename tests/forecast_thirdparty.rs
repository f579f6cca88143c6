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
use std::path::{Path, PathBuf};

const APP: &str = r#"package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"golang.org/x/sys/unix"
)

func main() {
	var n int
	cmd := &cobra.Command{
		Use: "app",
		RunE: func(cmd *cobra.Command, args []string) error {
			fmt.Println(unix.Getpid(), n, pflag.NArg())
			return nil
		},
	}
	cmd.Flags().IntVarP(&n, "n", "n", 1, "a number")
	if err := cmd.Execute(); err != nil {
		os.Exit(1)
	}
}
"#;

const GOCODE: &str = "/usr/share/gocode";

/// Builds the app with go`v` in GOPATH mode; returns (importcfg, main archive).
fn build(v: &str, gopath: &Path, dir: &Path) -> (PathBuf, PathBuf) {
    let mut go = go_cmd(v);
    go.env("GO111MODULE", "off")
        .env("GOPATH", format!("{}:{GOCODE}", gopath.display()));
    let cfg = list_export(go, &["app"]).unwrap_or_else(|e| panic!("go{v} build: {e}"));
    let main = cfg
        .lines()
        .find_map(|l| l.strip_prefix("packagefile app="))
        .expect("main archive")
        .to_string();
    let ic = dir.join(format!("importcfg-{v}"));
    std::fs::write(&ic, &cfg).unwrap();
    (ic, PathBuf::from(main))
}

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
    let targets = ["1.23", "1.24", "1.27"];
    let all: Vec<&'static str> = producers.iter().chain(targets.iter()).copied().collect();
    if installed(&all).len() < all.len() {
        return;
    }
    if !Path::new(GOCODE).join("src/github.com/spf13/cobra").is_dir() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have the Debian Go source packages"
        );
        println!("golang-github-spf13-cobra-dev not installed: skipped");
        return;
    }
    let s = Scratch::new("thirdparty");
    let gopath = s.path().join("gopath");
    std::fs::create_dir_all(gopath.join("src/app")).unwrap();
    std::fs::write(gopath.join("src/app/main.go"), APP).unwrap();
    let mut cases = 0;
    for y in targets {
        let (yic, ymain) = build(y, &gopath, s.path());
        assert!(links(y, &yic, &ymain, s.path()), "go{y} links its own build");
        let own = check(y, &yic, &ymain);
        assert_eq!(own["ok"], true, "go{y}'s own build: {own:#}");
        for x in producers {
            let (xic, xmain) = build(x, &gopath, s.path());
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
