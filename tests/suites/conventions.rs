//! Command-line conventions: shell completions, the man page, `--version`
//! with the supported Go range, and Go's flag rule that the last of `-n`
//! and `-sort` wins (as `go tool nm` parses them).

use crate::common;
use common::*;

fn stdout(args: &[&str]) -> String {
    let o = gosym()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "gosym {}: {}",
        args.join(" "),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

#[test]
fn completions_for_every_shell_and_a_man_page() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let s = stdout(&["completion", shell]);
        assert!(
            s.contains("gosym") && s.contains("check") && s.contains("relocs"),
            "{shell}"
        );
    }
    let man = stdout(&["man"]);
    assert!(man.contains(".TH gosym 1"), "{}", &man[..man.len().min(200)]);
    assert!(man.contains("check"));
}

#[test]
fn version_names_the_go_range() {
    let v = stdout(&["--version"]);
    assert!(v.starts_with(&format!("gosym {}", env!("CARGO_PKG_VERSION"))), "{v}");
    assert!(v.contains("go1.15") && v.contains("go1.27"), "{v}");
    assert!(
        v.contains("refused (another object layout, never verified): go1.16, go1.17"),
        "{v}"
    );
    let verified = v.lines().find(|l| l.starts_with("verified (")).unwrap_or_default();
    for r in [
        "go1.15", "go1.19", "go1.21", "go1.22", "go1.23", "go1.24", "go1.25", "go1.26", "go1.27",
    ] {
        assert!(verified.contains(r), "{r} not verified: {v}");
    }
    let inferred = v.lines().find(|l| l.starts_with("inferred (")).unwrap_or_default();
    assert!(
        inferred.contains("go1.18 (as go1.19), go1.20 (as go1.21), go1.28 and later (as go1.27)"),
        "{v}"
    );
    // A release hidden from the built-in tables (the tests' switch) is
    // what gosym would make of a release it was not built with.
    let hidden = String::from_utf8(
        gosym()
            .env("GOSYM_HIDE_BUILTIN", "25")
            .arg("--version")
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(
        hidden.contains("go1.25 (as go1.24)")
            && !hidden
                .lines()
                .any(|l| l.starts_with("verified (") && l.contains("go1.25")),
        "{hidden}"
    );
}

#[test]
fn the_last_of_n_and_sort_wins() {
    let f = "testdata/go1.22/plain.a";
    let by_size = stdout(&["nm", "-sort=size", f]);
    let by_addr = stdout(&["nm", "-sort=address", f]);
    assert_ne!(by_size, by_addr);
    assert_eq!(stdout(&["nm", "-n", "-sort=size", f]), by_size);
    assert_eq!(stdout(&["nm", "-sort=size", "-n", f]), by_addr);
    assert_eq!(stdout(&["nm", "-n", f]), by_addr);
    // The toolchain agrees, where it is installed.
    if let Some(g) = goroot("1.22") {
        for args in [&["-n", "-sort=size"][..], &["-sort=size", "-n"]] {
            let go = std::process::Command::new(g.join("bin/go"))
                .current_dir(env!("CARGO_MANIFEST_DIR"))
                .env("GOTOOLCHAIN", "local")
                .args(["tool", "nm"])
                .args(args)
                .arg(f)
                .output()
                .unwrap();
            let mut ours = vec!["nm"];
            ours.extend_from_slice(args);
            ours.push(f);
            assert_eq!(String::from_utf8(go.stdout).unwrap(), stdout(&ours), "{args:?}");
        }
    }
}
