//! The ordered streaming driver of `nm`, `info` and `relocs`: inputs are
//! processed in parallel, and each result is handed on in input order as
//! soon as it is next in line. At most `window` results are ahead of the
//! one being written, so memory is bounded by the window, not by the
//! number or size of the inputs; when the consumer stops (stdout closed:
//! `| head`), no further input is started.

use std::collections::BTreeMap;
use std::ops::ControlFlow;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};

/// How many results may wait ahead of the next one to write, per worker.
const AHEAD_PER_WORKER: usize = 4;

/// Runs `work(i)` for `i in 0..n` on the worker threads and passes the
/// results to `emit` in order of `i`; `emit` returning `Break` stops the
/// run (inputs not started yet are skipped).
pub fn ordered<T: Send>(n: usize, work: impl Fn(usize) -> T + Sync, mut emit: impl FnMut(T) -> ControlFlow<()>) {
    let workers = std::thread::available_parallelism()
        .map_or(2, |p| p.get())
        .min(n.max(1));
    let window = workers * AHEAD_PER_WORKER;
    let next_task = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    // The next index to be emitted, and a condition to wait for it.
    let emitted = Mutex::new(0usize);
    let moved = Condvar::new();
    let (tx, rx) = crossbeam_channel::bounded::<(usize, T)>(window);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let tx = tx.clone();
            let (next_task, stop, emitted, moved, work) = (&next_task, &stop, &emitted, &moved, &work);
            scope.spawn(move || {
                loop {
                    let i = next_task.fetch_add(1, Ordering::Relaxed);
                    if i >= n || stop.load(Ordering::Relaxed) {
                        return;
                    }
                    // Do not run more than `window` ahead of the writer.
                    let mut e = emitted.lock().unwrap_or_else(|p| p.into_inner());
                    while i >= *e + window && !stop.load(Ordering::Relaxed) {
                        e = moved.wait(e).unwrap_or_else(|p| p.into_inner());
                    }
                    drop(e);
                    if stop.load(Ordering::Relaxed) {
                        return;
                    }
                    if tx.send((i, work(i))).is_err() {
                        return;
                    }
                }
            });
        }
        drop(tx);
        let mut pending: BTreeMap<usize, T> = BTreeMap::new();
        let mut next = 0usize;
        'recv: for (i, r) in rx.iter() {
            pending.insert(i, r);
            while let Some(r) = pending.remove(&next) {
                next += 1;
                *emitted.lock().unwrap_or_else(|p| p.into_inner()) = next;
                moved.notify_all();
                if emit(r).is_break() {
                    stop.store(true, Ordering::Relaxed);
                    moved.notify_all();
                    break 'recv;
                }
            }
        }
        // Unblock any worker still waiting, then let the scope join them.
        stop.store(true, Ordering::Relaxed);
        moved.notify_all();
        drop(rx);
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_input_order() {
        let mut got = Vec::new();
        ordered(
            200,
            |i| {
                // Later inputs finish first.
                std::thread::sleep(std::time::Duration::from_micros(((200 - i) % 7) as u64 * 50));
                i
            },
            |i| {
                got.push(i);
                ControlFlow::Continue(())
            },
        );
        assert_eq!(got, (0..200).collect::<Vec<_>>());
    }

    #[test]
    fn a_stop_starts_nothing_more() {
        let started = AtomicUsize::new(0);
        let mut got = 0;
        ordered(
            10_000,
            |i| {
                started.fetch_add(1, Ordering::Relaxed);
                i
            },
            |_| {
                got += 1;
                if got == 3 {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                }
            },
        );
        assert_eq!(got, 3);
        assert!(
            started.load(Ordering::Relaxed) < 200,
            "the window bounds the work done past the stop"
        );
    }
}
