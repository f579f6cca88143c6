//! `gosym diagnose [FILE]`: forensics on a failed build. Reads the output
//! of a failed `go build`, `go test` or `go tool link` (plain, or with
//! `-x`/`-work`), finds each linker failure line in every release's
//! wording ([`crate::check::wording`]) and says what causes it and what to
//! do; where the output names the link's inputs (`-x` prints the link
//! command, `-work` keeps `$WORK`) or they are given, it runs the check of
//! those inputs, with file, member and producer.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::check::link_reports;
use super::diag::Diag;
use crate::check::target::flags::split_link_argv;
use crate::check::wording::{Recognised, explain, recognise};
use crate::input::OpenOptions;
use crate::render::check::{TextStyle, text};
use crate::render::wrap::{stdout_width, wrap};

/// Options of `gosym diagnose` (the doc comments are its `--help`).
#[derive(Debug, clap::Args)]
pub struct DiagnoseArgs {
    /// The build's output (standard input when absent or `-`).
    pub file: Option<PathBuf>,
    /// The link's importcfg, when the output does not name it.
    #[arg(long = "importcfg")]
    pub importcfg: Option<PathBuf>,
    /// The link's main archive, when the output does not name it.
    #[arg(long = "main", value_name = "FILE")]
    pub main: Option<PathBuf>,
    /// The toolchain whose linker failed (default: the one the link
    /// command names, else the go on PATH).
    #[arg(long = "goroot")]
    pub goroot: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: DiagnoseFormat,
}

/// `gosym diagnose --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiagnoseFormat {
    /// Diagnostics.
    Text,
    /// One JSON document.
    Json,
}

/// Exit status: at least one linker failure explained.
const EXIT_EXPLAINED: u8 = 1;

/// One failure found in the output.
#[derive(Debug, serde::Serialize)]
struct Failure {
    category: crate::check::report::Category,
    /// The linker's message (with the header block's `have`/`want` lines).
    message: String,
    cause: &'static str,
    remedy: &'static str,
    /// Its line in the output (1-based).
    line: usize,
}

/// A link command the output shows (`-x`).
struct LinkCommand {
    goroot: Option<PathBuf>,
    importcfg: PathBuf,
    main: PathBuf,
    flags: Vec<String>,
}

/// Runs `diagnose`; returns the exit status.
pub fn run(a: &DiagnoseArgs, opts: OpenOptions, diag: &mut Diag) -> u8 {
    let mut text = Vec::new();
    let read = match a.file.as_deref().filter(|f| *f != Path::new("-")) {
        Some(f) => std::fs::File::open(f).and_then(|mut h| h.read_to_end(&mut text)),
        None => std::io::stdin().lock().read_to_end(&mut text),
    };
    if let Err(e) = read {
        let name = a
            .file
            .as_ref()
            .map_or("standard input".into(), |f| f.display().to_string());
        diag.error(format_args!("{name}: {e}"));
        return diag.status();
    }
    let text = String::from_utf8_lossy(&text);
    let failures = failures(&text);
    let command = link_command(&text, a);
    let mut reports = Vec::new();
    let mut unavailable = None;
    if let Some(c) = &command {
        if c.importcfg.is_file() && c.main.is_file() {
            reports = check_inputs(c, opts, diag);
        } else {
            unavailable = Some(format!(
                "the link's inputs ({}) are gone: build again with -work -x (go build keeps $WORK then) and \
                 diagnose that output, or give --importcfg and --main",
                c.importcfg.display()
            ));
        }
    }
    match a.format {
        DiagnoseFormat::Json => {
            let items = serde_json::json!({
                "failures": failures,
                "reports": crate::render::check::reports_json(&reports),
                "inputs_unavailable": unavailable,
            });
            let mut doc = serde_json::from_str::<serde_json::Value>(&super::diag::json_document(
                diag,
                "failures",
                items["failures"].clone(),
            ))
            .unwrap_or_default();
            doc["reports"] = items["reports"].clone();
            doc["inputs_unavailable"] = items["inputs_unavailable"].clone();
            println!("{doc:#}");
        }
        DiagnoseFormat::Text => print_text(&failures, &reports, unavailable.as_deref()),
    }
    if failures.is_empty() {
        diag.status()
    } else {
        diag.raise(EXIT_EXPLAINED);
        diag.status()
    }
}

/// Every linker failure line of `text`, once each, in order; a header
/// mismatch keeps its `have`/`want` lines.
fn failures(text: &str) -> Vec<Failure> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out: Vec<Failure> = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let Some(Recognised { category, mut message }) = recognise(l) else {
            continue;
        };
        if message.ends_with("linked object header mismatch:") {
            for next in lines.iter().skip(i + 1).take(2) {
                if next.starts_with("have ") || next.starts_with("want ") {
                    message.push('\n');
                    message.push_str(next);
                }
            }
        }
        if out.iter().any(|f| f.message == message) {
            continue;
        }
        let (cause, remedy) = explain(category);
        out.push(Failure {
            category,
            message,
            cause,
            remedy,
            line: i + 1,
        });
    }
    out
}

/// The link command of `-x` output (with `$WORK` from its `WORK=` line),
/// or the inputs given.
fn link_command(text: &str, a: &DiagnoseArgs) -> Option<LinkCommand> {
    if let (Some(importcfg), Some(main)) = (&a.importcfg, &a.main) {
        return Some(LinkCommand {
            goroot: a.goroot.clone(),
            importcfg: importcfg.clone(),
            main: main.clone(),
            flags: Vec::new(),
        });
    }
    let work = text
        .lines()
        .find_map(|l| l.strip_prefix("WORK="))
        .map(str::trim)
        .unwrap_or("$WORK");
    text.lines().rev().find_map(|l| {
        // `GOROOT='…' /…/pkg/tool/linux_amd64/link -o … main.a`: the
        // environment assignments -x prints first are skipped.
        let words: Vec<String> = l
            .split_whitespace()
            .skip_while(|w| {
                w.split_once('=')
                    .is_some_and(|(k, _)| !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
            })
            .map(|w| w.replace("$WORK", work))
            .collect();
        let tool = Path::new(words.first()?);
        let is_link = tool.file_name().is_some_and(|n| n == "link" || n == "link.exe")
            && tool
                .parent()
                .is_some_and(|p| p.parent().is_some_and(|t| t.ends_with("pkg/tool")));
        if !is_link {
            return None;
        }
        let argv = split_link_argv(words[1..].iter().map(String::as_str)).ok()?;
        Some(LinkCommand {
            goroot: a
                .goroot
                .clone()
                .or_else(|| tool.ancestors().nth(4).map(Path::to_path_buf)),
            importcfg: a.importcfg.clone().or(argv.importcfg.map(PathBuf::from))?,
            main: a.main.clone().or(argv.main.map(PathBuf::from))?,
            flags: argv.flags,
        })
    })
}

/// The check of the link's inputs against the toolchain that linked.
fn check_inputs(c: &LinkCommand, opts: OpenOptions, diag: &mut Diag) -> Vec<crate::check::report::Report> {
    link_reports(
        c.goroot.iter().cloned().collect(),
        Vec::new(),
        (&c.importcfg, &c.main, &c.flags),
        opts,
        diag,
    )
}

fn print_text(failures: &[Failure], reports: &[crate::check::report::Report], unavailable: Option<&str>) {
    let w = stdout_width();
    let mut out = Vec::new();
    if failures.is_empty() {
        out.push("no linker failure found in the output".to_string());
    }
    for f in failures {
        let mut lines = f.message.lines();
        out.push(format!(
            "error[{}]: {} (line {})",
            f.category.name(),
            lines.next().unwrap_or(""),
            f.line
        ));
        for l in lines {
            out.push(format!("   | {l}"));
        }
        out.extend(wrap(&format!("cause: {}", f.cause), w, "   = ", "       "));
        out.extend(wrap(&format!("help: {}", f.remedy), w, "   = ", "       "));
        out.push(String::new());
    }
    if let Some(u) = unavailable {
        out.extend(wrap(&format!("note: {u}"), w, "", "  "));
    }
    let style = TextStyle { width: w, color: false };
    for r in reports {
        out.push("the check of the link's inputs:".into());
        out.push(text(r, &style));
    }
    let mut s = out.join("\n");
    s.push('\n');
    let _ = crate::render::nm::flush(&mut std::io::stdout().lock(), s.as_bytes());
}
