//! The text of `gosym matrix`: one row per producer, one column per
//! target; a cell says `links` or the leading reason and how many of the
//! producer's files have it.

use crate::check::matrix::Row;

/// The matrix as a table fitting `width` columns.
pub fn table(rows: &[Row], width: usize) -> String {
    let mut t = super::info::table(width);
    let mut header = vec!["producer".to_string(), "files".to_string()];
    if let Some(first) = rows.first() {
        header.extend(first.cells.iter().map(|c| format!("target {}", c.target)));
    }
    t.set_header(header);
    for row in rows {
        let settings = row
            .producer
            .header
            .split_whitespace()
            .skip(5)
            .collect::<Vec<_>>()
            .join(" ");
        let mut cells = vec![
            super::wrap::escape_controls(&format!("{} {settings}", row.producer.version)),
            row.producer.files.len().to_string(),
        ];
        for c in &row.cells {
            cells.push(if c.ok {
                "links".to_string()
            } else {
                format!(
                    "fails: {} ({} of {})",
                    c.category.map_or("?", |k| k.name()),
                    c.files_failing,
                    row.producer.files.len()
                )
            });
        }
        t.add_row(cells);
    }
    format!("{t}\n")
}
