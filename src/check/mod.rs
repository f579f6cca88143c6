//! `check`: predicts the target Go linker's verdict on a set of inputs, with
//! every reason, in the linker's own words.
//!
//! One module per concern: [`importcfg`] (the `-importcfg` file),
//! [`libfile`] (what the linker reads of each archive), [`header`] (the
//! object header check and its field diff), [`load`] (the simulation of the
//! linker's load order, which applies the header, format, unlinkable,
//! fingerprint and missing-package checks where `ldobj`/`Preload`/`addlib`
//! make them), [`report`] (findings and the JSON schema).

pub mod abimarker;
pub mod forecast;
pub mod header;
pub mod hostlink;
pub mod importcfg;
pub mod libfile;
pub mod linkname;
pub mod linkshared;
pub mod load;
pub mod plugin;
pub mod report;
pub mod symbols;

use std::collections::{BTreeMap, HashMap};

use load::{Resolver, TargetView};
use report::{Finding, Mode, Report, TargetInfo};

/// Linker flags that change the verdict, as `go build -ldflags` spells them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LinkFlags {
    /// `-f`: ignore header mismatches (go1.15 prefix check, go1.27).
    pub f: bool,
    /// `-checklinkname=0` turns the go1.23+ linkname check off.
    pub checklinkname: bool,
    /// `-linkmode=…`.
    pub linkmode: Option<String>,
}

impl LinkFlags {
    /// Parses an `-ldflags` string; unknown flags are ignored (they do not
    /// change the verdicts gosym predicts).
    pub fn parse(s: &str) -> Result<LinkFlags, String> {
        let mut f = LinkFlags {
            checklinkname: true,
            ..Default::default()
        };
        for w in s.split_whitespace() {
            let w = w.trim_start_matches('-');
            let (k, v) = w.split_once('=').map(|(k, v)| (k, Some(v))).unwrap_or((w, None));
            let truth = |v: Option<&str>| -> Result<bool, String> {
                match v {
                    None | Some("1") | Some("true") | Some("t") | Some("T") | Some("TRUE") | Some("True") => Ok(true),
                    Some("0") | Some("false") | Some("f") | Some("F") | Some("FALSE") | Some("False") => Ok(false),
                    Some(x) => Err(format!("invalid boolean value {x:?} for -{k}")),
                }
            };
            match k {
                "f" => f.f = truth(v)?,
                "checklinkname" => f.checklinkname = truth(v)?,
                "linkmode" => f.linkmode = v.map(str::to_string),
                _ => {}
            }
        }
        Ok(f)
    }
}

/// `objabi.PathToPrefix`: escapes bytes ≤ 0x20, `%`, `"`, ≥ 0x7F and `.`
/// after the last `/` as `%xx`.
pub fn path_to_prefix(s: &str) -> String {
    let slash = s.rfind('/');
    let mut out = String::with_capacity(s.len());
    for (i, &c) in s.as_bytes().iter().enumerate() {
        let after_slash = slash.is_none_or(|p| i > p);
        if c <= b' ' || (c == b'.' && after_slash) || c == b'%' || c == b'"' || c >= 0x7f {
            out.push_str(&format!("%{c:02x}"));
        } else {
            out.push(c as char);
        }
    }
    out
}

/// Everything a check needs.
#[derive(Debug)]
pub struct CheckRequest {
    /// Input files (archives, objects), after directory expansion.
    pub inputs: Vec<String>,
    /// Parsed importcfg, if given.
    pub importcfg: Option<importcfg::ImportCfg>,
    /// The target: GOROOT and version, or `None` when assumed.
    pub target_goroot: Option<String>,
    /// Target version.
    pub target_version: String,
    /// Target's wanted header.
    pub wanted_header: String,
    /// Target's std archives (empty when unknown).
    pub std: BTreeMap<String, String>,
    /// Whether the std is known.
    pub std_known: bool,
    /// Linker flags.
    pub flags: LinkFlags,
    /// `--abi-marker` globs.
    pub abi_markers: Vec<String>,
    /// `--lib-path` directories searched (before the system's) for shared
    /// libraries of host links and `-linkshared` executables.
    pub lib_path: Vec<std::path::PathBuf>,
    /// The target's std symbol index, for the forecast (when a toolchain
    /// is available and some input was built by another one).
    pub std_index: Option<crate::toolchain::index::StdIndex>,
}

/// Runs the checks for one target.
pub fn run(req: &CheckRequest) -> Report {
    let minor = crate::read::goobj::GoRelease::parse(&req.target_version)
        .map(|r| r.minor)
        .unwrap_or(0);
    let t = TargetView {
        minor,
        want: req.wanted_header.clone(),
    };
    let mut cache = HashMap::new();
    let mut inputs_by_path = BTreeMap::new();
    let mut providers: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut main_file = None;
    for f in &req.inputs {
        let lf = cache.entry(f.clone()).or_insert_with(|| libfile::summarise(f));
        if lf.is_main && main_file.is_none() {
            main_file = Some(f.clone());
        }
        if let Some(p) = &lf.import_path {
            inputs_by_path.entry(p.clone()).or_insert_with(|| f.clone());
            providers.entry(p.clone()).or_default().push(f.clone());
        }
    }
    let resolver = Resolver {
        importcfg: req.importcfg.as_ref().map(|c| c.packagefile.clone()),
        inputs: inputs_by_path,
        std: req.std.clone(),
        std_known: req.std_known,
    };
    let mut skipped = Vec::new();
    if !req.std_known {
        skipped.push(
            "target toolchain not available: std imports, undefined symbols and linkname rules were not checked"
                .to_string(),
        );
    }
    let (mode, res) = match &main_file {
        Some(m) => (Mode::Program, load::program(&t, &req.flags, &resolver, m, &mut cache)),
        None => (
            Mode::Library,
            load::library(&t, &req.flags, &resolver, &req.inputs, req.std_known, &mut cache),
        ),
    };
    let mut findings: Vec<Finding> = res.findings;
    if mode == Mode::Program && req.importcfg.is_none() {
        // Two inputs for one import path: only the first is linked.
        for (pkg, files) in providers.iter().filter(|(_, f)| f.len() > 1) {
            findings.push(Finding {
                file: files.first().cloned(),
                package: Some(pkg.clone()),
                remedy: format!("keep one archive of {pkg}; gosym linked the first, {}", files[0]),
                fails_link: false,
                detail: Some("the linker resolves each import path to one archive (importcfg packagefile)".into()),
                ..Finding::new(
                    report::Category::DuplicatePackage,
                    format!("{pkg} is provided by {} inputs: {}", files.len(), files.join(", ")),
                    report::Reporter::Stdout,
                    false,
                )
            });
        }
    }
    if let Some(idx) = &req.std_index {
        let user: Vec<String> = cache
            .iter()
            .filter(|(_, lf)| lf.import_path.as_deref().is_some_and(|p| !symbols::is_std_path(p)) || lf.is_main)
            .map(|(f, _)| f.clone())
            .collect();
        let mut user = user;
        user.sort();
        findings.extend(forecast::forecast(minor, &req.target_version, idx, &user));
    }
    // ELF inputs (objects, c-archives, shared libraries): the host link.
    let lib_path: Vec<std::path::PathBuf> = req
        .lib_path
        .iter()
        .cloned()
        .chain(hostlink::default_lib_path())
        .collect();
    let host: Vec<String> = req
        .inputs
        .iter()
        .filter(|f| hostlink::is_host_input(f))
        .cloned()
        .collect();
    if !host.is_empty() {
        findings.extend(hostlink::check(&host, &lib_path));
    }
    findings.extend(plugin::check(&req.inputs));
    findings.extend(linkshared::check(&req.inputs, &lib_path));
    let markers = abimarker::check(&req.inputs, &req.abi_markers);
    let consistent_markers = markers.is_empty();
    findings.extend(markers);
    let ok = !findings.iter().any(|f| f.fails_link);
    Report {
        target: TargetInfo {
            goroot: req.target_goroot.clone(),
            version: req.target_version.clone(),
            wanted_header: req.wanted_header.clone(),
            assumed: req.target_goroot.is_none(),
        },
        mode,
        ok,
        consistent: ok && consistent_markers,
        inputs: req.inputs.len(),
        objects: res.objects,
        findings,
        skipped,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_escaping() {
        assert_eq!(path_to_prefix("example.com/m/dotted.v2"), "example.com/m/dotted%2ev2");
        assert_eq!(path_to_prefix("main"), "main");
        assert_eq!(path_to_prefix("a b\"%"), "a%20b%22%25");
    }

    #[test]
    fn ldflags() {
        let f = LinkFlags::parse("-checklinkname=0 -f -linkmode=internal -s").unwrap();
        assert!(f.f && !f.checklinkname);
        assert_eq!(f.linkmode.as_deref(), Some("internal"));
        assert!(LinkFlags::parse("-f=maybe").is_err());
    }
}
