//! The whole check pipeline on a pair of inputs (the data split in two by
//! a length prefix), with an assumed target: see `gosym::walk::walk_check_pair`.
#![no_main]
use std::sync::atomic::{AtomicU64, Ordering};

static N: AtomicU64 = AtomicU64::new(0);

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let dir = std::env::temp_dir().join(format!(
        "gosym-fuzz-check-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed) % 4
    ));
    let _ = std::fs::create_dir_all(&dir);
    gosym::walk::walk_check_pair(data, &dir);
});
