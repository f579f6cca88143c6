//! The ordered streaming driver of `nm`, `info`, `relocs` and `audit`:
//! inputs are processed in parallel, and each result is handed on in
//! input order as soon as it is next in line. Results finished ahead of
//! the one being written wait in a window bounded both in count
//! ([`MAX_AHEAD`]) and in bytes ([`AHEAD_BYTES`], as the caller weighs its
//! results), so memory is bounded by the window, not by the number or
//! size of the inputs, while one large input does not hold the workers
//! back behind it (the small inputs after it go on until the byte budget
//! is spent). When the consumer stops (stdout closed: `| head`), no
//! further input is started.

use std::collections::BTreeMap;
use std::ops::ControlFlow;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};

/// At most this many results wait ahead of the next one to write.
pub const MAX_AHEAD: usize = 256;
/// At most this many bytes of them (the next input in line is always
/// started, whatever the budget, so the run never stalls).
pub const AHEAD_BYTES: usize = 32 << 20;

/// What the workers and the writer share: the next index to write and
/// the bytes of the results finished ahead of it.
struct Window {
    emitted: usize,
    pending_bytes: usize,
}

impl Window {
    fn may_start(&self, i: usize) -> bool {
        i == self.emitted || (i < self.emitted + MAX_AHEAD && self.pending_bytes < AHEAD_BYTES)
    }
}

/// [`ordered_weighed`] for results of negligible size: the window bounds
/// their count only.
pub fn ordered<T: Send>(n: usize, work: impl Fn(usize) -> T + Sync, emit: impl FnMut(T) -> ControlFlow<()>) {
    ordered_weighed(n, work, |_| 0, emit);
}

/// Runs `work(i)` for `i in 0..n` on the worker threads and passes the
/// results to `emit` in order of `i`; `bytes` weighs a result for the
/// window's byte budget; `emit` returning `Break` stops the run (inputs
/// not started yet are skipped).
pub fn ordered_weighed<T: Send>(
    n: usize,
    work: impl Fn(usize) -> T + Sync,
    bytes: impl Fn(&T) -> usize + Sync,
    mut emit: impl FnMut(T) -> ControlFlow<()>,
) {
    let workers = crate::par::threads().min(n.max(1));
    let next_task = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let window = Mutex::new(Window {
        emitted: 0,
        pending_bytes: 0,
    });
    let moved = Condvar::new();
    let (tx, rx) = crossbeam_channel::bounded::<(usize, T)>(MAX_AHEAD + workers);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let tx = tx.clone();
            let (next_task, stop, window, moved, work, bytes) = (&next_task, &stop, &window, &moved, &work, &bytes);
            scope.spawn(move || {
                loop {
                    let i = next_task.fetch_add(1, Ordering::Relaxed);
                    if i >= n || stop.load(Ordering::Relaxed) {
                        return;
                    }
                    let mut w = window.lock().unwrap_or_else(|p| p.into_inner());
                    while !w.may_start(i) && !stop.load(Ordering::Relaxed) {
                        w = moved.wait(w).unwrap_or_else(|p| p.into_inner());
                    }
                    drop(w);
                    if stop.load(Ordering::Relaxed) {
                        return;
                    }
                    let r = work(i);
                    window.lock().unwrap_or_else(|p| p.into_inner()).pending_bytes += bytes(&r);
                    if tx.send((i, r)).is_err() {
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
                {
                    let mut w = window.lock().unwrap_or_else(|p| p.into_inner());
                    w.emitted = next;
                    w.pending_bytes = w.pending_bytes.saturating_sub(bytes(&r));
                }
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
            started.load(Ordering::Relaxed) <= 3 + MAX_AHEAD + crate::par::threads(),
            "the window bounds the work done past the stop"
        );
    }

    #[test]
    fn the_byte_budget_holds_the_workers_back() {
        // The first result is slow; every other is a whole budget: no
        // more than one of them may be finished ahead of it.
        let ahead = AtomicUsize::new(0);
        let most = AtomicUsize::new(0);
        let emitted = AtomicUsize::new(0);
        ordered_weighed(
            50,
            |i| {
                if i == 0 {
                    std::thread::sleep(std::time::Duration::from_millis(50));
                } else if emitted.load(Ordering::SeqCst) == 0 {
                    most.fetch_max(ahead.fetch_add(1, Ordering::SeqCst) + 1, Ordering::SeqCst);
                }
                i
            },
            |_| AHEAD_BYTES,
            |_| {
                emitted.fetch_add(1, Ordering::SeqCst);
                ControlFlow::Continue(())
            },
        );
        assert_eq!(emitted.load(Ordering::SeqCst), 50);
        assert!(most.load(Ordering::SeqCst) <= crate::par::threads(), "{most:?}");
    }
}
