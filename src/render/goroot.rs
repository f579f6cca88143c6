//! The text of `gosym goroot`: one row per fact, one column per toolchain.

use crate::toolchain::facts::ToolchainFacts;

fn opt<T: std::fmt::Display>(v: Option<T>) -> String {
    v.map_or_else(|| "-".to_string(), |v| v.to_string())
}

fn yes(b: bool) -> String {
    if b { "yes" } else { "no" }.to_string()
}

/// The facts of one toolchain, named, in display order.
fn rows(f: &ToolchainFacts) -> Vec<(&'static str, String)> {
    let a = &f.arch;
    vec![
        ("GOROOT", f.goroot.clone()),
        ("GOOS/GOARCH", format!("{}/{}", f.goos, f.goarch)),
        ("wanted header", f.wanted_header.clone()),
        ("experiments", f.experiments.join(",")),
        ("register ABI", yes(f.register_abi)),
        ("object format", f.object_format.clone()),
        (
            "blocked linknames",
            f.blocked_linknames.map_or("not checked".into(), |n| n.to_string()),
        ),
        ("std packages", f.std_packages.to_string()),
        ("std archives", f.std_archives.clone()),
        ("PtrSize", a.ptr_size.to_string()),
        ("RegSize", a.reg_size.to_string()),
        ("BigEndian", yes(a.big_endian)),
        ("PCQuantum", a.pc_quantum.to_string()),
        ("MinFrameSize", opt(a.min_frame_size)),
        ("StackAlign", opt(a.stack_align)),
        ("DefaultPhysPageSize", opt(a.phys_page_size)),
        ("link register", opt(a.has_lr.map(yes))),
    ]
}

/// The facts of `all` as a table fitting `width` columns.
pub fn table(all: &[ToolchainFacts], width: usize) -> String {
    let mut t = super::info::table(width);
    let mut header = vec![String::new()];
    header.extend(all.iter().map(|f| f.version.clone()));
    t.set_header(header);
    let columns: Vec<Vec<(&str, String)>> = all.iter().map(rows).collect();
    let Some(first) = columns.first() else {
        return String::new();
    };
    for (i, (name, _)) in first.iter().enumerate() {
        let mut row = vec![(*name).to_string()];
        row.extend(columns.iter().map(|c| super::wrap::escape_controls(&c[i].1)));
        t.add_row(row);
    }
    format!("{t}\n")
}
