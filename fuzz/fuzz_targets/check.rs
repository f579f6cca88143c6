//! The whole check pipeline on a pair of inputs (the data split in two),
//! with an assumed target.
#![no_main]
use std::sync::atomic::{AtomicU64, Ordering};

static N: AtomicU64 = AtomicU64::new(0);

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let split = data.first().map(|&b| b as usize * data.len() / 256).unwrap_or(0).min(data.len());
    let (a, b) = data.split_at(split);
    let dir = std::env::temp_dir().join(format!("gosym-fuzz-check-{}-{}", std::process::id(), N.fetch_add(1, Ordering::Relaxed) % 4));
    let _ = std::fs::create_dir_all(&dir);
    let (pa, pb) = (dir.join("a.a"), dir.join("b.a"));
    if std::fs::write(&pa, a).is_err() || std::fs::write(&pb, b).is_err() {
        return;
    }
    gosym::walk::walk_check(&[pa.to_string_lossy().into_owned(), pb.to_string_lossy().into_owned()]);
});
