//! Command line: clap structures (the raw layer), Go-style single-dash flag
//! normalisation, input expansion (directories are walked), and the
//! drivers that run each subcommand over inputs in parallel and print the
//! results in input order.

mod audit;
mod check;
mod diag;
mod diagnose;
mod diff;
mod goroot;
mod info;
mod inputs;
pub mod nm;
mod perfile;
mod relocs;
mod stream;
mod toolexec;

use std::ffi::OsString;
use std::process::ExitCode;

use clap::parser::ValueSource;
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

/// Exit status: success.
pub const EXIT_OK: u8 = 0;
/// Exit status: some input could not be read.
pub const EXIT_INPUT_ERROR: u8 = 2;

/// gosym: read Go archives and objects of every Go version from go1.15 on.
#[derive(Debug, Parser)]
#[command(name = "gosym", version, about, long_about = None)]
pub struct Args {
    /// The subcommand.
    #[command(subcommand)]
    pub command: Command,
    /// Turn warnings (inferred tables, development builds, files named like
    /// archives or objects that are not, files changed while read, checks
    /// skipped, findings that do not fail the link) into errors: exit 2
    /// (check: 1 for findings).
    #[arg(long, global = true)]
    pub strict: bool,
    /// Read inputs into memory instead of mapping them: a file truncated
    /// by another process meanwhile is then an error, not a crash (SIGBUS).
    /// Also set by GOSYM_NO_MMAP=1.
    #[arg(long = "no-mmap", global = true)]
    pub no_mmap: bool,
}

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    /// Human-readable text (Go's layout for nm, tables for info).
    #[default]
    #[value(alias = "table")]
    Text,
    /// JSON document on stdout (written as it goes).
    Json,
    /// JSON Lines: one object per file (`"type": "file"`), then a
    /// `"type": "summary"` object with the errors and warnings (ripgrep's
    /// convention).
    Jsonl,
}

impl Format {
    /// JSON of either shape.
    pub fn is_json(self) -> bool {
        matches!(self, Format::Json | Format::Jsonl)
    }
}

/// `-sort` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortArg {
    /// By address.
    Address,
    /// By name (default).
    Name,
    /// Input order.
    None,
    /// By size, largest first.
    Size,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List symbols, byte-identical to the producing toolchain's `go tool nm`.
    Nm {
        /// Alias for -sort address.
        #[arg(short = 'n')]
        n: bool,
        /// Print symbol sizes.
        #[arg(long)]
        size: bool,
        /// Sort order.
        #[arg(long, value_enum, default_value = "name")]
        sort: SortArg,
        /// Print symbol types (Go type names, go1.15 objects only).
        #[arg(long = "type")]
        typ: bool,
        /// gosym only: add an ABI column (ABI0, ABIInternal, static).
        #[arg(long)]
        abi: bool,
        /// List ELF dynamic symbols (.dynsym) as GNU `nm -D` does.
        #[arg(short = 'D', long = "dynamic")]
        dynamic: bool,
        /// Demangle C++ and Rust names.
        #[arg(short = 'C', long = "demangle")]
        demangle: bool,
        /// Print as go1.N's `go tool nm` would (default: the producing toolchain's).
        #[arg(long = "as", value_name = "go1.N")]
        as_version: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// Archives, objects, ELF files or directories.
        #[arg(required = true)]
        files: Vec<OsString>,
    },
    /// Predict the Go linker's verdict on archives, before linking.
    Check(check::CheckArgs),
    /// The guard inside go build: `go build -toolexec 'gosym toolexec'`
    /// checks every link step before the linker runs (and forecasts it for
    /// --go/--goroot targets); every other tool runs untouched.
    Toolexec(toolexec::ToolexecArgs),
    /// Explain a failed build: each linker error line of `go build`/`go
    /// test`/`go tool link` output (plain, -x, -work), its cause and what to
    /// do, and the check of the link's inputs when they can be found.
    Diagnose(diagnose::DiagnoseArgs),
    /// What changed between two toolchains' std as a linker sees it (symbols per package, linkname blocks, header); with inputs, their references the second breaks.
    Diff {
        /// The first GOROOT, or a built-in release (`1.22`, `go1.22.12`).
        a: std::path::PathBuf,
        /// The second GOROOT, or a built-in release.
        b: std::path::PathBuf,
        /// Only these std packages (and list their symbols).
        #[arg(long = "pkg")]
        pkgs: Vec<String>,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// Go archives or objects whose references to judge.
        inputs: Vec<std::path::PathBuf>,
    },
    /// Which toolchain and settings built each archive (GOPATH/pkg, GOCACHE, ./vendor by default), and which are stale for the target.
    Audit {
        /// The target (default: the go on PATH).
        #[arg(long = "goroot")]
        goroot: Option<std::path::PathBuf>,
        /// Print the stale inputs' paths (never deletes).
        #[arg(long = "list-stale")]
        list_stale: bool,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// Directories or files.
        dirs: Vec<OsString>,
    },
    /// Where SYMBOL binds in the link of each target: definitions, every reference (symbol, member, offset, relocation type), reachability.
    Explain {
        /// The symbol (`main.f`, `runtime.tickspersecond`).
        symbol: String,
        /// The link, as `check` takes it.
        #[command(flatten)]
        args: check::CheckArgs,
    },
    /// The check of every --goroot and --go target, one row per producer (toolchain and settings), one column per target.
    Matrix(check::CheckArgs),
    /// Relocations: ELF sections as `readelf -rW` prints them, Go objects with their release's type names.
    Relocs {
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// Archives, objects, ELF files or directories.
        #[arg(required = true)]
        files: Vec<OsString>,
    },
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completion {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff) on stdout: `gosym man | man -l -`.
    Man,
    /// Toolchain facts: the header its linker wants, experiments, object format, blocked linknames, architecture facts from its sources.
    Goroot {
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// GOROOTs (default: the go on PATH).
        dirs: Vec<std::path::PathBuf>,
    },
    /// Describe archives and objects: producer, format, package, fingerprint, imports, members.
    Info {
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// Print only the build information of linked files, as `go version -m` does.
        #[arg(long = "version-m")]
        version_m: bool,
        /// Archives, objects, ELF files or directories.
        #[arg(required = true)]
        files: Vec<OsString>,
    },
}

/// Rewrites Go-style single-dash long flags (`-size`, `-sort=x`, `-type`)
/// into clap's double-dash form, up to a `--`.
pub fn normalise_args(args: impl IntoIterator<Item = OsString>) -> Vec<OsString> {
    let mut out = Vec::new();
    let mut done = false;
    for a in args {
        if done {
            out.push(a);
            continue;
        }
        if a == "--" {
            done = true;
            out.push(a);
            continue;
        }
        let s = a.to_string_lossy();
        let long = [
            "-size",
            "-sort",
            "-type",
            "-abi",
            "-format",
            "-importcfg",
            "-goroot",
            "-ldflags",
            "-strict",
            "-no-mmap",
        ];
        if long.iter().any(|l| s == *l || s.starts_with(&format!("{l}="))) {
            out.push(OsString::from(format!("-{s}")));
        } else {
            out.push(a);
        }
    }
    out
}

/// The clap command, with the supported Go range in `--version`.
pub fn command() -> clap::Command {
    let long = format!("{}\n{}", env!("CARGO_PKG_VERSION"), crate::tables::support_summary());
    Args::command().long_version(long)
}

/// Whether `-n` comes after any `-sort` on the command line: Go's flag
/// package lets the last of them win (`-n` is `-sort address`).
fn n_wins(nm: &clap::ArgMatches) -> bool {
    if !nm.get_flag("n") {
        return false;
    }
    if nm.value_source("sort") != Some(ValueSource::CommandLine) {
        return true;
    }
    let last = |id: &str| nm.indices_of(id).and_then(|i| i.max());
    last("n") > last("sort")
}

/// Writes `buf` to stdout; a closed pipe (`| head`) is success.
fn print_all(buf: &[u8]) -> u8 {
    match crate::render::nm::flush(&mut std::io::stdout().lock(), buf) {
        Ok(()) => EXIT_OK,
        Err(_) => EXIT_INPUT_ERROR,
    }
}

/// Runs gosym with the process arguments.
pub fn main_with(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    let args: Vec<OsString> = args.into_iter().collect();
    // The tool's own arguments after `toolexec` are not gosym's.
    let globals = args
        .iter()
        .skip(1)
        .take_while(|a| a.to_string_lossy().starts_with('-'))
        .count();
    let args = if args.get(1 + globals).is_some_and(|a| a == "toolexec") {
        args
    } else {
        normalise_args(args)
    };
    let matches = command().get_matches_from(args);
    let args = match Args::from_arg_matches(&matches) {
        Ok(a) => a,
        Err(e) => e.exit(),
    };
    let n_last = matches.subcommand_matches("nm").is_some_and(n_wins);
    let cmd = match &args.command {
        Command::Nm { .. } => "nm",
        Command::Check(_) => "check",
        Command::Toolexec(_) => "toolexec",
        Command::Diagnose(_) => "diagnose",
        Command::Matrix(_) => "matrix",
        Command::Diff { .. } => "diff",
        Command::Audit { .. } => "audit",
        Command::Explain { .. } => "explain",
        Command::Relocs { .. } => "relocs",
        Command::Info { .. } => "info",
        Command::Completion { .. } => "completion",
        Command::Man => "man",
        Command::Goroot { .. } => "goroot",
    };
    let mut diag = diag::Diag::new(cmd, args.strict);
    let no_mmap_env = std::env::var_os("GOSYM_NO_MMAP").is_some_and(|v| !v.is_empty() && v != "0");
    let opts = crate::input::OpenOptions::new(args.no_mmap || no_mmap_env);
    let code = match args.command {
        Command::Nm {
            n: _,
            size,
            sort,
            typ,
            abi,
            dynamic,
            demangle,
            as_version,
            format,
            files,
        } => {
            // `-n` is read from the matches, where its place is known.
            let order = if n_last { SortArg::Address } else { sort };
            let flavour = match as_version.as_deref().map(|v| {
                // "go1.22" or "1.22".
                let v = if v.starts_with("go") {
                    v.to_string()
                } else {
                    format!("go{v}")
                };
                crate::read::goobj::GoRelease::parse(&v).and_then(|r| crate::nm::flavour_for(r.minor))
            }) {
                None => None,
                Some(Some(m)) => Some(m),
                Some(None) => {
                    eprintln!(
                        "gosym nm: --as {}: not a Go release gosym knows (go1.15 … go1.27)",
                        as_version.unwrap_or_default()
                    );
                    return ExitCode::from(EXIT_INPUT_ERROR);
                }
            };
            let nm_opts = nm::NmOpts {
                order,
                size,
                typ,
                abi,
                demangle,
                dynamic,
                format,
                flavour,
            };
            nm::run(&files, &nm_opts, opts, &mut diag)
        }
        Command::Relocs { format, files } => relocs::run(&files, format, opts, &mut diag),
        Command::Info {
            format,
            version_m,
            files,
        } => info::run(&files, format, version_m, opts, &mut diag),
        Command::Check(a) => check::run_check(&a, opts, &mut diag),
        Command::Toolexec(a) => toolexec::run(&a, opts, &mut diag),
        Command::Diagnose(a) => diagnose::run(&a, opts, &mut diag),
        Command::Matrix(a) => check::run_matrix(&a, opts, &mut diag),
        Command::Explain { symbol, args } => check::run_explain(&symbol, &args, opts, &mut diag),
        Command::Audit {
            goroot,
            list_stale,
            format,
            dirs,
        } => audit::run(
            &audit::AuditOpts {
                dirs,
                goroot,
                list_stale,
                format,
            },
            opts,
            &mut diag,
        ),
        Command::Diff {
            a,
            b,
            pkgs,
            format,
            inputs,
        } => diff::run(&a, &b, &pkgs, &inputs, format, &mut diag),
        Command::Goroot { format, dirs } => goroot::run(&dirs, format, &mut diag),
        Command::Completion { shell } => {
            let mut buf = Vec::new();
            clap_complete::generate(shell, &mut command(), "gosym", &mut buf);
            print_all(&buf)
        }
        Command::Man => {
            let mut buf = Vec::new();
            match clap_mangen::Man::new(command()).render(&mut buf) {
                Ok(()) => print_all(&buf),
                Err(e) => {
                    diag.error(format_args!("rendering the man page: {e}"));
                    diag.status()
                }
            }
        }
    };
    ExitCode::from(code)
}
