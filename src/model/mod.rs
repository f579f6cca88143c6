//! The model layer: inputs decoded into version-independent views.

pub mod audit;
pub mod file;
pub mod relocs;
pub mod summary;
