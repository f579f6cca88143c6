//! `gosym goroot [DIR]...`: what each toolchain's linker wants and what
//! its sources say about the architecture, one column per toolchain.
//! The facts are gathered here (the linker's rules are the check layer's);
//! [`ToolchainFacts`] is the model, `render::goroot` the text.

use std::path::PathBuf;

use super::diag::Diag;
use super::{EXIT_INPUT_ERROR, Format};
use crate::check::target::release::LinkerRelease;
use crate::toolchain::Target;
use crate::toolchain::archfacts::read_facts;
use crate::toolchain::facts::ToolchainFacts;

fn facts(t: &Target) -> Result<ToolchainFacts, String> {
    let arch = read_facts(&t.goroot, &t.goarch).map_err(|e| e.to_string())?;
    let experiments: Vec<String> = t
        .wanted_header
        .split_whitespace()
        .find_map(|w| w.strip_prefix("X:"))
        .map(|x| x.split(',').map(str::to_string).collect())
        .unwrap_or_default();
    let release = LinkerRelease::new(t.release.minor);
    let magic = release.object_magic();
    Ok(ToolchainFacts {
        goroot: t.goroot.display().to_string(),
        version: t.version.clone(),
        wanted_header: t.wanted_header.clone(),
        goos: t.goos.clone(),
        goarch: t.goarch.clone(),
        register_abi: experiments.iter().any(|e| e == "regabiwrappers"),
        experiments,
        object_format: if magic.is_empty() {
            "unknown".into()
        } else {
            String::from_utf8_lossy(magic).trim_start_matches('\0').to_string()
        },
        blocked_linknames: release
            .checks_linknames()
            .then(|| crate::tables::blocked_linknames(t.release.minor).len()),
        std_packages: t.std_packages().len(),
        std_archives: t.std_source(),
        arch,
    })
}

/// Runs `goroot`; no directory: the `go` on PATH.
pub fn run(dirs: &[PathBuf], format: Format, diag: &mut Diag) -> u8 {
    let dirs: Vec<PathBuf> = if dirs.is_empty() {
        match Target::from_path() {
            Some(d) => vec![d],
            None => {
                diag.error("no GOROOT given and no go on PATH");
                return EXIT_INPUT_ERROR;
            }
        }
    } else {
        dirs.to_vec()
    };
    let mut all = Vec::new();
    for d in &dirs {
        match Target::discover(d).map_err(|e| e.to_string()).and_then(|t| facts(&t)) {
            Ok(f) => all.push(f),
            Err(e) => diag.error(e),
        }
    }
    if format.is_json() {
        let items = serde_json::to_value(&all).unwrap_or_default();
        print!("{}", super::diag::json_document(diag, "toolchains", items));
    } else if !all.is_empty() {
        print!(
            "{}",
            crate::render::goroot::table(&all, crate::render::wrap::stdout_width())
        );
    }
    diag.status()
}
