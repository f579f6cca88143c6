//! Renders [`NmFile`] listings: Go's text layout (`%8x`, ` %10d`, ` %c %s`,
//! `file(member):\t` / `file:\t` prefixes) byte for byte, with the
//! gosym-only ABI column, or as JSON.

use std::io::{self, Write};

use serde_json::{Value, json};

use crate::nm::{NmFile, NmSym};

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
        for s in &e.syms {
            if f.nentries > 1 {
                let name: &[u8] = if e.name.is_empty() { b"_go_.o" } else { e.name };
                w.extend_from_slice(display.as_bytes());
                w.push(b'(');
                w.extend_from_slice(name);
                w.extend_from_slice(b"):\t");
            } else if file_prefix {
                w.extend_from_slice(display.as_bytes());
                w.extend_from_slice(b":\t");
            }
            write_sym(w, s, cols);
        }
    }
}

fn write_sym(w: &mut Vec<u8>, s: &NmSym<'_>, cols: NmColumns) {
    if s.code == b'U' {
        w.extend_from_slice(b"        ");
    } else {
        let _ = write!(w, "{:8x}", s.addr);
    }
    if cols.size {
        let _ = write!(w, " {:10}", s.size);
    }
    w.push(b' ');
    w.push(s.code);
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
