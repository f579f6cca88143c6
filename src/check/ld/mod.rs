//! The link's phases as Go's `cmd/link/internal/ld` runs them in `Main`:
//! the load walk ([`loadlib`], with the object header check [`header`]),
//! the symbol stage ([`symbols`]: [`deadcode`] with [`methods`],
//! the text list ([`textorder`]), [`pclntab`]'s funcdata, [`relocsym`]'s
//! relocation checks, host objects
//! ([`hostobj`], [`hostarchive`])), the external link ([`extlink`]), the
//! linker's error output order ([`errors`]), and the forecast, the same
//! walk on a simulated rebuild ([`forecast`]).

pub mod addexport;
pub mod addresses;
pub mod dataorder;
pub mod deadcode;
pub mod decodesym;
pub mod dwarfvars;
pub mod errors;
pub mod extld;
pub mod extldflags;
pub mod extlink;
pub mod forecast;
pub mod header;
pub mod headless;
pub mod hostarchive;
pub mod hostobj;
pub mod loadelf;
pub mod loadlib;
pub mod mainflags;
pub mod methods;
pub mod pclntab;
pub mod pereloc;
pub mod relocsym;
pub mod stackcheck;
pub mod symbols;
pub mod textorder;
