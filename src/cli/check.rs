//! `gosym check`: resolves the target toolchain(s), expands inputs and the
//! importcfg, runs the checks and prints one verdict per target.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::PathBuf;

use super::diag::Diag;
use super::inputs::expand;
use crate::check::importcfg;
use crate::check::linkset::{FileId, LinkSet, SourceArena};
use crate::check::report::Report;
use crate::check::target::TargetSource;
use crate::check::{CheckRequest, LinkFlags, LinkTarget, run};
use crate::input::OpenOptions;
use crate::read::goobj::GoRelease;
use crate::render::check::{TextStyle, short, text};
use crate::render::wrap::{ColorChoice, stdout_width};
use crate::toolchain::Target;

/// `gosym check --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFormat {
    /// Diagnostics (rustc/cargo style), wrapped to the terminal.
    #[value(alias = "table")]
    Text,
    /// One line per finding: `file(member): category: message`.
    Short,
    /// One JSON document.
    Json,
}

/// Exit status: the link would fail / the set is inconsistent.
pub const EXIT_WOULD_FAIL: u8 = 1;

/// Options of `gosym check` (the doc comments are its `--help`).
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Target toolchain GOROOT (repeatable: one verdict per target).
    #[arg(long = "goroot")]
    pub goroots: Vec<PathBuf>,
    /// Target release from gosym's built-in facts (1.N; repeatable): no
    /// toolchain needed; std archives come from -importcfg (else the
    /// built-in std stubs). 1.N is the patch release built in (gosym
    /// --version lists them); for another patch release give its --goroot.
    #[arg(long = "go", value_name = "1.N")]
    pub go: Vec<String>,
    /// The linker's importcfg (packagefile lines): the exact link set.
    #[arg(long = "importcfg")]
    pub importcfg: Option<PathBuf>,
    /// Linker flags as `go build -ldflags` spells them (-f, -checklinkname=0, -linkmode=…).
    #[arg(long, default_value = "", allow_hyphen_values = true)]
    pub ldflags: String,
    /// Output format: diagnostics, one line per finding, or JSON.
    #[arg(long, value_enum, default_value = "text")]
    pub format: CheckFormat,
    /// When to colour the diagnostics (auto: on a terminal, unless NO_COLOR is set).
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorChoice,
    /// Print nothing; only the exit status (0 links, 1 would fail, 2 could not check).
    #[arg(short = 'q', long)]
    pub quiet: bool,
    /// ABI marker symbols that must agree across inputs (glob, repeatable).
    #[arg(long = "abi-marker", default_value = "abiVersion_*")]
    pub abi_markers: Vec<String>,
    /// Directory searched for shared libraries before the system's (repeatable).
    #[arg(long = "lib-path")]
    pub lib_path: Vec<PathBuf>,
    /// The link's main input (as `go tool link` takes its argument); it is
    /// checked first. With -importcfg the first input is the main input.
    #[arg(long = "main", value_name = "FILE")]
    pub main: Option<PathBuf>,
    /// Archives, objects, build-cache entries or directories.
    pub files: Vec<OsString>,
}

/// Under `--strict`: what the reports hold besides a failing link (checks
/// skipped, findings that do not fail the link) becomes an error.
fn strict_review(reports: &[Report], diag: &mut Diag) {
    if !diag.strict() {
        return;
    }
    for r in reports {
        for s in &r.skipped {
            diag.warn(format_args!("target {}: skipped: {s}", r.target.version));
        }
        let mut cats: Vec<&str> = r
            .findings
            .iter()
            .filter(|f| !f.fails_link)
            .map(|f| f.category.name())
            .collect();
        let soft = cats.len();
        if soft > 0 {
            cats.sort_unstable();
            cats.dedup();
            diag.warn_with(
                format_args!(
                    "target {}: {soft} finding(s) that do not fail the link ({})",
                    r.target.version,
                    cats.join(", ")
                ),
                EXIT_WOULD_FAIL,
            );
        }
    }
}

fn fail(diag: &mut Diag, msg: &str) -> u8 {
    diag.error(msg);
    diag.status()
}

/// Runs `check` and returns the exit status.
pub fn run_check(a: &CheckArgs, opts: OpenOptions, diag: &mut Diag) -> u8 {
    run_with(a, opts, diag, &View::Check)
}

/// Runs `matrix` (the check of every target, shown per producer) and
/// returns the exit status.
pub fn run_matrix(a: &CheckArgs, opts: OpenOptions, diag: &mut Diag) -> u8 {
    run_with(a, opts, diag, &View::Matrix)
}

/// Runs `explain SYMBOL` (where it binds in the link of each target) and
/// returns the exit status: 0, or 1 when it is undefined for a target.
pub fn run_explain(symbol: &str, a: &CheckArgs, opts: OpenOptions, diag: &mut Diag) -> u8 {
    run_with(a, opts, diag, &View::Explain(symbol.to_string()))
}

/// What the check's reports are shown as.
enum View {
    Check,
    Matrix,
    Explain(String),
}

/// What a check computed: a report per target, and for `matrix` the
/// producers with the reports of each one's files alone.
struct Evaluation {
    /// One report per target, `--goroot` ones first.
    reports: Vec<Report>,
    groups: Vec<(crate::check::matrix::Producer, Vec<FileId>)>,
    per_group: Vec<Vec<Report>>,
}

fn run_with(a: &CheckArgs, opts: OpenOptions, diag: &mut Diag, view: &View) -> u8 {
    let matrix = matches!(view, View::Matrix);
    let Evaluation {
        reports,
        groups,
        per_group,
    } = match evaluate(a, opts, diag, view) {
        Ok(e) => e,
        Err(status) => return status,
    };
    for r in &reports {
        if !r.consistent {
            diag.raise(EXIT_WOULD_FAIL);
        }
    }
    strict_review(&reports, diag);
    if matrix {
        let producers: Vec<_> = groups.into_iter().map(|(p, _)| p).collect();
        let rows = crate::check::matrix::build(&producers, &per_group);
        if rows.iter().any(|r| r.cells.iter().any(|c| !c.ok)) {
            diag.raise(EXIT_WOULD_FAIL);
        }
        if !a.quiet {
            print_matrix(&rows, a.format, diag);
        }
    } else if let View::Explain(symbol) = view {
        print_explanations(symbol, &reports, a.format, diag)
    } else if !a.quiet {
        print_reports(&reports, a.format, a.color, diag);
    }
    diag.status()
}

/// The reports of one link step's inputs (`importcfg`, `main`, the
/// linker's flag words) against `goroots` and the `go` releases, in that
/// order, from one load (`toolexec`, `diagnose`).
pub(super) fn link_reports(
    goroots: Vec<PathBuf>,
    go: Vec<String>,
    link: (&std::path::Path, &std::path::Path, &[String]),
    opts: OpenOptions,
    diag: &mut Diag,
) -> Vec<Report> {
    let (importcfg, main, flags) = link;
    let args = CheckArgs {
        goroots,
        go,
        importcfg: Some(importcfg.to_path_buf()),
        ldflags: flags
            .iter()
            .map(|w| crate::check::target::flags::quote_word(w))
            .collect::<Vec<_>>()
            .join(" "),
        format: CheckFormat::Json,
        color: ColorChoice::Never,
        quiet: true,
        abi_markers: vec!["abiVersion_*".into()],
        lib_path: Vec::new(),
        main: Some(main.to_path_buf()),
        files: Vec::new(),
    };
    evaluate(&args, opts, diag, &View::Check).map_or_else(|_| Vec::new(), |e| e.reports)
}

/// A check's arguments resolved into values before any input is opened
/// (ripgrep's "hiargs"): the linker flags, the importcfg, the inputs, the
/// targets.
struct CheckPlan {
    flags: LinkFlags,
    cfg: Option<importcfg::ImportCfg>,
    /// Input paths, main first when given.
    inputs: Vec<String>,
    /// A Go build cache is among the inputs: unrelated builds.
    collection: bool,
    first_is_main: bool,
    explain: Option<String>,
    matrix: bool,
    /// `--goroot` targets (or the `go` on PATH: `source`).
    goroots: Vec<PathBuf>,
    source: TargetSource,
    /// `--go` targets.
    builtin: Vec<LinkTarget>,
    /// Show a spinner while a toolchain builds its std.
    progress: bool,
}

impl CheckPlan {
    /// Resolves `a`; `Err` is the exit status when there is nothing to
    /// check (the reason already said).
    fn from_args(a: &CheckArgs, view: &View, diag: &mut Diag) -> Result<CheckPlan, u8> {
        let flags = LinkFlags::parse(&a.ldflags).map_err(|e| fail(diag, &format!("--ldflags: {e}")))?;
        let cfg = match &a.importcfg {
            None => None,
            Some(p) => {
                let display = p.to_string_lossy().into_owned();
                let text = std::fs::read_to_string(p).map_err(|e| {
                    fail(
                        diag,
                        &format!("-importcfg: open {display}: {}", crate::input::io_msg(&e)),
                    )
                })?;
                Some(importcfg::parse(&display, &text).map_err(|e| fail(diag, &e.message))?)
            }
        };
        let mut files = a.files.clone();
        if let Some(m) = &a.main {
            files.insert(0, m.clone().into_os_string());
        }
        let (paths, mut skipped) = expand(&files);
        // A file a walk found named like an archive or object but unreadable
        // as one (a cut-short archive) is an input that cannot be read: the
        // check reports it and the set is not consistent.
        let damaged = std::mem::take(&mut skipped.named_like_inputs);
        diag.skipped_files(&skipped);
        let mut inputs: Vec<String> = paths.iter().map(|p| p.path.to_string_lossy().into_owned()).collect();
        inputs.extend(damaged.iter().map(|p| p.to_string_lossy().into_owned()));
        if inputs.is_empty()
            && let Some(c) = &cfg
        {
            inputs = c.packagefile.values().cloned().collect();
        }
        if inputs.is_empty() {
            if a.files.is_empty() {
                return Err(fail(diag, "no inputs: give archives, directories or -importcfg"));
            }
            diag.no_inputs(&a.files);
            if a.format == CheckFormat::Json && !a.quiet {
                print_reports(&[], a.format, a.color, diag);
            }
            return Err(diag.status());
        }
        // Targets: --goroot and --go, else the go on PATH, else assumed
        // from the inputs.
        let builtin = builtin_targets(&a.go).map_err(|e| fail(diag, &e))?;
        let mut goroots = a.goroots.clone();
        let mut source = TargetSource::Goroot;
        if goroots.is_empty()
            && builtin.is_empty()
            && let Some(g) = Target::from_path()
        {
            goroots.push(g);
            source = TargetSource::Path;
        }
        Ok(CheckPlan {
            flags,
            cfg,
            inputs,
            collection: !skipped.build_caches.is_empty(),
            first_is_main: a.main.is_some() || (a.importcfg.is_some() && !a.files.is_empty()),
            explain: match view {
                View::Explain(s) => Some(s.clone()),
                _ => None,
            },
            matrix: matches!(view, View::Matrix),
            goroots,
            source,
            builtin,
            // A wait of more than a moment is shown on a terminal (not
            // under -q or with JSON).
            progress: std::io::IsTerminal::is_terminal(&std::io::stderr()) && !a.quiet && a.format != CheckFormat::Json,
        })
    }
}

/// The reports of `a`'s targets on its inputs (nothing printed but
/// diagnostics); `Err` is the exit status when there is nothing to report.
fn evaluate(a: &CheckArgs, opts: OpenOptions, diag: &mut Diag, view: &View) -> Result<Evaluation, u8> {
    let plan = CheckPlan::from_args(a, view, diag)?;
    // A target release gosym has no tables for is read with the tables
    // derived from its own GOROOT: known before the inputs are parsed.
    for g in &plan.goroots {
        if let Err(e) = crate::tables::prepare_goroot(g) {
            diag.warn(format_args!("{}: release tables not derived: {e}", g.display()));
        }
    }
    // Every input is opened and parsed once, for every target.
    let arena = SourceArena::new();
    let mut set = LinkSet::with_inputs(&arena, opts, &plan.inputs);
    // An input that cannot be read is bad input (exit 2), also when the
    // report lists what the linker would make of it.
    for (_, f) in set.inputs() {
        if let Err(e) = &f.view {
            diag.input_error(e, super::EXIT_INPUT_ERROR);
        }
    }
    let base = CheckRequest {
        target: LinkTarget::new(None, "(none)", ""),
        importcfg: plan.cfg.clone(),
        std: BTreeMap::new(),
        std_known: false,
        std_unknown: None,
        rebuild_std: BTreeMap::new(),
        rebuild_unknown: None,
        flags: plan.flags.clone(),
        abi_markers: a.abi_markers.clone(),
        lib_path: a.lib_path.clone(),
        collection: plan.collection,
        first_is_main: plan.first_is_main,
        explain: plan.explain.clone(),
    };
    let mut reports = Vec::new();
    let groups = if plan.matrix { producers(&set) } else { Vec::new() };
    let mut per_group: Vec<Vec<Report>> = vec![Vec::new(); groups.len()];
    if plan.goroots.is_empty() && plan.builtin.is_empty() {
        // No Go object at all (host objects only): the markers can still
        // be compared; there is nothing for a Go linker to judge.
        let req = match assumed_target(&set) {
            Some(target) => CheckRequest {
                target,
                std_known: plan.cfg.is_some(),
                ..base.clone()
            },
            None => base.clone(),
        };
        reports.push(run(&req, &mut set));
    }
    let mut targets: Vec<(LinkTarget, Option<Target>)> = Vec::new();
    for g in &plan.goroots {
        match Target::discover(g) {
            Ok(t) => targets.push((LinkTarget::from_toolchain(&t, plan.source), Some(t))),
            Err(e) => diag.error(&e),
        }
    }
    targets.extend(plan.builtin.iter().cloned().map(|t| (t, None)));
    for (target, t) in targets {
        if let Err(e) = base.flags.modelled_for(target.release, &target.goos, &target.goarch) {
            return Err(fail(diag, &format!("--ldflags: {e}")));
        }
        let req = std_sets(&plan, target, t.as_ref(), &base, &mut set, diag);
        if plan.matrix {
            // Each producer's files on their own: several producers
            // providing the same packages is what a matrix compares.
            for (g, (_, ids)) in groups.iter().enumerate() {
                let all = set.replace_inputs(ids.clone());
                let r = run(&req, &mut set);
                set.replace_inputs(all);
                per_group[g].push(r);
            }
        } else {
            reports.push(run(&req, &mut set));
        }
    }
    Ok(Evaluation {
        reports,
        groups,
        per_group,
    })
}

/// The request for one target: the standard library the link uses (the
/// importcfg's, the toolchain's, or the built-in std stubs) and, for the
/// forecast, the target's own std when the importcfg names another
/// toolchain's.
fn std_sets(
    plan: &CheckPlan,
    target: LinkTarget,
    t: Option<&Target>,
    base: &CheckRequest,
    set: &mut LinkSet<'_>,
    diag: &mut Diag,
) -> CheckRequest {
    let mut std_unknown = None;
    let (std, std_known) = match (&plan.cfg, t) {
        (Some(_), _) => (BTreeMap::new(), true),
        // The built-in std stubs, where they fit the link; else the
        // report says what was not checked.
        (None, None) => match builtin_std(&target, &base.flags, set) {
            Ok(std) => (std, true),
            Err(why) => {
                std_unknown = Some(why);
                (BTreeMap::new(), false)
            }
        },
        (None, Some(t)) => match std_archives(t, plan.progress) {
            Ok(m) => (
                m.iter()
                    .map(|(k, v)| (k.clone(), v.to_string_lossy().into_owned()))
                    .collect(),
                true,
            ),
            Err(e) => {
                diag.warn(format_args!("{e}; std-dependent checks skipped"));
                (BTreeMap::new(), false)
            }
        },
    };
    // The forecast rebuilds the user's code with the target's own std:
    // needed only when some user object comes from another toolchain and
    // the importcfg (if any) names another toolchain's std.
    let mut rebuild_unknown = None;
    let rebuild_std = match &plan.cfg {
        Some(c) if crate::check::ld::forecast::foreign_producer(&target, set).is_some() => {
            match t {
                _ if !crate::check::ld::forecast::importcfg_std_is_foreign(c, &target, set) => BTreeMap::new(),
                Some(t) => std_map(std_archives(t, plan.progress).ok()),
                // --go: the target's std is its built-in stubs.
                None => builtin_std(&target, &base.flags, set).unwrap_or_else(|why| {
                    rebuild_unknown = Some(why);
                    BTreeMap::new()
                }),
            }
        }
        _ => BTreeMap::new(),
    };
    CheckRequest {
        target,
        std,
        std_known,
        std_unknown,
        rebuild_std,
        rebuild_unknown,
        ..base.clone()
    }
}

/// `explain`: per target, where the symbol binds; exit 1 when it is
/// undefined and reachable for some target.
fn print_explanations(symbol: &str, reports: &[Report], format: CheckFormat, diag: &mut Diag) {
    let found: Vec<_> = reports
        .iter()
        .map(|r| (r.target.version.clone(), r.explanation.clone()))
        .collect();
    if found.iter().all(|(_, e)| e.is_none()) {
        diag.error(format_args!(
            "explain {symbol}: no program to link (give the main archive, or -importcfg with it) or no target std"
        ));
    }
    if found.iter().any(|(_, e)| {
        e.as_ref()
            .is_some_and(|e| e.undefined && e.references.iter().any(|r| r.reachable))
    }) {
        diag.raise(EXIT_WOULD_FAIL);
    }
    let out = match format {
        CheckFormat::Json => {
            let items: Vec<serde_json::Value> = found
                .iter()
                .map(|(t, e)| serde_json::json!({ "target": t, "explanation": e }))
                .collect();
            super::diag::json_document(diag, "explanations", serde_json::Value::Array(items))
        }
        _ => found
            .iter()
            .filter_map(|(t, e)| e.as_ref().map(|e| crate::render::explain::text(t, e)))
            .collect::<Vec<_>>()
            .join("\n"),
    };
    let _ = crate::render::nm::flush(&mut std::io::stdout().lock(), out.as_bytes());
}

/// The inputs grouped by the header line of their first Go object.
fn producers(set: &LinkSet<'_>) -> Vec<(crate::check::matrix::Producer, Vec<FileId>)> {
    let mut out: Vec<(crate::check::matrix::Producer, Vec<FileId>)> = Vec::new();
    for (id, lf) in set.inputs() {
        let objs = lf.linker_objects();
        let (version, header) = objs
            .iter()
            .find(|o| !o.line().is_empty())
            .map_or(("(no Go object)".to_string(), String::new()), |o| {
                (o.version().to_string(), o.line().to_string())
            });
        match out.iter_mut().find(|(p, _)| p.header == header && p.version == version) {
            Some((p, ids)) => {
                p.files.push(lf.path.clone());
                ids.push(id);
            }
            None => out.push((
                crate::check::matrix::Producer {
                    version,
                    header,
                    files: vec![lf.path.clone()],
                },
                vec![id],
            )),
        }
    }
    out
}

fn print_matrix(rows: &[crate::check::matrix::Row], format: CheckFormat, diag: &Diag) {
    let out = match format {
        CheckFormat::Json => {
            let targets: Vec<&str> = rows
                .first()
                .map(|r| r.cells.iter().map(|c| c.target.as_str()).collect())
                .unwrap_or_default();
            super::diag::json_document(diag, "matrix", serde_json::json!({ "targets": targets, "rows": rows }))
        }
        _ => crate::render::matrix::table(rows, stdout_width()),
    };
    let _ = crate::render::nm::flush(&mut std::io::stdout().lock(), out.as_bytes());
}

/// The `--go` targets: each release's built-in facts for GOOS/GOARCH (the
/// environment's, else this machine's) and the environment's architecture
/// levels (their headers are built in); the facts hold no header for other
/// experiments, so GOEXPERIMENT is refused rather than guessed.
fn builtin_targets(specs: &[String]) -> Result<Vec<LinkTarget>, String> {
    if specs.is_empty() {
        return Ok(Vec::new());
    }
    if std::env::var_os("GOEXPERIMENT").is_some_and(|v| !v.is_empty()) {
        return Err(
            "--go: GOEXPERIMENT is set; the built-in release facts are for default experiments (use --goroot)".into(),
        );
    }
    // Architecture levels (GOAMD64=v3 …): the header each release writes
    // for them is built in.
    let levels: Vec<(String, String)> = crate::toolchain::ENV_KEYS
        .iter()
        .filter(|k| !matches!(**k, "GOOS" | "GOARCH" | "GOEXPERIMENT"))
        .filter_map(|k| Some((k.to_string(), std::env::var(k).ok().filter(|v| !v.is_empty())?)))
        .collect();
    let levels: Vec<(&str, &str)> = levels.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let env = |k: &str, host: &str| std::env::var(k).ok().filter(|v| !v.is_empty()).unwrap_or(host.into());
    let goos = env("GOOS", std::env::consts::OS);
    let goarch = env(
        "GOARCH",
        match std::env::consts::ARCH {
            "x86_64" => "amd64",
            "aarch64" => "arm64",
            "x86" => "386",
            "powerpc64" => "ppc64",
            "loongarch64" => "loong64",
            other => other,
        },
    );
    specs
        .iter()
        .map(|spec| {
            let r = crate::toolchain::builtin::find(spec).map_err(|e| e.to_string())?;
            let header = r
                .header_with(&goos, &goarch, &levels)
                .ok_or_else(|| format!("--go {spec}: {} does not build for {goos}/{goarch}", r.version))?
                .map_err(|e| format!("--go {spec}: {e}"))?;
            LinkTarget::from_builtin_header(r, &header)
                .ok_or_else(|| format!("--go {spec}: {} does not build for {goos}/{goarch}", r.version))
        })
        .collect()
}

/// The built-in std stubs of a `--go` target, made the files of `set`
/// (import path → path), when they are the std the link would use: the
/// target's platform has stubs, and neither the environment nor the flags
/// ask for another std build (cgo off, race/msan/asan instrumentation).
/// Else why not.
fn builtin_std(
    target: &LinkTarget,
    flags: &LinkFlags,
    set: &mut LinkSet<'_>,
) -> Result<BTreeMap<String, String>, String> {
    use crate::toolchain::stdbundle;
    let (goos, goarch) = (&target.goos, &target.goarch);
    let bundle = stdbundle::for_release(&target.version, goos, goarch)
        .ok_or_else(|| {
            format!(
                "the built-in std stubs are for {}/{} only, not {goos}/{goarch}",
                stdbundle::PLATFORM.0,
                stdbundle::PLATFORM.1
            )
        })?
        .map_err(|e| e.to_string())?;
    if Some(target.header.as_str())
        != crate::toolchain::builtin::find(&target.version)
            .ok()
            .and_then(|r| r.header(goos, goarch))
    {
        return Err(format!(
            "the link wants {:?}, a std built at another architecture level than the built-in std stubs'",
            target.header
        ));
    }
    if std::env::var("CGO_ENABLED").is_ok_and(|v| v == "0") {
        return Err("CGO_ENABLED=0 asks for a std built without cgo; the built-in std stubs are cgo's".into());
    }
    if let Some(f) = [(flags.race, "-race"), (flags.msan, "-msan"), (flags.asan, "-asan")]
        .iter()
        .find_map(|(on, f)| on.then_some(*f))
    {
        return Err(format!("{f} links an instrumented std; the built-in std stubs are not"));
    }
    let mut std = BTreeMap::new();
    for pkg in bundle.packages() {
        let path = format!("(built-in {})/pkg/{goos}_{goarch}/{pkg}.a", bundle.version);
        set.provide(&path, bundle.archive(pkg).unwrap_or_default());
        std.insert(pkg.to_string(), path);
    }
    Ok(std)
}

/// The target's std archives, with a spinner on stderr while `go list`
/// builds them the first time.
fn std_archives(t: &Target, progress: bool) -> Result<BTreeMap<String, PathBuf>, crate::toolchain::ToolchainError> {
    if !progress || !t.std_needs_build() {
        return t.std_archives();
    }
    let bar = indicatif::ProgressBar::new_spinner();
    bar.set_message(format!(
        "building {}'s standard library (go list -export std, once; cached afterwards)",
        t.version
    ));
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    let r = t.std_archives();
    bar.finish_and_clear();
    r
}

fn std_map(m: Option<BTreeMap<String, PathBuf>>) -> BTreeMap<String, String> {
    m.unwrap_or_default()
        .into_iter()
        .map(|(k, v)| (k, v.to_string_lossy().into_owned()))
        .collect()
}

fn print_reports(reports: &[Report], format: CheckFormat, color: ColorChoice, diag: &Diag) {
    let style = TextStyle {
        width: stdout_width(),
        color: color.for_stdout(),
    };
    let out = match format {
        CheckFormat::Json => super::diag::json_document(diag, "reports", crate::render::check::reports_json(reports)),
        CheckFormat::Short => reports.iter().map(short).collect(),
        CheckFormat::Text => {
            // Reports of several targets, each set apart.
            let rule = format!("\n{}\n\n", "─".repeat(style.width.min(60)));
            reports.iter().map(|r| text(r, &style)).collect::<Vec<_>>().join(&rule)
        }
    };
    let _ = crate::render::nm::flush(&mut std::io::stdout().lock(), out.as_bytes());
}

/// With no toolchain: the producer of the main package (or the newest
/// producer) is assumed as the target; std is unknown.
fn assumed_target(set: &LinkSet<'_>) -> Option<LinkTarget> {
    let mut best: Option<(bool, Option<GoRelease>, String, String)> = None; // (is_main, release, version, header)
    for (_, lf) in set.inputs() {
        let objs = lf.linker_objects();
        let Some(o) = objs.iter().find(|o| !o.line().is_empty()) else {
            continue;
        };
        let cand = (
            lf.facts.is_main,
            GoRelease::parse(o.version()),
            o.version().to_string(),
            o.line().to_string(),
        );
        let better = match &best {
            None => true,
            Some(b) => (cand.0 && !b.0) || (cand.0 == b.0 && cand.1 > b.1),
        };
        if better {
            best = Some(cand);
        }
    }
    let (_, _, version, header) = best?;
    Some(LinkTarget::new(None, &version, &header))
}
