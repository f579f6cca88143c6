//! `gosym diff` against the toolchains: for pairs of toolchains and a few
//! std packages, the names diff reports added and removed are exactly the
//! set difference of each toolchain's own `go tool nm` of its archive
//! (defined, non-static symbols); every such name is in the ABI-level
//! lists; and a program referencing a symbol the newer std no longer
//! defines is named with its member; the JSON validates. Runs when the
//! toolchains are installed.

use crate::common;
use common::*;
use std::collections::BTreeSet;

fn nm_defined(v: &str, archive: &str) -> BTreeSet<String> {
    let o = go_cmd(v).args(["tool", "nm", archive]).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .filter_map(|l| {
            // "[file(member):\t]    addr C name" or "…         U name";
            // names may hold spaces.
            let l = l.split_once(":\t").map_or(l, |x| x.1);
            let rest = l.trim_start();
            let (first, after) = rest.split_once(' ')?;
            let (code, name) = if first.len() == 1 {
                (first, after)
            } else {
                after.split_once(' ')?
            };
            (code.len() == 1 && code != "U" && code.chars().all(|c| c.is_ascii_uppercase())).then(|| name.to_string())
        })
        .collect()
}

fn archive(v: &str, pkg: &str) -> String {
    let mut go = go_cmd(v);
    go.env("GO111MODULE", "off");
    list_export(go, &[pkg])
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix(&format!("packagefile {pkg}=")).map(str::to_string))
        .unwrap()
}

#[test]
fn diff_sets_are_go_tool_nm_set_differences() {
    let pairs = [("1.19", "1.22"), ("1.22", "1.27"), ("1.15", "1.27")];
    let pkgs = ["errors", "sort", "strings", "sync/atomic", "unicode/utf8"];
    let mut compared = 0;
    for (a, b) in pairs {
        if installed(&[a, b]).len() < 2 {
            continue;
        }
        let mut cmd = gosym_defaults();
        cmd.args(["diff", "--format", "json"])
            .arg(goroot(a).unwrap())
            .arg(goroot(b).unwrap());
        for p in pkgs {
            cmd.args(["--pkg", p]);
        }
        let (_, doc) = run_json(cmd);
        for p in pkgs {
            let (na, nb) = (nm_defined(a, &archive(a, p)), nm_defined(b, &archive(b, p)));
            let want_added: Vec<String> = nb.difference(&na).cloned().collect();
            let want_removed: Vec<String> = na.difference(&nb).cloned().collect();
            let entry = doc["diff"]["packages"]
                .as_array()
                .unwrap()
                .iter()
                .find(|x| x["package"] == p);
            let list = |k: &str| -> Vec<String> {
                entry.map_or(Vec::new(), |e| {
                    e[k].as_array()
                        .unwrap()
                        .iter()
                        .map(|s| s.as_str().unwrap().to_string())
                        .collect()
                })
            };
            assert_eq!(list("names_added"), want_added, "go{a} -> go{b} {p}: added");
            assert_eq!(list("names_removed"), want_removed, "go{a} -> go{b} {p}: removed");
            if let Some(e) = entry {
                let abi_added: BTreeSet<&str> = e["added"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|s| s["name"].as_str().unwrap())
                    .collect();
                assert!(want_added.iter().all(|n| abi_added.contains(n.as_str())));
            }
            compared += 1;
        }
    }
    println!("diff: {compared} package pairs equal go tool nm's set differences");
}

/// A go1.19 program that pulls runtime.tickspersecond with go:linkname
/// (gone by go1.27): diff go1.19 go1.27 with the program names the
/// reference, its file and member (tests/oracle.rs's `linkname to removed
/// runtime.tickspersecond` case has the real linkers refuse it).
#[test]
fn diff_names_the_references_the_newer_std_breaks() {
    if installed(&["1.19", "1.27"]).len() < 2 {
        return;
    }
    let (_s, _ic, main) = linkname_removed_program("1.19", "stddiff-refs");
    // The toolchains, then the built-in releases (no go on PATH).
    let sides = [
        (
            goroot("1.19").unwrap().into_os_string(),
            goroot("1.27").unwrap().into_os_string(),
        ),
        ("1.19".into(), "1.27".into()),
    ];
    for (a, b) in sides {
        let mut c = gosym_defaults();
        c.env("PATH", path_without_go())
            .args(["diff", "--format", "json", "--pkg", "runtime"])
            .arg(&a)
            .arg(&b)
            .arg(&main);
        let (code, doc) = run_json(c);
        assert_eq!(code, Some(1), "{a:?} {b:?}: a broken reference is exit 1");
        let broken = doc["diff"]["broken"].as_array().unwrap();
        assert!(
            broken.iter().any(|b| b["symbol"] == "runtime.tickspersecond"
                && b["member"] == "_go_.o"
                && b["package"] == "runtime"),
            "{a:?} {b:?}: {broken:?}"
        );
    }
}

/// Names an archive defines only as content-addressed (hashed)
/// definitions: what the std stubs leave out.
fn content_addressed_only(archive: &str) -> BTreeSet<String> {
    let src = gosym::input::Source::open(std::path::Path::new(archive), Default::default()).unwrap();
    let view = gosym::model::file::FileView::parse(&src).unwrap();
    let (mut hashed, mut named) = (BTreeSet::new(), BTreeSet::new());
    for (_, o) in view.go_objects() {
        for i in 0..o.ndef() {
            let s = o.sym(i).unwrap();
            let name = String::from_utf8_lossy(s.name).into_owned();
            if o.hashed_defs().contains(&i) {
                hashed.insert(name);
            } else {
                named.insert(name);
            }
        }
    }
    hashed.difference(&named).cloned().collect()
}

/// `diff` of two built-in releases (no toolchain used): per package, the
/// names added and removed are the set differences of each toolchain's
/// own `go tool nm` of its archive once the content-addressed names are
/// left out, and the output says they are.
#[test]
fn built_in_release_diffs_are_go_tool_nm_less_content_addressed_names() {
    let pairs = [("1.22", "1.23"), ("1.19", "1.27"), ("1.15", "1.24")];
    let pkgs = ["errors", "sort", "strings", "sync/atomic", "unicode/utf8", "runtime"];
    let mut compared = 0;
    for (a, b) in pairs {
        if installed(&[a, b]).len() < 2 {
            continue;
        }
        let mut cmd = gosym_defaults();
        cmd.env("PATH", path_without_go())
            .args(["diff", "--format", "json", a, b]);
        for p in pkgs {
            cmd.args(["--pkg", p]);
        }
        let (code, doc) = run_json(cmd);
        assert_eq!(code, Some(0));
        assert_eq!(doc["diff"]["stubs"], true);
        for p in pkgs {
            let (fa, fb) = (archive(a, p), archive(b, p));
            let na: BTreeSet<String> = nm_defined(a, &fa)
                .difference(&content_addressed_only(&fa))
                .cloned()
                .collect();
            let nb: BTreeSet<String> = nm_defined(b, &fb)
                .difference(&content_addressed_only(&fb))
                .cloned()
                .collect();
            let entry = doc["diff"]["packages"]
                .as_array()
                .unwrap()
                .iter()
                .find(|x| x["package"] == p);
            let list = |k: &str| -> BTreeSet<String> {
                entry.map_or(BTreeSet::new(), |e| {
                    e[k].as_array()
                        .unwrap()
                        .iter()
                        .map(|s| s.as_str().unwrap().to_string())
                        .collect()
                })
            };
            assert_eq!(list("names_added"), &nb - &na, "go{a} -> go{b} {p}: added");
            assert_eq!(list("names_removed"), &na - &nb, "go{a} -> go{b} {p}: removed");
            compared += 1;
        }
    }
    println!(
        "diff of built-in releases: {compared} package pairs equal go tool nm's set differences less content-addressed names"
    );
}
