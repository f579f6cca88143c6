//! Diagnostics on stderr: errors (the input could not be read) and warnings
//! (gosym read it but cannot vouch for all of the answer), and what
//! `--strict` makes of warnings: errors, with the exit status they carry.

use super::EXIT_INPUT_ERROR;
use super::inputs::Skipped;
use crate::error::{ErrorRecord, InputError, JSON_SCHEMA_VERSION};

/// Collects the exit status of one subcommand while printing its
/// diagnostics as `gosym <cmd>: …`.
#[derive(Debug)]
pub struct Diag {
    cmd: &'static str,
    strict: bool,
    status: u8,
    errors: Vec<ErrorRecord>,
    warnings: Vec<String>,
}

impl Diag {
    /// Diagnostics of subcommand `cmd`; `strict` is `--strict`.
    pub fn new(cmd: &'static str, strict: bool) -> Diag {
        Diag {
            cmd,
            strict,
            status: 0,
            errors: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// Prints an error; the exit status becomes at least 2.
    pub fn error(&mut self, msg: impl std::fmt::Display) {
        self.error_with(msg, EXIT_INPUT_ERROR);
    }

    /// Prints an error about an input (exit status `code`), kept with its
    /// file, member and offset for `--format json`.
    pub fn input_error(&mut self, e: &InputError, code: u8) {
        eprintln!("gosym {}: {e}", self.cmd);
        self.errors.push(ErrorRecord::from(e));
        self.raise(code);
    }

    /// The errors so far, for `--format json`.
    pub fn error_records(&self) -> &[ErrorRecord] {
        &self.errors
    }

    /// The warnings so far, for `--format json`.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// Prints an error whose exit status is `code` (a peer tool's
    /// convention, e.g. `go tool nm`'s 1 for a file without symbols).
    pub fn error_with(&mut self, msg: impl std::fmt::Display, code: u8) {
        let message = msg.to_string();
        eprintln!("gosym {}: {message}", self.cmd);
        self.errors.push(ErrorRecord {
            file: String::new(),
            member: None,
            kind: "other",
            message,
            offset: None,
        });
        self.raise(code);
    }

    /// Prints a message that does not change the exit status (GNU nm's
    /// `no symbols` for `-D`).
    pub fn note(&mut self, msg: impl std::fmt::Display) {
        eprintln!("gosym {}: {msg}", self.cmd);
    }

    /// No input at all after expanding directories: an error (exit 2).
    pub fn no_inputs(&mut self, args: &[std::ffi::OsString]) {
        let what: Vec<String> = args.iter().map(|a| a.to_string_lossy().into_owned()).collect();
        if what.is_empty() {
            self.error("no input files");
        } else {
            self.error(format_args!(
                "no input files: {} hold(s) no Go archive, Go object, ELF, Mach-O, PE or WebAssembly file",
                what.join(", ")
            ));
        }
    }

    /// Prints a warning; under `--strict` it is an error that raises the
    /// exit status to 2.
    pub fn warn(&mut self, msg: impl std::fmt::Display) {
        self.warn_with(msg, EXIT_INPUT_ERROR);
    }

    /// Like [`Diag::warn`], with the status `--strict` gives it.
    pub fn warn_with(&mut self, msg: impl std::fmt::Display, strict_status: u8) {
        self.warnings.push(msg.to_string());
        if self.strict {
            eprintln!("gosym {}: error (--strict): {msg}", self.cmd);
            self.raise(strict_status);
        } else {
            eprintln!("gosym {}: warning: {msg}", self.cmd);
        }
    }

    /// Raises the exit status to at least `code`.
    pub fn raise(&mut self, code: u8) {
        self.status = self.status.max(code);
    }

    /// Whether `--strict` is on.
    pub fn strict(&self) -> bool {
        self.strict
    }

    /// The exit status so far.
    pub fn status(&self) -> u8 {
        self.status
    }

    /// Reports what directory walks skipped: files named like inputs are
    /// warnings (one each), the others a count that is only a note.
    pub fn skipped_files(&mut self, skipped: &Skipped) {
        for p in &skipped.named_like_inputs {
            self.warn(format_args!(
                "{}: named like an archive or object but not a Go archive, Go object, ELF, Mach-O, PE or WebAssembly file: skipped",
                p.display()
            ));
        }
        if skipped.cached_executables > 0 {
            eprintln!(
                "gosym {}: {} executable(s) cached in the Go build cache skipped",
                self.cmd, skipped.cached_executables
            );
        }
        if skipped.others > 0 {
            eprintln!(
                "gosym {}: {} other file(s) in directories skipped: not Go archives, objects or ELF files (or symbolic links)",
                self.cmd, skipped.others
            );
        }
    }
}

/// The JSON document of a command: `{"schema_version", "command", KEY:
/// items, "errors", "warnings"}` (schema/gosym.schema.json).
pub fn json_document(diag: &Diag, key: &str, items: serde_json::Value) -> String {
    let mut doc = serde_json::Map::new();
    doc.insert("schema_version".into(), JSON_SCHEMA_VERSION.into());
    doc.insert("command".into(), diag.cmd.into());
    doc.insert(key.into(), items);
    doc.insert("errors".into(), serde_json::to_value(&diag.errors).unwrap_or_default());
    doc.insert(
        "warnings".into(),
        serde_json::to_value(&diag.warnings).unwrap_or_default(),
    );
    format!("{:#}\n", serde_json::Value::Object(doc))
}

/// A JSON document written as it goes: the opening (`schema_version`,
/// `command`, then KEY's array), each item as it is ready, and the closing
/// (`errors`, `warnings`) once everything is known. Same schema as
/// [`json_document`].
pub struct JsonStream {
    first: bool,
    /// JSON Lines: one compact object per item, then a summary object.
    lines: bool,
    cmd: String,
}

impl JsonStream {
    /// The opening text of `cmd`'s document with the items under `key`
    /// (nothing for JSON Lines).
    pub fn open(cmd: &str, key: &str, lines: bool) -> (JsonStream, String) {
        let opening = if lines {
            String::new()
        } else {
            format!("{{\n  \"schema_version\": {JSON_SCHEMA_VERSION},\n  \"command\": \"{cmd}\",\n  \"{key}\": [")
        };
        (
            JsonStream {
                first: true,
                lines,
                cmd: cmd.to_string(),
            },
            opening,
        )
    }

    /// The text of one more item.
    pub fn item(&mut self, v: &serde_json::Value) -> String {
        if self.lines {
            let mut v = v.clone();
            if let Some(o) = v.as_object_mut() {
                o.insert("type".into(), "file".into());
            }
            return format!("{v}\n");
        }
        let sep = if self.first { "\n" } else { ",\n" };
        self.first = false;
        let body = format!("{v:#}").replace('\n', "\n    ");
        format!("{sep}    {body}")
    }

    /// The closing text, with the errors and warnings of `diag`.
    pub fn close(self, diag: &Diag) -> String {
        if self.lines {
            let summary = serde_json::json!({
                "type": "summary",
                "schema_version": JSON_SCHEMA_VERSION,
                "command": self.cmd,
                "errors": diag.errors,
                "warnings": diag.warnings,
            });
            return format!("{summary}\n");
        }
        let errors = serde_json::to_string(&diag.errors).unwrap_or_else(|_| "[]".into());
        let warnings = serde_json::to_string(&diag.warnings).unwrap_or_else(|_| "[]".into());
        let end = if self.first { "]" } else { "\n  ]" };
        format!("{end},\n  \"errors\": {errors},\n  \"warnings\": {warnings}\n}}\n")
    }
}

/// Buffered stdout for a streamed listing, the document's opening already
/// written when the format is JSON; `None` when stdout is already gone.
/// Returns the writer, the stream and whether the output is JSON.
pub fn open_stream(
    cmd: &str,
    format: super::Format,
) -> Option<(std::io::BufWriter<std::io::StdoutLock<'static>>, JsonStream, bool)> {
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let json = format.is_json();
    let (stream, opening) = JsonStream::open(cmd, "files", format == super::Format::Jsonl);
    if json && write_or_stop(&mut out, opening.as_bytes()).is_break() {
        return None;
    }
    Some((out, stream, json))
}

/// Writes `buf`; a closed stdout (`| head`) or any write error stops the
/// run quietly, as GNU nm and ripgrep do.
pub fn write_or_stop(out: &mut impl std::io::Write, buf: &[u8]) -> std::ops::ControlFlow<()> {
    match out.write_all(buf) {
        Ok(()) => std::ops::ControlFlow::Continue(()),
        Err(_) => std::ops::ControlFlow::Break(()),
    }
}

/// The end of a streamed listing: nothing more when stdout went away
/// (`| head`: quiet, as GNU nm), else what the walks skipped, the JSON
/// closing and a flush. Returns the exit status.
pub fn finish_stream(
    out: &mut impl std::io::Write,
    stream: JsonStream,
    json: bool,
    closed: bool,
    diag: &mut Diag,
    skipped: &super::inputs::Skipped,
) -> u8 {
    if closed {
        return diag.status();
    }
    diag.skipped_files(skipped);
    if json {
        let _ = out.write_all(stream.close(diag).as_bytes());
    }
    let _ = out.flush();
    diag.status()
}
