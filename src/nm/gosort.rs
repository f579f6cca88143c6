//! Go's unstable sorts, ported step for step so that ties come out in the
//! order Go's tools print them.
//!
//! `go tool nm` sorts with `sort.Sort`/`sort.Slice` (and, from go1.24, a
//! `slices.SortFunc` by address first). None of them is stable, so two
//! symbols with equal keys keep whatever order the algorithm leaves them in.
//! Byte-identical output therefore needs the very same algorithm:
//! pattern-defeating quicksort (`sort/zsortfunc.go`, go1.19 and later, and
//! `slices/zsortanyfunc.go`, which is the same code) and the older
//! median-of-three quicksort of go1.15 (`sort/zfuncversion.go`).

/// Which of Go's sort implementations to reproduce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GoSort {
    /// go1.15's introsort (`quickSort_func`).
    Quick115,
    /// go1.19–go1.23's pattern-defeating quicksort (`sort.Sort`,
    /// `sort.Slice`, `slices.SortFunc`), xorshift shifts 13, 17, 5.
    Pdq,
    /// go1.24+: the same algorithm with the pattern-breaking xorshift fixed
    /// to the standard 13, 7, 17 shifts (in both `sort` and `slices`).
    Pdq124,
}

/// Sorts `v` exactly as Go's `sort.Slice(v, less)` of the chosen version.
pub fn sort_by<T, F: FnMut(&T, &T) -> bool>(algo: GoSort, v: &mut [T], mut less: F) {
    let n = v.len();
    match algo {
        GoSort::Quick115 => {
            let mut depth = 0;
            let mut i = n;
            while i > 0 {
                depth += 1;
                i >>= 1;
            }
            quick_sort(v, &mut less, 0, n, depth * 2);
        }
        GoSort::Pdq | GoSort::Pdq124 => {
            let limit = bits_len(n);
            let shifts = if algo == GoSort::Pdq { (13, 17, 5) } else { (13, 7, 17) };
            pdqsort(v, &mut less, shifts, 0, n, limit);
        }
    }
}

fn bits_len(n: usize) -> usize {
    (usize::BITS - n.leading_zeros()) as usize
}

fn insertion_sort<T, F: FnMut(&T, &T) -> bool>(v: &mut [T], less: &mut F, a: usize, b: usize) {
    for i in a + 1..b {
        let mut j = i;
        while j > a && less(&v[j], &v[j - 1]) {
            v.swap(j, j - 1);
            j -= 1;
        }
    }
}

fn sift_down<T, F: FnMut(&T, &T) -> bool>(v: &mut [T], less: &mut F, lo: usize, hi: usize, first: usize) {
    let mut root = lo;
    loop {
        let mut child = 2 * root + 1;
        if child >= hi {
            break;
        }
        if child + 1 < hi && less(&v[first + child], &v[first + child + 1]) {
            child += 1;
        }
        if !less(&v[first + root], &v[first + child]) {
            return;
        }
        v.swap(first + root, first + child);
        root = child;
    }
}

fn heap_sort<T, F: FnMut(&T, &T) -> bool>(v: &mut [T], less: &mut F, a: usize, b: usize) {
    let first = a;
    let hi = b - a;
    let mut i = (hi as isize - 1) / 2;
    while i >= 0 {
        sift_down(v, less, i as usize, hi, first);
        i -= 1;
    }
    let mut i = hi as isize - 1;
    while i >= 0 {
        v.swap(first, first + i as usize);
        sift_down(v, less, 0, i as usize, first);
        i -= 1;
    }
}

// ---- go1.15: quickSort_func --------------------------------------------

fn median_of_three<T, F: FnMut(&T, &T) -> bool>(v: &mut [T], less: &mut F, m1: usize, m0: usize, m2: usize) {
    if less(&v[m1], &v[m0]) {
        v.swap(m1, m0);
    }
    if less(&v[m2], &v[m1]) {
        v.swap(m2, m1);
        if less(&v[m1], &v[m0]) {
            v.swap(m1, m0);
        }
    }
}

fn do_pivot<T, F: FnMut(&T, &T) -> bool>(v: &mut [T], less: &mut F, lo: usize, hi: usize) -> (usize, usize) {
    let m = (lo + hi) >> 1;
    if hi - lo > 40 {
        let s = (hi - lo) / 8;
        median_of_three(v, less, lo, lo + s, lo + 2 * s);
        median_of_three(v, less, m, m - s, m + s);
        median_of_three(v, less, hi - 1, hi - 1 - s, hi - 1 - 2 * s);
    }
    median_of_three(v, less, lo, m, hi - 1);
    let pivot = lo;
    let (mut a, mut c) = (lo + 1, hi - 1);
    while a < c && less(&v[a], &v[pivot]) {
        a += 1;
    }
    let mut b = a;
    loop {
        while b < c && !less(&v[pivot], &v[b]) {
            b += 1;
        }
        while b < c && less(&v[pivot], &v[c - 1]) {
            c -= 1;
        }
        if b >= c {
            break;
        }
        v.swap(b, c - 1);
        b += 1;
        c -= 1;
    }
    let mut protect = hi - c < 5;
    if !protect && hi - c < (hi - lo) / 4 {
        let mut dups = 0;
        if !less(&v[pivot], &v[hi - 1]) {
            v.swap(c, hi - 1);
            c += 1;
            dups += 1;
        }
        if !less(&v[b - 1], &v[pivot]) {
            b -= 1;
            dups += 1;
        }
        if !less(&v[m], &v[pivot]) {
            v.swap(m, b - 1);
            b -= 1;
            dups += 1;
        }
        protect = dups > 1;
    }
    if protect {
        loop {
            while a < b && !less(&v[b - 1], &v[pivot]) {
                b -= 1;
            }
            while a < b && less(&v[a], &v[pivot]) {
                a += 1;
            }
            if a >= b {
                break;
            }
            v.swap(a, b - 1);
            a += 1;
            b -= 1;
        }
    }
    v.swap(pivot, b - 1);
    (b - 1, c)
}

fn quick_sort<T, F: FnMut(&T, &T) -> bool>(
    v: &mut [T],
    less: &mut F,
    mut a: usize,
    mut b: usize,
    mut max_depth: usize,
) {
    while b - a > 12 {
        if max_depth == 0 {
            heap_sort(v, less, a, b);
            return;
        }
        max_depth -= 1;
        let (mlo, mhi) = do_pivot(v, less, a, b);
        if mlo - a < b - mhi {
            quick_sort(v, less, a, mlo, max_depth);
            a = mhi;
        } else {
            quick_sort(v, less, mhi, b, max_depth);
            b = mlo;
        }
    }
    if b - a > 1 {
        for i in a + 6..b {
            if less(&v[i], &v[i - 6]) {
                v.swap(i, i - 6);
            }
        }
        insertion_sort(v, less, a, b);
    }
}

// ---- go1.19+: pdqsort_func ---------------------------------------------

#[derive(PartialEq, Eq, Clone, Copy)]
enum Hint {
    Unknown,
    Increasing,
    Decreasing,
}

type Shifts = (u32, u32, u32);

fn pdqsort<T, F: FnMut(&T, &T) -> bool>(
    v: &mut [T],
    less: &mut F,
    shifts: Shifts,
    mut a: usize,
    mut b: usize,
    mut limit: usize,
) {
    const MAX_INSERTION: usize = 12;
    let mut was_balanced = true;
    let mut was_partitioned = true;
    loop {
        let length = b - a;
        if length <= MAX_INSERTION {
            insertion_sort(v, less, a, b);
            return;
        }
        if limit == 0 {
            heap_sort(v, less, a, b);
            return;
        }
        if !was_balanced {
            break_patterns(v, shifts, a, b);
            limit -= 1;
        }
        let (mut pivot, mut hint) = choose_pivot(v, less, a, b);
        if hint == Hint::Decreasing {
            reverse_range(v, a, b);
            pivot = (b - 1) - (pivot - a);
            hint = Hint::Increasing;
        }
        if was_balanced && was_partitioned && hint == Hint::Increasing && partial_insertion_sort(v, less, a, b) {
            return;
        }
        if a > 0 && !less(&v[a - 1], &v[pivot]) {
            a = partition_equal(v, less, a, b, pivot);
            continue;
        }
        let (mid, already) = partition(v, less, a, b, pivot);
        was_partitioned = already;
        let (left_len, right_len) = (mid - a, b - mid);
        let balance_threshold = length / 8;
        if left_len < right_len {
            was_balanced = left_len >= balance_threshold;
            pdqsort(v, less, shifts, a, mid, limit);
            a = mid + 1;
        } else {
            was_balanced = right_len >= balance_threshold;
            pdqsort(v, less, shifts, mid + 1, b, limit);
            b = mid;
        }
    }
}

fn partition<T, F: FnMut(&T, &T) -> bool>(
    v: &mut [T],
    less: &mut F,
    a: usize,
    b: usize,
    pivot: usize,
) -> (usize, bool) {
    v.swap(a, pivot);
    // i and j are inclusive bounds; j may step below a+1, so use isize.
    let (mut i, mut j) = (a as isize + 1, b as isize - 1);
    while i <= j && less(&v[i as usize], &v[a]) {
        i += 1;
    }
    while i <= j && !less(&v[j as usize], &v[a]) {
        j -= 1;
    }
    if i > j {
        v.swap(j as usize, a);
        return (j as usize, true);
    }
    v.swap(i as usize, j as usize);
    i += 1;
    j -= 1;
    loop {
        while i <= j && less(&v[i as usize], &v[a]) {
            i += 1;
        }
        while i <= j && !less(&v[j as usize], &v[a]) {
            j -= 1;
        }
        if i > j {
            break;
        }
        v.swap(i as usize, j as usize);
        i += 1;
        j -= 1;
    }
    v.swap(j as usize, a);
    (j as usize, false)
}

fn partition_equal<T, F: FnMut(&T, &T) -> bool>(v: &mut [T], less: &mut F, a: usize, b: usize, pivot: usize) -> usize {
    v.swap(a, pivot);
    let (mut i, mut j) = (a as isize + 1, b as isize - 1);
    loop {
        while i <= j && !less(&v[a], &v[i as usize]) {
            i += 1;
        }
        while i <= j && less(&v[a], &v[j as usize]) {
            j -= 1;
        }
        if i > j {
            break;
        }
        v.swap(i as usize, j as usize);
        i += 1;
        j -= 1;
    }
    i as usize
}

fn partial_insertion_sort<T, F: FnMut(&T, &T) -> bool>(v: &mut [T], less: &mut F, a: usize, b: usize) -> bool {
    const MAX_STEPS: usize = 5;
    const SHORTEST_SHIFTING: usize = 50;
    let mut i = a + 1;
    for _ in 0..MAX_STEPS {
        while i < b && !less(&v[i], &v[i - 1]) {
            i += 1;
        }
        if i == b {
            return true;
        }
        if b - a < SHORTEST_SHIFTING {
            return false;
        }
        v.swap(i, i - 1);
        if i - a >= 2 {
            let mut j = i - 1;
            while j >= 1 {
                if !less(&v[j], &v[j - 1]) {
                    break;
                }
                v.swap(j, j - 1);
                j -= 1;
            }
        }
        if b - i >= 2 {
            let mut j = i + 1;
            while j < b {
                if !less(&v[j], &v[j - 1]) {
                    break;
                }
                v.swap(j, j - 1);
                j += 1;
            }
        }
    }
    false
}

fn break_patterns<T>(v: &mut [T], (s1, s2, s3): Shifts, a: usize, b: usize) {
    let length = b - a;
    if length >= 8 {
        let mut random = length as u64;
        let modulus = 1usize << bits_len(length);
        let lo = a + (length / 4) * 2 - 1;
        for idx in lo..=a + (length / 4) * 2 + 1 {
            random ^= random << s1;
            random ^= random >> s2;
            random ^= random << s3;
            let mut other = (random as usize) & (modulus - 1);
            if other >= length {
                other -= length;
            }
            v.swap(idx, a + other);
        }
    }
}

fn choose_pivot<T, F: FnMut(&T, &T) -> bool>(v: &mut [T], less: &mut F, a: usize, b: usize) -> (usize, Hint) {
    const SHORTEST_NINTHER: usize = 50;
    const MAX_SWAPS: usize = 4 * 3;
    let l = b - a;
    let mut swaps = 0;
    let mut i = a + l / 4;
    let mut j = a + l / 4 * 2;
    let mut k = a + l / 4 * 3;
    if l >= 8 {
        if l >= SHORTEST_NINTHER {
            i = median(v, less, i - 1, i, i + 1, &mut swaps);
            j = median(v, less, j - 1, j, j + 1, &mut swaps);
            k = median(v, less, k - 1, k, k + 1, &mut swaps);
        }
        j = median(v, less, i, j, k, &mut swaps);
    }
    match swaps {
        0 => (j, Hint::Increasing),
        MAX_SWAPS => (j, Hint::Decreasing),
        _ => (j, Hint::Unknown),
    }
}

fn order2<T, F: FnMut(&T, &T) -> bool>(v: &[T], less: &mut F, a: usize, b: usize, swaps: &mut usize) -> (usize, usize) {
    if less(&v[b], &v[a]) {
        *swaps += 1;
        return (b, a);
    }
    (a, b)
}

fn median<T, F: FnMut(&T, &T) -> bool>(
    v: &[T],
    less: &mut F,
    a: usize,
    b: usize,
    c: usize,
    swaps: &mut usize,
) -> usize {
    let (a, b) = order2(v, less, a, b, swaps);
    let (b, _c) = order2(v, less, b, c, swaps);
    let (_a, b) = order2(v, less, a, b, swaps);
    b
}

fn reverse_range<T>(v: &mut [T], a: usize, b: usize) {
    let (mut i, mut j) = (a, b - 1);
    while i < j {
        v.swap(i, j);
        i += 1;
        j -= 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_sorted(algo: GoSort, n: usize) {
        let mut v: Vec<u64> = (0..n as u64).map(|i| (i * 7919 + 13) % 101).collect();
        sort_by(algo, &mut v, |a, b| a < b);
        assert!(v.windows(2).all(|w| w[0] <= w[1]), "{algo:?} n={n}");
    }

    #[test]
    fn both_algorithms_sort() {
        for n in [0, 1, 2, 7, 12, 13, 49, 50, 51, 200, 1000, 5000] {
            check_sorted(GoSort::Quick115, n);
            check_sorted(GoSort::Pdq, n);
            check_sorted(GoSort::Pdq124, n);
        }
    }
}
