//! `gosym nm` streams: output in input order as each input is ready, the
//! peak resident size bounded by the reorder window rather than the
//! number of inputs, and a closed stdout (`| head`) stops the work at once,
//! quietly, with exit 0.

use crate::common;
use common::*;
use std::process::{Command, Stdio};

/// A tree of `n` copies of real archives of every release.
fn tree(s: &Scratch, n: usize) -> std::path::PathBuf {
    let dir = s.path().join(format!("tree{n}"));
    std::fs::create_dir_all(&dir).unwrap();
    let sources: Vec<std::path::PathBuf> = VERSIONS
        .iter()
        .flat_map(|v| ["plain.a", "generic.a", "cgopkg.a"].map(|f| testdata().join(format!("go{v}/{f}"))))
        .filter(|p| p.is_file())
        .collect();
    for i in 0..n {
        let src = &sources[i % sources.len()];
        std::fs::copy(src, dir.join(format!("{i:05}.a"))).unwrap();
    }
    dir
}

/// Peak resident size (KiB) of `gosym nm DIR > /dev/null`, from GNU time's
/// `%M` when installed, else from the child's rusage via /usr/bin/env (None).
fn peak_kib(dir: &std::path::Path, extra: &[&str]) -> Option<u64> {
    let time = std::path::Path::new("/usr/bin/time");
    if !time.exists() {
        return None;
    }
    let o = Command::new(time)
        .args(["-f", "%M"])
        .arg(env!("CARGO_BIN_EXE_gosym"))
        .args(extra)
        .arg("nm")
        .arg(dir)
        .stdout(Stdio::null())
        .output()
        .unwrap();
    assert!(o.status.success());
    String::from_utf8_lossy(&o.stderr).lines().last()?.trim().parse().ok()
}

#[test]
fn memory_does_not_grow_with_the_number_of_inputs() {
    let s = Scratch::new("stream");
    let (small, large) = (tree(&s, 60), tree(&s, 1200));
    for extra in [&[][..], &["--no-mmap"]] {
        let (Some(a), Some(b)) = (peak_kib(&small, extra), peak_kib(&large, extra)) else {
            assert!(std::env::var_os("CI").is_none(), "CI must have /usr/bin/time");
            println!("/usr/bin/time not installed: peak not measured");
            return;
        };
        println!("peak resident size {extra:?}: 60 inputs {a} KiB, 1200 inputs {b} KiB");
        // Twenty times the inputs: the peak may not follow them.
        assert!(b < a * 2 + 16 * 1024, "peak grew from {a} KiB to {b} KiB");
    }
}

#[test]
fn output_is_in_input_order_and_a_closed_pipe_stops_quietly() {
    let s = Scratch::new("stream-order");
    let dir = tree(&s, 300);
    let all = gosym().arg("nm").arg(&dir).output().unwrap();
    assert!(all.status.success());
    let text = String::from_utf8(all.stdout).unwrap();
    let files: Vec<&str> = text.lines().filter_map(|l| l.split(':').next()).collect();
    let mut sorted = files.clone();
    sorted.sort();
    assert_eq!(files, sorted, "listed in input (sorted walk) order");
    // `| head -1`: the reader goes away after one line.
    let mut child = gosym()
        .arg("nm")
        .arg(&dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = child.stdout.take().unwrap();
    let mut first = [0u8; 64];
    let _ = std::io::Read::read(&mut out, &mut first).unwrap();
    drop(out);
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(o.stderr.is_empty(), "quiet: {}", String::from_utf8_lossy(&o.stderr));
}
