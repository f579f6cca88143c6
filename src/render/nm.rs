//! Renders [`NmFile`] listings: Go's text layout (`%8x`, ` %10d`, ` %c %s`,
//! `file(member):\t` / `file:\t` prefixes) byte for byte, with the
//! gosym-only ABI column, or as JSON.

use std::io::{self, Write};

use serde_json::{Value, json};

use crate::nm::{NmEntry, NmFile, NmSym};

/// Columns to print.
#[derive(Debug, Clone, Copy, Default)]
pub struct NmColumns {
    /// `-size`.
    pub size: bool,
    /// `-type`.
    pub typ: bool,
    /// `--abi`.
    pub abi: bool,
    /// `-C`/`--demangle`.
    pub demangle: bool,
}

/// The ABI column text.
pub fn abi_label(abi: Option<u16>) -> &'static str {
    match abi {
        Some(0) => "ABI0",
        Some(1) => "ABIInternal",
        Some(0xFFFF) => "static",
        Some(_) => "ABI?",
        None => "-",
    }
}

/// Writes one file's listing as `go tool nm` does. `file_prefix` is Go's
/// "more than one file on the command line".
pub fn write_text(w: &mut Vec<u8>, display: &str, f: &NmFile<'_>, cols: NmColumns, file_prefix: bool) {
    for e in &f.entries {
        write_entry(w, display, f, e, cols, file_prefix);
    }
}

/// One entry of [`write_text`]: entries render independently, so the
/// entries of a large file can be rendered in parallel and concatenated.
pub fn write_entry(
    w: &mut Vec<u8>,
    display: &str,
    f: &NmFile<'_>,
    e: &NmEntry<'_>,
    cols: NmColumns,
    file_prefix: bool,
) {
    let mut prefix = Vec::new();
    if f.nentries > 1 {
        let name: &[u8] = if e.name.is_empty() { b"_go_.o" } else { e.name };
        prefix.extend_from_slice(display.as_bytes());
        prefix.push(b'(');
        prefix.extend_from_slice(name);
        prefix.extend_from_slice(b"):\t");
    } else if file_prefix {
        prefix.extend_from_slice(display.as_bytes());
        prefix.extend_from_slice(b":\t");
    }
    // One reservation for the whole entry (growing by doubling would copy
    // the text again at each step): prefix, address, size and code
    // columns, name; -type and -C may still grow it.
    let fixed = prefix.len() + 8 + if cols.size { 11 } else { 0 } + if cols.abi { 12 } else { 0 } + 4;
    w.reserve(e.syms.iter().map(|s| fixed + s.name.len()).sum());
    for s in &e.syms {
        w.extend_from_slice(&prefix);
        write_sym(w, s, cols);
    }
}

fn write_sym(w: &mut Vec<u8>, s: &NmSym<'_>, cols: NmColumns) {
    // The address, size and code columns are assembled on the stack and
    // appended at once (at most 16 + 1 + 20 + 2 bytes).
    let mut line = [b' '; 40];
    let mut n = if s.code == b'U' {
        8
    } else {
        put_hex_padded(&mut line, s.addr, 8)
    };
    if cols.size {
        n += 1 + put_dec_padded(&mut line[n + 1..], s.size, 10);
    }
    line[n + 1] = s.code;
    w.extend_from_slice(&line[..n + 2]);
    if cols.abi {
        let _ = write!(w, " {:<11}", abi_label(s.abi));
    }
    w.push(b' ');
    if cols.demangle {
        w.extend_from_slice(&crate::nm::demangle::demangle(&s.name));
    } else {
        w.extend_from_slice(&s.name);
    }
    if cols.typ && !s.typ.is_empty() {
        w.push(b' ');
        w.extend_from_slice(&s.typ);
    }
    w.push(b'\n');
}

/// `format!("{:width$x}", v)` without the formatting machinery (the
/// listing's hot path), written at the start of `buf`, which holds spaces;
/// returns the length written.
fn put_hex_padded(buf: &mut [u8], v: u64, width: usize) -> usize {
    let digits = (v.max(1).ilog2() / 4 + 1) as usize;
    let len = digits.max(width);
    let mut v = v;
    for b in buf[len - digits..len].iter_mut().rev() {
        *b = b"0123456789abcdef"[(v & 0xf) as usize];
        v >>= 4;
    }
    len
}

/// `format!("{:width$}", v)` for the size column, as [`put_hex_padded`].
fn put_dec_padded(buf: &mut [u8], v: i64, width: usize) -> usize {
    let mut digits = itoa::Buffer::new();
    let digits = digits.format(v).as_bytes();
    let len = digits.len().max(width);
    buf[len - digits.len()..len].copy_from_slice(digits);
    len
}

/// Writes a GNU `nm -D` listing.
pub fn write_gnu(w: &mut Vec<u8>, syms: &[crate::nm::gnu::GnuSym<'_>], demangle: bool) {
    for s in syms {
        let width = if s.elf64 { 16 } else { 8 };
        if matches!(s.code, b'U' | b'w' | b'v') {
            let _ = write!(w, "{:width$} {} ", "", s.code as char);
        } else {
            let _ = write!(w, "{:0width$x} {} ", s.value, s.code as char);
        }
        if demangle {
            w.extend_from_slice(&crate::nm::demangle::demangle(&s.name));
        } else {
            w.extend_from_slice(&s.name);
        }
        w.push(b'\n');
    }
}

/// One file's listing as a JSON value.
pub fn to_json(display: &str, f: &NmFile<'_>) -> Value {
    let entries: Vec<Value> = f
        .entries
        .iter()
        .map(|e| {
            let syms: Vec<Value> = e
                .syms
                .iter()
                .map(|s| {
                    json!({
                        "name": String::from_utf8_lossy(&s.name),
                        "code": (s.code as char).to_string(),
                        "addr": if s.code == b'U' { Value::Null } else { json!(s.addr) },
                        "size": s.size,
                        "abi": s.abi.map(|a| abi_label(Some(a))),
                        "type": if s.typ.is_empty() { Value::Null } else { json!(String::from_utf8_lossy(&s.typ)) },
                    })
                })
                .collect();
            json!({"member": String::from_utf8_lossy(e.name), "symbols": syms})
        })
        .collect();
    json!({"file": display, "nm_flavour": format!("go1.{}", f.flavour), "entries": entries})
}

/// Flushes `buf` to stdout, treating a closed pipe as success.
pub fn flush(out: &mut impl Write, buf: &[u8]) -> io::Result<()> {
    match out.write_all(buf) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        r => r,
    }
}

#[cfg(test)]
mod padding_tests {
    use super::*;

    #[test]
    fn padded_numbers_match_the_formatter() {
        for v in [0u64, 1, 0xf, 0x10, 0xdead_beef, 0x0001_2345_6789, u64::MAX] {
            let mut w = [b' '; 20];
            let n = put_hex_padded(&mut w, v, 8);
            assert_eq!(std::str::from_utf8(&w[..n]).unwrap(), format!("{v:8x}"));
        }
        for v in [0i64, 7, -7, 1_234_567_890, 12_345_678_901, i64::MIN, i64::MAX] {
            let mut w = [b' '; 20];
            let n = put_dec_padded(&mut w, v, 10);
            assert_eq!(std::str::from_utf8(&w[..n]).unwrap(), format!("{v:10}"));
        }
    }
}
