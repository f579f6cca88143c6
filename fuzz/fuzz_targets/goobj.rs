//! A Go object: every block, symbol, reference, relocation, aux, string.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(o) = gosym::read::goobj::GoObj::parse(data) {
        gosym::walk::walk_goobj(&o);
    }
});
