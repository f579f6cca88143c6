//! The go1.23+ `//go:linkname` rule (`loader.checkLinkname`): a linknamed
//! reference to a symbol of the standard library is refused unless the
//! symbol is in the release's `blockedLinknames` list with the referring
//! package allowed, or the definition pushes it (`//go:linkname` on the
//! definition, `Flag2` Linkname; go1.23–1.26 also accept ABI wrappers;
//! go1.27 adds `//go:linknamestd`, for pulls from std only, and its own
//! rules for assembly definitions). Fires at load time, reachable or not;
//! `-checklinkname=0` turns it off.

use super::load::TargetView;
use super::report::{Category, Finding, Reporter};
use super::symbols::LoadedObj;

fn std(o: &LoadedObj<'_, '_>) -> bool {
    o.obj.flags & 16 != 0
}

/// Checks one linknamed reference from object `oi` to `name`, whose
/// definition (object, local index) is `def`, and whose other-ABI
/// definition is `other` (used by go1.27 for assembly symbols).
pub fn check(
    t: &TargetView,
    objs: &[LoadedObj<'_, '_>],
    oi: usize,
    name: &[u8],
    def: Option<(u32, u32)>,
    other: Option<(u32, u32)>,
) -> Option<Finding> {
    let refo = &objs[oi];
    let pkg = refo.pkg.as_str();
    let name_s = String::from_utf8_lossy(name).into_owned();
    let error = || {
        let mut f = Finding {
            file: Some(refo.file.clone()),
            package: Some(pkg.to_string()),
            remedy: format!(
                "{name_s} is not pushed by its package in go1.{}: stop pulling it with //go:linkname, or link with -ldflags=-checklinkname=0",
                t.minor
            ),
            producer: Some(refo.obj.header.version.to_string()),
            ..Finding::new(
                Category::Linkname,
                format!("{pkg}: invalid reference to {name_s}"),
                Reporter::LogFatal,
                true,
            )
        };
        f.member = refo
            .pn
            .strip_prefix(&refo.file)
            .map(|m| m.trim_matches(|c| c == '(' || c == ')').to_string())
            .filter(|m| !m.is_empty());
        Some(f)
    };
    if let Some(allowed) = crate::tables::blocked_linknames(t.minor)
        .iter()
        .find(|(n, _)| n.as_bytes() == name)
        .map(|(_, a)| *a)
    {
        for p in allowed {
            if pkg == *p {
                return None;
            }
            if t.minor >= 24 && pkg.starts_with("crypto/internal/fips140/v") {
                let mut parts: Vec<&str> = pkg.split('/').collect();
                if parts.len() > 3 {
                    parts.remove(3);
                }
                if parts.join("/") == *p {
                    return None;
                }
            }
        }
        return error();
    }
    let (mut di, mut dl) = def?;
    let defo = &objs[di as usize];
    if !std(defo) || defo.pkg == pkg {
        return None;
    }
    let tables = defo.obj.tables;
    let mut s = defo.obj.sym(dl).ok()?;
    if t.minor < 27 {
        if tables.flag2_has(s.flag2, "Linkname") || tables.flag2_has(s.flag2, "ABIWrapper") {
            return None;
        }
        return error();
    }
    if defo.obj.from_assembler() && !tables.flag2_has(s.flag2, "LinknameStd") && !tables.flag2_has(s.flag2, "Linkname")
    {
        if name.starts_with(pkg.as_bytes()) || !name.contains(&b'.') {
            return None;
        }
        if !t.want.contains("regabiwrappers") {
            return None;
        }
        if let Some((oi2, li2)) = other {
            (di, dl) = (oi2, li2);
            s = objs[di as usize].obj.sym(dl).ok()?;
        }
    }
    let tables = objs[di as usize].obj.tables;
    if tables.flag2_has(s.flag2, "LinknameStd") && std(refo) {
        return None;
    }
    if tables.flag2_has(s.flag2, "Linkname") {
        return None;
    }
    error()
}
