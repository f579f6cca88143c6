//! `gosym info`: summarises every input in parallel and prints them in
//! command-line order, as tables or one JSON document.

use std::io::Write;

use rayon::prelude::*;

use super::inputs::expand;
use super::{EXIT_INPUT_ERROR, EXIT_OK, Format};
use crate::error::{InputError, InputErrorKind};
use crate::input::Source;
use crate::model::file::FileView;
use crate::model::summary::{FileInfo, summarise};
use crate::render::info::text;

/// Runs `info` and returns the exit status.
pub fn run(files: &[std::ffi::OsString], format: Format, version_m: bool) -> u8 {
    let (inputs, skipped) = expand(files);
    let results: Vec<Result<FileInfo, InputError>> = inputs.par_iter().map(|ip| one(&ip.path)).collect();
    let mut status = EXIT_OK;
    let mut infos = Vec::new();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for r in results {
        match r {
            Ok(i) => {
                if i.members.iter().any(|m| m.error.is_some()) {
                    for m in i.members.iter().filter(|m| m.error.is_some()) {
                        eprintln!(
                            "gosym info: {}({}): {}",
                            i.file,
                            m.name,
                            m.error.as_deref().unwrap_or("")
                        );
                    }
                    status = EXIT_INPUT_ERROR;
                }
                if version_m {
                    match crate::render::info::version_m(&i) {
                        Some(t) => {
                            let _ = out.write_all(t.as_bytes());
                        }
                        None => eprintln!("gosym info: {}: go version not found", i.file),
                    }
                } else if format == Format::Text {
                    let _ = out.write_all(text(&i).as_bytes());
                }
                infos.push(i);
            }
            Err(e) => {
                let _ = out.flush();
                eprintln!("gosym info: {e}");
                status = EXIT_INPUT_ERROR;
            }
        }
    }
    if format == Format::Json {
        let _ = writeln!(out, "{:#}", serde_json::json!({ "files": infos }));
    }
    if skipped > 0 {
        eprintln!("gosym info: {skipped} file(s) in directories skipped: not Go archives, objects or ELF files");
    }
    status
}

fn one(path: &std::path::Path) -> Result<FileInfo, InputError> {
    let src = Source::open(path)?;
    let view = FileView::parse(&src).map_err(|e| InputError {
        file: src.display.clone(),
        member: None,
        kind: InputErrorKind::Read(e),
    })?;
    Ok(summarise(&src.display, &view))
}
