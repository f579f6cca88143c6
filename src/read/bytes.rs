//! Checked little-endian access to a byte slice. Every read is bounds
//! checked and returns a [`ReadError`] naming the offset instead of panicking.

use crate::error::{ReadError, ReadResult};

/// Bytes `[off, off+len)` of `data`, or an error naming `what` at `off`.
pub fn slice_at<'d>(data: &'d [u8], off: usize, len: usize, what: &'static str) -> ReadResult<&'d [u8]> {
    off.checked_add(len)
        .and_then(|end| data.get(off..end))
        .ok_or(ReadError::new(what, off as u64))
}

/// The `N` bytes at `off`.
pub fn array_at<const N: usize>(data: &[u8], off: usize, what: &'static str) -> ReadResult<[u8; N]> {
    let s = slice_at(data, off, N, what)?;
    let mut a = [0u8; N];
    a.copy_from_slice(s);
    Ok(a)
}

/// Little-endian `u32` at `off`.
pub fn u32_at(data: &[u8], off: usize, what: &'static str) -> ReadResult<u32> {
    array_at::<4>(data, off, what).map(u32::from_le_bytes)
}

/// Little-endian `u16` at `off`.
pub fn u16_at(data: &[u8], off: usize, what: &'static str) -> ReadResult<u16> {
    array_at::<2>(data, off, what).map(u16::from_le_bytes)
}

/// Little-endian `i64` at `off`.
pub fn i64_at(data: &[u8], off: usize, what: &'static str) -> ReadResult<i64> {
    array_at::<8>(data, off, what).map(i64::from_le_bytes)
}

/// Byte at `off`.
pub fn u8_at(data: &[u8], off: usize, what: &'static str) -> ReadResult<u8> {
    data.get(off).copied().ok_or(ReadError::new(what, off as u64))
}

/// A uvarint (Go's `binary.Uvarint`) at the start of `b`, and its length;
/// `None` when `b` ends inside it or it runs past ten bytes.
pub fn uvarint(b: &[u8]) -> Option<(u64, usize)> {
    let mut x = 0u64;
    for (i, &c) in b.iter().enumerate().take(10) {
        x |= u64::from(c & 0x7f) << (7 * i);
        if c < 0x80 {
            return Some((x, i + 1));
        }
    }
    None
}

/// Position of the first occurrence of `needle` in `hay`.
pub fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uvarint_reads_go_varints_and_refuses_cut_or_overlong_ones() {
        assert_eq!(uvarint(&[0x96, 0x01, 0xff]), Some((150, 2)));
        assert_eq!(uvarint(&[0x00]), Some((0, 1)));
        assert_eq!(uvarint(&[0x96]), None);
        assert_eq!(uvarint(&[]), None);
        assert_eq!(uvarint(&[0x80; 11]), None);
    }
}
