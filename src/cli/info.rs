//! `gosym info`: summarises every input in parallel and prints them in
//! command-line order, as tables or one JSON document.

use std::io::Write;

use super::Format;
use super::diag::{Diag, finish_stream, open_stream, write_or_stop};
use super::inputs::{expand, with_view};
use super::stream::ordered;
use crate::error::InputError;
use crate::input::OpenOptions;
use crate::model::summary::{FileInfo, summarise};
use crate::render::info::text;
use std::ops::ControlFlow;

/// Runs `info` and returns the exit status.
pub fn run(files: &[std::ffi::OsString], format: Format, version_m: bool, opts: OpenOptions, diag: &mut Diag) -> u8 {
    let (inputs, skipped) = expand(files);
    if inputs.is_empty() {
        diag.skipped_files(&skipped);
        diag.no_inputs(files);
        if format.is_json() {
            print!("{}", super::diag::json_document(diag, "files", serde_json::json!([])));
        }
        return diag.status();
    }
    let width = crate::render::wrap::stdout_width();
    let Some((mut out, mut stream, json)) = open_stream("info", format) else {
        return diag.status();
    };
    let mut closed = false;
    ordered(
        inputs.len(),
        |k| one(&inputs[k].path, opts),
        |r: Result<(FileInfo, Vec<String>), InputError>| {
            let (i, warnings) = match r {
                Ok(x) => x,
                Err(e) => {
                    let _ = out.flush();
                    diag.input_error(&e, super::EXIT_INPUT_ERROR);
                    return ControlFlow::Continue(());
                }
            };
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
            let flow = if version_m {
                match crate::render::info::version_m(&i) {
                    Some(t) => write_or_stop(&mut out, t.as_bytes()),
                    // go version -m: exit 1 for a file that is not a Go executable.
                    None => {
                        // debug/buildinfo has no WebAssembly reader.
                        let why = if i.kind == crate::model::file::FileKind::Wasm {
                            "unrecognized file format"
                        } else {
                            "not a Go executable"
                        };
                        diag.error_with(format_args!("{}: could not read Go build info: {why}", i.file), 1);
                        ControlFlow::Continue(())
                    }
                }
            } else if json {
                let v = serde_json::to_value(&i).unwrap_or_default();
                write_or_stop(&mut out, stream.item(&v).as_bytes())
            } else {
                write_or_stop(&mut out, text(&i, width).as_bytes())
            };
            closed |= flow.is_break();
            flow
        },
    );
    finish_stream(&mut out, stream, json, closed, diag, &skipped)
}

fn one(path: &std::path::Path, opts: OpenOptions) -> Result<(FileInfo, Vec<String>), InputError> {
    with_view(path, opts, |src, view| summarise(&src.display, view))
}
