//! Renders `info` summaries as a table (comfy-table) or JSON.

use comfy_table::{Cell, CellAlignment, ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};

use crate::render::wrap::escape_controls;

/// A table fitted to `width` columns (cells wrap), UTF-8 borders.
pub fn table(width: usize) -> Table {
    let mut t = Table::new();
    t.load_style(UTF8_FULL_CONDENSED);
    t.set_content_arrangement(ContentArrangement::Dynamic);
    t.set_width(width.min(u16::MAX as usize) as u16);
    t
}

use crate::model::summary::FileInfo;

/// The build information as `go version -m` prints it.
pub fn version_m(i: &FileInfo) -> Option<String> {
    let b = i.build_info.as_ref()?;
    let mut s = format!("{}: {}\n", i.file, b.go_version);
    for l in &b.modinfo {
        s.push_str(&format!("\t{l}\n"));
    }
    Some(s)
}

/// The summary of one file as a text block fitted to `width` columns: a
/// key/value table, then the imports and members tables. Control
/// characters are escaped; build-information columns (tab-separated) are
/// spaced.
pub fn text(i: &FileInfo, width: usize) -> String {
    let mut kv = table(width);
    let mut row = |k: &str, v: String| {
        let v: Vec<String> = v.split('\n').map(escape_controls).collect();
        kv.add_row(vec![Cell::new(escape_controls(k)), Cell::new(v.join("\n"))]);
    };
    row("file", i.file.clone());
    row("kind", format!("{:?}", i.kind).to_lowercase());
    if let Some(p) = &i.producer {
        row(
            "toolchain",
            format!("{} {}/{} ({})", p.version, p.goos, p.goarch, p.support),
        );
        if let Some(g) = &p.gogoarch {
            row("arch level", g.clone());
        }
        row(
            "experiments",
            match &p.experiments {
                Some(e) if e.is_empty() => "(none)".into(),
                Some(e) => e.clone(),
                None => "(no X: field)".into(),
            },
        );
        row("object format", p.format.clone());
        row("header", p.header.clone());
    }
    if let Some(b) = &i.build_id {
        row("build id", b.clone());
    }
    if let Some(p) = &i.import_path {
        row("package", if i.main { format!("{p} (main)") } else { p.clone() });
    }
    if let Some(f) = &i.fingerprint {
        row("fingerprint", f.clone());
    }
    if let Some(f) = &i.export_format {
        row("export data", f.clone());
    }
    if let Some(b) = &i.build_info {
        row("linked by", b.go_version.clone());
        if !b.modinfo.is_empty() {
            let lines: Vec<String> = b.modinfo.iter().map(|l| l.replace('\t', "  ")).collect();
            row("build info", lines.join("\n"));
        }
    }
    if let Some(s) = &i.soname {
        row("soname", s.clone());
    }
    if !i.needed.is_empty() {
        row("needed", i.needed.join(", "));
    }
    for n in &i.notes {
        row(&n.section, n.value.clone());
    }
    let c = &i.counts;
    row(
        "symbols",
        format!(
            "{} defined, {} references, {} referenced names, {} relocations, {} aux",
            c.defined, c.references, c.refnames, c.relocations, c.aux
        ),
    );
    let mut out = kv.to_string();
    out.push('\n');
    if !i.imports.is_empty() {
        let mut t = table(width);
        t.set_header(vec!["import", "expected fingerprint"]);
        for im in &i.imports {
            t.add_row(vec![im.path.clone(), im.fingerprint.clone()]);
        }
        out.push_str(&t.to_string());
        out.push('\n');
    }
    let mut t = table(width);
    t.set_header(vec!["member", "kind", "size", "version / error"]);
    for m in &i.members {
        t.add_row(vec![
            Cell::new(escape_controls(&m.name)),
            Cell::new(m.kind.label()),
            Cell::new(m.size).set_alignment(CellAlignment::Right),
            Cell::new(escape_controls(
                &m.error.clone().or(m.version.clone()).unwrap_or_default(),
            )),
        ]);
    }
    out.push_str(&t.to_string());
    out.push('\n');
    out
}
