//! Reading type descriptors and name data as the linker's `decodesym.go`
//! does: the name a name-data symbol holds (`decodetypeName`'s read) and
//! a type descriptor's string (`decodetypeStr`). Shared by method
//! liveness and the data layout order.

use crate::check::loader::{Loader, SymId};
use crate::read::bytes::uvarint;

/// `abi.TFlagExtraStar`: the type's string carries an extra leading `*`.
const TFLAG_EXTRA_STAR: u8 = 1 << 1;

/// The name held by `reflect` name data `data` (a flag byte, then the
/// length: two big-endian bytes before go1.17, a uvarint from go1.17
/// (`uvarint_length`); then the bytes). Empty where the data is short.
pub fn name_in_data(data: &[u8], uvarint_length: bool) -> &[u8] {
    let (len, at) = if !uvarint_length {
        let len = data.get(1..3).map_or(0, |b| usize::from(b[0]) << 8 | usize::from(b[1]));
        (len, 3)
    } else {
        uvarint(data.get(1..).unwrap_or_default()).map_or((0, 1), |(v, k)| (v as usize, 1 + k))
    };
    data.get(at..at.saturating_add(len)).unwrap_or_default()
}

/// `decodetypeStr`: the string of type descriptor `s` (the name its
/// relocation at `4*PtrSize+8` points at, less the extra `*` its
/// `TFlagExtraStar` marks); `None` where `s` has no definition with
/// contents or no such relocation.
pub fn type_string<'a>(l: &Loader<'_, '_, 'a>, s: SymId) -> Option<&'a [u8]> {
    let d = l.def(s)?;
    let lo = l.obj(d.obj);
    if lo.stub {
        return None;
    }
    let ptr = l.target.ptr_size();
    let data = lo.obj.data(d.idx).ok()?;
    let off = i32::try_from(4 * ptr + 8).ok()?;
    let r = lo.obj.relocs(d.idx).ok()?.flatten().find(|r| r.off == off)?;
    let n = l.resolve_known(d.obj, r.sym)?;
    let nd = l.def(n)?;
    let name_data = l.obj(nd.obj).obj.data(nd.idx).ok()?;
    let name = name_in_data(name_data, l.target.release.name_length_is_uvarint());
    let tflag = data.get((2 * ptr + 4) as usize).copied().unwrap_or(0);
    if tflag & TFLAG_EXTRA_STAR != 0 {
        return name.get(1..);
    }
    Some(name)
}
