//! What `gosym audit` tallies: per producer (the object header line of an
//! input's first Go object), how many inputs and bytes, and whether the
//! active toolchain's linker takes them (their header is the one it
//! wants).

use serde::Serialize;

/// One producer's tally.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ProducerTally {
    /// `go1.22.12`, or `(no Go object)` for inputs holding none.
    pub version: String,
    /// The header line (settings included).
    pub header: String,
    /// Inputs it built.
    pub files: usize,
    /// Their bytes.
    pub bytes: u64,
    /// Stale for the target: its header is not the one the target's
    /// linker wants (`None` without a target).
    pub stale: Option<bool>,
}

/// The whole audit.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Audit {
    /// The target's version, if one was found.
    pub target: Option<String>,
    /// The header its linker wants.
    pub wanted_header: Option<String>,
    /// Per producer, in order of first appearance.
    pub producers: Vec<ProducerTally>,
    /// Inputs and bytes in all.
    pub files: usize,
    /// Bytes in all.
    pub bytes: u64,
    /// Stale inputs and their bytes.
    pub stale_files: usize,
    /// Bytes of the stale inputs.
    pub stale_bytes: u64,
    /// With `--list-stale`: their paths.
    pub stale_paths: Vec<String>,
}

impl Audit {
    /// Counts one input.
    pub fn add(&mut self, version: &str, header: &str, bytes: u64, path: &str, list_stale: bool) {
        let stale = self.wanted_header.as_ref().map(|w| !header.is_empty() && w != header);
        self.files += 1;
        self.bytes += bytes;
        if stale == Some(true) {
            self.stale_files += 1;
            self.stale_bytes += bytes;
            if list_stale {
                self.stale_paths.push(path.to_string());
            }
        }
        match self
            .producers
            .iter_mut()
            .find(|p| p.header == header && p.version == version)
        {
            Some(p) => {
                p.files += 1;
                p.bytes += bytes;
            }
            None => self.producers.push(ProducerTally {
                version: version.to_string(),
                header: header.to_string(),
                files: 1,
                bytes,
                stale,
            }),
        }
    }
}
