//! `gosym toolexec`: the guard inside `go build -toolexec 'gosym toolexec
//! …'`. The go command runs every tool through it (`gosym toolexec [OPTS]
//! /path/to/tool ARGS…`): a tool that is not the linker, and any `-V`
//! version query, is executed in gosym's place, untouched (same argv,
//! standard streams, environment and exit status: go build's action IDs
//! come from the tools' own `-V=full`). A link step is checked against the
//! building toolchain (whose GOROOT the tool's path names) and each
//! `--go`/`--goroot` target, from the linker's own argv (importcfg, main
//! archive, flags), then the real linker runs with the same argv. What is
//! printed goes to stderr, which go build shows under `# pkg`: nothing on a
//! good link but forecast notes; the diagnosis after the linker's own lines
//! when it fails.

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::check::link_reports;
use super::diag::Diag;
use crate::check::report::Report;
use crate::check::target::flags::{LinkFlags, split_link_argv};
use crate::input::OpenOptions;
use crate::render::check::{TextStyle, text};

/// Options of `gosym toolexec` (the doc comments are its `--help`).
#[derive(Debug, clap::Args)]
pub struct ToolexecArgs {
    /// Also forecast each link for this release from gosym's built-in facts
    /// (1.N; repeatable): a failure is a note, unless --deny.
    #[arg(long = "go", value_name = "1.N")]
    pub go: Vec<String>,
    /// Also forecast each link for this toolchain (repeatable).
    #[arg(long = "goroot", value_name = "DIR")]
    pub goroots: Vec<PathBuf>,
    /// Stop a link gosym predicts to fail (for the building toolchain or a
    /// forecast target) before the linker runs: exit 1, no binary written.
    #[arg(long)]
    pub deny: bool,
    /// The diagnosis printed on stderr: text, or the check's JSON document.
    #[arg(long, value_enum, default_value = "text")]
    pub format: ToolexecFormat,
    /// Append one JSON document per link step to FILE (the schema of
    /// `check --format json`, with the link step), for CI artifacts.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// The tool go build runs, and its arguments.
    #[arg(
        required = true,
        trailing_var_arg = true,
        allow_hyphen_values = true,
        value_name = "TOOL ARGS"
    )]
    pub tool: Vec<OsString>,
}

/// `gosym toolexec --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ToolexecFormat {
    /// Diagnostics, as `gosym check` prints them.
    Text,
    /// The `check --format json` document.
    Json,
}

/// Runs one tool step; returns its exit status (the tool's own, unless
/// `--deny` stopped it).
pub fn run(a: &ToolexecArgs, opts: OpenOptions, diag: &mut Diag) -> u8 {
    let Some((tool, args)) = a.tool.split_first() else {
        diag.error("toolexec: no tool given (go build -toolexec passes it)");
        return diag.status();
    };
    let words: Vec<String> = args.iter().map(|w| w.to_string_lossy().into_owned()).collect();
    if !is_link_step(Path::new(tool), &words) {
        return exec(tool, args, diag);
    }
    let step = match LinkStep::parse(Path::new(tool), &words) {
        Ok(s) => s,
        Err(why) => {
            diag.note(format_args!("link not checked: {why}"));
            return spawn(tool, args, diag);
        }
    };
    let reports = step.check(a, opts, diag);
    let building_fails = reports.first().is_some_and(|r| !r.ok);
    let forecasts: Vec<(&Report, Vec<&str>)> = reports
        .iter()
        .skip(1)
        .map(|r| (r, forecast_failures(r)))
        .filter(|(_, f)| !f.is_empty())
        .collect();
    if a.deny && (building_fails || !forecasts.is_empty()) {
        let failing: Vec<&Report> = reports
            .iter()
            .take(1)
            .filter(|r| !r.ok)
            .chain(forecasts.iter().map(|(r, _)| *r))
            .collect();
        print_diagnosis(a.format, &failing, diag);
        eprintln!(
            "gosym toolexec: --deny: the link of {} was not run (gosym predicts it fails)",
            step.output_name()
        );
        append_report(a, &step, &reports, None, diag);
        return super::check::EXIT_WOULD_FAIL;
    }
    let status = spawn(tool, args, diag);
    if status != 0 {
        if let Some(r) = reports.first() {
            print_diagnosis(a.format, &[r], diag);
            let unverified: Vec<&str> = r
                .findings
                .iter()
                .filter(|f| f.unverified)
                .map(|f| f.message.as_str())
                .collect();
            if r.ok && !unverified.is_empty() {
                eprintln!(
                    "gosym toolexec: gosym said this link succeeds as far as it could verify; it had warned: {}",
                    unverified.join("; ")
                );
            } else if r.ok {
                eprintln!(
                    "gosym toolexec: gosym predicted this link succeeds: a gap in gosym; please report it with the \
                     linker's output above and its inputs (-importcfg {}, {})",
                    step.importcfg.display(),
                    step.main.display()
                );
            }
        }
    } else if building_fails {
        eprintln!(
            "gosym toolexec: gosym predicted this link fails, but the linker succeeded: a gosym bug; please report \
             it with its inputs (-importcfg {}, {}) and gosym's first finding: {}",
            step.importcfg.display(),
            step.main.display(),
            reports[0].first().map_or("", |f| f.message.as_str())
        );
    }
    for r in reports.iter().skip(1) {
        for s in r.skipped.iter().filter(|s| s.starts_with("forecast not made")) {
            eprintln!("gosym toolexec: note: {}: {s}", r.target.version);
        }
    }
    for (r, failures) in &forecasts {
        for f in failures {
            eprintln!(
                "gosym toolexec: note: this program, rebuilt with {}, would fail to link: {f}",
                r.target.version
            );
        }
    }
    append_report(a, &step, &reports, Some(status), diag);
    status
}

/// What a forecast target's report says would fail once the program is
/// rebuilt with that toolchain: its forecast findings (objects of another
/// toolchain fail its header check, which a rebuild mends); for a target
/// of the building release itself, its failing findings.
fn forecast_failures(r: &Report) -> Vec<&str> {
    use crate::check::report::Category;
    let forecast: Vec<&str> = r
        .findings
        .iter()
        .filter(|f| f.category == Category::Forecast)
        .map(|f| f.message.as_str())
        .collect();
    let foreign = r
        .findings
        .iter()
        .any(|f| matches!(f.category, Category::Header | Category::Format));
    if !forecast.is_empty() || foreign {
        return forecast;
    }
    r.findings
        .iter()
        .filter(|f| f.fails_link)
        .map(|f| f.message.as_str())
        .take(1)
        .collect()
}

/// Whether go build runs the linker (not a `-V` version query).
fn is_link_step(tool: &Path, args: &[String]) -> bool {
    let name = tool.file_stem().and_then(|n| n.to_str()).unwrap_or("");
    name == "link" && !args.iter().any(|a| a == "-V" || a.starts_with("-V="))
}

/// Runs `tool` in gosym's place: on Unix the process becomes the tool
/// (streams, environment, exit status and signals are the tool's own).
fn exec(tool: &OsString, args: &[OsString], diag: &mut Diag) -> u8 {
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        let e = Command::new(tool).args(args).exec();
        diag.error(format_args!("toolexec: cannot run {}: {e}", Path::new(tool).display()));
        diag.status()
    }
    #[cfg(not(unix))]
    {
        spawn(tool, args, diag)
    }
}

/// Runs `tool` as a child with gosym's streams; its exit status.
fn spawn(tool: &OsString, args: &[OsString], diag: &mut Diag) -> u8 {
    match Command::new(tool).args(args).status() {
        Ok(s) => s.code().map_or(1, |c| c.clamp(0, 255) as u8),
        Err(e) => {
            diag.error(format_args!("toolexec: cannot run {}: {e}", Path::new(tool).display()));
            diag.status()
        }
    }
}

/// One link step, from the linker's argv.
struct LinkStep {
    /// The building toolchain (the tool is `GOROOT/pkg/tool/GOOS_GOARCH/link`).
    goroot: PathBuf,
    importcfg: PathBuf,
    main: PathBuf,
    output: Option<String>,
    /// The linker's flags, one word each (without -o, -importcfg, main).
    flags: Vec<String>,
}

impl LinkStep {
    fn parse(tool: &Path, words: &[String]) -> Result<LinkStep, String> {
        let goroot = tool
            .ancestors()
            .nth(4)
            .filter(|g| g.join("src").is_dir() || g.join("bin").is_dir())
            .ok_or_else(|| format!("{} is not GOROOT/pkg/tool/GOOS_GOARCH/link", tool.display()))?
            .to_path_buf();
        let argv = split_link_argv(words.iter().map(String::as_str)).map_err(|e| e.to_string())?;
        // The flags must be ones gosym models: else its verdict would be
        // a guess.
        LinkFlags::parse_words(argv.flags.iter().map(String::as_str)).map_err(|e| e.to_string())?;
        let importcfg = argv
            .importcfg
            .ok_or("no -importcfg (go build always gives one): the link set is not known")?;
        let main = argv.main.ok_or("no main archive")?;
        Ok(LinkStep {
            goroot,
            importcfg: importcfg.into(),
            main: main.into(),
            output: argv.output,
            flags: argv.flags,
        })
    }

    /// The binary the step writes, as go build names it.
    fn output_name(&self) -> String {
        self.output.clone().unwrap_or_else(|| "a.out".into())
    }

    /// The reports: the building toolchain first, then each target asked
    /// for (one load of the inputs for all).
    fn check(&self, a: &ToolexecArgs, opts: OpenOptions, diag: &mut Diag) -> Vec<Report> {
        link_reports(
            std::iter::once(self.goroot.clone())
                .chain(a.goroots.iter().cloned())
                .collect(),
            a.go.clone(),
            (&self.importcfg, &self.main, &self.flags),
            opts,
            diag,
        )
    }
}

fn print_diagnosis(format: ToolexecFormat, reports: &[&Report], diag: &Diag) {
    let out = match format {
        ToolexecFormat::Json => super::diag::json_document(
            diag,
            "reports",
            crate::render::check::reports_json(reports.iter().copied()),
        ),
        ToolexecFormat::Text => {
            // go build captures the tool's output: plain text, $COLUMNS wide.
            let style = TextStyle {
                width: crate::render::wrap::stdout_width(),
                color: false,
            };
            reports.iter().map(|r| text(r, &style)).collect::<Vec<_>>().join("\n")
        }
    };
    let _ = std::io::stderr().lock().write_all(out.as_bytes());
}

/// `--report FILE`: one JSON document per link step, appended.
fn append_report(a: &ToolexecArgs, step: &LinkStep, reports: &[Report], status: Option<u8>, diag: &mut Diag) {
    let Some(path) = &a.report else { return };
    let mut doc: serde_json::Value = serde_json::from_str(&super::diag::json_document(
        diag,
        "reports",
        crate::render::check::reports_json(reports),
    ))
    .unwrap_or_default();
    doc["link"] = serde_json::json!({
        "goroot": step.goroot.to_string_lossy(),
        "importcfg": step.importcfg.to_string_lossy(),
        "main": step.main.to_string_lossy(),
        "output": step.output,
        "ran": status.is_some(),
        "status": status,
    });
    let line = format!("{doc}\n");
    let written = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .and_then(|mut f| f.write_all(line.as_bytes()));
    if let Err(e) = written {
        diag.error(format_args!("--report {}: {e}", path.display()));
    }
}
