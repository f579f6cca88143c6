//! Method liveness against the real linkers: programs whose only
//! undefined reference sits in a method (a go:linkname pull of a symbol
//! nothing defines), kept or pruned by the linker's dead-code pass
//! depending on how the program can call it: never (the type only
//! converted to an interface), through an interface call of the same or
//! of another signature, through reflection by a computed or a constant
//! name, an unexported method under reflection, an itab conversion, a
//! generic call. For every installed toolchain, gosym's verdict and first
//! line must be the linker's, and `explain` must say the method is in the
//! binary exactly when the linked binary's `go tool nm` lists it.

use crate::common;
use common::*;
use std::path::Path;

const HEAD: &str = "package main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n\t\"reflect\"\n\t_ \"unsafe\"\n)\n\n\
//go:linkname missing example.com/nowhere.missing\nfunc missing() int\n\n\
type T struct{ n int }\n\nfunc (t T) Foo() int { return missing() + t.n }\n\n\
func (t T) bar() int { return missing() - t.n }\n\n\
type Fooer interface{ Foo() int }\n\ntype Stringish interface{ Foo() string }\n\n\
var _ = reflect.TypeOf\nvar _ = os.Args\nvar _ = fmt.Sprint\n\n";

/// (name, main body, the oldest release that compiles it).
const CASES: &[(&str, &str, u32)] = &[
    (
        "converted, never called",
        "func main() { var x interface{} = T{1}; fmt.Println(x) }\n",
        15,
    ),
    (
        "called through an interface",
        "func main() { var x interface{} = T{1}; if f, ok := x.(Fooer); ok { fmt.Println(f.Foo()) } }\n",
        15,
    ),
    (
        "an interface call of another signature",
        "func main() { var x interface{} = T{1}; if f, ok := x.(Stringish); ok { fmt.Println(f.Foo()) } }\n",
        15,
    ),
    (
        "itab conversion, never called",
        "func main() { var f Fooer = T{1}; fmt.Println(f != nil) }\n",
        15,
    ),
    (
        "reflection by a computed name",
        "func main() { v := reflect.ValueOf(T{1}); m := v.MethodByName(os.Args[0]); fmt.Println(m.IsValid()) }\n",
        15,
    ),
    (
        "reflection by a constant name",
        "func main() { v := reflect.ValueOf(T{1}); m := v.MethodByName(\"Foo\"); fmt.Println(m.IsValid()) }\n",
        15,
    ),
    (
        "reflection, unexported method only",
        "type U struct{ n int }\n\nfunc (u U) baz() int { return missing() }\n\n\
func main() { v := reflect.ValueOf(U{1}); fmt.Println(v.NumMethod(), v.MethodByName(os.Args[0]).IsValid()) }\n",
        15,
    ),
    (
        "a generic call",
        "func call[F interface{ Foo() int }](f F) int { return f.Foo() }\n\nfunc main() { fmt.Println(call(T{1})) }\n",
        18,
    ),
    (
        "a method value",
        "func main() { f := T{1}.Foo; fmt.Println(f != nil) }\n",
        15,
    ),
];

/// Whether `go tool nm` of `exe` (by go`v`) lists `sym` as defined.
fn in_binary(v: &str, exe: &Path, sym: &str) -> bool {
    let o = go_cmd(v).args(["tool", "nm"]).arg(exe).output().unwrap();
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .any(|l| l.split_whitespace().nth(2) == Some(sym) && l.split_whitespace().nth(1) != Some("U"))
}

#[test]
fn method_liveness_matches_the_linker() {
    let have = installed(&VERSIONS);
    let (mut compared, mut linked) = (0, 0);
    for v in &have {
        let minor: u32 = v.trim_start_matches("1.").parse().unwrap();
        let s = Scratch::new(&format!("methods-{v}"));
        let ic = s.path().join("ic");
        std::fs::write(&ic, std_importcfg(v, &["fmt", "os", "reflect", "runtime"])).unwrap();
        for (k, (name, body, since)) in CASES.iter().enumerate() {
            if minor < *since {
                continue;
            }
            let dir = s.path().join(format!("c{k}"));
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(dir.join("main.go"), format!("{HEAD}{body}")).unwrap();
            let main = compile_main(v, &dir, &ic, "main.a");
            let (links, line) = link_line(v, &ic, &main, &dir);
            let exe = dir.join("a.out");
            let r = check_report(gosym_defaults(), v, &ic, &main, &[]);
            let first = first_error_message(&r);
            assert_eq!(r["ok"], links, "go{v} {name}: linker {line:?}, gosym {first:?}");
            if !links {
                assert_eq!(first, line, "go{v} {name}: first line");
            } else {
                // explain: in the binary exactly when go tool nm lists it.
                let mut c = gosym_defaults();
                c.args(["explain", "main.T.Foo", "--format", "json", "--goroot"])
                    .arg(goroot(v).unwrap())
                    .arg("-importcfg")
                    .arg(&ic)
                    .arg(&main);
                let (_, doc) = run_json(c);
                let kept = doc["explanations"][0]["explanation"]["kept"]
                    .as_str()
                    .unwrap_or("")
                    .to_string();
                let want = if in_binary(v, &exe, "main.T.Foo") { "yes" } else { "no" };
                assert_eq!(kept, want, "go{v} {name}: explain main.T.Foo");
            }
            compared += 1;
            linked += links as usize;
        }
    }
    println!(
        "method liveness: {compared} program/toolchain cases ({linked} link, {} fail), gosym's verdict and first line are the linker's",
        compared - linked
    );
}
