//! `gosym relocs`: relocations of ELF files (as `readelf -rW`) and of Go
//! objects (with the producing release's type names), inputs in parallel,
//! output in command-line order.

use std::io::Write;

use super::diag::Diag;
use super::inputs::with_view;
use super::perfile::{FileOutput, Said, per_file};
use super::{EXIT_INPUT_ERROR, Format};
use crate::error::{InputErrorKind, ReadError};
use crate::model::file::{Content, FileKind};
use crate::model::relocs::go_relocs;
use crate::read::member::MemberKind;
use crate::render::relocs::{elf_json, go_json, write_elf, write_go};

/// Runs `relocs` and returns the exit status.
pub fn run(files: &[std::ffi::OsString], format: Format, opts: crate::input::OpenOptions, diag: &mut Diag) -> u8 {
    per_file("relocs", files, format, diag, |path, several| {
        one(path, several, format, opts)
    })
}

/// One input's relocation listing and what went wrong reading it.
fn one(path: &std::path::Path, several: bool, format: Format, opts: crate::input::OpenOptions) -> FileOutput {
    let listed = with_view(path, opts, |src, view| {
        let mut w = Vec::new();
        let mut members = Vec::new();
        let mut errs = Vec::new();
        let err = |member: Option<String>, e: ReadError| src.error(member, InputErrorKind::Read(e));
        let archive = matches!(view.kind, FileKind::Archive | FileKind::ThinArchive);
        for u in &view.units {
            let member = u.name.map(|n| String::from_utf8_lossy(n).into_owned());
            let label = match &member {
                Some(m) => format!("{}({m})", src.display),
                None => src.display.clone(),
            };
            match &u.content {
                Content::GoObj(o) => match go_relocs(o) {
                    Ok((relocs, outside)) => {
                        // Listed in full; a relocation outside its symbol is the error.
                        write_go(&mut w, &format!("{label}:\t"), &relocs);
                        members
                            .push(serde_json::json!({"member": member, "kind": "go", "relocations": go_json(&relocs)}));
                        if let Some(e) = outside {
                            errs.push(err(member, e.shift(u.offset)));
                        }
                    }
                    Err(e) => errs.push(err(member, e.shift(u.offset))),
                },
                Content::Host if u.kind == MemberKind::Elf => match crate::read::elfreloc::read(u.data) {
                    Ok(r) => {
                        if archive || several {
                            let _ = write!(w, "\nFile: {label}\n");
                        }
                        write_elf(&mut w, &r);
                        members.push(serde_json::json!({"member": member, "kind": "elf", "sections": elf_json(&r)}));
                    }
                    Err(e) => errs.push(err(member, e.shift(u.offset))),
                },
                Content::Bad(e) => errs.push(err(member, *e)),
                _ => {}
            }
        }
        let json = format
            .is_json()
            .then(|| serde_json::json!({"file": src.display, "members": members}));
        (w, json, errs)
    });
    match listed {
        Ok(((text, json, errors), warnings)) => FileOutput {
            text,
            json,
            said: (errors.into_iter().map(|e| Said::InputError(e, EXIT_INPUT_ERROR)))
                .chain(warnings.into_iter().map(Said::Warning))
                .collect(),
        },
        Err(e) => FileOutput::failed(e),
    }
}
