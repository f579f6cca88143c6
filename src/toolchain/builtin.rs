//! Release facts built into gosym, so that `--go 1.N` checks against a
//! release that is not installed: for each release the scripts install,
//! its exact version, the object header its linker wants on every
//! GOOS/GOARCH its `go tool dist list` names (default settings: no
//! GOEXPERIMENT, the default architecture level), and its std package
//! list. The rest of what a check knows of a release (which linker rules
//! apply, the blocked linknames, the object format) is already keyed by
//! the minor version ([`crate::check::target::release`], [`crate::tables`]).
//!
//! The data (`builtin_facts.txt`) is written from the real toolchains by
//! `scripts/gen-release-facts.sh`; `tests/suites/release_facts.rs` proves it
//! equal to what each installed toolchain yields.
//!
//! Format, one fact per line: `release VERSION`, then that release's
//! `header GOOS/GOARCH LINE`, `std PKG PKG …` and `level KEY=VALUE TOKEN`
//! lines. A level line is what the release's compiler writes in the
//! header when the architecture level KEY is VALUE (`GOAMD64=v3`
//! `GOAMD64=v3`; `GOARM=7` `GOARM=7,hardfloat`): the header's token, `-`
//! when it writes none, `!` when it refuses the value.

use std::sync::OnceLock;

use crate::read::goobj::GoRelease;

/// The facts of one release.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuiltinRelease {
    /// `go1.22.12`.
    pub version: &'static str,
    /// Its minor version (22).
    pub minor: u32,
    /// `(GOOS/GOARCH, wanted header)` for every platform it builds for.
    pub headers: Vec<(&'static str, &'static str)>,
    /// Its std import paths, sorted.
    pub std_packages: Vec<&'static str>,
    /// `(KEY, VALUE, header token)` of every probed architecture level.
    pub levels: Vec<(&'static str, &'static str, &'static str)>,
}

impl BuiltinRelease {
    /// The header its linker wants for `goos`/`goarch` at default settings.
    pub fn header(&self, goos: &str, goarch: &str) -> Option<&'static str> {
        let plat = format!("{goos}/{goarch}");
        self.headers.iter().find(|(p, _)| *p == plat).map(|(_, h)| *h)
    }

    /// The header its linker wants for `goos`/`goarch` with the
    /// architecture levels `levels` (`(GOAMD64, v3)`) set: each replaces
    /// the default's token of the same key, as the release's compiler
    /// writes it; a key the platform's header has no token for is ignored,
    /// as the compiler ignores it. Err: a value the release refuses, or
    /// one not among the probed values.
    pub fn header_with(
        &self,
        goos: &str,
        goarch: &str,
        levels: &[(&str, &str)],
    ) -> Option<Result<String, super::ToolchainError>> {
        let default = self.header(goos, goarch)?;
        let mut fields: Vec<String> = default.split(' ').map(str::to_string).collect();
        for (key, value) in levels {
            let prefix = format!("{key}=");
            let Some(slot) = fields.iter_mut().find(|f| f.starts_with(&prefix)) else {
                continue;
            };
            let token = self.levels.iter().find(|(k, v, _)| k == key && v == value).map(|l| l.2);
            match token {
                None => {
                    return Some(Err(super::ToolchainError::Setting(format!(
                        "{key}={value}: not among the values built in for {} (use --goroot)",
                        self.version
                    ))));
                }
                Some("!") => {
                    return Some(Err(super::ToolchainError::Setting(format!(
                        "{key}={value}: {} refuses this value",
                        self.version
                    ))));
                }
                Some(t) if t.starts_with(&prefix) => *slot = t.to_string(),
                // `-`: the compiler writes no token for it.
                Some(_) => {}
            }
        }
        Some(Ok(fields.join(" ")))
    }
}

const DATA: &str = include_str!("builtin_facts.txt");

/// Every built-in release, oldest first.
pub fn releases() -> &'static [BuiltinRelease] {
    static RELEASES: OnceLock<Vec<BuiltinRelease>> = OnceLock::new();
    RELEASES.get_or_init(|| parse(DATA))
}

fn parse(data: &'static str) -> Vec<BuiltinRelease> {
    let mut out: Vec<BuiltinRelease> = Vec::new();
    for line in data.lines() {
        let (key, rest) = line.split_once(' ').unwrap_or((line, ""));
        match (key, out.last_mut()) {
            ("release", _) => out.push(BuiltinRelease {
                version: rest,
                minor: GoRelease::parse(rest).map_or(0, |r| r.minor),
                headers: Vec::new(),
                std_packages: Vec::new(),
                levels: Vec::new(),
            }),
            ("header", Some(r)) => {
                if let Some((plat, header)) = rest.split_once(' ') {
                    r.headers.push((plat, header));
                }
            }
            ("std", Some(r)) => r.std_packages.extend(rest.split(' ').filter(|p| !p.is_empty())),
            ("level", Some(r)) => {
                if let Some((kv, token)) = rest.split_once(' ')
                    && let Some((k, v)) = kv.split_once('=')
                {
                    r.levels.push((k, v, token));
                }
            }
            _ => {}
        }
    }
    out
}

/// The built-in release `spec` names: `1.22`, `go1.22` (the patch release
/// built in, go1.22.12) or the exact `go1.22.12`; another patch release
/// is refused, naming the one built in.
pub fn find(spec: &str) -> Result<&'static BuiltinRelease, super::ToolchainError> {
    use super::ToolchainError::NotBuiltIn;
    let v = spec.strip_prefix("go").unwrap_or(spec);
    let known = || {
        releases()
            .iter()
            .map(|r| r.version.trim_start_matches("go"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let minor = v
        .strip_prefix("1.")
        .and_then(|m| m.split('.').next())
        .and_then(|m| m.parse::<u32>().ok())
        .ok_or_else(|| NotBuiltIn(format!("--go {spec}: not a Go release (1.N); built in: {}", known())))?;
    let r = releases()
        .iter()
        .filter(|r| !crate::tables::hidden(r.minor))
        .find(|r| r.minor == minor)
        .ok_or_else(|| {
            NotBuiltIn(format!(
                "--go {spec}: no facts built in for this release; built in: {}",
                known()
            ))
        })?;
    // `1.N` and `go1.N` mean the patch release built in; another patch
    // release wants another header (its version is in it), and its std
    // may differ: only its own GOROOT knows.
    if v.matches('.').count() >= 2 && r.version != format!("go{v}") {
        return Err(NotBuiltIn(format!(
            "--go {spec}: the go1.{minor} facts built in are {}'s; another patch release wants its own header \
             (the version is in it) and std, so give its GOROOT (--goroot)",
            r.version
        )));
    }
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_release_has_linux_amd64_and_std() {
        assert!(releases().len() >= 8);
        for r in releases() {
            assert!(r.minor >= 15, "{}", r.version);
            let h = r.header("linux", "amd64").unwrap();
            assert!(h.starts_with(&format!("go object linux amd64 {}", r.version)), "{h}");
            assert!(r.std_packages.contains(&"runtime") && r.std_packages.contains(&"fmt"));
            assert!(r.std_packages.windows(2).all(|w| w[0] < w[1]));
        }
    }

    #[test]
    fn levels_replace_the_default_token_as_each_compiler_writes_it() {
        let r = find("1.23").unwrap();
        let arm = r.header_with("linux", "arm", &[("GOARM", "5")]).unwrap().unwrap();
        assert!(arm.contains(" GOARM=5,softfloat "), "{arm}");
        // A variable the platform does not read is ignored, as by the compiler.
        let amd64 = r.header_with("linux", "amd64", &[("GOARM", "5")]).unwrap().unwrap();
        assert_eq!(amd64, r.header("linux", "amd64").unwrap());
        let v3 = r.header_with("linux", "amd64", &[("GOAMD64", "v3")]).unwrap().unwrap();
        assert!(v3.contains(" GOAMD64=v3 "), "{v3}");
        assert!(
            r.header_with("linux", "amd64", &[("GOAMD64", "v9")])
                .unwrap()
                .unwrap_err()
                .to_string()
                .contains("not among")
        );
        let old = find("1.21").unwrap();
        let e = old
            .header_with("linux", "arm", &[("GOARM", "7,softfloat")])
            .unwrap()
            .unwrap_err();
        assert!(e.to_string().contains("refuses"), "{e}");
        assert!(r.header_with("plan9", "s390x", &[]).is_none());
    }

    #[test]
    fn releases_are_found_by_minor_or_exact_version() {
        let r = find("1.22").unwrap();
        assert_eq!(r.minor, 22);
        assert_eq!(find("go1.22").unwrap(), r);
        assert_eq!(find(r.version).unwrap(), r);
        assert!(
            find("go1.22.999")
                .unwrap_err()
                .to_string()
                .contains("built in are go1.22.12's")
        );
        assert!(find("1.3").unwrap_err().to_string().contains("no facts built in"));
        assert!(find("tip").unwrap_err().to_string().contains("not a Go release"));
    }
}
