//! `gosym relocs`: relocations of ELF files (as `readelf -rW`) and of Go
//! objects (with the producing release's type names), inputs in parallel,
//! output in command-line order.

use std::io::Write;

use rayon::prelude::*;

use super::inputs::expand;
use super::{EXIT_INPUT_ERROR, EXIT_OK};
use crate::error::{InputError, InputErrorKind};
use crate::input::Source;
use crate::model::file::{Content, FileKind, FileView};
use crate::read::member::MemberKind;
use crate::render::relocs::{write_elf, write_go};

/// Runs `relocs` and returns the exit status.
pub fn run(files: &[std::ffi::OsString]) -> u8 {
    let (inputs, _) = expand(files);
    let several = inputs.len() > 1;
    let outs: Vec<(Vec<u8>, Vec<InputError>)> = inputs.par_iter().map(|p| one(&p.path, several)).collect();
    let mut status = EXIT_OK;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for (text, errs) in outs {
        if crate::render::nm::flush(&mut out, &text).is_err() {
            return EXIT_INPUT_ERROR;
        }
        for e in errs {
            let _ = out.flush();
            eprintln!("gosym relocs: {e}");
            status = EXIT_INPUT_ERROR;
        }
    }
    status
}

fn one(path: &std::path::Path, several: bool) -> (Vec<u8>, Vec<InputError>) {
    let mut w = Vec::new();
    let mut errs = Vec::new();
    let src = match Source::open(path) {
        Ok(s) => s,
        Err(e) => return (w, vec![e]),
    };
    let err = |member: Option<String>, kind| InputError {
        file: src.display.clone(),
        member,
        kind,
    };
    let view = match FileView::parse(&src) {
        Ok(v) => v,
        Err(e) => return (w, vec![err(None, InputErrorKind::Read(e))]),
    };
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
                    errs.push(err(member, InputErrorKind::Read(e.shift(u.offset))));
                }
            }
            Content::Host if u.kind == MemberKind::Elf => match crate::read::elfreloc::read(u.data) {
                Ok(r) => {
                    if archive || several {
                        let _ = write!(w, "\nFile: {label}\n");
                    }
                    write_elf(&mut w, &r);
                }
                Err(e) => errs.push(err(member, InputErrorKind::Read(e.shift(u.offset)))),
            },
            Content::Bad(e) => errs.push(err(member, InputErrorKind::Read(*e))),
            _ => {}
        }
    }
    (w, errs)
}
