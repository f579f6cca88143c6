//! What `gosym check`'s text output says, decided before anything is laid
//! out (as rustc builds a `Diagnostic` before its emitter wraps it): the
//! target lines, one [`Diagnostic`] per group of findings with one cause
//! (level, code, headline, place, the linker's own lines, notes and help),
//! and the verdict. [`crate::render::check`] lays it out.

use crate::check::report::{Category, Finding, Mode, Report};

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Fails the link.
    Error,
    /// Does not fail the link, but is likely a mistake.
    Warning,
    /// Worth knowing.
    Note,
}

impl Level {
    /// The word that starts the diagnostic.
    pub fn word(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Note => "note",
        }
    }
}

/// A `= note:` or `= help:` line.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Child {
    /// `note` or `help`.
    pub kind: &'static str,
    /// Its text (one logical line).
    pub text: String,
}

/// One group of findings with one cause (also in `--format json`, as a
/// report's `diagnostics`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// How serious.
    pub level: Level,
    /// The check it comes from (`error[header]`).
    pub code: Category,
    /// The headline.
    pub headline: String,
    /// `file(member)`, else the package.
    pub location: String,
    /// The linker's own lines, shown in the gutter.
    pub quoted: Vec<String>,
    /// Notes, then the help line.
    pub children: Vec<Child>,
}

/// The verdict line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// `would link`, `NOT consistent`, … (coloured).
    pub word: &'static str,
    /// Whether the verdict is good (green) or not (red).
    pub good: bool,
    /// What qualifies it (`, but ABI markers disagree`, `, unverified`).
    pub qualifier: &'static str,
    /// `: 2 errors, 1 note` (empty when there is nothing).
    pub counts: String,
    /// `(program: 3 inputs, 3 Go objects)`.
    pub scope: String,
}

/// Everything the text output of one report says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportText {
    /// `target go1.22.12` or `host link` (bold).
    pub title: String,
    /// Where the target comes from, in parentheses.
    pub place: String,
    /// The header the target wants, if any.
    pub wants: Option<String>,
    /// Checks skipped, and why.
    pub skipped: Vec<String>,
    /// Facts not verified.
    pub unverified: Vec<String>,
    /// The diagnostics, in the report's order.
    pub diagnostics: Vec<Diagnostic>,
    /// The verdict.
    pub verdict: Verdict,
}

/// Decides what the text output of `r` says.
pub fn report_text(r: &Report) -> ReportText {
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
    let diagnostics: Vec<Diagnostic> = groups(r).iter().map(|g| diagnostic(r, g)).collect();
    let verdict = verdict(r, &diagnostics);
    ReportText {
        title,
        place,
        wants: (!t.wanted_header.is_empty()).then(|| t.wanted_header.clone()),
        skipped: r.skipped.clone(),
        unverified: r.unverified.clone(),
        diagnostics,
        verdict,
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
pub fn where_of(f: &Finding) -> String {
    let mut s = f.file.clone().unwrap_or_default();
    if let Some(m) = &f.member {
        s.push_str(&format!("({m})"));
    }
    if s.is_empty() {
        s = f.package.clone().unwrap_or_default();
    }
    s
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

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or("")
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

fn diagnostic(r: &Report, g: &Group<'_>) -> Diagnostic {
    let f0 = g.items[0];
    let lv = level(g);
    let (headline, whole) = headline(r, g);
    let quoted = f0
        .message
        .lines()
        .skip(usize::from(!whole))
        .map(str::to_string)
        .collect();
    let mut children = Vec::new();
    let mut note = |kind: &'static str, text: String| children.push(Child { kind, text });
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
        note("note", format!("also {}{tail}", shown.join(", ")));
    }
    if let Some(d) = &f0.detail {
        note("note", d.clone());
    }
    if f0.unverified && f0.category != Category::Input {
        note(
            "note",
            "unverified: this rests on inferred release tables, so it does not fail the verdict (--strict: it does)"
                .into(),
        );
    }
    let first = r.first().map(|f| f as *const Finding);
    if let Some(f) = g
        .items
        .iter()
        .find(|f| Some(**f as *const Finding) == first && f.linker_order.is_some())
    {
        note(
            "note",
            if f.order_varies {
                "the linker prints this first, or another of its relocation errors: it relocates code and data in \
                 parallel, so their order varies from run to run"
            } else {
                "the linker prints this first"
            }
            .into(),
        );
    }
    if g.items.iter().any(|f| f.fatal && f.linker_order.is_some()) {
        note("note", "the linker stops here".into());
    } else if lv == Level::Error && r.mode == Mode::Program && g.items.iter().all(|f| f.linker_order.is_none()) {
        note("note", "not reached: the linker stops before this".into());
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
        note("help", help);
    } else if !f0.remedy.is_empty() {
        note("help", f0.remedy.clone());
    }
    Diagnostic {
        level: lv,
        code: f0.category,
        headline,
        location: where_of(f0),
        quoted,
        children,
    }
}

fn verdict(r: &Report, diagnostics: &[Diagnostic]) -> Verdict {
    let what = match (r.mode, r.target.wanted_header.is_empty()) {
        (_, true) => "host link",
        (Mode::Program, _) => "program",
        (Mode::Library, _) => "library set",
        (Mode::Collection, _) => "build cache",
    };
    let (word, good) = match (r.mode, r.ok) {
        (Mode::Program, true) => ("would link", true),
        (Mode::Program, false) => ("would NOT link", false),
        (Mode::Library | Mode::Collection, true) => ("consistent", true),
        (Mode::Library | Mode::Collection, false) => ("NOT consistent", false),
    };
    let qualifier = if r.ok && !r.consistent {
        ", but ABI markers disagree"
    } else if r.ok && !r.unverified.is_empty() {
        ", unverified"
    } else {
        ""
    };
    let count = |lv: Level| diagnostics.iter().filter(|d| d.level == lv).count();
    let counts: Vec<String> = [
        (Level::Error, "error", "errors"),
        (Level::Warning, "warning", "warnings"),
        (Level::Note, "note", "notes"),
    ]
    .iter()
    .filter(|(lv, ..)| count(*lv) > 0)
    .map(|&(lv, one, many)| plural(count(lv), one, many))
    .collect();
    Verdict {
        word,
        good,
        qualifier,
        counts: if counts.is_empty() {
            String::new()
        } else {
            format!(": {}", counts.join(", "))
        },
        scope: format!(
            "({what}: {}, {})",
            plural(r.inputs.len(), "input", "inputs"),
            plural(r.objects, "Go object", "Go objects")
        ),
    }
}
