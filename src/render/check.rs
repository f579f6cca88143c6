//! Renders check reports as diagnostics, in the convention of rustc, cargo
//! and `go vet`: per group of findings with one cause a headline
//! (`error[header]: 453 archives built by go1.19.8 cannot be linked by
//! go1.22.12`), the place (`--> file(member)`), the linker's own words in a
//! gutter, and `= note:`/`= help:` lines; wrapped to a width, very long
//! names shortened in the middle (the full text stays in JSON), coloured
//! only when asked. `short`: one grep-friendly line per finding.

use crate::check::report::{Category, Finding, Mode, Report};
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

/// A group of findings with one cause.
struct Group<'a> {
    items: Vec<&'a Finding>,
}

fn groups(r: &Report) -> Vec<Group<'_>> {
    let mut out: Vec<Group> = Vec::new();
    for f in &r.findings {
        let key = f.group.as_ref().map(|g| (f.category, g));
        if let Some(k) = key
            && let Some(g) = out
                .iter_mut()
                .find(|g| g.items[0].group.as_ref().map(|x| (g.items[0].category, x)) == Some(k))
        {
            g.items.push(f);
            continue;
        }
        out.push(Group { items: vec![f] });
    }
    out
}

/// `file(member)`, else the package.
fn where_of(f: &Finding) -> String {
    let mut s = f.file.clone().unwrap_or_default();
    if let Some(m) = &f.member {
        s.push_str(&format!("({m})"));
    }
    if s.is_empty() {
        s = f.package.clone().unwrap_or_default();
    }
    s
}

/// How serious a group is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Level {
    Error,
    Warning,
    Note,
}

fn level(g: &Group<'_>) -> Level {
    let f0 = g.items[0];
    if g.items.iter().any(|f| f.fails_link) {
        Level::Error
    } else if matches!(
        f0.category,
        Category::AbiMarker | Category::DuplicatePackage | Category::HostDuplicate
    ) {
        Level::Warning
    } else {
        Level::Note
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// The headline of a group, and whether the body repeats the linker's
/// whole message (else only its lines after the first).
fn headline(r: &Report, g: &Group<'_>) -> (String, bool) {
    let f0 = g.items[0];
    let mut files: Vec<&str> = g.items.iter().filter_map(|f| f.file.as_deref()).collect();
    files.dedup();
    let archives = plural(files.len().max(1), "archive", "archives");
    let objects = if g.items.len() > files.len() {
        format!(" ({} objects)", g.items.len())
    } else {
        String::new()
    };
    let target = &r.target.version;
    let producer = f0.producer.as_deref().unwrap_or("another toolchain");
    match f0.category {
        Category::Header if producer != target => (
            format!("{archives}{objects} built by {producer} cannot be linked by {target}"),
            true,
        ),
        Category::Header => (
            format!("{archives}{objects} built with other settings than {target}'s linker wants"),
            true,
        ),
        Category::Format if g.items.len() > 1 => (
            format!("{archives}{objects} in an object format {target}'s linker cannot read"),
            true,
        ),
        Category::Forecast => (
            format!("after a rebuild with {target}: {}", first_line(&f0.message)),
            false,
        ),
        _ => (first_line(&f0.message).to_string(), false),
    }
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or("")
}

/// The report as diagnostics.
pub fn text(r: &Report, st: &TextStyle) -> String {
    let p = Paint::new(st.color);
    let w = st.width;
    let mut out = Vec::<String>::new();
    let t = &r.target;
    let place = match &t.goroot {
        Some(g) if t.source == crate::check::target::TargetSource::Path => format!("({g}, the go on PATH)"),
        Some(g) => format!("({g})"),
        None if t.source == crate::check::target::TargetSource::BuiltIn => "(built-in release facts, --go)".into(),
        None if t.wanted_header.is_empty() => "(no Go objects: only the host-side checks ran)".into(),
        None => "(assumed: no toolchain given or found)".into(),
    };
    let title = if t.wanted_header.is_empty() {
        "host link".to_string()
    } else {
        format!("target {}", t.version)
    };
    let mut lines = wrap(&format!("{title} {place}"), w, "", "  ");
    lines[0] = lines[0].replacen(&title, &p.bold(&title), 1);
    out.extend(lines);
    if !t.wanted_header.is_empty() {
        out.extend(wrap(&format!("wants {}", t.wanted_header), w, "  ", "        "));
    }
    for s in &r.skipped {
        out.extend(wrap(&format!("skipped: {s}"), w, "  ", "           "));
    }
    for s in &r.unverified {
        out.extend(wrap(&format!("unverified: {s}"), w, "  ", "              "));
    }
    let first = r.first().map(|f| f as *const Finding);
    let (mut errors, mut warnings, mut notes) = (0, 0, 0);
    for g in groups(r) {
        out.push(String::new());
        let f0 = g.items[0];
        let lv = level(&g);
        let label = match lv {
            Level::Error => {
                errors += 1;
                p.error(&format!("error[{}]", f0.category.name()))
            }
            Level::Warning => {
                warnings += 1;
                p.warning(&format!("warning[{}]", f0.category.name()))
            }
            Level::Note => {
                notes += 1;
                p.note(&format!("note[{}]", f0.category.name()))
            }
        };
        let (head, whole) = headline(r, &g);
        let head_lines = wrap(&head, w.saturating_sub(label_width(f0, lv) + 2), "", "");
        for (i, l) in head_lines.iter().enumerate() {
            if i == 0 {
                out.push(format!("{label}: {}", p.bold(l)));
            } else {
                out.push(format!("  {}", p.bold(l)));
            }
        }
        let arrow = p.gutter("-->");
        out.extend(wrap(&where_of(f0), w, &format!("  {arrow} "), "      "));
        let bar = p.gutter("|");
        let body: Vec<&str> = if whole {
            f0.message.lines().collect()
        } else {
            f0.message.lines().skip(1).collect()
        };
        for l in body {
            out.extend(wrap(l, w, &format!("   {bar} "), &format!("   {bar}   ")));
        }
        let eq = p.gutter("=");
        let mut note = |kind: &str, text: &str| {
            out.extend(wrap(&format!("{kind}: {text}"), w, &format!("   {eq} "), "       "));
        };
        let mut others: Vec<&str> = g.items[1..]
            .iter()
            .filter_map(|f| f.file.as_deref())
            .filter(|f| Some(*f) != f0.file.as_deref())
            .collect();
        others.dedup();
        if !others.is_empty() {
            let shown = &others[..others.len().min(3)];
            let more = others.len() - shown.len();
            let tail = if more > 0 {
                format!(", and {more} more (all in --format json)")
            } else {
                String::new()
            };
            note("note", &format!("also {}{tail}", shown.join(", ")));
        }
        if let Some(d) = &f0.detail {
            note("note", d);
        }
        if f0.unverified && f0.category != Category::Input {
            note(
                "note",
                "unverified: this rests on inferred release tables, so it does not fail the verdict (--strict: it does)",
            );
        }
        if let Some(f) = g
            .items
            .iter()
            .find(|f| Some(**f as *const Finding) == first && f.linker_order.is_some())
        {
            note(
                "note",
                if f.order_varies {
                    "the linker prints this first, or another of its relocation errors: it relocates code and \
                     data in parallel, so their order varies from run to run"
                } else {
                    "the linker prints this first"
                },
            );
        }
        if g.items.iter().any(|f| f.fatal && f.linker_order.is_some()) {
            note("note", "the linker stops here");
        } else if lv == Level::Error && r.mode == Mode::Program && g.items.iter().all(|f| f.linker_order.is_none()) {
            note("note", "not reached: the linker stops before this");
        }
        if !others.is_empty() && matches!(f0.category, Category::Header | Category::Format) {
            // One remedy for the whole group, not the first archive's.
            let producer = f0.producer.as_deref().unwrap_or("another toolchain");
            let target = &r.target.version;
            let n = others.len() + 1;
            let help = if producer == target {
                format!("rebuild the {n} archives with the target's settings")
            } else {
                format!(
                    "rebuild the {n} archives with the target toolchain ({target}), or link with the toolchain that built them ({producer})"
                )
            };
            note("help", &help);
        } else if !f0.remedy.is_empty() {
            note("help", &f0.remedy);
        }
    }
    out.push(String::new());
    let what = match (r.mode, t.wanted_header.is_empty()) {
        (_, true) => "host link",
        (Mode::Program, _) => "program",
        (Mode::Library, _) => "library set",
        (Mode::Collection, _) => "build cache",
    };
    let (verdict, good) = match (r.mode, r.ok) {
        (Mode::Program, true) => ("would link", true),
        (Mode::Program, false) => ("would NOT link", false),
        (Mode::Library | Mode::Collection, true) => ("consistent", true),
        (Mode::Library | Mode::Collection, false) => ("NOT consistent", false),
    };
    let painted = if good { p.good(verdict) } else { p.error(verdict) };
    let verdict = if r.ok && !r.consistent {
        format!("{verdict}, but ABI markers disagree")
    } else if r.ok && !r.unverified.is_empty() {
        format!("{verdict}, unverified")
    } else {
        verdict.to_string()
    };
    let mut counts = Vec::new();
    if errors > 0 {
        counts.push(plural(errors, "error", "errors"));
    }
    if warnings > 0 {
        counts.push(plural(warnings, "warning", "warnings"));
    }
    if notes > 0 {
        counts.push(plural(notes, "note", "notes"));
    }
    let counts = if counts.is_empty() {
        String::new()
    } else {
        format!(": {}", counts.join(", "))
    };
    let mut lines = wrap(
        &format!(
            "verdict: {verdict}{counts} ({what}: {}, {})",
            plural(r.inputs.len(), "input", "inputs"),
            plural(r.objects, "Go object", "Go objects")
        ),
        w,
        "",
        "  ",
    );
    lines[0] = lines[0].replacen("verdict: ", "", 1);
    lines[0] = format!(
        "verdict: {}",
        lines[0].replacen(verdict.split(',').next().unwrap_or(""), &painted, 1)
    );
    out.extend(lines);
    let mut s = out.join("\n");
    s.push('\n');
    s
}

/// Width of `error[category]` (without colour codes).
fn label_width(f: &Finding, lv: Level) -> usize {
    let word = match lv {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Note => "note",
    };
    word.len() + f.category.name().len() + 2
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
