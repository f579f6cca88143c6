//! The Go object format ("goobj"): text header ([`textheader`]), the binary
//! layouts ([`layout`]) and the validated zero-copy view ([`object`]).

pub mod layout;
pub mod object;
pub mod textheader;

pub use layout::Layout;
pub use object::{Aux, ContentHash, GoObj, Reloc, Sym, SymRef, Target};
pub use textheader::{GoRelease, TextHeader};
