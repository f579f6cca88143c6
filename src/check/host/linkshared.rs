//! `-linkshared`: an executable records, for each Go shared library it was
//! linked against, the library's name and ABI hash at link time
//! (`go:link.libname.<i>`, `go:link.linkhash.<i>`, written by
//! `ld/symtab.go`); at start-up the runtime compares each with the hash the
//! library carries now (`.note.go.abihash`) and dies with `abi mismatch
//! detected between the executable and <lib>` (`runtime/symtab.go`
//! moduledataverify1). Libraries are looked up among the inputs, then in the
//! executable's RUNPATH/RPATH, then on the library path.

use std::path::{Path, PathBuf};

use crate::check::linkset::{LinkSet, Role};
use crate::check::report::{Category, Finding, Reporter};
use crate::read::buildinfo::NOTE_GO_ABIHASH;
use crate::read::elf::{ElfFile, SymTable};

fn runpath(f: &ElfFile<'_>) -> Vec<PathBuf> {
    f.dynamic_names()
        .runpath
        .iter()
        .flat_map(|p| {
            String::from_utf8_lossy(p)
                .split(':')
                .map(PathBuf::from)
                .collect::<Vec<_>>()
        })
        .collect()
}

fn abihash(data: &[u8]) -> Option<Vec<u8>> {
    ElfFile::parse(data)
        .ok()?
        .go_notes()
        .into_iter()
        .find(|n| n.kind == NOTE_GO_ABIHASH)
        .map(|n| n.desc)
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// Checks every `-linkshared` executable among the set's inputs.
pub fn check(set: &mut LinkSet<'_>, lib_path: &[PathBuf]) -> Vec<Finding> {
    let mut out = Vec::new();
    let inputs = set.input_paths();
    let elf: Vec<(String, &[u8])> = set
        .inputs()
        .filter(|(_, lf)| matches!(lf.role, Role::Executable | Role::SharedLibrary))
        .map(|(_, lf)| (lf.path.clone(), lf.bytes()))
        .collect();
    for (f, data) in elf {
        let f = &f;
        let Ok(elf) = ElfFile::parse(data) else { continue };
        let syms = elf.symbols(SymTable::Static).ok().flatten().unwrap_or_default();
        let get = |prefix: &str, i: usize| {
            let name = format!("{prefix}{i}");
            syms.iter()
                .find(|s| s.name == name.as_bytes())
                .and_then(|s| s.bytes(data))
                .map(<[u8]>::to_vec)
        };
        let mut dirs: Vec<PathBuf> = inputs
            .iter()
            .filter_map(|i| Path::new(i).parent().map(Path::to_path_buf))
            .collect();
        dirs.extend(runpath(&elf));
        dirs.extend(lib_path.iter().cloned());
        let mut i = 0;
        while let (Some(name), Some(linkhash)) = (get("go:link.libname.", i), get("go:link.linkhash.", i)) {
            i += 1;
            let lib = String::from_utf8_lossy(&name).into_owned();
            let by_input = inputs
                .iter()
                .find(|x| Path::new(x).file_name().is_some_and(|n| n == lib.as_str()))
                .map(PathBuf::from);
            let Some(path) = by_input.or_else(|| dirs.iter().map(|d| d.join(&lib)).find(|p| p.is_file())) else {
                let mut fi = finding(format!("{f}: Go shared library {lib} not found"), f, false);
                fi.remedy = format!("pass {lib} as an input, or its directory with the library path");
                out.push(fi);
                continue;
            };
            let id = set.get_or_open(&path.to_string_lossy());
            if set.file(id).view.is_err() {
                continue;
            }
            let now = abihash(set.file(id).bytes()).unwrap_or_default();
            if now != linkhash {
                let mut fi = finding(
                    format!("abi mismatch detected between the executable and {lib}"),
                    f,
                    true,
                );
                fi.detail = Some(format!(
                    "{f} was linked against {lib} with ABI hash {}; {} now has {}",
                    hex(&linkhash),
                    path.display(),
                    hex(&now)
                ));
                fi.remedy = format!(
                    "relink {f} against the current {lib} (go build -linkshared), or restore the library it was linked with"
                );
                out.push(fi);
            }
        }
    }
    out
}

fn finding(message: String, file: &str, fails: bool) -> Finding {
    Finding::new(Category::Linkshared, message, Reporter::Stdout)
        .at(file, None)
        .fails_link(fails)
}
