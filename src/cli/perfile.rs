//! The driver the per-file commands share (`nm`, `info`, `relocs`):
//! expand the arguments (directories walked), work on each input on the
//! worker threads, print the results in command-line order (text, or one
//! JSON document streamed item by item), say what went wrong per input,
//! and stop quietly when stdout goes away (`| head`).

use std::io::Write;
use std::ops::ControlFlow;
use std::path::Path;

use super::Format;
use super::diag::{Diag, finish_stream, json_document, open_stream, write_or_stop};
use super::inputs::expand;
use super::stream::ordered_weighed;
use crate::error::InputError;

/// What one input gives: its output, and what to say about it on stderr
/// (said before the output, in order).
#[derive(Default)]
pub struct FileOutput {
    /// The text output.
    pub text: Vec<u8>,
    /// The JSON item (`--format json|jsonl`); `None` prints nothing there.
    pub json: Option<serde_json::Value>,
    /// Errors, notes and warnings about this input.
    pub said: Vec<Said>,
}

/// One message about an input.
pub enum Said {
    /// A read error, with the exit status it carries.
    InputError(InputError, u8),
    /// Another error, with the exit status it carries.
    Error(String, u8),
    /// A message that leaves the exit status alone.
    Note(String),
    /// A warning (an error under `--strict`).
    Warning(String),
}

impl FileOutput {
    /// The output of an input that could not be read at all.
    pub fn failed(e: InputError) -> FileOutput {
        FileOutput {
            said: vec![Said::InputError(e, super::EXIT_INPUT_ERROR)],
            ..FileOutput::default()
        }
    }
}

/// Runs `work(path, several)` on every input (`several`: more than one
/// input, so listings name their file) and prints the outputs in order.
/// Returns the exit status.
pub fn per_file(
    command: &'static str,
    files: &[std::ffi::OsString],
    format: Format,
    diag: &mut Diag,
    work: impl Fn(&Path, bool) -> FileOutput + Sync,
) -> u8 {
    let (inputs, skipped) = expand(files);
    if inputs.is_empty() {
        diag.skipped_files(&skipped);
        diag.no_inputs(files);
        if format.is_json() {
            print!("{}", json_document(diag, "files", serde_json::json!([])));
        }
        return diag.status();
    }
    let several = inputs.len() > 1;
    let Some((mut out, mut stream, json)) = open_stream(command, format) else {
        return diag.status();
    };
    let mut closed = false;
    ordered_weighed(
        inputs.len(),
        |i| work(&inputs[i].path, several),
        |o| o.text.len(),
        |o| {
            if !o.said.is_empty() {
                // What was printed before stays before the message.
                let _ = out.flush();
            }
            for s in &o.said {
                match s {
                    Said::InputError(e, status) => diag.input_error(e, *status),
                    Said::Error(m, status) => diag.error_with(m, *status),
                    Said::Note(m) => diag.note(m),
                    Said::Warning(m) => diag.warn(m),
                }
            }
            let flow = match (&o.json, json) {
                (Some(v), true) => write_or_stop(&mut out, stream.item(v).as_bytes()),
                (_, true) => ControlFlow::Continue(()),
                (_, false) => write_or_stop(&mut out, &o.text),
            };
            closed |= flow.is_break();
            flow
        },
    );
    finish_stream(&mut out, stream, json, closed, diag, &skipped)
}
