//! The whole check pipeline on a pair of inputs (the data split in two by
//! a length prefix), in memory, with an assumed target: see
//! `gosym::walk::walk_check_pair`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    gosym::walk::walk_check_pair(data);
});
