//! Any input: archive walk, every member, nm and info.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    gosym::walk::walk_input(data);
});
