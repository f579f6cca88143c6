//! The relocations of a Go object as tools list them: each relocation of
//! each defined symbol with its target resolved to a name (local symbols,
//! builtins of the producing release with their ABI, other packages'
//! symbols through RefName), the producing release's type name, and the
//! first relocation that lies outside its symbol (what the linker reports
//! as `invalid relocation`). The renderers print this as text or JSON.

use crate::error::ReadError;
use crate::read::goobj::layout::SYM_ABI_STATIC;
use crate::read::goobj::{GoObj, Target};

/// One relocation of a Go object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoReloc {
    /// The symbol it belongs to (`<1>` marks a static one; empty: unnamed).
    pub from: Vec<u8>,
    /// Offset in the symbol's data.
    pub off: i32,
    /// Size of the patched field.
    pub siz: u8,
    /// Type name in the producing release (`R_CALL`, `R_WEAK|R_ADDR`, or
    /// `RelocType(N)` when unknown).
    pub typ: String,
    /// The target's name (empty for none).
    pub target: Vec<u8>,
    /// Addend.
    pub add: i64,
}

/// The relocations of `o`, in symbol and record order, and the first one
/// outside its symbol's data, if any (offset of its record in the object).
pub fn go_relocs(o: &GoObj<'_>) -> Result<(Vec<GoReloc>, Option<ReadError>), ReadError> {
    let mut refnames = std::collections::HashMap::new();
    for i in 0..o.nrefname() {
        let (r, n) = o.refname(i)?;
        refnames.insert(r, n);
    }
    let name_of = |i: u32| -> Result<Vec<u8>, ReadError> {
        let s = o.sym(i)?;
        let mut n = s.name.to_vec();
        if s.abi == SYM_ABI_STATIC {
            n.extend_from_slice(b"<1>");
        }
        Ok(n)
    };
    let mut out = Vec::new();
    let mut outside = None;
    for i in 0..o.ndef() {
        let records = o.reloc_range(i)?;
        if records.is_empty() {
            continue;
        }
        let from = name_of(i)?;
        let len = o.data(i)?.len();
        for j in records {
            let r = o.reloc(j)?;
            if outside.is_none() && r.outside(len) {
                outside = Some(ReadError::new(
                    "relocation outside its symbol's data (the linker reports \"invalid relocation\")",
                    o.reloc_record_offset(j),
                ));
            }
            // A bad reference is located at its relocation record.
            let at = o.reloc_record_offset(j);
            let target: Vec<u8> = match o.target(r.sym).map_err(|e| ReadError::new(e.what, at))? {
                Target::Nil => Vec::new(),
                Target::Local(t) => name_of(t)?,
                Target::Builtin(b) => match o.tables.builtin(b) {
                    Some((n, 0)) => n.as_bytes().to_vec(),
                    Some((n, abi)) => format!("{n}<{abi}>").into_bytes(),
                    None => b"?".to_vec(),
                },
                Target::Package(..) => refnames.get(&r.sym).map(|n| n.to_vec()).unwrap_or_default(),
            };
            let typ = match o.tables.reloc_name(r.typ) {
                Some(n) if o.tables.reloc_is_weak(r.typ) => format!("R_WEAK|{n}"),
                Some(n) => n.to_string(),
                None => format!("RelocType({})", r.typ as i16),
            };
            out.push(GoReloc {
                from: from.clone(),
                off: r.off,
                siz: r.siz,
                typ,
                target,
                add: r.add,
            });
        }
    }
    Ok((out, outside))
}
