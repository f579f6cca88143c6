//! Every exit status the README and doc/ document, per command, on real fixtures
//! (and copies made unreadable or empty at test time).

use crate::common;
use common::*;

fn code(args: &[&str]) -> i32 {
    gosym()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("PATH", "")
        .args(args)
        .output()
        .unwrap()
        .status
        .code()
        .unwrap()
}

#[test]
fn exit_statuses_follow_the_readme() {
    let s = Scratch::new("exit");
    let empty = s.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let notes = s.path().join("notes.txt");
    std::fs::write(&notes, "not an archive\n").unwrap();
    // A Go executable without a symbol table (as `strip` leaves it, made by
    // cutting the .symtab type: a copy whose section headers are dropped).
    let stripped = s.path().join("stripped");
    let mut exe = std::fs::read(testdata().join("elf/hello1.27")).unwrap();
    // e_shoff = 0, e_shnum = 0: no sections, hence no symbols.
    exe[0x28..0x30].fill(0);
    exe[0x3c..0x3e].fill(0);
    std::fs::write(&stripped, exe).unwrap();
    let (empty, notes, stripped) = (
        empty.to_str().unwrap(),
        notes.to_str().unwrap(),
        stripped.to_str().unwrap(),
    );
    let cases: &[(&[&str], i32)] = &[
        (&["nm", "testdata/go1.22/plain.a"], 0),
        (&["nm", empty], 2),
        (&["nm", "/nonexistent/x.a"], 2),
        (&["nm", stripped], 1),
        (&["nm", "-D", "testdata/elf/weak.o"], 0),
        (&["nm", "-D", "testdata/elf/cshared1.27.so"], 0),
        (&["info", "testdata/go1.22/plain.a"], 0),
        (&["info", empty], 2),
        (&["info", "--version-m", "testdata/elf/hello1.27"], 0),
        (&["info", "--version-m", "testdata/elf/weak.o"], 1),
        (&["relocs", "testdata/elf/weak.o"], 0),
        (&["relocs", empty], 2),
        (&["check", "testdata/go1.27/plain.a", "testdata/go1.27/generic.a"], 0),
        (
            &[
                "check",
                "testdata/go1.22/mainpkg.a",
                "testdata/go1.22/plain.a",
                "testdata/go1.21/dotted.v2.a",
            ],
            1,
        ),
        (&["check", "/nonexistent/x.a"], 2),
        (&["check", notes], 2),
        (&["check", empty], 2),
        (&["check"], 2),
    ];
    let mut wrong = Vec::new();
    for (args, want) in cases {
        let got = code(args);
        if got != *want {
            wrong.push(format!("gosym {}: exit {got}, want {want}", args.join(" ")));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
