//! The model layer: inputs decoded into version-independent views.

pub mod file;
pub mod relocs;
pub mod summary;
