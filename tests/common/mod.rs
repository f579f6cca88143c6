//! Shared helpers for the integration tests: the built binary, the fixture
//! directories, and the installed toolchains.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The `gosym` binary under test.
pub fn gosym() -> Command {
    Command::new(env!("CARGO_BIN_EXE_gosym"))
}

/// `gosym` at the toolchains' default settings: no GOAMD64-style level or
/// GOEXPERIMENT from the environment running the tests (the wanted header
/// is then the toolchain's default one, as the cases are built).
pub fn gosym_defaults() -> Command {
    let mut c = gosym();
    c.env_remove("GOAMD64").env_remove("GOEXPERIMENT");
    c
}

/// Runs gosym with `args` in `dir`.
pub fn run_in(dir: &Path, args: &[&str]) -> Output {
    gosym().current_dir(dir).args(args).output().expect("run gosym")
}

/// `testdata/`.
pub fn testdata() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata")
}

/// The eight toolchains gosym is verified against.
pub const VERSIONS: [&str; 9] = ["1.15", "1.19", "1.21", "1.22", "1.23", "1.24", "1.25", "1.26", "1.27"];

/// Fixture directories `testdata/go1.NN` (all must exist).
pub fn fixture_dirs() -> Vec<(String, PathBuf)> {
    VERSIONS
        .iter()
        .map(|v| {
            let d = testdata().join(format!("go{v}"));
            assert!(d.is_dir(), "missing fixture directory {}", d.display());
            (v.to_string(), d)
        })
        .collect()
}

/// Fixture inputs of a directory (archives and objects), sorted.
pub fn fixture_files(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".a") || n.ends_with(".o"))
        .collect();
    v.sort();
    v
}

/// GOROOT of an installed toolchain, if present. `GOSYM_TOOLCHAINS=none`
/// hides them all: the fixture tier alone, as on a machine without Go.
pub fn goroot(v: &str) -> Option<PathBuf> {
    let hidden = std::env::var_os("GOSYM_TOOLCHAINS").is_some_and(|t| t == "none");
    let p = PathBuf::from(format!("/usr/lib/go-{v}"));
    let found = (!hidden && p.join("bin/go").is_file()).then_some(p);
    if found.is_none() {
        say_skipped(v, hidden);
    }
    found
}

/// One line per test binary (suite) when it lacks a toolchain, written
/// past the test harness's output capture so that it shows.
fn say_skipped(v: &str, hidden: bool) {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        use std::io::Write;
        let why = if hidden {
            "GOSYM_TOOLCHAINS=none".to_string()
        } else {
            format!("go{v} not installed")
        };
        let _ = writeln!(
            std::io::stderr(),
            "    (toolchain-backed tests of this suite skip: {why}; scripts/install-go-toolchains.sh installs \
             the toolchains, .ci/run does in CI)"
        );
    });
}

/// The installed ones of `versions`. Outside CI a missing toolchain only
/// narrows the test (none installed: it passes without checking); CI must
/// have every one.
pub fn installed(versions: &[&'static str]) -> Vec<&'static str> {
    let (have, missing): (Vec<&str>, Vec<&str>) = versions.iter().partition(|v| goroot(v).is_some());
    if !missing.is_empty() {
        println!("toolchains missing: {missing:?}");
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have every toolchain installed"
        );
    }
    have
}

/// A corrupted copy of a real archive: the first sized relocation of the
/// first defined symbol whose name `pick` accepts is moved to the end of
/// that symbol's data, so that it lies outside it. Returns the bytes, the
/// relocation record's byte offset and the symbol's data length.
pub fn reloc_moved_outside(bytes: &[u8], pick: impl Fn(&[u8]) -> bool) -> (Vec<u8>, u64, usize) {
    let src = gosym::input::Source::from_bytes("x.a", bytes.to_vec());
    let v = gosym::model::file::FileView::parse(&src).unwrap();
    let (u, o) = v.go_objects().next().unwrap();
    for i in (0..o.ndef()).filter(|&i| pick(o.sym(i).unwrap().name)) {
        let len = o.data(i).unwrap().len();
        if let Some(j) = o.reloc_range(i).unwrap().find(|&j| o.reloc(j).unwrap().siz > 0) {
            let at = u.offset + o.reloc_record_offset(j);
            let mut b = bytes.to_vec();
            b[at as usize..at as usize + 4].copy_from_slice(&(len as i32).to_le_bytes());
            return (b, at, len);
        }
    }
    panic!("no picked symbol with a sized relocation");
}

/// Shows the first differing line of two outputs.
pub fn first_diff(a: &[u8], b: &[u8]) -> String {
    let (a, b) = (String::from_utf8_lossy(a), String::from_utf8_lossy(b));
    for (i, (x, y)) in a.lines().zip(b.lines()).enumerate() {
        if x != y {
            return format!("line {}:\n  want: {x}\n  got:  {y}", i + 1);
        }
    }
    format!(
        "line counts differ: want {} got {}",
        a.lines().count(),
        b.lines().count()
    )
}

/// Where the tests keep what the toolchains build (GOCACHE, GOPATH per
/// release): `$GOSYM_CACHE` or `~/.cache/gosym`, shared between runs.
pub fn cache_dir() -> PathBuf {
    std::env::var_os("GOSYM_CACHE")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(std::env::var("HOME").unwrap_or_else(|_| "/root".into())).join(".cache/gosym"))
}

/// The `go` command of toolchain go`v`, isolated from the environment:
/// its own GOCACHE and GOPATH under [`cache_dir`], no toolchain switching,
/// no cgo.
pub fn go_cmd(v: &str) -> Command {
    let mut c = Command::new(goroot(v).expect("toolchain installed").join("bin/go"));
    c.env("GOTOOLCHAIN", "local")
        .env("GOFLAGS", "")
        .env("CGO_ENABLED", "0")
        .env_remove("GOAMD64")
        .env_remove("GOEXPERIMENT")
        .env_remove("GOROOT")
        .env("GOCACHE", cache_dir().join(format!("gocache-{v}")))
        .env("GOPATH", cache_dir().join(format!("gopath-{v}")));
    c
}

/// A tool of go`v` (`compile`, `asm`, `link`, …), in the environment the
/// std archives were built in (no GOAMD64/GOEXPERIMENT, no cgo).
pub fn tool(v: &str, name: &str) -> Command {
    let mut c = Command::new(
        goroot(v)
            .expect("toolchain installed")
            .join(format!("pkg/tool/linux_amd64/{name}")),
    );
    c.env_remove("GOAMD64")
        .env_remove("GOEXPERIMENT")
        .env("CGO_ENABLED", "0");
    c
}

/// `go list -export -deps` of `pkgs` with the command `go` (a
/// [`go_cmd`] with whatever environment the caller set), as importcfg
/// `packagefile` lines; `Err` is the go command's error output.
pub fn list_export(mut go: Command, pkgs: &[&str]) -> Result<String, String> {
    let o = go
        .args([
            "list",
            "-export",
            "-deps",
            "-f",
            "{{if .Export}}packagefile {{.ImportPath}}={{.Export}}{{end}}",
        ])
        .args(pkgs)
        .output()
        .unwrap();
    if o.status.success() {
        Ok(String::from_utf8(o.stdout).unwrap())
    } else {
        Err(String::from_utf8_lossy(&o.stderr).into_owned())
    }
}

/// The real linker's line, normalised: the timestamp of go1.15/1.19's
/// `log.Fatalf`, the `<tool path>/link: `, `link: ` and `panic: ` prefixes
/// removed.
pub fn normalise_linker_line(l: &str) -> String {
    let mut s = l;
    let b = s.as_bytes();
    if b.len() > 20 && b[4] == b'/' && b[7] == b'/' && b[10] == b' ' && b[13] == b':' {
        s = &s[20..];
    }
    if let Some(rest) = s.split_once("/pkg/tool/linux_amd64/link: ").map(|x| x.1) {
        s = rest;
    }
    s = s.strip_prefix("link: ").unwrap_or(s);
    s = s.strip_prefix("panic: ").unwrap_or(s);
    s.to_string()
}

/// `packagefile` lines for `pkgs` and their dependencies, as go`v` builds
/// them (`go list -export -deps`), run in a scratch module.
pub fn std_importcfg(v: &str, pkgs: &[&str]) -> String {
    let m = Scratch::new(&format!("stdcfg-{v}"));
    std::fs::write(m.path().join("go.mod"), format!("module x\n\ngo {v}\n")).unwrap();
    let mut go = go_cmd(v);
    go.current_dir(m.path());
    let o = list_export(go, pkgs);
    o.unwrap_or_else(|e| panic!("go{v} list: {e}"))
}

/// A scratch directory removed when dropped (also when an assertion fails).
pub struct Scratch(PathBuf);

impl Scratch {
    /// A new, empty directory named after `tag`.
    pub fn new(tag: &str) -> Scratch {
        static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let p = std::env::temp_dir().join(format!("gosym-{tag}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        Scratch(p)
    }

    /// Its path.
    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// `gosym check EXTRA… --format json --goroot G -importcfg IC MAIN` with
/// the command `g` (a [`gosym`] the caller may have given a directory or
/// environment): the report of target `v`.
pub fn check_report(g: Command, v: &str, importcfg: &Path, main: &Path, extra: &[String]) -> serde_json::Value {
    let target = [
        "--goroot".into(),
        goroot(v).expect("toolchain installed").into_os_string(),
    ];
    check_report_for(g, &target, importcfg, main, extra)
}

/// [`check_report`] with the target given by `target` (`--goroot DIR`,
/// `--go 1.N`).
pub fn check_report_for(
    mut g: Command,
    target: &[std::ffi::OsString],
    importcfg: &Path,
    main: &Path,
    extra: &[String],
) -> serde_json::Value {
    let o = g
        .arg("check")
        .args(extra)
        .args(["--format", "json"])
        .args(target)
        .arg("-importcfg")
        .arg(importcfg)
        .arg(main)
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("gosym output: {e}\n{}", String::from_utf8_lossy(&o.stderr)));
    doc["reports"][0].clone()
}

/// Panics unless `doc` validates against schema/gosym.schema.json.
pub fn assert_schema_valid(doc: &serde_json::Value) {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/gosym.schema.json")).unwrap();
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert!(
        jsonschema::validator_for(&schema).unwrap().is_valid(doc),
        "JSON does not validate against the schema: {doc:#}"
    );
}

/// The message of the finding the linker would print first on stderr (its
/// stdout logs are not error lines), or "" when there is none.
pub fn first_error_message(report: &serde_json::Value) -> String {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["linker_order"].is_u64() && f["reporter"] != "stdout")
        .min_by_key(|f| f["linker_order"].as_u64())
        .map(|f| f["message"].as_str().unwrap().to_string())
        .unwrap_or_default()
}

/// The `skipped` notes of a check report.
pub fn skipped_notes(report: &serde_json::Value) -> Vec<String> {
    report["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

/// Whether Debian's Go source packages (cobra, pflag, x/sys) are
/// installed under [`GOCODE`]; CI must have them.
pub fn have_gocode() -> bool {
    if Path::new(GOCODE).join("src/github.com/spf13/cobra").is_dir() {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI must have the Debian Go source packages"
    );
    println!("golang-github-spf13-cobra-dev not installed: skipped");
    false
}

/// Runs `c` and panics with `what` and its error output unless it
/// succeeds; returns its output.
pub fn run_ok(mut c: impl std::borrow::BorrowMut<Command>, what: &str) -> Output {
    let o = c.borrow_mut().output().unwrap_or_else(|e| panic!("{what}: {e}"));
    assert!(o.status.success(), "{what}: {}", String::from_utf8_lossy(&o.stderr));
    o
}

/// Runs gosym command `c` (with `--format json`) and returns its exit
/// status and its JSON document, validated against the schema.
pub fn run_json(mut c: Command) -> (Option<i32>, serde_json::Value) {
    let o = c.output().unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{c:?} output: {e}\n{}", String::from_utf8_lossy(&o.stderr)));
    assert_schema_valid(&doc);
    (o.status.code(), doc)
}

/// Compiles `dir/main.go` as package main with go`v`'s compiler and
/// `importcfg`; returns the archive `dir/NAME`.
pub fn compile_main(v: &str, dir: &Path, importcfg: &Path, name: &str) -> PathBuf {
    let out = dir.join(name);
    let mut c = tool(v, "compile");
    c.current_dir(dir)
        .args(["-p", "main", "-pack", "-o"])
        .arg(&out)
        .arg("-importcfg")
        .arg(importcfg)
        .arg("main.go");
    run_ok(c, &format!("go{v} compile {}", out.display()));
    out
}

/// A program that pulls runtime.tickspersecond with go:linkname: defined
/// by go1.19's runtime, gone by go1.27's (the oracle's, diff's and
/// explain's removed-symbol case).
pub const LINKNAME_REMOVED_MAIN: &str = "package main\n\nimport _ \"unsafe\"\n\n//go:linkname tickspersecond runtime.tickspersecond\nfunc tickspersecond() int64\n\nfunc main() { println(tickspersecond()) }\n";

/// The program of [`LINKNAME_REMOVED_MAIN`] compiled by go`v` in a scratch
/// directory named `name`: the directory, the importcfg (go`v`'s runtime)
/// and the main archive.
pub fn linkname_removed_program(v: &str, name: &str) -> (Scratch, PathBuf, PathBuf) {
    let s = Scratch::new(name);
    std::fs::write(s.path().join("main.go"), LINKNAME_REMOVED_MAIN).unwrap();
    let ic = s.path().join("ic");
    std::fs::write(&ic, std_importcfg(v, &["runtime"])).unwrap();
    let main = compile_main(v, s.path(), &ic, "main.a");
    (s, ic, main)
}

/// A scratch module holding a hello-world program (the cross-built
/// executables of the Mach-O and PE/wasm suites).
pub fn hello_module(name: &str) -> Scratch {
    let s = Scratch::new(name);
    std::fs::write(s.path().join("go.mod"), "module example.com/hello\n\ngo 1.21\n").unwrap();
    std::fs::write(
        s.path().join("main.go"),
        "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"hello\") }\n",
    )
    .unwrap();
    s
}

/// Builds the module in `s` with go`v` for `goos`/`goarch`; returns the
/// executable.
pub fn cross_build(v: &str, s: &Scratch, goos: &str, goarch: &str) -> PathBuf {
    let exe = s.path().join(format!("hello-{v}-{goos}-{goarch}"));
    let mut c = go_cmd(v);
    c.current_dir(s.path())
        .env("GOOS", goos)
        .env("GOARCH", goarch)
        .args(["build", "-o"])
        .arg(&exe)
        .arg(".");
    run_ok(c, &format!("go{v} build {goos}/{goarch}"));
    exe
}

/// Asserts that `gosym nm FLAGS EXE` prints what go`lister`'s `go tool nm
/// FLAGS EXE` prints; with `as_lister`, gosym is told to list as go`lister`
/// (`--as`) rather than as the producer. `what` names the case.
pub fn assert_nm_matches(lister: &str, exe: &Path, flags: &[&str], as_lister: bool, what: &str) {
    let want = go_cmd(lister)
        .args(["tool", "nm"])
        .args(flags)
        .arg(exe)
        .output()
        .unwrap();
    let mut cmd = gosym();
    cmd.arg("nm").args(flags);
    if as_lister {
        cmd.arg(format!("--as=go{lister}"));
    }
    let got = run_ok(cmd.arg(exe), what);
    assert!(
        want.stdout == got.stdout,
        "{what} nm {flags:?}: {}",
        first_diff(&want.stdout, &got.stdout)
    );
}

/// Asserts that `gosym info --version-m EXE` prints what go`v`'s `go
/// version -m EXE` prints, which is not empty.
pub fn assert_version_m_matches(v: &str, exe: &Path, what: &str) {
    let want = go_cmd(v).args(["version", "-m"]).arg(exe).output().unwrap();
    let got = gosym().args(["info", "--version-m"]).arg(exe).output().unwrap();
    assert!(!want.stdout.is_empty(), "{what}: go version -m printed nothing");
    assert_eq!(
        String::from_utf8_lossy(&want.stdout),
        String::from_utf8_lossy(&got.stdout),
        "{what} version -m"
    );
}

/// A program on real third-party code nobody here wrote: cobra, pflag and
/// golang.org/x/sys/unix from Debian's golang-*-dev source packages
/// (GOPATH mode, [`GOCODE`]).
pub const APP: &str = r#"package main

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

/// A program over std's larger packages (HTTP, TLS, JSON, reflection:
/// method liveness has work to do), buildable by every toolchain.
pub const STD_APP: &str = "package main\n\nimport (\n\t\"encoding/json\"\n\t\"fmt\"\n\t\"net/http\"\n\t\"os\"\n\t\"reflect\"\n)\n\nfunc main() {\n\tb, _ := json.Marshal(map[string]int{\"a\": 1})\n\tfmt.Println(string(b), reflect.TypeOf(http.Client{}).NumMethod())\n\tif len(os.Args) > 1 {\n\t\t_, _ = http.Get(os.Args[1])\n\t}\n}\n";

pub const GOCODE: &str = "/usr/share/gocode";

/// Builds the app ([`APP`]) with go`v` in GOPATH mode (cgo off, as every
/// toolchain test builds); returns (importcfg, main archive).
pub fn build_app(v: &str, gopath: &Path, dir: &Path) -> (PathBuf, PathBuf) {
    build_app_with(go_cmd(v), v, gopath, dir)
}

/// [`build_app`] with `go` (a [`go_cmd`] changed by the caller).
pub fn build_app_with(mut go: Command, v: &str, gopath: &Path, dir: &Path) -> (PathBuf, PathBuf) {
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

/// A scratch directory named `name` with a GOPATH holding the app
/// (package `app`, [`APP`]); returns both.
pub fn app_gopath(name: &str) -> (Scratch, PathBuf) {
    app_gopath_with(name, APP)
}

/// [`app_gopath`] with `source` as the app's main.go.
pub fn app_gopath_with(name: &str, source: &str) -> (Scratch, PathBuf) {
    let s = Scratch::new(name);
    let gopath = s.path().join("gopath");
    std::fs::create_dir_all(gopath.join("src/app")).unwrap();
    std::fs::write(gopath.join("src/app/main.go"), source).unwrap();
    (s, gopath)
}

/// The real linker's verdict and first line.
pub fn link_line(v: &str, ic: &Path, main: &Path, dir: &Path) -> (bool, String) {
    link_line_with(v, ic, main, dir, &[])
}

/// [`link_line`] with linker `flags` before the inputs.
pub fn link_line_with(v: &str, ic: &Path, main: &Path, dir: &Path, flags: &[String]) -> (bool, String) {
    let o = tool(v, "link")
        .args(flags)
        .arg("-importcfg")
        .arg(ic)
        .arg("-o")
        .arg(dir.join("a.out"))
        .arg(main)
        .output()
        .unwrap();
    let line = String::from_utf8_lossy(&o.stderr)
        .lines()
        .find(|l| !l.is_empty())
        .map(normalise_linker_line)
        .unwrap_or_default();
    (o.status.success(), line)
}

/// A module whose main package pulls runtime.gcount with go:linkname
/// (refused by go1.23+ linkers), in a scratch directory named `tag`.
pub fn gcount_module(tag: &str) -> Scratch {
    let s = Scratch::new(tag);
    std::fs::write(s.path().join("go.mod"), "module example.com/gcount\n\ngo 1.21\n").unwrap();
    std::fs::write(
        s.path().join("main.go"),
        "package main\n\nimport _ \"unsafe\"\n\n//go:linkname gcount runtime.gcount\nfunc gcount() int32\n\nfunc main() { println(gcount()) }\n",
    )
    .unwrap();
    s
}

/// A `$PATH` of this machine's `/usr/bin` and `/bin` without `go` (and
/// `gofmt`): for the checks that must find no toolchain on the path even
/// where Debian's golang-go puts `/usr/bin/go` there. `/usr/bin:/bin`
/// itself when neither has one; otherwise a directory of links to every
/// other command of both, kept in [`cache_dir`] (no directory per run in `/tmp`).
pub fn path_without_go() -> &'static str {
    static PATH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    PATH.get_or_init(|| {
        let dirs = ["/usr/bin", "/bin"];
        if !dirs.iter().any(|d| Path::new(d).join("go").exists()) {
            return dirs.join(":");
        }
        // Kept with the toolchains' caches and reused: a directory of links, made once.
        let out = cache_dir().join("path-without-go");
        std::fs::create_dir_all(&out).unwrap();
        for d in dirs {
            for e in std::fs::read_dir(d).unwrap().flatten() {
                let name = e.file_name();
                if name == "go" || name == "gofmt" || out.join(&name).exists() {
                    continue;
                }
                let _ = std::os::unix::fs::symlink(e.path(), out.join(&name));
            }
        }
        out.display().to_string()
    })
}
