//! Lays out check reports as diagnostics ([`crate::render::diagnostic`]
//! decides what they say), in the convention of rustc, cargo and `go
//! vet`: per group of findings with one cause a headline
//! (`error[header]: 453 archives built by go1.19.8 cannot be linked by
//! go1.22.12`), the place (`--> file(member)`), the linker's own words in a
//! gutter, and `= note:`/`= help:` lines; wrapped to a width, very long
//! names shortened in the middle (the full text stays in JSON), coloured
//! only when asked. `short`: one grep-friendly line per finding.

use crate::check::report::Report;
use crate::render::diagnostic::{Diagnostic, Level, ReportText, Verdict, report_text, where_of};
use crate::render::wrap::{Paint, escape_controls, wrap};

/// How to lay out the text.
#[derive(Debug, Clone, Copy)]
pub struct TextStyle {
    /// Columns to fit.
    pub width: usize,
    /// ANSI colour.
    pub color: bool,
}

impl Default for TextStyle {
    fn default() -> TextStyle {
        TextStyle {
            width: 100,
            color: false,
        }
    }
}

/// The report as diagnostics: [`report_text`] decides what is said, this
/// lays it out.
pub fn text(r: &Report, st: &TextStyle) -> String {
    emit(&report_text(r), st)
}

/// Reports as `--format json` prints them: each report's fields, and its
/// `diagnostics` as the text output says them (level, code, headline,
/// location, the linker's lines, notes and help).
pub fn reports_json<'r>(reports: impl IntoIterator<Item = &'r Report>) -> serde_json::Value {
    let docs = reports.into_iter().map(|r| {
        let mut v = serde_json::to_value(r).unwrap_or_default();
        if let Some(m) = v.as_object_mut() {
            let d = serde_json::to_value(report_text(r).diagnostics).unwrap_or_default();
            m.insert("diagnostics".into(), d);
        }
        v
    });
    serde_json::Value::Array(docs.collect())
}

/// Lays out `v` at `st.width` columns, styles applied to whole pieces
/// (a prefix or a wrapped line), never searched for in wrapped text.
pub fn emit(v: &ReportText, st: &TextStyle) -> String {
    let p = Paint::new(st.color);
    let w = st.width;
    let mut out = Vec::<String>::new();
    let mut lines = wrap(&format!("{} {}", v.title, v.place), w, "", "  ");
    if let Some(rest) = lines[0].strip_prefix(v.title.as_str()) {
        lines[0] = format!("{}{rest}", p.bold(&v.title));
    }
    out.extend(lines);
    if let Some(h) = &v.wants {
        out.extend(wrap(&format!("wants {h}"), w, "  ", "        "));
    }
    for s in &v.skipped {
        out.extend(wrap(&format!("skipped: {s}"), w, "  ", "           "));
    }
    for s in &v.unverified {
        out.extend(wrap(&format!("unverified: {s}"), w, "  ", "              "));
    }
    for d in &v.diagnostics {
        out.push(String::new());
        out.extend(diagnostic_lines(d, &p, w));
    }
    out.push(String::new());
    out.extend(verdict_lines(&v.verdict, &p, w));
    let mut s = out.join("\n");
    s.push('\n');
    s
}

fn diagnostic_lines(d: &Diagnostic, p: &Paint, w: usize) -> Vec<String> {
    let mut out = Vec::new();
    let code = format!("{}[{}]", d.level.word(), d.code.name());
    let label = match d.level {
        Level::Error => p.error(&code),
        Level::Warning => p.warning(&code),
        Level::Note => p.note(&code),
    };
    for (i, l) in wrap(&d.headline, w.saturating_sub(code.len() + 2), "", "")
        .iter()
        .enumerate()
    {
        if i == 0 {
            out.push(format!("{label}: {}", p.bold(l)));
        } else {
            out.push(format!("  {}", p.bold(l)));
        }
    }
    if !d.location.is_empty() {
        let arrow = p.gutter("-->");
        out.extend(wrap(&d.location, w, &format!("  {arrow} "), "      "));
    }
    let bar = p.gutter("|");
    for l in &d.quoted {
        out.extend(wrap(l, w, &format!("   {bar} "), &format!("   {bar}   ")));
    }
    let eq = p.gutter("=");
    for c in &d.children {
        out.extend(wrap(
            &format!("{}: {}", c.kind, c.text),
            w,
            &format!("   {eq} "),
            "       ",
        ));
    }
    out
}

fn verdict_lines(v: &Verdict, p: &Paint, w: usize) -> Vec<String> {
    let line = format!("verdict: {}{}{} {}", v.word, v.qualifier, v.counts, v.scope);
    let mut lines = wrap(&line, w, "", "  ");
    let lead = format!("verdict: {}", v.word);
    if let Some(rest) = lines[0].strip_prefix(lead.as_str()) {
        let painted = if v.good { p.good(v.word) } else { p.error(v.word) };
        lines[0] = format!("verdict: {painted}{rest}");
    }
    lines
}

/// One line per finding: `file(member): category: message` (the linker's
/// message on one line; control characters escaped).
pub fn short(r: &Report) -> String {
    let mut out = String::new();
    for f in &r.findings {
        let place = where_of(f);
        let place = if place.is_empty() { "-".to_string() } else { place };
        out.push_str(&format!(
            "{}: {}: {}\n",
            escape_controls(&place),
            f.category.name(),
            escape_controls(&f.message.lines().collect::<Vec<_>>().join(" "))
        ));
    }
    out
}
