//! In-process bench over go1.19's std archives: where `gosym nm` spends its
//! time. Phases, each timed over all files: read the bytes (`fs::read`), map
//! and parse (archive walk, goobj header and block validation), build the
//! listings (symbols, Go's sorts), render Go's text. Prints milliseconds per
//! phase; no assertions. Run by scripts/bench.sh (`cargo bench --bench nm_std`).

use std::path::PathBuf;
use std::time::Instant;

use gosym::input::Source;
use gosym::model::file::FileView;
use gosym::nm::{SortOrder, list};
use gosym::render::nm::{NmColumns, write_text};

fn files() -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![PathBuf::from("/usr/lib/go-1.19/pkg/linux_amd64")];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else { continue };
        for e in rd.filter_map(Result::ok) {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "a") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn best_of<F: FnMut() -> usize>(runs: usize, mut f: F) -> (f64, usize) {
    let mut best = f64::MAX;
    let mut n = 0;
    for _ in 0..runs {
        let t = Instant::now();
        n = f();
        best = best.min(t.elapsed().as_secs_f64() * 1000.0);
    }
    (best, n)
}

fn main() {
    let files = files();
    if files.is_empty() {
        println!("nm_std: go1.19 not installed; nothing to measure");
        return;
    }
    let (read, bytes) = best_of(5, || files.iter().map(|p| std::fs::read(p).unwrap().len()).sum());
    let sources: Vec<Source> = files
        .iter()
        .map(|p| Source::open(p, gosym::input::OpenOptions::default()).unwrap())
        .collect();
    let (parse, units) = best_of(5, || {
        sources.iter().map(|s| FileView::parse(s).unwrap().units.len()).sum()
    });
    let views: Vec<FileView> = sources.iter().map(|s| FileView::parse(s).unwrap()).collect();
    let (listing, syms) = best_of(5, || {
        views
            .iter()
            .map(|v| {
                list(v, SortOrder::Name)
                    .unwrap()
                    .entries
                    .iter()
                    .map(|e| e.syms.len())
                    .sum::<usize>()
            })
            .sum()
    });
    let lists: Vec<_> = views.iter().map(|v| list(v, SortOrder::Name).unwrap()).collect();
    let cols = NmColumns {
        size: true,
        ..Default::default()
    };
    let (render, out) = best_of(5, || {
        let mut w = Vec::new();
        for (s, l) in sources.iter().zip(&lists) {
            write_text(&mut w, &s.display, l, cols, true);
        }
        w.len()
    });
    println!(
        "nm_std: {} archives, {} MiB, {units} members, {syms} symbols, {} MiB of output",
        files.len(),
        bytes >> 20,
        out >> 20
    );
    println!("  read (fs::read)      {read:8.1} ms");
    println!("  map + parse          {parse:8.1} ms");
    println!("  list + sort          {listing:8.1} ms");
    println!("  render text          {render:8.1} ms");
}
