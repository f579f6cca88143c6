//! Names in byte order, without string comparisons. Where the names of an
//! entry are distinct (or equal only where the whole symbols are), that
//! order is the one sorted order and the listing takes it as is. Where
//! equal names could come out in a visible order, each name's rank (equal
//! names sharing one) lets Go's sorts ([`super::gosort`]) compare two
//! integers where `go tool nm` compares two strings: Go's unstable
//! algorithms leave an order that depends only on the answers of the
//! comparisons, and rank order answers exactly as name order does.
//!
//! Symbol names of one package share long prefixes (the package path), so
//! string comparisons spend their time on bytes that never decide. The
//! order comes from a most-significant-first sort by eight-byte chunks:
//! each group of names is sorted by the chunk at its offset (an integer
//! sort), and only names whose chunks tie go on to the next eight bytes.
//! Each byte of a name is read once per level it takes part in; the work
//! is bounded by the bytes of the names times the log of their count, and
//! an explicit stack keeps arbitrarily long names off the call stack.

/// Names in byte order: `order` lists indices into the names, sorted;
/// `differs[p]` says whether the name at sorted position `p` differs from
/// the one before it (equal names are adjacent).
pub struct NameOrder {
    /// Indices into the names, in byte order of the names.
    pub order: Vec<u32>,
    differs: Vec<bool>,
}

impl NameOrder {
    /// Sorts `names` (see the module documentation).
    pub fn new(names: &[&[u8]]) -> NameOrder {
        let n = names.len();
        // (chunk, index into names)
        let mut items: Vec<(u64, u32)> = (0..n as u32).map(|i| (0, i)).collect();
        let mut differs = vec![false; n];
        let mut stack: Vec<(usize, usize, usize)> = Vec::new();
        if n > 1 {
            stack.push((0, n, 0));
        }
        while let Some((start, end, off)) = stack.pop() {
            let group = &mut items[start..end];
            // Bytes every name of the group shares decide nothing: skip them.
            let off = off + shared_prefix(names, group, off);
            for it in group.iter_mut() {
                it.0 = chunk_at(names[it.1 as usize], off);
            }
            group.sort_unstable_by_key(|&(chunk, _)| chunk);
            let mut g = 0;
            while g < group.len() {
                let chunk = group[g].0;
                let mut h = g + 1;
                while h < group.len() && group[h].0 == chunk {
                    h += 1;
                }
                if g > 0 {
                    differs[start + g] = true;
                }
                if h - g > 1 {
                    if chunk & 0xff != 0 {
                        // Tied on eight bytes: they may differ further on.
                        stack.push((start + g, start + h, off + 8));
                    } else {
                        let tied = &mut group[g..h];
                        settle_padded(names, tied, off, &mut differs[start + g..start + h]);
                    }
                }
                g = h;
            }
        }
        NameOrder {
            order: items.into_iter().map(|it| it.1).collect(),
            differs,
        }
    }

    /// Whether every two equal names belong to items `alike` says cannot
    /// be told apart (by index into the names): then every correct sort of
    /// the items, stable or not, leaves what is indistinguishable from
    /// this order.
    pub fn ties_alike(&self, mut alike: impl FnMut(u32, u32) -> bool) -> bool {
        (1..self.order.len()).all(|p| self.differs[p] || alike(self.order[p - 1], self.order[p]))
    }

    /// The rank of every name (index = position in the names): equal names
    /// get the same rank, and `rank(a) < rank(b)` exactly when `a < b`.
    pub fn ranks(&self) -> Vec<u32> {
        let mut ranks = vec![0u32; self.order.len()];
        let mut rank = 0u32;
        for (p, &i) in self.order.iter().enumerate() {
            if p > 0 && self.differs[p] {
                rank += 1;
            }
            ranks[i as usize] = rank;
        }
        ranks
    }
}

/// Names whose chunks tie and end in a zero byte: they are equal when they
/// all end at the same place within the chunk (the usual case); a NUL byte
/// in a name makes padding and data look alike, and then the group is
/// sorted by whole-name comparison instead.
fn settle_padded(names: &[&[u8]], tied: &mut [(u64, u32)], off: usize, differs: &mut [bool]) {
    let len = |it: &(u64, u32)| names[it.1 as usize].len();
    let first = len(&tied[0]);
    if first < off + 8 && tied.iter().all(|it| len(it) == first) {
        return;
    }
    tied.sort_unstable_by(|a, b| names[a.1 as usize].cmp(names[b.1 as usize]));
    for p in 1..tied.len() {
        differs[p] = names[tied[p - 1].1 as usize] != names[tied[p].1 as usize];
    }
}

/// How many bytes from `off` all names of `group` have in common.
fn shared_prefix(names: &[&[u8]], group: &[(u64, u32)], off: usize) -> usize {
    let Some(first) = group.first() else { return 0 };
    let first = names[first.1 as usize].get(off..).unwrap_or(&[]);
    let mut shared = first.len();
    for it in &group[1..] {
        let other = names[it.1 as usize].get(off..).unwrap_or(&[]);
        shared = common_prefix(&first[..shared], other);
        if shared == 0 {
            break;
        }
    }
    shared
}

/// The length of the common prefix of `a` and `b`, eight bytes at a time.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let n = a.len().min(b.len());
    let mut i = 0;
    while i + 8 <= n {
        let x = u64::from_le_bytes(a[i..i + 8].try_into().unwrap_or_default());
        let y = u64::from_le_bytes(b[i..i + 8].try_into().unwrap_or_default());
        if x != y {
            return i + ((x ^ y).trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    i + a[i..n].iter().zip(&b[i..n]).take_while(|(x, y)| x == y).count()
}

/// The eight bytes of `name` from `off`, big-endian and zero-padded:
/// ordered as the names' suffixes from `off` are wherever they differ
/// within these eight bytes.
fn chunk_at(name: &[u8], off: usize) -> u64 {
    let rest = name.get(off..).unwrap_or(&[]);
    match rest.first_chunk::<8>() {
        Some(whole) => u64::from_be_bytes(*whole),
        None => rest
            .iter()
            .enumerate()
            .fold(0, |v, (i, &b)| v | u64::from(b) << (56 - 8 * i)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name_ranks(names: &[&[u8]]) -> Vec<u32> {
        NameOrder::new(names).ranks()
    }

    fn check(names: &[&[u8]]) {
        let ranks = name_ranks(names);
        for (i, a) in names.iter().enumerate() {
            for (j, b) in names.iter().enumerate() {
                assert_eq!(
                    a.cmp(b),
                    ranks[i].cmp(&ranks[j]),
                    "{:?} vs {:?}",
                    String::from_utf8_lossy(a),
                    String::from_utf8_lossy(b)
                );
            }
        }
    }

    #[test]
    fn ranks_order_as_the_names_do() {
        check(&[
            b"cmd/compile/internal/ssa.rewriteValueAMD64",
            b"cmd/compile/internal/ssa.rewriteValueAMD64_OpAdd",
            b"cmd/compile/internal/ssa.rewriteValue",
            b"cmd/compile/internal/ssa.rewriteValueAMD64",
            b"cmd/compile/internal/ssa..inittask",
            b"",
            b"a",
            b"a\0",
            b"a\0\0\0\0\0\0\0",
            b"a\0\0\0\0\0\0\0\0",
            b"a\0\0\0\0\0\0\0\0b",
            b"abcdefg\0x",
            b"abcdefg",
            b"abcdefg\0",
            b"ab",
            b"abcdefgh",
            b"abcdefghi",
            b"abcdefgh",
            b"\xff\xfe",
            b"type:*cmd/compile/internal/ssa.Value",
        ]);
        assert!(name_ranks(&[]).is_empty());
        assert_eq!(name_ranks(&[b"x"]), [0]);
    }

    #[test]
    fn distinct_names_are_told() {
        assert!(NameOrder::new(&[b"b", b"a", b"ab"]).ties_alike(|_, _| false));
        assert!(!NameOrder::new(&[b"b", b"a", b"b"]).ties_alike(|_, _| false));
        assert!(NameOrder::new(&[b"b", b"a", b"b"]).ties_alike(|i, j| i + j == 2));
        assert_eq!(NameOrder::new(&[b"b", b"a", b"ab"]).order, [1, 2, 0]);
    }

    #[test]
    fn common_prefixes_are_counted_bytewise() {
        assert_eq!(
            common_prefix(b"cmd/compile/internal/ssa.A", b"cmd/compile/internal/types.B"),
            21
        );
        assert_eq!(common_prefix(b"abc", b"abc"), 3);
        assert_eq!(common_prefix(b"", b"abc"), 0);
        assert_eq!(common_prefix(b"abcdefgh1", b"abcdefgh2"), 8);
    }

    #[test]
    fn long_equal_names_do_not_recurse() {
        let long = vec![b'x'; 1 << 16];
        let names: Vec<&[u8]> = vec![&long, &long, &long[..(1 << 16) - 1]];
        assert_eq!(name_ranks(&names), [1, 1, 0]);
    }
}
