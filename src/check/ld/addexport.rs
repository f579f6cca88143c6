//! `addexport`'s dynamic libraries: a `cgo_import_dynamic _ _ "lib"`
//! directive (openbsd's and solaris's runtime ask for libc this way, cgo's
//! `_cgo_import.go` for every library it links) queues `lib` for the
//! output's dynamic section, which only an ELF writer records (darwin and
//! aix take theirs elsewhere). Under `-H windows` or `-H plan9` for such
//! objects, each queued library stops the link (`adddynlib: unsupported
//! binary format`), after the stack check and before text layout.

use crate::check::loader::Loader;
use crate::check::report::{Category, Finding, Reporter};
use crate::check::target::flags::LinkFlags;
use crate::check::target::platform;

/// One `adddynlib: unsupported binary format` per library the objects'
/// directives queue, in load order (internal linking; the caller knows).
pub fn unsupported_dynlibs(l: &Loader<'_, '_, '_>, flags: &LinkFlags) -> Vec<Finding> {
    let t = l.target;
    let Some(head) = flags.head_type(t.release, &t.goos) else {
        return Vec::new();
    };
    // setCgoAttr refuses every directive under -d before it queues one.
    if platform::is_elf_head(head) || matches!(head, "darwin" | "aix") || flags.no_dynamic {
        return Vec::new();
    }
    let mut libs: Vec<String> = Vec::new();
    for o in l.obj_ids() {
        for d in l.obj(o).obj.cgo_directives() {
            let queued = d.first().is_some_and(|v| v == "cgo_import_dynamic")
                && (2..=4).contains(&d.len())
                && d.get(1).is_some_and(|s| s == "_")
                && d.get(2).is_some_and(|s| s == "_");
            let lib = d.get(3).cloned().unwrap_or_default();
            if queued && !libs.contains(&lib) {
                libs.push(lib);
            }
        }
    }
    libs.iter()
        .map(|lib| {
            Finding::new(Category::Flag, "adddynlib: unsupported binary format", Reporter::Errorf)
                .detail(format!(
                    "the objects ask for the dynamic library {lib:?} (a cgo_import_dynamic directive), which a {head} \
                     binary written by Go's linker cannot record"
                ))
                .remedy(crate::check::ld::relocsym::foreign_head_remedy(head))
        })
        .collect()
}

/// `dynreloc` in `dodata`: a reachable function's call to a dynamic import
/// (a `cgo_import_dynamic` symbol: darwin's and openbsd's libc calls) is
/// given a PLT entry (`addpltsym`), whose `Adddynsym` only ELF, Mach-O and
/// PE writers take (`X: adddynsym: unsupported binary format`, once per
/// call, in text order): `-H plan9` for such objects (amd64, 386, arm).
/// `-d` skips the pass.
pub fn unsupported_dynsyms(
    l: &mut Loader<'_, '_, '_>,
    reach: &crate::check::ld::deadcode::Reach,
    flags: &LinkFlags,
) -> Vec<Finding> {
    let t = l.target;
    let Some(head) = flags.head_type(t.release, &t.goos) else {
        return Vec::new();
    };
    let call = match t.goarch.as_str() {
        "amd64" | "386" => "R_CALL",
        "arm" => "R_CALLARM",
        _ => return Vec::new(),
    };
    if platform::is_elf_head(head) || matches!(head, "darwin" | "aix" | "windows") || flags.no_dynamic {
        return Vec::new();
    }
    let objs = crate::check::ld::relocsym::text_order(l);
    let calls = crate::check::ld::relocsym::reached_relocs(l, reach, &objs, |typ, _| typ == call);
    calls
        .into_iter()
        .filter(|r| l.is_text(r.from))
        .filter_map(|r| r.to.filter(|&to| l.sym(to).from_cgo).map(|to| (r, to)))
        .take(20)
        .map(|(r, to)| {
            let name = l.sym(to).name_lossy();
            let mut f = Finding::new(
                Category::Flag,
                format!("{name}: adddynsym: unsupported binary format"),
                Reporter::Errorf,
            )
            .symbol(name.clone())
            .detail(format!(
                "{} calls {name}, a dynamic import (cgo_import_dynamic), which a {head} binary written by Go's \
                 linker cannot hold",
                l.sym(r.from).name_lossy()
            ))
            .remedy(crate::check::ld::relocsym::foreign_head_remedy(head));
            crate::check::ld::relocsym::place_in(&mut f, l.obj(r.obj));
            f
        })
        .collect()
}
