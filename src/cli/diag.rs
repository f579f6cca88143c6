//! Diagnostics on stderr: errors (the input could not be read) and warnings
//! (gosym read it but cannot vouch for all of the answer), and what
//! `--strict` makes of warnings: errors, with the exit status they carry.

use super::EXIT_INPUT_ERROR;
use super::inputs::Skipped;

/// Collects the exit status of one subcommand while printing its
/// diagnostics as `gosym <cmd>: …`.
#[derive(Debug)]
pub struct Diag {
    cmd: &'static str,
    strict: bool,
    status: u8,
}

impl Diag {
    /// Diagnostics of subcommand `cmd`; `strict` is `--strict`.
    pub fn new(cmd: &'static str, strict: bool) -> Diag {
        Diag { cmd, strict, status: 0 }
    }

    /// Prints an error; the exit status becomes at least 2.
    pub fn error(&mut self, msg: impl std::fmt::Display) {
        eprintln!("gosym {}: {msg}", self.cmd);
        self.raise(EXIT_INPUT_ERROR);
    }

    /// Prints an error whose exit status is `code` (a peer tool's
    /// convention, e.g. `go tool nm`'s 1 for a file without symbols).
    pub fn error_with(&mut self, msg: impl std::fmt::Display, code: u8) {
        eprintln!("gosym {}: {msg}", self.cmd);
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
                "no input files: {} hold(s) no Go archive, Go object or ELF file",
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
                "{}: named like an archive or object but not a Go archive, Go object or ELF file: skipped",
                p.display()
            ));
        }
        if skipped.others > 0 {
            eprintln!(
                "gosym {}: {} other file(s) in directories skipped: not Go archives, objects or ELF files (or symbolic links)",
                self.cmd, skipped.others
            );
        }
    }
}
