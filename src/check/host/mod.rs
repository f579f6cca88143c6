//! Links of the ELF side that Go's linker does not make: the C link of a
//! c-archive or c-shared output by GNU ld ([`hostlink`]), `plugin.Open`'s
//! checks of a plugin against its host ([`plugin`]), the runtime's
//! `-linkshared` ABI-hash check ([`linkshared`]) and ABI markers
//! ([`abimarker`]).

pub mod abimarker;
pub mod hostlink;
pub mod linkshared;
pub mod plugin;
