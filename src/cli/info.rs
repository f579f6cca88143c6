//! `gosym info`: summarises every input in parallel and prints them in
//! command-line order, as tables or one JSON document.

use super::Format;
use super::diag::Diag;
use super::inputs::with_view;
use super::perfile::{FileOutput, Said, per_file};
use crate::input::OpenOptions;
use crate::model::summary::summarise;
use crate::render::info::text;

/// Runs `info` and returns the exit status. `--version-m` prints `go
/// version -m`'s text whatever the format.
pub fn run(files: &[std::ffi::OsString], format: Format, version_m: bool, opts: OpenOptions, diag: &mut Diag) -> u8 {
    let width = crate::render::wrap::stdout_width();
    let format = if version_m { Format::Text } else { format };
    per_file("info", files, format, diag, |path, _| {
        one(path, opts, format, version_m, width)
    })
}

fn one(path: &std::path::Path, opts: OpenOptions, format: Format, version_m: bool, width: usize) -> FileOutput {
    let (i, warnings) = match with_view(path, opts, |src, view| summarise(&src.display, view)) {
        Ok(x) => x,
        Err(e) => return FileOutput::failed(e),
    };
    let mut said: Vec<Said> = i
        .members
        .iter()
        .filter_map(|m| {
            let e = m.error.as_deref()?;
            Some(Said::Error(
                format!("{}({}): {e}", i.file, m.name),
                super::EXIT_INPUT_ERROR,
            ))
        })
        .collect();
    said.extend(warnings.into_iter().map(Said::Warning));
    let mut out = FileOutput::default();
    if version_m {
        match crate::render::info::version_m(&i) {
            Some(t) => out.text = t.into_bytes(),
            // go version -m: exit 1 for a file that is not a Go executable.
            None => {
                // debug/buildinfo has no WebAssembly reader.
                let why = if i.kind == crate::model::file::FileKind::Wasm {
                    "unrecognized file format"
                } else {
                    "not a Go executable"
                };
                said.push(Said::Error(
                    format!("{}: could not read Go build info: {why}", i.file),
                    1,
                ));
            }
        }
    } else if format.is_json() {
        out.json = Some(serde_json::to_value(&i).unwrap_or_default());
    } else {
        out.text = text(&i, width).into_bytes();
    }
    out.said = said;
    out
}
