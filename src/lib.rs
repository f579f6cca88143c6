//! gosym reads Go archives and objects of every Go version from go1.15 on
//! with one binary.
//!
//! Layers, each depending only on the ones listed before it:
//! - [`gopath`]: Go's spelling rules (std paths, `PathToPrefix`, `%q`).
//! - [`tables`]: per-release facts of the object format and linker, built in
//!   or derived from a GOROOT's own sources.
//! - [`read`]: bytes → zero-copy, bounds-checked views (archives, Go
//!   objects of the go1.15 and go1.18+ layouts, export data, ELF parsed
//!   once into an `ElfFile`).
//! - [`input`]: opening files, mapped or read per `OpenOptions`.
//! - [`model`]: parsed inputs and their summaries.
//! - [`par`]: scoped parallelism over the members of one input.
//! - [`nm`]: listings as each toolchain's `go tool nm` builds them.
//! - [`toolchain`]: a target toolchain (GOROOT, wanted header, std archives and packages).
//! - [`stddiff`]: what changed between two toolchains' std, as a linker sees it.
//! - [`check`]: the link verdict of a target linker, and the host, plugin and
//!   `-linkshared` checks of ELF inputs.
//! - [`render`]: diagnostics, text, tables and JSON of the layers above.
//! - [`walk`]: every reader over one input (fuzzing and regressions).
//! - [`cli`]: argument parsing and the parallel drivers.
#![deny(missing_docs)]

pub mod check;
pub mod cli;
pub mod error;
pub mod gopath;
pub mod input;
pub mod model;
pub mod nm;
pub mod par;
pub mod read;
pub mod render;
pub mod residency;
pub mod stddiff;
pub mod tables;
pub mod toolchain;
pub mod walk;
