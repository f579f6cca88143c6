//! Renders check reports: a verdict line and a findings table (comfy-table)
//! with findings of the same cause grouped ("453 archives built by
//! go1.19.8 …"), the linker's first message marked; or JSON.

use comfy_table::{Cell, ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};

use crate::check::report::{Finding, Mode, Report};

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

/// The report as text.
pub fn text(r: &Report) -> String {
    let mut out = String::new();
    let t = &r.target;
    out.push_str(&format!(
        "target {}{}\n  wants: {}\n",
        t.version,
        t.goroot
            .as_ref()
            .map(|g| format!(" ({g})"))
            .unwrap_or_else(|| " (assumed: no toolchain given or found)".into()),
        t.wanted_header
    ));
    let what = match r.mode {
        Mode::Program => "program",
        Mode::Library => "library set",
    };
    let verdict = match (r.mode, r.ok) {
        (Mode::Program, true) => "would link".to_string(),
        (Mode::Program, false) => "would NOT link".to_string(),
        (Mode::Library, true) => "consistent".to_string(),
        (Mode::Library, false) => "NOT consistent".to_string(),
    };
    let verdict = if r.ok && !r.consistent {
        format!("{verdict}, but ABI markers disagree")
    } else {
        verdict
    };
    out.push_str(&format!(
        "verdict: {verdict} ({what}: {} inputs, {} Go objects, {} findings)\n",
        r.inputs,
        r.objects,
        r.findings.len()
    ));
    for s in &r.skipped {
        out.push_str(&format!("  skipped: {s}\n"));
    }
    if r.findings.is_empty() {
        return out;
    }
    let first = r.first().map(|f| f as *const Finding);
    let mut table = Table::new();
    table.load_style(UTF8_FULL_CONDENSED);
    table.set_content_arrangement(ContentArrangement::Disabled);
    table.set_header(vec!["", "check", "finding (target linker's words)", "where", "remedy"]);
    for g in groups(r) {
        let f0 = g.items[0];
        let n = g.items.len();
        let mut mark = String::new();
        if g.items.iter().any(|f| Some(*f as *const Finding) == first) {
            mark.push_str("first");
        }
        if g.items.iter().any(|f| f.fatal && f.linker_order.is_some()) {
            if !mark.is_empty() {
                mark.push(' ');
            }
            mark.push_str("stops");
        }
        if g.items.iter().all(|f| !f.fails_link) {
            mark.push_str("note");
        } else if g.items.iter().all(|f| f.linker_order.is_none()) && r.mode == Mode::Program {
            mark.push_str("(not reached)");
        }
        let mut msg = String::new();
        if n > 1 {
            let mut files: Vec<&str> = g.items.iter().filter_map(|f| f.file.as_deref()).collect();
            files.dedup();
            let version = f0.producer.as_deref().unwrap_or("another toolchain");
            msg.push_str(&format!(
                "{} archives ({n} objects) built by {version}: {}\n",
                files.len(),
                f0.detail.clone().unwrap_or_default()
            ));
            msg.push_str("first: ");
        } else if let Some(d) = &f0.detail {
            msg.push_str(&format!("{d}\n"));
        }
        msg.push_str(&f0.message);
        let mut wh = where_of(f0);
        if n > 1 {
            wh.push_str(&format!("\n(and {} more)", n - 1));
        }
        table.add_row(vec![
            Cell::new(mark),
            Cell::new(f0.category.name()),
            Cell::new(msg),
            Cell::new(wh),
            Cell::new(&f0.remedy),
        ]);
    }
    out.push_str(&table.to_string());
    out.push('\n');
    out
}
