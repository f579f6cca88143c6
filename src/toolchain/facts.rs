//! What `gosym goroot` reports of one toolchain: the model, filled by
//! `cli::goroot` and rendered by `render::goroot`.

use serde::Serialize;

use super::archfacts::ArchFacts;

/// The facts of one toolchain.
#[derive(Debug, Clone, Serialize)]
pub struct ToolchainFacts {
    /// GOROOT.
    pub goroot: String,
    /// `go1.22.12`.
    pub version: String,
    /// The object header its linker wants in this environment.
    pub wanted_header: String,
    /// GOOS and GOARCH of that header.
    pub goos: String,
    /// GOARCH.
    pub goarch: String,
    /// The experiments the header names (`X:` part), in order.
    pub experiments: Vec<String>,
    /// The register ABI is on (the `regabiwrappers` experiment).
    pub register_abi: bool,
    /// The object file magic its linker reads.
    pub object_format: String,
    /// How many linkname targets its linker blocks (go1.23+; `None`: the
    /// release does not check linknames).
    pub blocked_linknames: Option<usize>,
    /// The std packages in GOROOT/src.
    pub std_packages: usize,
    /// Where its std archives come from.
    pub std_archives: String,
    /// Architecture facts from its sources.
    pub arch: ArchFacts,
}
