//! The read layer: bytes in, typed zero-copy views out. No I/O, no printing,
//! no allocation proportional to anything but what the bytes hold.

pub mod archive;
pub mod buildinfo;
pub mod bytes;
pub mod elf;
pub mod elfreloc;
pub mod goobj;
pub mod lto;
pub mod macho;
pub mod member;
pub mod pe;
pub mod pkgdef;
