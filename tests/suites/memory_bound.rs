//! Memory stays proportional to the input, whatever its count fields claim:
//! hostile copies of a real archive (every block offset and index set to
//! huge values) go through every reader in this process, and the peak
//! resident size (VmHWM) may grow by at most 64 MiB over the whole run
//! (the inputs are a few hundred KiB; a reader that trusted a count of
//! 2^32-1 records would allocate gigabytes).

use crate::common;
use common::*;

fn vm_hwm_kib() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    s.lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches(" kB").trim().parse().ok())
}

#[test]
fn hostile_counts_do_not_allocate() {
    let Some(before) = vm_hwm_kib() else {
        println!("no /proc/self/status: memory bound not measured");
        return;
    };
    let mut n = 0;
    for v in ["1.15", "1.22", "1.27"] {
        let bytes = std::fs::read(testdata().join(format!("go{v}/cgopkg.a"))).unwrap();
        // Every 4-byte word of the first object's binary header and block
        // tables set to 0xFFFFFFFF and to 0x7FFFFFFF, one at a time.
        let magic = bytes.windows(4).position(|w| w == b"\x00go1").unwrap();
        for at in (magic + 8..magic + 96 + 4096).step_by(4) {
            for val in [u32::MAX, 0x7FFF_FFFF] {
                let mut b = bytes.clone();
                if at + 4 > b.len() {
                    break;
                }
                b[at..at + 4].copy_from_slice(&val.to_le_bytes());
                gosym::walk::walk_input(&b);
                n += 1;
            }
        }
    }
    let after = vm_hwm_kib().unwrap();
    let grew = after.saturating_sub(before);
    println!("{n} hostile inputs: peak resident size grew by {grew} KiB");
    assert!(grew < 64 * 1024, "peak memory grew by {grew} KiB");
}
