//! A target Go toolchain: where it lives, which release it is, the object
//! header its linker wants, and where its standard-library archives are.
//!
//! The wanted header is taken from the toolchain itself, not rebuilt from
//! rules: gosym compiles an empty package with the target's own compiler in
//! the current environment (GOOS, GOARCH, GOAMD64-style levels, GOEXPERIMENT),
//! which writes `objabi.HeaderString()`, the very line the linker compares.
//! Standard-library archives come from `pkg/GOOS_GOARCH` (go1.15, go1.19) or
//! from `go list -export std` run with the target's own `go` (go1.21+, which
//! ship none); that list is cached under `$GOSYM_CACHE` (default
//! `~/.cache/gosym`) keyed by GOROOT, version and environment.

use std::collections::BTreeMap;
pub mod archfacts;
pub mod builtin;
pub mod facts;
pub mod stdbundle;
pub mod stub;

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::input::Source;
use crate::model::file::FileView;
use crate::read::goobj::GoRelease;

/// Environment variables that shape the wanted header or the std build.
pub const ENV_KEYS: &[&str] = &[
    "GOOS",
    "GOARCH",
    "GOAMD64",
    "GOARM",
    "GOARM64",
    "GO386",
    "GOMIPS",
    "GOMIPS64",
    "GOPPC64",
    "GORISCV64",
    "GOWASM",
    "GOEXPERIMENT",
];

/// Why a toolchain could not be used as a target.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ToolchainError {
    /// The directory has no `bin/go`.
    NotAGoroot(PathBuf),
    /// Neither `VERSION` nor `go version` names a Go release.
    UnknownVersion {
        /// The GOROOT.
        goroot: PathBuf,
        /// What it says (empty when nothing).
        version: String,
    },
    /// A command of the toolchain could not run or failed.
    Command {
        /// What was run.
        what: String,
        /// Its error output or the OS error.
        detail: String,
    },
    /// A scratch file for the header probe could not be written.
    Scratch(String),
    /// `--go`: a release, or a patch release, whose facts are not built in.
    NotBuiltIn(String),
    /// A setting (`GOAMD64=v9`) the release refuses or gosym never probed.
    Setting(String),
    /// A built-in std bundle that does not decode.
    StdBundle(String),
}

impl std::fmt::Display for ToolchainError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ToolchainError::NotAGoroot(g) => write!(f, "{}: not a GOROOT (no bin/go)", g.display()),
            ToolchainError::UnknownVersion { goroot, version } if version.is_empty() => {
                write!(f, "{}: cannot tell the Go version", goroot.display())
            }
            ToolchainError::UnknownVersion { goroot, version } => {
                write!(f, "{}: unrecognised version {version:?}", goroot.display())
            }
            ToolchainError::Command { what, detail } => write!(f, "{what}: {detail}"),
            ToolchainError::Scratch(e) => write!(f, "writing the header probe: {e}"),
            ToolchainError::NotBuiltIn(m) | ToolchainError::Setting(m) | ToolchainError::StdBundle(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for ToolchainError {}

/// A target toolchain.
#[derive(Debug, Clone)]
pub struct Target {
    /// Its GOROOT.
    pub goroot: PathBuf,
    /// Version string (`go1.22.12`).
    pub version: String,
    /// Parsed release.
    pub release: GoRelease,
    /// The header line its linker wants (without the newline).
    pub wanted_header: String,
    /// GOOS the header names.
    pub goos: String,
    /// GOARCH the header names.
    pub goarch: String,
}

fn cache_root() -> PathBuf {
    if let Some(p) = std::env::var_os("GOSYM_CACHE") {
        return PathBuf::from(p);
    }
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_else(std::env::temp_dir);
    home.join(".cache/gosym")
}

fn env_key(goroot: &Path, version: &str) -> String {
    let mut s = format!("{}|{version}", goroot.display());
    // CGO_ENABLED changes the std build (net, os/user), not the header.
    for k in ENV_KEYS.iter().chain(&["CGO_ENABLED"]) {
        s.push('|');
        s.push_str(&std::env::var(k).unwrap_or_default());
    }
    cache_key(&s)
}

/// FNV-1a of `s`: a stable, dependency-free cache key.
fn cache_key(s: &str) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in s.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    format!("{h:016x}")
}

fn go_cmd(goroot: &Path) -> Command {
    let mut c = Command::new(goroot.join("bin/go"));
    c.env("GOTOOLCHAIN", "local").env("GOFLAGS", "").env_remove("GOROOT");
    c
}

/// `go env VAR` of the `go` on PATH (that toolchain itself, never one it
/// would switch to), if it runs and the value is not empty.
pub fn path_go_env(var: &str) -> Option<String> {
    let o = Command::new("go")
        .args(["env", var])
        .env("GOTOOLCHAIN", "local")
        .output()
        .ok()?;
    let v = String::from_utf8_lossy(&o.stdout).trim().to_string();
    (o.status.success() && !v.is_empty()).then_some(v)
}

impl Target {
    /// The toolchain of the `go` on PATH (`go env GOROOT`), if any.
    pub fn from_path() -> Option<PathBuf> {
        let p = PathBuf::from(path_go_env("GOROOT")?);
        p.join("bin/go").is_file().then_some(p)
    }

    /// Inspects the toolchain at `goroot`.
    pub fn discover(goroot: &Path) -> Result<Target, ToolchainError> {
        let go = goroot.join("bin/go");
        if !go.is_file() {
            return Err(ToolchainError::NotAGoroot(goroot.to_path_buf()));
        }
        let version = read_version(goroot)?;
        let release = GoRelease::parse(&version).ok_or_else(|| ToolchainError::UnknownVersion {
            goroot: goroot.to_path_buf(),
            version: version.clone(),
        })?;
        let key = env_key(goroot, &version);
        let cached = cache_root().join("targets").join(format!("{key}.header"));
        let wanted_header = match std::fs::read_to_string(&cached) {
            Ok(s) if s.starts_with("go object ") => s.trim_end_matches('\n').to_string(),
            _ => {
                let h = probe_header(goroot)?;
                if let Some(d) = cached.parent() {
                    let _ = std::fs::create_dir_all(d);
                    let _ = std::fs::write(&cached, format!("{h}\n"));
                }
                h
            }
        };
        let mut f = wanted_header.split(' ').skip(2);
        let goos = f.next().unwrap_or_default().to_string();
        let goarch = f.next().unwrap_or_default().to_string();
        Ok(Target {
            goroot: goroot.to_path_buf(),
            version,
            release,
            wanted_header,
            goos,
            goarch,
        })
    }

    /// The precompiled std of go1.15–1.19 (`pkg/GOOS_GOARCH`), if shipped.
    fn shipped_std(&self) -> Option<BTreeMap<String, PathBuf>> {
        let pkg = self.goroot.join(format!("pkg/{}_{}", self.goos, self.goarch));
        if self.release.minor <= 19 && pkg.is_dir() {
            let mut out = BTreeMap::new();
            walk_pkg(&pkg, &pkg, &mut out);
            return Some(out);
        }
        None
    }

    /// The cached std list, when it is still valid.
    fn cached_std(&self) -> Option<BTreeMap<String, PathBuf>> {
        let key = env_key(&self.goroot, &self.version);
        let cached = cache_root().join("targets").join(format!("{key}.std"));
        let m = parse_list(&std::fs::read_to_string(&cached).ok()?);
        (!m.is_empty() && m.values().all(|p| p.is_file())).then_some(m)
    }

    /// Where the std archives come from: GOROOT/pkg (up to go1.19),
    /// gosym's cache of an earlier `go list -export std`, or a build on
    /// first use.
    pub fn std_source(&self) -> String {
        if self.shipped_std().is_some() {
            format!("GOROOT/pkg/{}_{}", self.goos, self.goarch)
        } else if self.cached_std().is_some() {
            "go list -export std (cached by gosym)".into()
        } else {
            "go list -export std (built on first use)".into()
        }
    }

    /// Whether [`Target::std_archives`] must build the std first (a `go
    /// list -export std` run: tens of seconds the first time).
    pub fn std_needs_build(&self) -> bool {
        self.shipped_std().is_none() && self.cached_std().is_none()
    }

    /// Import path → archive of the target's standard library.
    pub fn std_archives(&self) -> Result<BTreeMap<String, PathBuf>, ToolchainError> {
        if let Some(m) = self.shipped_std().or_else(|| self.cached_std()) {
            return Ok(m);
        }
        let key = env_key(&self.goroot, &self.version);
        let cached = cache_root().join("targets").join(format!("{key}.std"));
        let out = go_cmd(&self.goroot)
            .args(["list", "-export", "-f", "{{.ImportPath}} {{.Export}}", "std"])
            .output()
            .map_err(|e| ToolchainError::Command {
                what: format!("running {}/bin/go", self.goroot.display()),
                detail: e.to_string(),
            })?;
        if !out.status.success() {
            return Err(ToolchainError::Command {
                what: format!("{}/bin/go list -export std", self.goroot.display()),
                detail: String::from_utf8_lossy(&out.stderr).trim().to_string(),
            });
        }
        let s = String::from_utf8_lossy(&out.stdout).into_owned();
        if let Some(d) = cached.parent() {
            let _ = std::fs::create_dir_all(d);
            let _ = std::fs::write(&cached, &s);
        }
        Ok(parse_list(&s))
    }
}

impl Target {
    /// The import paths of the target's standard library, from the
    /// package directories under `GOROOT/src` (what `go list std` lists:
    /// every directory with a non-test Go file, less `cmd`, `testdata`
    /// and `_`/`.` directories). No build, no `go` command.
    pub fn std_packages(&self) -> std::collections::BTreeSet<String> {
        let mut out = std::collections::BTreeSet::new();
        let src = self.goroot.join("src");
        let mut stack = vec![src.clone()];
        while let Some(dir) = stack.pop() {
            let Ok(rd) = std::fs::read_dir(&dir) else { continue };
            let mut has_go = false;
            for e in rd.filter_map(Result::ok) {
                let name = e.file_name().to_string_lossy().into_owned();
                let Ok(ft) = e.file_type() else { continue };
                if ft.is_dir() {
                    let skip = name == "testdata" || name.starts_with(['_', '.']) || (dir == src && name == "cmd");
                    if !skip {
                        stack.push(e.path());
                    }
                } else if name.ends_with(".go") && !name.ends_with("_test.go") {
                    has_go = true;
                }
            }
            if has_go
                && let Ok(rel) = dir.strip_prefix(&src)
                && !rel.as_os_str().is_empty()
            {
                out.insert(rel.to_string_lossy().into_owned());
            }
        }
        out
    }
}

fn parse_list(s: &str) -> BTreeMap<String, PathBuf> {
    s.lines()
        .filter_map(|l| l.split_once(' '))
        .filter(|(_, p)| !p.is_empty())
        .map(|(k, p)| (k.to_string(), PathBuf::from(p)))
        .collect()
}

fn walk_pkg(root: &Path, dir: &Path, out: &mut BTreeMap<String, PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    for e in rd.filter_map(Result::ok) {
        let p = e.path();
        if p.is_dir() {
            walk_pkg(root, &p, out);
        } else if p.extension().is_some_and(|x| x == "a")
            && let Ok(rel) = p.strip_prefix(root)
        {
            let s = rel.to_string_lossy();
            out.insert(s.trim_end_matches(".a").to_string(), p.clone());
        }
    }
}

fn read_version(goroot: &Path) -> Result<String, ToolchainError> {
    if let Ok(s) = std::fs::read_to_string(goroot.join("VERSION"))
        && let Some(l) = s
            .lines()
            .next()
            .filter(|l| l.starts_with("go1") || l.starts_with("devel"))
    {
        return Ok(l.trim().to_string());
    }
    let unknown = || ToolchainError::UnknownVersion {
        goroot: goroot.to_path_buf(),
        version: String::new(),
    };
    let out = go_cmd(goroot).arg("version").output().map_err(|_| unknown())?;
    let s = String::from_utf8_lossy(&out.stdout);
    s.split_whitespace().nth(2).map(str::to_string).ok_or_else(unknown)
}

/// The header go1.N at `goroot` wants for `goos`/`goarch` at default
/// settings (every other variable of [`ENV_KEYS`] unset), whatever this
/// process's environment says: what [`builtin`] records. Cached as
/// [`Target::discover`]'s probes are.
pub fn default_header(goroot: &Path, goos: &str, goarch: &str) -> Result<String, ToolchainError> {
    level_header(goroot, goos, goarch, None)
}

/// [`default_header`] with one architecture level set (`("GOAMD64",
/// "v3")`): the header go1.N wants then, or the compiler's refusal.
pub fn level_header(
    goroot: &Path,
    goos: &str,
    goarch: &str,
    level: Option<(&str, &str)>,
) -> Result<String, ToolchainError> {
    let version = read_version(goroot)?;
    // No suffix without a level: the entries written before levels
    // existed stay valid.
    let suffix = level.map_or(String::new(), |(k, v)| format!("|{k}={v}"));
    let key = cache_key(&format!(
        "default|{}|{version}|{goos}|{goarch}{suffix}",
        goroot.display()
    ));
    let cached = cache_root().join("targets").join(format!("{key}.default-header"));
    if let Ok(s) = std::fs::read_to_string(&cached)
        && s.starts_with("go object ")
    {
        return Ok(s.trim_end_matches('\n').to_string());
    }
    let h = probe_header_in(goroot, Some((goos, goarch, level)))?;
    if let Some(d) = cached.parent() {
        let _ = std::fs::create_dir_all(d);
        let _ = std::fs::write(&cached, format!("{h}\n"));
    }
    Ok(h)
}

/// Compiles an empty package with the target's compiler and returns the
/// header line of the object it writes.
fn probe_header(goroot: &Path) -> Result<String, ToolchainError> {
    probe_header_in(goroot, None)
}

/// A platform to probe: GOOS, GOARCH and maybe one architecture level.
type ProbePlatform<'a> = (&'a str, &'a str, Option<(&'a str, &'a str)>);

/// [`probe_header`] in this process's environment, or with only GOOS,
/// GOARCH (and the level) of `platform` set.
fn probe_header_in(goroot: &Path, platform: Option<ProbePlatform<'_>>) -> Result<String, ToolchainError> {
    let tag = platform.map_or(String::new(), |(os, arch, level)| {
        let (k, v) = level.unwrap_or_default();
        format!("{os}-{arch}-{k}-{}", v.replace(',', "_"))
    });
    let dir = std::env::temp_dir().join(format!(
        "gosym-probe-{}-{}{tag}",
        std::process::id(),
        env_key(goroot, "")
    ));
    std::fs::create_dir_all(&dir).map_err(|e| ToolchainError::Scratch(e.to_string()))?;
    let src = dir.join("probe.go");
    let obj = dir.join("probe.o");
    std::fs::write(&src, "package probe\n").map_err(|e| ToolchainError::Scratch(e.to_string()))?;
    let mut cmd = go_cmd(goroot);
    if let Some((os, arch, level)) = platform {
        for k in ENV_KEYS {
            cmd.env_remove(k);
        }
        cmd.env("GOOS", os).env("GOARCH", arch);
        if let Some((k, v)) = level {
            cmd.env(k, v);
        }
    }
    let out = cmd
        .args(["tool", "compile", "-p", "gosym/probe", "-o"])
        .arg(&obj)
        .arg(&src)
        .current_dir(&dir)
        .output()
        .map_err(|e| ToolchainError::Command {
            what: "running the target compiler".into(),
            detail: e.to_string(),
        })?;
    let result = if out.status.success() {
        Source::open(&obj, crate::input::OpenOptions::default())
            .ok()
            .and_then(|s| {
                let v = FileView::parse(&s).ok()?;

                v.go_objects().next().map(|(_, o)| o.header.line.to_string())
            })
            .ok_or_else(|| ToolchainError::Command {
                what: "the target compiler".into(),
                detail: "it wrote no readable object".into(),
            })
    } else {
        Err(ToolchainError::Command {
            what: "the target compiler failed".into(),
            detail: String::from_utf8_lossy(&out.stderr).trim().to_string(),
        })
    };
    let _ = std::fs::remove_dir_all(&dir);
    result
}
