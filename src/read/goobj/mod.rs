//! The Go object format ("goobj"): text header ([`textheader`]), the binary
//! layouts ([`layout`]) and the validated zero-copy view ([`object`]).

pub mod layout;
pub mod object;
pub mod textheader;

pub use layout::Layout;
pub use object::{
    Aux, ContentHash, GoObj, Reloc, SYM_FLAG_DUPOK, SYM_FLAG_GO_TYPE, SYM_FLAG_NOSPLIT, SYM_FLAG_REFLECT_METHOD,
    SYM_FLAG_TYPELINK, SYM_FLAG2_ITAB, SYM_FLAG2_USED_IN_IFACE, Sym, SymRef, Target,
};
pub use textheader::{GoRelease, TextHeader};
