//! `gosym relocs`: relocations of ELF files (as `readelf -rW`) and of Go
//! objects (with the producing release's type names), inputs in parallel,
//! output in command-line order.

use std::io::Write;

use super::diag::{Diag, finish_stream, open_stream, write_or_stop};
use super::inputs::{expand, with_view};
use super::stream::ordered_weighed;
use super::{EXIT_INPUT_ERROR, Format};
use crate::error::{InputError, InputErrorKind, ReadError};
use crate::model::file::{Content, FileKind};
use crate::model::relocs::go_relocs;
use crate::read::member::MemberKind;
use crate::render::relocs::{elf_json, go_json, write_elf, write_go};
use std::ops::ControlFlow;

/// Runs `relocs` and returns the exit status.
pub fn run(files: &[std::ffi::OsString], format: Format, opts: crate::input::OpenOptions, diag: &mut Diag) -> u8 {
    let (inputs, skipped) = expand(files);
    if inputs.is_empty() {
        diag.skipped_files(&skipped);
        diag.no_inputs(files);
        if format.is_json() {
            print!("{}", super::diag::json_document(diag, "files", serde_json::json!([])));
        }
        return diag.status();
    }
    let several = inputs.len() > 1;
    let Some((mut out, mut stream, json)) = open_stream("relocs", format) else {
        return diag.status();
    };
    let mut closed = false;
    ordered_weighed(
        inputs.len(),
        |i| one(&inputs[i].path, several, format, opts),
        |l| l.text.len(),
        |l| {
            let flow = match (&l.json, json) {
                (Some(v), true) => write_or_stop(&mut out, stream.item(v).as_bytes()),
                (_, true) => ControlFlow::Continue(()),
                (_, false) => write_or_stop(&mut out, &l.text),
            };
            if !l.errors.is_empty() || !l.warnings.is_empty() {
                let _ = out.flush();
            }
            for e in &l.errors {
                diag.input_error(e, EXIT_INPUT_ERROR);
            }
            for w in &l.warnings {
                diag.warn(w);
            }
            closed |= flow.is_break();
            flow
        },
    );
    finish_stream(&mut out, stream, json, closed, diag, &skipped)
}

/// One input's relocation listing and what went wrong reading it.
#[derive(Default)]
struct Listing {
    text: Vec<u8>,
    json: Option<serde_json::Value>,
    errors: Vec<InputError>,
    warnings: Vec<String>,
}

fn one(path: &std::path::Path, several: bool, format: Format, opts: crate::input::OpenOptions) -> Listing {
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
        Ok(((text, json, errors), warnings)) => Listing {
            text,
            json,
            errors,
            warnings,
        },
        Err(e) => Listing {
            errors: vec![e],
            ..Listing::default()
        },
    }
}
