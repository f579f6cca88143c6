//! `gosym relocs`: relocations of ELF files (as `readelf -rW`) and of Go
//! objects (with the producing release's type names), inputs in parallel,
//! output in command-line order.

use std::io::Write;

use rayon::prelude::*;

use super::EXIT_INPUT_ERROR;
use super::diag::Diag;
use super::inputs::{expand, with_view};
use crate::error::{InputError, InputErrorKind, ReadError};
use crate::model::file::{Content, FileKind};
use crate::read::member::MemberKind;
use crate::render::relocs::{write_elf, write_go};

/// Runs `relocs` and returns the exit status.
pub fn run(files: &[std::ffi::OsString], opts: crate::input::OpenOptions, diag: &mut Diag) -> u8 {
    let (inputs, skipped) = expand(files);
    if inputs.is_empty() {
        diag.skipped_files(&skipped);
        diag.no_inputs(files);
        return diag.status();
    }
    let several = inputs.len() > 1;
    let outs: Vec<Listing> = inputs.par_iter().map(|p| one(&p.path, several, opts)).collect();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for l in outs {
        if crate::render::nm::flush(&mut out, &l.text).is_err() {
            return EXIT_INPUT_ERROR;
        }
        if !l.errors.is_empty() || !l.warnings.is_empty() {
            let _ = out.flush();
        }
        for e in &l.errors {
            diag.error(e);
        }
        for w in &l.warnings {
            diag.warn(w);
        }
    }
    diag.skipped_files(&skipped);
    diag.status()
}

/// One input's relocation listing and what went wrong reading it.
#[derive(Default)]
struct Listing {
    text: Vec<u8>,
    errors: Vec<InputError>,
    warnings: Vec<String>,
}

fn one(path: &std::path::Path, several: bool, opts: crate::input::OpenOptions) -> Listing {
    let listed = with_view(path, opts, |src, view| {
        let mut w = Vec::new();
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
                Content::GoObj(o) => {
                    if let Err(e) = write_go(&mut w, &format!("{label}:\t"), o) {
                        errs.push(err(member, e.shift(u.offset)));
                    }
                }
                Content::Host if u.kind == MemberKind::Elf => match crate::read::elfreloc::read(u.data) {
                    Ok(r) => {
                        if archive || several {
                            let _ = write!(w, "\nFile: {label}\n");
                        }
                        write_elf(&mut w, &r);
                    }
                    Err(e) => errs.push(err(member, e.shift(u.offset))),
                },
                Content::Bad(e) => errs.push(err(member, *e)),
                _ => {}
            }
        }
        (w, errs)
    });
    match listed {
        Ok(((text, errors), warnings)) => Listing { text, errors, warnings },
        Err(e) => Listing {
            errors: vec![e],
            ..Listing::default()
        },
    }
}
