//! The text of `gosym audit`: a row per producer (inputs, bytes, stale
//! for the target), totals, and with `--list-stale` the stale paths.

use crate::model::audit::Audit;

fn mib(b: u64) -> String {
    format!("{:.1} MiB", b as f64 / (1024.0 * 1024.0))
}

/// `a` as text fitting `width` columns.
pub fn text(a: &Audit, width: usize) -> String {
    let mut t = super::info::table(width);
    let stale_col = match &a.target {
        Some(v) => format!("stale for {v}"),
        None => "stale".into(),
    };
    t.set_header(vec!["producer", "settings", "files", "bytes", stale_col.as_str()]);
    for p in &a.producers {
        let settings: String = p.header.split_whitespace().skip(5).collect::<Vec<_>>().join(" ");
        t.add_row(vec![
            p.version.clone(),
            super::wrap::escape_controls(&settings),
            p.files.to_string(),
            mib(p.bytes),
            match p.stale {
                Some(true) => "stale".into(),
                Some(false) => "current".into(),
                None => "-".into(),
            },
        ]);
    }
    let mut s = format!("{t}\n");
    s.push_str(&format!("{} inputs, {}", a.files, mib(a.bytes)));
    if a.target.is_some() {
        s.push_str(&format!("; stale: {} inputs, {}", a.stale_files, mib(a.stale_bytes)));
    }
    s.push('\n');
    for p in &a.stale_paths {
        s.push_str(p);
        s.push('\n');
    }
    s
}
