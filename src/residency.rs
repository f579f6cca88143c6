//! Which pages of the mapped inputs stay resident.
//!
//! A check reads about two thirds of the bytes of every object of the
//! link (records, names, relocations, type data), each only for a moment,
//! and the kernel maps 64 KiB around every touched spot: kept mapped,
//! what one check touches is about the size of its inputs. This module
//! owns the live read-only file mappings ([`Mapping`]) and keeps what
//! they have resident within a budget: the long passes of a check count
//! their steps in a [`Window`], which now and then reads the process's
//! resident file pages off `/proc/self/statm` and, past the budget ([`budget`]: 16 MiB, or `GOSYM_RESIDENT_MIB`; 0 is no limit),
//! gives back the pages of every mapping ([`release_all`]) with
//! `MADV_DONTNEED`. For a read-only private mapping of a file that only
//! drops the process's page table entries: the page cache keeps the file,
//! and the next read maps the same bytes again (a minor fault, no I/O).
//!
//! Only registered live mappings are ever advised: heap buffers (a read
//! file, `--no-mmap`, bytes built into gosym) are never touched, since
//! `MADV_DONTNEED` on anonymous memory would zero them. A mapping leaves
//! the registry before it is unmapped, under the lock [`release_all`]
//! holds, so an address reused after an unmap is never advised.

use std::collections::BTreeMap;
use std::ops::Deref;
use std::sync::Mutex;

use memmap2::Mmap;

/// The live mappings: start address → end address.
static LIVE: Mutex<BTreeMap<usize, usize>> = Mutex::new(BTreeMap::new());

fn live() -> std::sync::MutexGuard<'static, BTreeMap<usize, usize>> {
    // A panic elsewhere cannot leave the map half-updated: recover it.
    LIVE.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A read-only mapping of a whole file whose pages [`release`] may give
/// back.
#[derive(Debug)]
pub struct Mapping(Mmap);

impl Mapping {
    /// Registers `map` (a read-only mapping of a regular file).
    pub fn new(map: Mmap) -> Mapping {
        if !map.is_empty() {
            let start = map.as_ptr() as usize;
            live().insert(start, start + map.len());
        }
        Mapping(map)
    }
}

impl Deref for Mapping {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        &self.0
    }
}

impl Drop for Mapping {
    fn drop(&mut self) {
        // Out of the registry before `Mmap`'s own drop unmaps it.
        live().remove(&(self.0.as_ptr() as usize));
    }
}

const PAGE: usize = 4096;

/// Gives back the resident pages of every live mapping.
pub fn release_all() {
    let live = live();
    for (&start, &end) in live.iter() {
        advise_dontneed(start, end - start);
    }
}

/// A long pass's bound on what it keeps resident: the pass counts its
/// steps (symbols walked, say), and now and then the resident file pages
/// are held to the budget ([`trim`]). How often is set by how fast the
/// pass has been mapping pages: the next look comes about when the
/// budget could be reached at that rate, at least every
/// [`MIN_INTERVAL`] and at most every [`MAX_INTERVAL`] steps (reading
/// `statm` costs a system call, so a pass that maps little looks
/// seldom).
#[derive(Debug)]
pub struct Window {
    steps: u32,
    next: u32,
    /// Resident bytes at the last look.
    last: u64,
}

/// The fewest steps between two looks at the resident size.
pub const MIN_INTERVAL: u32 = 16;
/// The most steps between two looks.
pub const MAX_INTERVAL: u32 = 512;

impl Default for Window {
    fn default() -> Window {
        Window::new()
    }
}

impl Window {
    /// A window starting its count.
    pub fn new() -> Window {
        Window {
            steps: 0,
            next: MIN_INTERVAL,
            last: 0,
        }
    }

    /// Counts a step, looking at the resident size when it is time.
    pub fn step(&mut self) {
        self.steps += 1;
        if self.steps < self.next {
            return;
        }
        let budget = budget();
        let Some(now) = (budget != 0).then(resident_file_bytes).flatten() else {
            self.next = u32::MAX;
            return;
        };
        let now = if now > budget {
            release_all();
            resident_file_bytes().unwrap_or(0)
        } else {
            now
        };
        // Bytes mapped per step since the last look (at least one page a
        // step when it grew at all), and steps until the budget at that pace.
        let grew = now.saturating_sub(self.last);
        let per_step = (grew / u64::from(self.steps)).max(if grew > 0 { PAGE as u64 } else { 1 });
        let room = budget.saturating_sub(now) / per_step;
        self.next = (room as u32 / 2).clamp(MIN_INTERVAL, MAX_INTERVAL);
        self.steps = 0;
        self.last = now;
    }
}

/// Gives back the pages of every mapping if the process's resident file
/// pages are past the budget.
pub fn trim() {
    let budget = budget();
    if budget != 0 && resident_file_bytes().is_some_and(|b| b > budget) {
        release_all();
    }
}

/// The budget of resident file pages, in bytes: `GOSYM_RESIDENT_MIB`
/// MiB (0: no limit), else 16 MiB (with gosym's own code pages, about 5
/// MiB of it).
pub fn budget() -> u64 {
    static BUDGET: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    *BUDGET.get_or_init(|| {
        let mib = std::env::var("GOSYM_RESIDENT_MIB")
            .ok()
            .and_then(|v| v.trim().parse::<u64>().ok());
        mib.unwrap_or(0).saturating_mul(1 << 20)
    })
}

/// The process's resident file-backed bytes (`statm`'s third field), if
/// the system tells.
#[cfg(target_os = "linux")]
fn resident_file_bytes() -> Option<u64> {
    use std::os::unix::fs::FileExt;
    static STATM: std::sync::OnceLock<Option<std::fs::File>> = std::sync::OnceLock::new();
    let f = STATM
        .get_or_init(|| std::fs::File::open("/proc/self/statm").ok())
        .as_ref()?;
    let mut buf = [0u8; 128];
    let n = f.read_at(&mut buf, 0).ok()?;
    let shared = std::str::from_utf8(&buf[..n]).ok()?.split_ascii_whitespace().nth(2)?;
    Some(shared.parse::<u64>().ok()?.saturating_mul(PAGE as u64))
}

#[cfg(not(target_os = "linux"))]
fn resident_file_bytes() -> Option<u64> {
    None
}

#[cfg(unix)]
fn advise_dontneed(addr: usize, len: usize) {
    // SAFETY: [addr, addr+len) is a live read-only private file mapping
    // (the caller holds the registry lock, which a mapping's drop takes
    // before unmapping). MADV_DONTNEED there drops
    // page table entries only: the memory stays mapped and reads return
    // the file's bytes again, so no Rust reference into it is invalidated.
    // A failure (EINVAL, EAGAIN) leaves the pages resident: nothing to do.
    unsafe {
        libc::madvise(addr as *mut libc::c_void, len, libc::MADV_DONTNEED);
    }
}

#[cfg(not(unix))]
fn advise_dontneed(_addr: usize, _len: usize) {}

#[cfg(test)]
mod tests {
    use super::*;

    fn mapped(bytes: &[u8]) -> (tempfile_path::TempPath, Mapping) {
        let path = tempfile_path::TempPath::new(bytes);
        let f = std::fs::File::open(&path.0).unwrap();
        // SAFETY: a file this test owns, not written while mapped.
        let m = unsafe { Mmap::map(&f) }.unwrap();
        (path, Mapping::new(m))
    }

    mod tempfile_path {
        /// A file removed when dropped.
        pub struct TempPath(pub std::path::PathBuf);
        impl TempPath {
            pub fn new(bytes: &[u8]) -> TempPath {
                static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
                let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let p = std::env::temp_dir().join(format!("gosym-residency-{}-{n}", std::process::id()));
                std::fs::write(&p, bytes).unwrap();
                TempPath(p)
            }
        }
        impl Drop for TempPath {
            fn drop(&mut self) {
                let _ = std::fs::remove_file(&self.0);
            }
        }
    }

    #[test]
    fn released_pages_read_back_the_files_bytes() {
        let bytes: Vec<u8> = (0..5 * PAGE + 123).map(|i| (i % 251) as u8).collect();
        let (_p, m) = mapped(&bytes);
        assert_eq!(&m[..], &bytes[..]);
        release_all();
        assert_eq!(&m[..], &bytes[..], "a released page maps the file's bytes again");
        let mut w = Window::new();
        for _ in 0..3 * MAX_INTERVAL {
            w.step();
        }
        assert_eq!(&m[..], &bytes[..]);
    }

    #[test]
    fn heap_bytes_are_never_advised_and_dropped_mappings_leave_the_registry() {
        let heap: Vec<u8> = vec![7; 3 * PAGE];
        let (_p, m) = mapped(&[1; 2 * PAGE]);
        let start = m.as_ptr() as usize;
        assert!(live().contains_key(&start));
        assert!(!live().contains_key(&(heap.as_ptr() as usize)));
        release_all();
        assert!(heap.iter().all(|&b| b == 7), "a heap buffer must never be advised");
        drop(m);
        assert!(!live().contains_key(&start), "a dropped mapping leaves the registry");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn the_resident_size_is_read_off_the_system() {
        let (_p, m) = mapped(&[3; 64 * PAGE]);
        let sum: u64 = m.iter().step_by(PAGE).map(|&b| u64::from(b)).sum();
        assert_eq!(sum, 3 * 64);
        let b = resident_file_bytes().expect("statm");
        assert!(b >= (64 * PAGE) as u64, "a fully read 256 KiB mapping is resident: {b}");
    }
}
