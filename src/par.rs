//! Scoped data parallelism inside one input: the members of a large
//! archive listed, sorted and rendered on several threads, results kept in
//! member order. The drivers in `cli` already run inputs in parallel; this
//! splits the work of one input that would otherwise be a sequential tail
//! (a c-archive, `runtime.a`, a build-cache entry with many objects).

use std::sync::atomic::{AtomicUsize, Ordering};

/// Inputs smaller than this are not worth a thread each.
pub const PARALLEL_MIN_BYTES: usize = 1 << 20;

/// How many threads to run: `GOSYM_THREADS` when it is a positive number
/// (1: everything on one thread), else `available_parallelism`, asked
/// once (it reads the cgroup files on every call, and it is asked per
/// input).
pub fn threads() -> usize {
    static THREADS: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *THREADS.get_or_init(|| {
        std::env::var("GOSYM_THREADS")
            .ok()
            .and_then(|v| v.trim().parse::<usize>().ok())
            .filter(|&n| n > 0)
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |p| p.get()))
    })
}

/// `items.iter().map(f).collect()`, run on up to `available_parallelism`
/// threads when `worth_it` and there are at least two items; the results
/// are in the order of `items` whatever order they finish in.
pub fn map_in_order<T: Sync, R: Send>(items: &[T], worth_it: bool, f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = threads().min(items.len());
    if !worth_it || threads < 2 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let mut done: Vec<(usize, R)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                let (next, f) = (&next, &f);
                scope.spawn(move || {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(i) else { return mine };
                        mine.push((i, f(item)));
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    });
    done.sort_unstable_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_item_order_when_later_items_finish_first() {
        let items: Vec<u64> = (0..64).collect();
        let got = map_in_order(&items, true, |&i| {
            std::thread::sleep(std::time::Duration::from_micros((64 - i) * 20));
            i * 2
        });
        assert_eq!(got, items.iter().map(|i| i * 2).collect::<Vec<_>>());
    }

    #[test]
    fn small_work_stays_on_the_calling_thread() {
        let me = std::thread::current().id();
        let got = map_in_order(&[1, 2, 3], false, |_| std::thread::current().id());
        assert!(got.iter().all(|&t| t == me));
    }
}
