//! gosym's own text output, byte for byte: `check` diagnostics (text and
//! short), `info` tables, at fixed widths, on the fixtures the repository
//! ships, with no Go toolchain (empty PATH: the target is assumed). The
//! expected files are in testdata/golden-text/; `GOSYM_TESTDATA_UPDATE=1`
//! rewrites them. The samples marked `<!-- golden:NAME -->` in README.md
//! and doc/*.md must equal the golden file NAME, so the docs show what
//! gosym prints.

use crate::common;
use common::*;

/// (name, COLUMNS, arguments).
const CASES: &[(&str, &str, &[&str])] = &[
    (
        "check-headline-80",
        "80",
        &[
            "check",
            "testdata/go1.22/mainpkg.a",
            "testdata/go1.22/plain.a",
            "testdata/go1.21/dotted.v2.a",
        ],
    ),
    (
        "check-headline-120",
        "120",
        &[
            "check",
            "testdata/go1.22/mainpkg.a",
            "testdata/go1.22/plain.a",
            "testdata/go1.21/dotted.v2.a",
        ],
    ),
    (
        "check-short",
        "80",
        &[
            "check",
            "--format",
            "short",
            "testdata/go1.22/mainpkg.a",
            "testdata/go1.22/plain.a",
            "testdata/go1.21/dotted.v2.a",
        ],
    ),
    (
        "check-consistent",
        "80",
        &["check", "testdata/go1.27/plain.a", "testdata/go1.27/generic.a"],
    ),
    ("check-host-only", "80", &["check", "testdata/elf/weak.o"]),
    ("info-archive-80", "80", &["info", "testdata/go1.22/plain.a"]),
    ("info-mainpkg-80", "80", &["info", "testdata/go1.22/mainpkg.a"]),
    ("info-elf-80", "80", &["info", "testdata/elf/hello1.27"]),
];

fn run(columns: &str, args: &[&str]) -> String {
    let o = gosym()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("PATH", "")
        .env("COLUMNS", columns)
        .env_remove("NO_COLOR")
        .args(args)
        .output()
        .unwrap();
    String::from_utf8(o.stdout).unwrap()
}

#[test]
fn text_output_matches_the_golden_files() {
    let update = std::env::var_os("GOSYM_TESTDATA_UPDATE").is_some();
    let dir = testdata().join("golden-text");
    let mut failures = Vec::new();
    for (name, columns, args) in CASES {
        let got = run(columns, args);
        let width: usize = columns.parse().unwrap();
        let wrapped = !args.contains(&"short");
        if let Some(l) = got.lines().find(|l| wrapped && l.chars().count() > width) {
            failures.push(format!("{name}: a line is wider than {width} columns: {l}"));
        }
        let path = dir.join(format!("{name}.txt"));
        if update {
            std::fs::write(&path, &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&path).unwrap_or_default();
        if got != want {
            failures.push(format!(
                "{name} (gosym {}): {}",
                args.join(" "),
                first_diff(want.as_bytes(), got.as_bytes())
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{}\n(GOSYM_TESTDATA_UPDATE=1 rewrites the golden files)",
        failures.join("\n")
    );
}

#[test]
fn readme_samples_are_what_gosym_prints() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut pages = vec![root.join("README.md")];
    let mut docs: Vec<_> = std::fs::read_dir(root.join("doc"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    pages.extend(docs);
    let mut checked = 0;
    for page in &pages {
        let text = std::fs::read_to_string(page).unwrap();
        for part in text.split("<!-- golden:").skip(1) {
            let (name, rest) = part.split_once(" -->").unwrap();
            let block = rest
                .split_once("```")
                .and_then(|(_, b)| b.split_once('\n'))
                .map(|(_, b)| b)
                .unwrap();
            let block = &block[..block.find("```").unwrap()];
            // The block is `$ command` and the output.
            let output = block.split_once('\n').map(|(_, o)| o).unwrap_or("");
            let golden = std::fs::read_to_string(testdata().join("golden-text").join(format!("{name}.txt"))).unwrap();
            assert_eq!(
                output,
                golden,
                "{} sample {name} differs from testdata/golden-text/{name}.txt",
                page.display()
            );
            checked += 1;
        }
    }
    assert!(
        text_has_sample(&root.join("README.md")),
        "the README shows no golden sample"
    );
    assert!(checked >= 2, "only {checked} golden samples in README.md and doc/");
}

fn text_has_sample(p: &std::path::Path) -> bool {
    std::fs::read_to_string(p).unwrap().contains("<!-- golden:")
}

/// Colour (`--color always`, as on a terminal) changes no layout: with the
/// ANSI styles removed, the text is the golden text; and `NO_COLOR` or a
/// pipe give none.
#[test]
fn colour_changes_no_layout() {
    let args = [
        "testdata/go1.22/mainpkg.a",
        "testdata/go1.22/plain.a",
        "testdata/go1.21/dotted.v2.a",
    ];
    let mut a = vec!["check", "--color", "always"];
    a.extend_from_slice(&args);
    let coloured = run("80", &a);
    assert!(coloured.contains("\x1b["), "--color always colours");
    let mut plain = String::new();
    let mut in_seq = false;
    for c in coloured.chars() {
        match (in_seq, c) {
            (false, '\x1b') => in_seq = true,
            (true, 'm') => in_seq = false,
            (true, _) => {}
            (false, c) => plain.push(c),
        }
    }
    let golden = std::fs::read_to_string(testdata().join("golden-text/check-headline-80.txt")).unwrap();
    assert_eq!(plain, golden);
    let mut a = vec!["check"];
    a.extend_from_slice(&args);
    assert!(!run("80", &a).contains('\x1b'), "no colour into a pipe");
}
