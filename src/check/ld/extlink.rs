//! The external link the Go linker hands to the C toolchain (`hostlink`:
//! gcc with `go.o` and every host object of the loaded archives) for an
//! executable, as far as its verdict can be known before running it: every
//! strong undefined reference of a host object must be defined by a host
//! object, by the Go side (the `cgo_export_*` names), or by the libraries
//! the driver links (libc and what it needs, libgcc_s, and the `-l`
//! libraries of the objects' `cgo_ldflag` directives, found on the
//! system's library path). One that is not is gcc's `undefined reference`,
//! which the Go linker reports as `running gcc failed: exit status 1`.
//! Shared outputs (c-shared, plugin, shared) may leave references
//! undefined and are not judged; a machine without a C library is not
//! judged either.

use std::collections::HashSet;
use std::path::PathBuf;

use crate::check::ld::extldflags::ExtraFlags;
use crate::check::ld::relocsym::ExternalUndefined;
use crate::check::report::{Category, Finding, Reporter};
use crate::check::target::{HostObj, LoadedObj};
use crate::input::{OpenOptions, Source};
use crate::read::elf::{ElfFile, SymTable};

/// Names the static linker defines itself.
const LINKER_DEFINED: &[&[u8]] = &[
    b"_GLOBAL_OFFSET_TABLE_",
    b"_DYNAMIC",
    b"__dso_handle",
    b"__ehdr_start",
    b"__executable_start",
    b"__bss_start",
    b"_edata",
    b"_end",
    b"_etext",
    b"edata",
    b"end",
    b"etext",
    b"__init_array_start",
    b"__init_array_end",
    b"__fini_array_start",
    b"__fini_array_end",
    b"__preinit_array_start",
    b"__preinit_array_end",
    b"__TMC_END__",
    b"__GNU_EH_FRAME_HDR",
];

/// The dynamic definitions of library `name` found on `dirs`; with
/// `needed`, also those of the libraries it needs, transitively (each read
/// once). ld takes a definition for an object's reference only from a
/// library on its command line (a symbol only a needed library defines is
/// `undefined reference to symbol …: DSO missing from command line`): the
/// C library's own script names libc.so.6 and the dynamic loader, so the
/// default libraries count with what they need, a `-l` library alone.
fn library_defs(
    name: &str,
    dirs: &[PathBuf],
    needed: bool,
    seen: &mut HashSet<String>,
    defs: &mut HashSet<Vec<u8>>,
) -> bool {
    if !seen.insert(name.to_string()) {
        return true;
    }
    let Some(path) = dirs.iter().map(|d| d.join(name)).find(|p| p.is_file()) else {
        return false;
    };
    let Ok(src) = Source::open(&path, OpenOptions::default()) else {
        return false;
    };
    let Ok(elf) = ElfFile::parse(&src.bytes) else {
        return false;
    };
    defs.extend(crate::check::host::hostlink::dynamic_defs(&elf));
    if needed {
        for n in crate::check::host::hostlink::needed(&elf) {
            library_defs(&n, dirs, true, seen, defs);
        }
    }
    true
}

/// gcc's objection to the external link of an executable, if any.
/// `go_refs`: what Go code refers to and no Go object defines
/// (`SUNDEFEXT` in go.o); `extra_libs`, the `-l` libraries of `extld`
/// (`-extldflags`) as found.
pub fn check(
    cc: &str,
    objs: &[LoadedObj<'_, '_>],
    hosts: &[HostObj<'_>],
    go_refs: &[ExternalUndefined],
    dirs: &[PathBuf],
    extra_libs: &[PathBuf],
    extld: &ExtraFlags,
) -> Option<Finding> {
    let no_default_libs = extld.no_default_libs;
    let mut defs: HashSet<Vec<u8>> = HashSet::new();
    let mut seen = HashSet::new();
    // Without a C library there is nothing to judge against (unless the
    // link asks for none: -nostdlib).
    if !no_default_libs {
        if !library_defs("libc.so.6", dirs, true, &mut seen, &mut defs) {
            return None;
        }
        library_defs("libgcc_s.so.1", dirs, true, &mut seen, &mut defs);
    }
    // The -l libraries of -extldflags: a shared one's dynamic symbols
    // (and its needed libraries'), an archive's map.
    for lib in extra_libs {
        if lib.extension().is_some_and(|e| e == "a") {
            defs.extend(crate::check::ld::hostarchive::armap(lib));
        } else if let (Some(dir), Some(name)) = (lib.parent(), lib.file_name().and_then(|n| n.to_str())) {
            library_defs(name, &[dir.to_path_buf()], false, &mut seen, &mut defs);
        }
    }
    // go.o defines the Go symbols (crosscall2 and the other assembly
    // entry points C code of cgo exports calls), but not those a
    // `cgo_import_static` names: `loadcgo` turns them into host-object
    // symbols (SHOSTOBJ), undefined in go.o, whatever Go defines them.
    let mut go_defs: HashSet<Vec<u8>> = HashSet::new();
    // -fsanitize= (go build -asan/-race put it in the cgo packages'
    // cgo_ldflag; -extldflags may carry it): the driver links the
    // sanitizer's runtime library.
    let mut sanitize_lists: Vec<String> = Vec::new();
    for o in objs {
        for i in 0..o.obj.ndef() {
            if let Ok(s) = o.obj.sym(i) {
                go_defs.insert(s.name.to_vec());
            }
        }
        for d in o.obj.cgo_directives() {
            match d.first().map(String::as_str) {
                Some("cgo_export_static" | "cgo_export_dynamic") => {
                    if let Some(n) = d.get(2).or(d.get(1)) {
                        defs.insert(n.as_bytes().to_vec());
                    }
                }
                Some("cgo_ldflag") => {
                    for flag in d.iter().skip(1) {
                        if let Some(lib) = flag.strip_prefix("-l") {
                            library_defs(&format!("lib{lib}.so"), dirs, false, &mut seen, &mut defs);
                        } else if let Some(list) = flag.strip_prefix("-fsanitize=") {
                            sanitize_lists.push(list.to_string());
                        }
                    }
                }
                _ => {}
            }
        }
    }
    sanitize_lists.extend(
        extld
            .options
            .iter()
            .filter_map(|f| f.strip_prefix("-fsanitize="))
            .map(str::to_string),
    );
    let sanitizers: Vec<Option<&str>> = sanitize_lists
        .iter()
        .flat_map(|list| list.split(','))
        .map(sanitizer_runtime)
        .collect();
    for lib in sanitizers {
        // Where the driver finds it; a runtime it does not find, or a
        // sanitizer gosym does not know, leaves the link unjudged.
        let path = runtime_library(cc, lib?)?;
        let (dir, name) = (path.parent()?.to_path_buf(), path.file_name()?.to_str()?.to_string());
        if !library_defs(&name, &[dir], false, &mut seen, &mut defs) {
            return None;
        }
    }
    let mut undefined: Vec<(Vec<u8>, usize)> = Vec::new();
    let mut parsed = Vec::new();
    for h in hosts {
        // LLVM bitcode (clang -flto) defines what gosym cannot see: the
        // link is not judged.
        if h.data.starts_with(b"BC\xc0\xde") || h.data.starts_with(&[0xde, 0xc0, 0x17, 0x0b]) {
            return None;
        }
        let Ok(elf) = ElfFile::parse(h.data) else { continue };
        let Ok(Some(syms)) = elf.symbols(SymTable::Static) else {
            continue;
        };
        let mut refs: Vec<&[u8]> = Vec::new();
        for s in &syms {
            let global = s.bind == object::elf::STB_GLOBAL.0 || s.bind == object::elf::STB_WEAK.0;
            if s.shndx != object::elf::SHN_UNDEF.0 && global && !s.name.is_empty() {
                defs.insert(s.name.to_vec());
            }
            if s.shndx == object::elf::SHN_UNDEF.0 && s.bind == object::elf::STB_GLOBAL.0 && !s.name.is_empty() {
                refs.push(s.name);
            }
        }
        // gcc -flto: the code, its definitions and references are in the
        // LTO symbol table, which ld's plugin reads (a slim object's
        // .symtab names none of them).
        for s in crate::read::lto::gcc_lto_symbols(&elf).unwrap_or_default() {
            if s.defines() {
                defs.insert(s.name.to_vec());
            } else if s.kind == crate::read::lto::LtoKind::Undef {
                refs.push(s.name);
            }
        }
        parsed.push((h, refs));
    }
    for (k, (_, refs)) in parsed.iter().enumerate() {
        for &name in refs {
            if !defs.contains(name)
                && !go_defs.contains(name)
                && !LINKER_DEFINED.contains(&name)
                && !undefined.iter().any(|(n, _)| n == name)
            {
                undefined.push((name.to_vec(), k));
            }
        }
    }
    // go.o: the symbols Go code takes from host objects
    // (`cgo_import_static`, such as a -race runtime's `__tsan_*` when
    // runtime/race and its host object are not linked, or runtime/cgo's
    // `x_cgo_*` when it was built without its C files) stay undefined in
    // go.o for gcc to resolve.
    let mut go_undefined: Vec<(String, &LoadedObj<'_, '_>)> = Vec::new();
    for o in objs {
        for d in o.obj.cgo_directives() {
            if let [verb, local] = d.as_slice()
                && verb == "cgo_import_static"
                && !defs.contains(local.as_bytes())
                && !go_undefined.iter().any(|(n, _)| n == local)
            {
                go_undefined.push((local.clone(), o));
            }
        }
    }
    // go.o comes first on gcc's command line: its undefined references
    // of Go code (`SUNDEFEXT`) are the first ld names.
    let go_missing: Vec<&ExternalUndefined> = go_refs.iter().filter(|u| !defs.contains(u.name.as_bytes())).collect();
    if let Some(u) = go_missing.first() {
        let o = &objs[u.obj.0 as usize];
        let more = go_missing.len() - 1;
        return Some(gcc_failed(
            cc,
            (&o.file, &o.member, &o.pkg),
            &u.name,
            format!(
                "gcc: go.o: in function `{}': undefined reference to `{}'{}: no Go object, host object or library defines it (an external link leaves what Go code refers to and Go does not define to the external linker)",
                u.from,
                u.name,
                more_of(more + undefined.len()),
            ),
            format!(
                "define {} (in Go, assembly or C), or link the object or library that does",
                u.name
            ),
        ));
    }
    if undefined.is_empty()
        && let Some((name, o)) = go_undefined.first()
    {
        return Some(gcc_failed(
            cc,
            (&o.file, &o.member, &o.pkg),
            name,
            format!(
                "gcc: go.o: undefined reference to `{name}'{}: {} takes it from a host object (cgo_import_static) that is not linked",
                more_of(go_undefined.len() - 1),
                o.pkg
            ),
            format!(
                "link the package whose host object defines {name} (for a -race, -msan or -asan build: link with the same flag)"
            ),
        ));
    }
    let (name, k) = undefined.first()?;
    let name = String::from_utf8_lossy(name);
    let h = parsed[*k].0;
    let at = format!("{}({})", h.pkg, h.member.as_deref().unwrap_or(""));
    Some(gcc_failed(
        cc,
        (&h.file, &h.member, &h.pkg),
        &name,
        format!(
            "gcc: {at}: undefined reference to `{name}'{}",
            more_of(undefined.len() - 1)
        ),
        format!("define {name} in the package's C code, or link the library that does (#cgo LDFLAGS: -l…)"),
    ))
}

/// The runtime library gcc links for `-fsanitize=NAME` (`libsanitizer`'s
/// spec: `-lasan`, `-ltsan`, …); `None` for a sanitizer gosym does not
/// know.
fn sanitizer_runtime(name: &str) -> Option<&'static str> {
    match name {
        "address" => Some("libasan.so"),
        "thread" => Some("libtsan.so"),
        "leak" => Some("liblsan.so"),
        "undefined" => Some("libubsan.so"),
        "hwaddress" => Some("libhwasan.so"),
        _ => None,
    }
}

/// The file the C compiler `cc` links for library file `lib`, as it
/// finds it (`-print-file-name`); `None` where it finds none or is no
/// gcc (clang links its sanitizer runtimes statically, from its own
/// resource directory).
fn runtime_library(cc: &str, lib: &str) -> Option<PathBuf> {
    if cc.contains("clang") {
        return None;
    }
    let out = std::process::Command::new(cc)
        .arg(format!("-print-file-name={lib}"))
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    let path = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    (out.status.success() && path.is_absolute() && path.is_file()).then_some(path)
}

/// The Go linker's line for the C compiler `cc`'s failure on undefined
/// `name`, found in
/// the archive member `(file, member, package)`.
fn gcc_failed(
    cc: &str,
    at: (&String, &Option<String>, &String),
    name: &str,
    detail: String,
    remedy: String,
) -> Finding {
    let (file, member, pkg) = at;
    Finding::new(
        Category::LinkMode,
        format!("running {cc} failed: exit status 1"),
        Reporter::Exitf,
    )
    .package(pkg.clone())
    .symbol(name.to_string())
    .detail(detail)
    .remedy(remedy)
    .at(file.clone(), member.clone())
}

/// " (and N more)" for N > 0.
fn more_of(more: usize) -> String {
    if more > 0 {
        format!(" (and {more} more)")
    } else {
        String::new()
    }
}
