//! Plugins: a host program and the plugins it opens must agree on every
//! package they share. The linker stamps each package's fingerprint into
//! `go:link.pkghashbytes.<pkg>` of both; `plugin.Open` compares them
//! (`runtime/plugin.go` plugin_lastmoduleinit) and fails with `plugin was
//! built with a different version of package X`. A plugin from another Go
//! release is refused earlier (`runtime: no plugin module data`). The build
//! information of both sides shows the settings that differ.

use std::collections::BTreeMap;

use crate::check::linkset::{LinkSet, LoadedFile, Role};
use crate::check::report::{Category, Finding, Reporter};
use crate::read::elf::{ElfFile, SymTable};

struct Linked {
    file: String,
    version: String,
    buildmode: String,
    settings: Vec<String>,
    hashes: BTreeMap<String, Vec<u8>>,
}

fn linked(lf: &LoadedFile<'_>) -> Option<Linked> {
    if !matches!(lf.role, Role::SharedLibrary | Role::Executable) {
        return None;
    }
    let path = lf.path.as_str();
    let data = lf.bytes();
    let elf = ElfFile::parse(data).ok()?;
    let bi = elf.build_info().ok().flatten()?;
    let settings: Vec<String> = bi
        .modinfo
        .lines()
        .filter(|l| l.starts_with("build\t") || l.starts_with("dep\t"))
        .map(str::to_string)
        .collect();
    let buildmode = settings
        .iter()
        .find_map(|l| l.strip_prefix("build\t-buildmode="))
        .unwrap_or(if path.ends_with(".so") { "plugin" } else { "exe" })
        .to_string();
    let mut hashes = BTreeMap::new();
    for s in elf.symbols(SymTable::Static).ok().flatten().unwrap_or_default() {
        if let Some(pkg) = s.name.strip_prefix(b"go:link.pkghashbytes.")
            && let Some(b) = s.bytes(data)
        {
            hashes.insert(String::from_utf8_lossy(pkg).into_owned(), b.to_vec());
        }
    }
    Some(Linked {
        file: path.to_string(),
        version: bi.version,
        buildmode,
        settings,
        hashes,
    })
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// Checks every plugin among the set's inputs against every host program.
pub fn check(set: &LinkSet<'_>) -> Vec<Finding> {
    let all: Vec<Linked> = set.inputs().filter_map(|(_, f)| linked(f)).collect();
    let hosts: Vec<&Linked> = all
        .iter()
        .filter(|l| l.buildmode != "plugin" && !l.hashes.is_empty())
        .collect();
    let plugins: Vec<&Linked> = all.iter().filter(|l| l.buildmode == "plugin").collect();
    let mut out = Vec::new();
    for p in &plugins {
        let open = format!("plugin.Open(\"{}\")", p.file.strip_suffix(".so").unwrap_or(&p.file));
        for h in &hosts {
            if p.version != h.version {
                let mut f = finding(format!("{open}: runtime: no plugin module data"), &p.file);
                f.detail = Some(format!(
                    "{} was built by {}, the host {} by {}",
                    p.file, p.version, h.file, h.version
                ));
                f.remedy = "build the plugin and the host with the same Go toolchain".into();
                out.push(f);
                continue;
            }
            for (pkg, ph) in &p.hashes {
                let Some(hh) = h.hashes.get(pkg) else { continue };
                if ph == hh {
                    continue;
                }
                let mut f = finding(
                    format!("{open}: plugin was built with a different version of package {pkg}"),
                    &p.file,
                );
                f.package = Some(pkg.clone());
                let differ: Vec<String> = p
                    .settings
                    .iter()
                    .filter(|s| !h.settings.contains(s))
                    .map(|s| format!("plugin {s}"))
                    .chain(
                        h.settings
                            .iter()
                            .filter(|s| !p.settings.contains(s))
                            .map(|s| format!("host {s}")),
                    )
                    .filter(|s| !s.contains("-buildmode="))
                    .collect();
                f.detail = Some(format!(
                    "{pkg}: fingerprint {} in {}, {} in {}{}",
                    hex(ph),
                    p.file,
                    hex(hh),
                    h.file,
                    if differ.is_empty() {
                        String::new()
                    } else {
                        format!("; build settings that differ: {}", differ.join(", "))
                    }
                ));
                f.remedy = format!("rebuild the plugin and the host against the same {pkg}");
                out.push(f);
            }
        }
    }
    out
}

fn finding(message: String, file: &str) -> Finding {
    Finding::new(Category::Plugin, message, Reporter::Stdout).at(file.to_string(), None)
}
