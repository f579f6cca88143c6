//! ELF: symbols, dynamic symbols, relocations, notes, build information.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    gosym::walk::walk_elf(data);
});
