//! `gosym info`: summarises every input in parallel and prints them in
//! command-line order, as tables or one JSON document.

use std::io::Write;

use rayon::prelude::*;

use super::Format;
use super::diag::Diag;
use super::inputs::{expand, with_view};
use crate::error::InputError;
use crate::input::OpenOptions;
use crate::model::summary::{FileInfo, summarise};
use crate::render::info::text;

/// Runs `info` and returns the exit status.
pub fn run(files: &[std::ffi::OsString], format: Format, version_m: bool, opts: OpenOptions, diag: &mut Diag) -> u8 {
    let (inputs, skipped) = expand(files);
    if inputs.is_empty() {
        diag.skipped_files(&skipped);
        diag.no_inputs(files);
        if format == Format::Json {
            print!("{}", super::diag::json_document(diag, "files", serde_json::json!([])));
        }
        return diag.status();
    }
    let results: Vec<Result<(FileInfo, Vec<String>), InputError>> =
        inputs.par_iter().map(|ip| one(&ip.path, opts)).collect();
    let mut infos = Vec::new();
    let width = crate::render::wrap::stdout_width();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for r in results {
        match r {
            Ok((i, warnings)) => {
                if !warnings.is_empty() || i.members.iter().any(|m| m.error.is_some()) {
                    let _ = out.flush();
                }
                for m in i.members.iter().filter(|m| m.error.is_some()) {
                    diag.error(format_args!(
                        "{}({}): {}",
                        i.file,
                        m.name,
                        m.error.as_deref().unwrap_or("")
                    ));
                }
                for w in &warnings {
                    diag.warn(w);
                }
                if version_m {
                    match crate::render::info::version_m(&i) {
                        Some(t) => {
                            let _ = out.write_all(t.as_bytes());
                        }
                        // go version -m: exit 1 for a file that is not a Go executable.
                        None => diag.error_with(
                            format_args!("{}: could not read Go build info: not a Go executable", i.file),
                            1,
                        ),
                    }
                } else if format == Format::Text {
                    let _ = out.write_all(text(&i, width).as_bytes());
                }
                infos.push(i);
            }
            Err(e) => {
                let _ = out.flush();
                diag.input_error(&e, super::EXIT_INPUT_ERROR);
            }
        }
    }
    diag.skipped_files(&skipped);
    if format == Format::Json {
        let items = serde_json::to_value(&infos).unwrap_or_default();
        let _ = out.write_all(super::diag::json_document(diag, "files", items).as_bytes());
    }
    let _ = out.flush();
    diag.status()
}

fn one(path: &std::path::Path, opts: OpenOptions) -> Result<(FileInfo, Vec<String>), InputError> {
    with_view(path, opts, |src, view| summarise(&src.display, view))
}
