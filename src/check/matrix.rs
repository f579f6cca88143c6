//! The compatibility matrix: the inputs grouped by producer (toolchain and
//! settings: the object header line), each group checked on its own
//! against each target; a cell is whether the target's linker takes that
//! producer's archives and, if not, the leading reason (the first finding
//! the linker would print). Leaf module but for [`crate::check::report`].

use std::collections::BTreeSet;

use serde::Serialize;

use crate::check::report::{Category, Report};

/// One producer: a header line and the inputs whose Go objects carry it.
#[derive(Debug, Clone, Serialize)]
pub struct Producer {
    /// `go1.22.12`, or `(no Go object)`.
    pub version: String,
    /// The object header line (settings included).
    pub header: String,
    /// Its input files.
    pub files: Vec<String>,
}

/// One cell.
#[derive(Debug, Clone, Serialize)]
pub struct Cell {
    /// The target's version.
    pub target: String,
    /// The target's linker takes every file of the group.
    pub ok: bool,
    /// The leading finding's category (the first the linker prints).
    pub category: Option<Category>,
    /// Its message.
    pub message: Option<String>,
    /// How many of the group's files have a finding that fails the link.
    pub files_failing: usize,
}

/// One row: a producer and its cells, one per target.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// The producer.
    pub producer: Producer,
    /// Cells in target order.
    pub cells: Vec<Cell>,
}

/// The matrix of `producers` against their reports: `reports[g]` holds
/// producer `g`'s files checked on their own, one report per target.
pub fn build(producers: &[Producer], reports: &[Vec<Report>]) -> Vec<Row> {
    producers
        .iter()
        .zip(reports)
        .map(|(p, reports)| {
            let files: BTreeSet<&str> = p.files.iter().map(String::as_str).collect();
            let cells = reports
                .iter()
                .map(|r| {
                    let lead = r.first().filter(|f| f.fails_link || !r.ok);
                    let failing_files: BTreeSet<&str> = r
                        .findings
                        .iter()
                        .filter(|f| f.fails_link)
                        .filter_map(|f| f.file.as_deref())
                        .filter(|f| files.contains(f))
                        .collect();
                    Cell {
                        target: r.target.version.clone(),
                        ok: r.ok,
                        category: lead.map(|f| f.category),
                        message: lead.map(|f| f.message.lines().next().unwrap_or("").to_string()),
                        files_failing: failing_files.len(),
                    }
                })
                .collect();
            Row {
                producer: p.clone(),
                cells,
            }
        })
        .collect()
}
