//! `__.PKGDEF` framing.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = gosym::read::pkgdef::PkgDef::parse(data);
});
