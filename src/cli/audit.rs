//! `gosym audit [DIR]...`: which toolchain and settings built each archive
//! of GOPATH/pkg, the build cache or vendored `.a` files, and which are
//! stale for the active toolchain (or `--goroot`): their header is not
//! the one its linker wants. Inputs are read in parallel and in order
//! ([`super::stream::ordered`]), each only as far as its first Go
//! object's header; memory holds the tally, not the inputs.

use std::ffi::OsString;
use std::ops::ControlFlow;
use std::path::PathBuf;

use super::Format;
use super::diag::Diag;
use super::inputs::expand;
use super::stream::ordered;
use crate::input::{OpenOptions, Source};
use crate::model::audit::Audit;
use crate::model::file::FileView;
use crate::read::goobj::textheader::TextHeader;
use crate::read::member::MemberKind;
use crate::toolchain::{Target, path_go_env};

/// What `gosym audit` was asked for.
pub struct AuditOpts {
    /// Directories (or files); empty: GOPATH/pkg, GOCACHE, ./vendor.
    pub dirs: Vec<OsString>,
    /// The target (default: the go on PATH).
    pub goroot: Option<PathBuf>,
    /// Print the stale inputs' paths.
    pub list_stale: bool,
    /// Output format.
    pub format: Format,
}

/// The default places: every GOPATH entry's pkg, the build cache, and a
/// vendor directory under the current one.
fn default_dirs() -> Vec<OsString> {
    let mut out = Vec::new();
    if let Some(gp) = path_go_env("GOPATH") {
        for p in std::env::split_paths(&gp) {
            let pkg = p.join("pkg");
            if pkg.is_dir() {
                out.push(pkg.into_os_string());
            }
        }
    }
    if let Some(c) = path_go_env("GOCACHE").filter(|c| std::path::Path::new(c).is_dir()) {
        out.push(c.into());
    }
    if std::path::Path::new("vendor").is_dir() {
        out.push("vendor".into());
    }
    out
}

/// The header line and version of the first Go object of `path`, and
/// its size; `None` for an input holding no Go object.
fn producer(path: &std::path::Path, opts: OpenOptions) -> Result<(Option<(String, String)>, u64), String> {
    let src = Source::open(path, opts).map_err(|e| e.to_string())?;
    let bytes = src.bytes.len() as u64;
    let view = FileView::parse(&src).map_err(|e| src.error(None, crate::error::InputErrorKind::Read(e)).to_string())?;
    let header = view
        .units
        .iter()
        .filter(|u| u.kind == MemberKind::GoObject)
        .find_map(|u| TextHeader::parse(u.data, true).ok())
        .map(|(h, _)| (h.line.to_string(), h.version.to_string()));
    Ok((header, bytes))
}

/// Runs `audit`: exit 0, or 1 when some input is stale.
pub fn run(o: &AuditOpts, opts: OpenOptions, diag: &mut Diag) -> u8 {
    let dirs = if o.dirs.is_empty() {
        default_dirs()
    } else {
        o.dirs.clone()
    };
    if dirs.is_empty() {
        diag.error("nothing to audit: no directory given, and no GOPATH/pkg, GOCACHE or ./vendor found");
        return super::EXIT_INPUT_ERROR;
    }
    let target = o
        .goroot
        .clone()
        .or_else(Target::from_path)
        .map(|g| Target::discover(&g));
    let mut audit = Audit::default();
    match target {
        Some(Ok(t)) => {
            audit.target = Some(t.version.clone());
            audit.wanted_header = Some(t.wanted_header.clone());
        }
        Some(Err(e)) => diag.error(e),
        None => diag.warn("no toolchain (--goroot, or go on PATH): producers only, no stale list"),
    }
    let (inputs, skipped) = expand(&dirs);
    diag.skipped_files(&skipped);
    ordered(
        inputs.len(),
        |i| (i, producer(&inputs[i].path, opts)),
        |(i, r)| {
            let path = inputs[i].path.to_string_lossy();
            match r {
                Ok((Some((header, version)), bytes)) => audit.add(&version, &header, bytes, &path, o.list_stale),
                Ok((None, bytes)) => audit.add("(no Go object)", "", bytes, &path, o.list_stale),
                Err(e) => diag.error(e),
            }
            ControlFlow::Continue(())
        },
    );
    if audit.stale_files > 0 {
        diag.raise(super::check::EXIT_WOULD_FAIL);
    }
    if o.format.is_json() {
        let v = serde_json::to_value(&audit).unwrap_or_default();
        print!("{}", super::diag::json_document(diag, "audit", v));
    } else {
        print!(
            "{}",
            crate::render::audit::text(&audit, crate::render::wrap::stdout_width())
        );
    }
    diag.status()
}
