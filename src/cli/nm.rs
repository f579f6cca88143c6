//! `gosym nm`: opens every input in parallel, builds each listing, and
//! prints them in command-line order.

use super::diag::Diag;
use super::inputs::with_view;
use super::perfile::{FileOutput, Said, per_file};
use super::{EXIT_INPUT_ERROR, Format, SortArg};
use crate::error::InputErrorKind;
use crate::input::Source;
use crate::nm::{NmErrorKind, SortOrder, list_as};
use crate::render::nm::{NmColumns, to_json, write_entry, write_text};

/// What `gosym nm` was asked for.
#[derive(Debug, Clone)]
pub struct NmOpts {
    /// `-sort`.
    pub order: SortArg,
    /// `-size`.
    pub size: bool,
    /// `-type`.
    pub typ: bool,
    /// `--abi`.
    pub abi: bool,
    /// `-C`.
    pub demangle: bool,
    /// `-D`.
    pub dynamic: bool,
    /// Output format.
    pub format: Format,
    /// `--as`.
    pub flavour: Option<u32>,
}

/// Runs `nm` and returns the exit status.
pub fn run(files: &[std::ffi::OsString], o: &NmOpts, opts: crate::input::OpenOptions, diag: &mut Diag) -> u8 {
    let order = match o.order {
        SortArg::Address => SortOrder::Address,
        SortArg::Name => SortOrder::Name,
        SortArg::None => SortOrder::None,
        SortArg::Size => SortOrder::Size,
    };
    let cols = NmColumns {
        size: o.size,
        typ: o.typ,
        abi: o.abi,
        demangle: o.demangle,
    };
    let (format, flavour, dynamic) = (o.format, o.flavour, o.dynamic);
    per_file("nm", files, format, diag, |path, several| {
        if dynamic {
            one_dynamic(path, cols.demangle, several, opts)
        } else {
            one(path, opts, order, cols, several, format, flavour)
        }
    })
}

fn one(
    path: &std::path::Path,
    opts: crate::input::OpenOptions,
    order: SortOrder,
    cols: NmColumns,
    prefix: bool,
    format: Format,
    flavour: Option<u32>,
) -> FileOutput {
    let listed = with_view(path, opts, |src, view| {
        let mut o = FileOutput::default();
        match list_as(view, order, flavour) {
            Ok(f) if format.is_json() => o.json = Some(to_json(&src.display, &f)),
            Ok(f) => render_text(&mut o.text, &src.display, &f, cols, prefix, PARALLEL_MIN_SYMBOLS),
            Err(e) => {
                // go tool nm exits 1 for a file without symbols (a
                // stripped binary), 2 is gosym's for unreadable input.
                let (kind, status) = match e.error {
                    NmErrorKind::Read(r) => (InputErrorKind::Read(r), EXIT_INPUT_ERROR),
                    NmErrorKind::Unrecognized => (
                        InputErrorKind::Other("unrecognized archive member".into()),
                        EXIT_INPUT_ERROR,
                    ),
                    NmErrorKind::NoSymbols => (InputErrorKind::Other("no symbols".into()), 1),
                    NmErrorKind::NoGoReader => (
                        InputErrorKind::Other(
                            "WebAssembly module: unrecognized object file (go tool nm has no WebAssembly reader)"
                                .into(),
                        ),
                        1,
                    ),
                };
                o.said.push(Said::InputError(src.error(e.member, kind), status));
            }
        }
        o
    });
    match listed {
        Ok((mut o, warnings)) => {
            o.said.extend(warnings.into_iter().map(Said::Warning));
            o
        }
        Err(e) => FileOutput::failed(e),
    }
}

/// Listings with fewer symbols than this are rendered on one thread.
const PARALLEL_MIN_SYMBOLS: usize = 20_000;

/// The text of one listing; the entries of a file with many symbols are
/// rendered in parallel ([`crate::par`]) and joined in member order.
fn render_text(
    w: &mut Vec<u8>,
    display: &str,
    f: &crate::nm::NmFile<'_>,
    cols: NmColumns,
    prefix: bool,
    parallel_min_symbols: usize,
) {
    let nsyms: usize = f.entries.iter().map(|e| e.syms.len()).sum();
    if f.entries.len() < 2 || nsyms < parallel_min_symbols {
        return write_text(w, display, f, cols, prefix);
    }
    let parts = crate::par::map_in_order(&f.entries, true, |e| {
        let mut part = Vec::new();
        write_entry(&mut part, display, f, e, cols, prefix);
        part
    });
    w.reserve(parts.iter().map(Vec::len).sum());
    for p in parts {
        w.extend_from_slice(&p);
    }
}

/// `-D`: the dynamic symbols of an ELF file, GNU style.
fn one_dynamic(path: &std::path::Path, demangle: bool, several: bool, opts: crate::input::OpenOptions) -> FileOutput {
    let mut o = FileOutput::default();
    let src = match Source::open(path, opts) {
        Ok(s) => s,
        Err(e) => return FileOutput::failed(e),
    };
    let fail = |kind| src.error(None, kind);
    match crate::nm::gnu::dynamic(&src.bytes) {
        Ok(Some(syms)) => {
            if several {
                o.text.extend_from_slice(format!("\n{}:\n", src.display).as_bytes());
            }
            crate::render::nm::write_gnu(&mut o.text, &syms, demangle);
        }
        // GNU nm -D: "no symbols" on stderr, exit 0.
        Ok(None) => o.said.push(Said::Note(format!("{}: no symbols", src.display))),
        Err(e) => o
            .said
            .push(Said::InputError(fail(InputErrorKind::Read(e)), EXIT_INPUT_ERROR)),
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::{OpenOptions, Source};
    use crate::model::file::FileView;
    use crate::nm::list;

    #[test]
    fn parallel_rendering_is_byte_identical() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/elf/carchive1.27.a");
        let src = Source::open(std::path::Path::new(path), OpenOptions::default()).unwrap();
        let view = FileView::parse(&src).unwrap();
        let f = list(&view, SortOrder::Name).unwrap();
        assert!(f.entries.len() > 2, "a c-archive has many members");
        let cols = NmColumns {
            size: true,
            typ: false,
            abi: true,
            demangle: false,
        };
        let (mut one, mut many) = (Vec::new(), Vec::new());
        write_text(&mut one, "x.a", &f, cols, false);
        render_text(&mut many, "x.a", &f, cols, false, 0);
        assert!(!one.is_empty());
        assert_eq!(one, many);
    }
}
