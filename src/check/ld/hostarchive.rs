//! The C archives internal linking reads when the host objects leave
//! references undefined (`loadlib` after `hostobjs`, then `hostArchive`):
//! libgcc (`-libgcc FILE`, else what `EXTLD --print-libgcc-file-name`
//! answers; `-libgcc=none` loads none) and, for `__stack_chk_fail_local`,
//! `libc_nonshared.a` (`EXTLD --print-file-name=libc_nonshared.a`). A
//! member is loaded when its archive map names an undefined symbol, so a
//! name such an archive's map holds is defined for the link.
//! Approximation: the loaded members' own references are not followed.

use std::collections::HashSet;
use std::path::PathBuf;
use std::process::Command;

use crate::check::target::flags::LinkFlags;
use crate::input::{OpenOptions, Source};

/// The names libgcc's and libc_nonshared's archive maps hold.
type Maps = (HashSet<Vec<u8>>, HashSet<Vec<u8>>);

/// The archive maps of the host archives, found and read on first use
/// (a check whose host objects leave nothing undefined runs no C
/// compiler).
pub struct HostArchives {
    extld: String,
    libgcc: Option<String>,
    names: std::cell::OnceCell<Maps>,
}

/// `findLibPathCmd`: what `extld ARG` prints, `None` when it fails.
pub(crate) fn ask_extld(extld: &str, arg: &str) -> Option<PathBuf> {
    let mut words = extld.split_whitespace();
    let out = Command::new(words.next()?).args(words).arg(arg).output().ok()?;
    if !out.status.success() {
        return None;
    }
    let p = String::from_utf8(out.stdout).ok()?.trim().to_string();
    (!p.is_empty()).then(|| PathBuf::from(p))
}

/// The names an archive's map (`/` or `/SYM64/` member) holds; none for
/// a file that is missing or no archive (the linker skips a missing
/// libgcc).
pub(crate) fn armap(path: &std::path::Path) -> HashSet<Vec<u8>> {
    let Ok(src) = Source::open(path, OpenOptions::default()) else {
        return HashSet::new();
    };
    let Ok(ar) = object::read::archive::ArchiveFile::parse(&*src.bytes) else {
        return HashSet::new();
    };
    let Ok(Some(syms)) = ar.symbols() else {
        return HashSet::new();
    };
    syms.flatten().map(|s| s.name().to_vec()).collect()
}

impl HostArchives {
    /// The archives a link with `flags` would read.
    pub fn for_flags(flags: &LinkFlags) -> HostArchives {
        HostArchives {
            extld: flags.extld.clone().unwrap_or_else(|| "gcc".into()),
            libgcc: flags.libgcc.clone(),
            names: std::cell::OnceCell::new(),
        }
    }

    /// Whether a host archive would define `name` for the link.
    pub fn defines(&self, name: &[u8]) -> bool {
        let (gcc, nonshared) = self.names.get_or_init(|| {
            let libgcc = match self.libgcc.as_deref() {
                Some("none") => None,
                Some(p) => Some(PathBuf::from(p)),
                None => ask_extld(&self.extld, "--print-libgcc-file-name"),
            };
            let nonshared = ask_extld(&self.extld, "--print-file-name=libc_nonshared.a");
            (
                libgcc.as_deref().map(armap).unwrap_or_default(),
                nonshared.as_deref().map(armap).unwrap_or_default(),
            )
        });
        gcc.contains(name) || (name == b"__stack_chk_fail_local" && nonshared.contains(name))
    }
}
