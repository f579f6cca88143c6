//! gosym reads Go archives and objects of every Go version from go1.15 on
//! with one binary.
//!
//! Layers, each depending only on the ones above it:
//! - [`read`]: bytes → zero-copy, bounds-checked views (archives, Go
//!   objects of the go1.15 and go1.18+ layouts, export data, ELF symbols).
//! - [`tables`]: per-release enumerations generated from each toolchain.
//! - [`input`]: the only file-system code (mapping, thin archives).
//! - [`model`]: parsed inputs and their summaries.
//! - [`nm`]: listings as each toolchain's `go tool nm` builds them.
//! - [`render`]: text, tables and JSON.
//! - [`toolchain`]: a target toolchain (GOROOT, wanted header, std, symbol index).
//! - [`check`]: the link verdict of a target linker, and the host, plugin and
//!   `-linkshared` checks of ELF inputs.
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
pub mod read;
pub mod render;
pub mod tables;
pub mod toolchain;
pub mod walk;
