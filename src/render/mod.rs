//! The presentation layer: turns analysis results into text tables, Go's
//! own text formats, or JSON. Nothing here reads files or decides facts.

pub mod audit;
pub mod check;
pub mod diagnostic;
pub mod diff;
pub mod explain;
pub mod goroot;
pub mod info;
pub mod matrix;
pub mod nm;
pub mod relocs;
pub mod wrap;
