//! The symbol stage of the link, phase by phase as the Go linker runs it:
//! [`Loader::load_defs`] and [`Loader::load_refs`] (`LoadSyms`, with the
//! duplicate, linkname and nonexistent-package checks), then
//! [`deadcode::mark`] (the dead-code pass) and [`relocsym`]'s checks of
//! reachable relocations.

use crate::check::explanation::{Binding, Explanation, Reference};
use crate::check::ld::addresses;
use crate::check::ld::deadcode;
use crate::check::ld::relocsym;
use crate::check::ld::relocsym::{reached_relocs, text_order};
use crate::check::loader::Loader;
use crate::check::loader::linkname::LinknameRule;
use crate::check::loader::{SymId, SymVer};
use crate::check::report::Finding;
use crate::check::report::{Category, Reporter};
use crate::check::target::flags::LinkFlags;
use crate::check::target::linkmode::BuildMode;
use crate::check::target::release::MissingEntry;
use crate::check::target::{HostObj, LinkTarget, LoadedObj};

/// Findings of the symbol stage, each with the phase it belongs to.
#[derive(Debug, Default)]
pub struct SymbolFindings {
    /// `LoadSyms`: duplicates, linkname var refs, then per object linkname
    /// refs and nonexistent packages (all fatal, in this order).
    pub load: Vec<Finding>,
    /// After dead code, `dostrdata`: `-X` definitions of variables that are
    /// not strings (non-fatal).
    pub strdata: Vec<Finding>,
    /// `AssignTextSymbolOrder`: a variable in the list of functions (the
    /// DWARF pass stops, or without DWARF `findfunctab` panics).
    pub text: crate::check::ld::textorder::TextList,
    /// The stack check: go1.15 `dostkcheck` following a direct call to a
    /// runtime builtin no object defines (the linker panics); go1.19+
    /// `doStackCheck`'s nosplit chains over the limit; then go1.15's
    /// `doxcoff`, which runs next ([`go115_xcoff_d`]), and `addexport`'s
    /// dynamic libraries ([`crate::check::ld::addexport`]).
    pub stkcheck: Vec<Finding>,
    /// `pclntab`: a reachable function's funcdata without a carrier (the
    /// linker panics).
    pub pclntab: Option<Finding>,
    /// After dead code: undefined relocation targets and relocations
    /// outside their symbol (non-fatal, up to 20).
    pub undefined: Vec<Finding>,
    /// Undefined targets referenced only from unreachable code (the link
    /// succeeds despite them).
    pub unreachable_undefined: Vec<Finding>,
    /// `Entryvalue`, as the output is written: an `-E` entry symbol that
    /// does not exist (or, where gosym does not model it, a warning).
    pub entry: Option<Finding>,
    /// The PE writer's `checkSegment` for `.rdata` and `.data` (after the
    /// text's).
    pub pe_sections: Vec<Finding>,
    /// An external link's relocations the output cannot carry: the PE
    /// writer's the architecture cannot write (`perelocsect`), relocsym's
    /// for a format without an external linker (wasm); any stops the link
    /// before `hostlink`.
    pub external_relocs: Vec<Finding>,
    /// What could not be told against the built-in std stubs.
    pub not_checked: Vec<String>,
    /// An external link: the undefined targets of reachable code, left
    /// to the external linker (`SUNDEFEXT`).
    pub external_undefined: Vec<relocsym::ExternalUndefined>,
}

/// Runs the symbol stage over `objs` (in load order) with the linker's
/// flags. `hosts` are the host objects Go's linker loads (internal
/// linking); `None` when the external linker reads them.
pub fn analyse(
    target: &LinkTarget,
    flags: &LinkFlags,
    objs: &[LoadedObj<'_, '_>],
    hosts: Option<&[HostObj<'_>]>,
) -> SymbolFindings {
    let (mut l, mut load, reach) = link_phases(target, flags, objs, hosts);
    if let Some(f) = undefined_builtin(&mut l) {
        load.push(f);
    }
    let strdata = strdata(&mut l, flags);
    let mut stkcheck: Vec<Finding> = go115_stkcheck(&mut l, &reach).into_iter().collect();
    // The passes over reachable code that only read run side by side.
    let (text, (stack, funcdata)) = rayon::join(
        || crate::check::ld::textorder::check(&l, &reach, flags.dwarf_enabled(target, hosts.is_none())),
        || {
            rayon::join(
                || crate::check::ld::stackcheck::check(&l, &reach, flags.race),
                || crate::check::ld::pclntab::check(&l, &reach),
            )
        },
    );
    stkcheck.extend(stack);
    stkcheck.extend(go115_xcoff_d(&l, flags));
    if hosts.is_some() {
        stkcheck.extend(crate::check::ld::addexport::unsupported_dynlibs(&l, flags));
    }
    let pclntab = funcdata.panic;
    let mode = flags.buildmode.effective(target.release, &target.goos, &target.goarch);
    let thunks = relocsym::makes_x86_thunks(target, mode);
    let external = hosts.is_none();
    let mut undefined = relocsym::reachable_problems(&l, &reach, funcdata.undefined_relocs, thunks, external);
    let external_undefined = if external {
        relocsym::external_undefined(&l, &reach, thunks)
    } else {
        Vec::new()
    };
    // DWARF sections are relocated when compressed (internal linking,
    // before the output is written), else with code and data.
    let crate::check::ld::dwarfvars::DwarfVars {
        findings: dwarf_vars,
        not_checked,
    } = crate::check::ld::dwarfvars::check(&l, &reach, flags.dwarf_enabled(target, hosts.is_none()));
    if !dwarf_vars.is_empty() {
        let compressed = hosts.is_some() && !matches!(target.goos.as_str(), "plan9" | "aix" | "js" | "wasip1");
        if compressed {
            undefined.splice(0..0, dwarf_vars);
        } else {
            let varies = !undefined.is_empty();
            undefined.extend(dwarf_vars);
            if varies {
                undefined.iter_mut().for_each(|f| f.order_varies = true);
            }
        }
    }
    // Internal linking lays the host objects' code and data out with Go's.
    let host_bytes: i128 = hosts.unwrap_or_default().iter().map(|h| h.data.len() as i128).sum();
    if hosts.is_some() {
        undefined.extend(foreign_head_tls(&l, &reach, flags));
        let (mut dodata, relocsym) = foreign_head_aix(&mut l, &reach, flags);
        dodata.extend(go115_darwin_pie_got(&l, &reach, flags));
        dodata.extend(crate::check::ld::addexport::unsupported_dynsyms(&mut l, &reach, flags));
        undefined.splice(0..0, dodata);
        undefined.extend(relocsym);
        undefined.extend(relocsym::unhandled_dynimports(&mut l, &reach, flags, false));
        undefined.extend(addresses::wasm_text_address(&mut l, &reach, flags));
        undefined.extend(addresses::far_data(&mut l, &reach, flags, host_bytes));
        undefined.extend(addresses::far_absolute(&mut l, &reach, flags));
    } else {
        undefined.extend(relocsym::unhandled_dynimports(&mut l, &reach, flags, true));
    }
    let external_relocs = if external {
        let mut v = crate::check::ld::pereloc::unsupported(&mut l, &reach, flags);
        v.extend(crate::check::ld::headless::wasm_external(&mut l, &reach, flags));
        v
    } else {
        Vec::new()
    };
    // The PE writer checks the segments' addresses after relocsym:
    // `.text` (`loadlib` pushes it last), then `.data`.
    let pe_sections: Vec<Finding> = if hosts.is_some() {
        addresses::pe_rdata_address(&l, &reach, flags, host_bytes)
            .into_iter()
            .chain(addresses::pe_data_address(&l, &reach, flags, host_bytes))
            .collect()
    } else {
        Vec::new()
    };
    let entry = flags
        .entry
        .as_deref()
        .and_then(|e| entry_value(&l, target, e, hosts.is_none()));
    if !reach.exact && objs.iter().any(|o| o.stub) {
        let roots = program_roots(target, flags, hosts.is_none(), &l);
        say_method_dependent(&mut l, &roots, &mut undefined, thunks, external);
    }
    // Against the std stubs, which carry no runtime code, what the entry
    // reaches is not known.
    if entry.is_none()
        && flags.entry.is_some()
        && target.release.missing_entry() == Some(MissingEntry::IndexPanic)
        && !objs.iter().any(|o| o.stub)
    {
        undefined.extend(go115_buildinfo(&l, &reach, flags));
    }
    SymbolFindings {
        load,
        strdata,
        text,
        stkcheck,
        pclntab,
        undefined: {
            undefined.extend(crate::check::ld::hostobj::undefined(
                &l,
                hosts.unwrap_or_default(),
                &reach.hosts,
                &crate::check::ld::hostarchive::HostArchives::for_flags(flags),
            ));
            undefined
        },
        unreachable_undefined: relocsym::unreachable_undefined(&mut l, &reach),
        entry,
        pe_sections,
        external_relocs,
        not_checked,
        external_undefined,
    }
}

/// go1.16+: the first reference to a runtime builtin that no Go object
/// defines stops the link where dead code first resolves it
/// (`Loader.reportMissingBuiltin`); the compiler makes such references
/// when a package is instrumented (`-gcflags=-race`) and the runtime is not.
fn undefined_builtin(l: &mut Loader<'_, '_, '_>) -> Option<Finding> {
    if !l.target.release.reports_undefined_builtins() {
        return None;
    }
    let (name, pkg) = l.missing_builtin.take()?;
    let mut f = Finding::new(
        Category::Undefined,
        format!("reference to undefined builtin {name:?} from package {pkg:?}"),
        Reporter::LogFatal,
    )
    .package(pkg.clone())
    .symbol(name.clone())
    .remedy(instrumentation_remedy(&pkg))
    .detail(format!(
        "{pkg}'s code calls the runtime builtin {name}, which this runtime does not define (it was \
             compiled with instrumentation the runtime was built without)"
    ));
    if let Some(lo) = l.obj_ids().map(|o| l.obj(o)).find(|lo| lo.pkg == pkg) {
        relocsym::place_in(&mut f, lo);
    }
    Some(f)
}

/// What to do about code instrumented for a runtime built without it.
fn instrumentation_remedy(pkg: &str) -> String {
    format!(
        "build {pkg} and the runtime with the same instrumentation (-race, -msan or -asan on the whole build, \
         not only -gcflags)"
    )
}

/// go1.15 resolves a reference to a runtime builtin that no Go object
/// defines to symbol 0 (later releases stop at it: [`undefined_builtin`]);
/// `dostkcheck`, following the direct calls of every reachable function,
/// then reads the function information of symbol 0 and crashes.
fn go115_stkcheck(l: &mut Loader<'_, '_, '_>, reach: &deadcode::Reach) -> Option<Finding> {
    if l.target.release.reports_undefined_builtins() {
        return None;
    }
    for o in l.obj_ids() {
        let ob = l.obj(o).obj;
        for (idx, s) in reach.kept_in(l, o) {
            let Ok(rs) = ob.relocs(idx) else { continue };
            let calls: Vec<_> = rs
                .flatten()
                .filter(|r| {
                    matches!(ob.target(r.sym), Ok(crate::read::goobj::Target::Builtin(_)))
                        && ob
                            .tables
                            .reloc_name(r.typ)
                            .is_some_and(|n| n.starts_with("R_CALL") && n != "R_CALLIND")
                })
                .map(|r| r.sym)
                .collect();
            for r in calls {
                let Some(to) = l.resolve(o, r) else { continue };
                if l.def(to).is_some() {
                    continue;
                }
                let (name, func) = (l.sym(to).name_lossy(), l.sym(s).name_lossy());
                let lo = l.obj(o);
                let mut f = Finding::new(
                    Category::Undefined,
                    "runtime error: invalid memory address or nil pointer dereference",
                    Reporter::Panic,
                )
                .symbol(name.clone())
                .remedy(instrumentation_remedy(&lo.pkg))
                .detail(format!(
                    "{func} calls the runtime builtin {name}, which this runtime does not define; go1.15's \
                         stack check follows the call into nothing"
                ));
                relocsym::place_in(&mut f, lo);
                return Some(f);
            }
        }
    }
    None
}

/// go1.15, amd64, a darwin header, a PIE linked internally (objects of
/// linux or windows, whose GOOS lets a PIE link internally): `dynreloc`
/// hands every relocation to `adddynrel`, which makes each pointer-sized
/// symbol with an `R_ADDR` at offset 0 a GOT entry (`got.PrependSub(s)`,
/// meant for cgo's `_Cvar_` pointers). A funcval (`…·f`) or an itab link
/// (`go.itablink.…`) is one, and `symtab` already put it under its group's
/// outer symbol: the linker panics.
fn go115_darwin_pie_got(l: &Loader<'_, '_, '_>, reach: &deadcode::Reach, flags: &LinkFlags) -> Option<Finding> {
    let t = l.target;
    let pie = flags.buildmode.effective(t.release, &t.goos, &t.goarch) == BuildMode::Pie;
    if t.release.minor() != 15 || t.goarch != "amd64" || !pie || flags.head_type(t.release, &t.goos) != Some("darwin") {
        return None;
    }
    let grouped = l.obj_ids().find_map(|o| {
        let ob = l.obj(o).obj;
        reach.kept_in(l, o).into_iter().find_map(|(idx, s)| {
            let sym = ob.sym(idx).ok()?;
            let name = sym.name;
            let in_group = name.ends_with("\u{b7}f".as_bytes()) || name.starts_with(b"go.itablink.");
            let rodata = ob.tables.symkind_name(sym.kind) == Some("SRODATA");
            let got = sym.siz == 8
                && ob
                    .relocs(idx)
                    .ok()?
                    .flatten()
                    .any(|r| r.off == 0 && ob.tables.reloc_name(r.typ) == Some("R_ADDR"));
            (in_group && rodata && got).then_some(s)
        })
    })?;
    let name = l.sym(grouped).name_lossy();
    Some(
        Finding::new(Category::LinkMode, "outer already set for subsym", Reporter::Panic)
            .symbol(name.clone())
            .detail(format!(
                "go1.15's darwin writer makes every pointer-sized symbol with an address at offset 0 a GOT entry in a \
                 PIE; {name} is one, and the symbol table already grouped it under another symbol"
            ))
            .remedy(relocsym::foreign_head_remedy("darwin")),
    )
}

/// `-H darwin` on arm64 for objects of another GOOS: their thread-local
/// accesses are `R_ARM64_TLS_LE`, which the arm64 `archreloc` refuses for
/// a darwin header (`TLS reloc on unsupported OS`), symbol by symbol as
/// relocsym meets them (internal linking).
fn foreign_head_tls(l: &Loader<'_, '_, '_>, reach: &deadcode::Reach, flags: &LinkFlags) -> Vec<Finding> {
    let t = l.target;
    if t.goarch != "arm64" || flags.foreign_head(t.release, &t.goos) != Some("darwin") {
        return Vec::new();
    }
    let Some(shown) = crate::check::target::platform::head_type_shown(t.release, "darwin") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for o in text_order(l) {
        let ob = l.obj(o).obj;
        for (idx, s) in reach.kept_in(l, o) {
            let Ok(rs) = ob.relocs(idx) else { continue };
            if rs
                .flatten()
                .any(|r| ob.tables.reloc_name(r.typ) == Some("R_ARM64_TLS_LE"))
            {
                let name = l.sym(s).name_lossy();
                let mut f = Finding::new(
                    Category::Flag,
                    format!("{name}: TLS reloc on unsupported OS {shown}"),
                    Reporter::Errorf,
                )
                .symbol(name.clone())
                .remedy(format!(
                    "drop -H darwin: {name} was compiled for {} and reaches its thread-local storage as ELF does",
                    t.goos
                ));
                relocsym::place_in(&mut f, l.obj(o));
                out.push(f);
            }
        }
    }
    out
}

/// go1.15 `doxcoff`: an XCOFF executable with `-d` in effect stops.
/// `loadlib` sets `-d` for an executable no object asks for a dynamic
/// import (`havedynamic`, from `cgo_import_dynamic` directives), which is
/// how objects compiled for another GOOS come to an `-H aix` link.
fn go115_xcoff_d(l: &Loader<'_, '_, '_>, flags: &LinkFlags) -> Option<Finding> {
    let t = l.target;
    if !t.release.xcoff_refuses_d()
        || flags.head_type(t.release, &t.goos) != Some("aix")
        || flags.buildmode.effective(t.release, &t.goos, &t.goarch) != BuildMode::Exe
    {
        return None;
    }
    let dynamic = l.obj_ids().any(|o| {
        l.obj(o)
            .obj
            .cgo_directives()
            .iter()
            .any(|d| d.first().is_some_and(|v| v == "cgo_import_dynamic") && (2..=4).contains(&d.len()))
    });
    if dynamic {
        // Under an explicit -d, `setCgoAttr` has refused the directive
        // already (`cannot use dynamic imports with -d flag`).
        return None;
    }
    Some(
        Finding::new(Category::Flag, "-d is not available on AIX", Reporter::Exitf).remedy(if flags.no_dynamic {
            "drop -d: an XCOFF executable imports libc dynamically".to_string()
        } else {
            format!(
                "build for GOOS=aix instead of -H aix: objects compiled for {} import nothing dynamically, so go1.15's \
                 linker sets -d",
                t.goos
            )
        }),
    )
}

/// `-H aix` on ppc64 for objects of another GOOS (internal linking), in
/// the linker's order: go1.24+'s `dodata` sizes the FIPS read-only
/// sections the linker made for that GOOS, for which the XCOFF writer has
/// no outer symbol (`xcoffUpdateOuterSize`: `unknown XCOFF outer symbol
/// for type SRODATAFIPSSTART`); then `relocsym` meets the absolute
/// address relocations the compiler made for ELF (`R_ADDRPOWER`, `_DS`,
/// `_D34`, `_PCREL34`), which `archrelocaddr` refuses under AIX (where
/// code reaches data through the TOC), one line per relocation, symbol by
/// symbol in text order. Returns (dodata's, relocsym's).
fn foreign_head_aix(
    l: &mut Loader<'_, '_, '_>,
    reach: &deadcode::Reach,
    flags: &LinkFlags,
) -> (Vec<Finding>, Vec<Finding>) {
    let t = l.target;
    if !t.goarch.starts_with("ppc64") || flags.foreign_head(t.release, &t.goos) != Some("aix") {
        return (Vec::new(), Vec::new());
    }
    let remedy = |what: &str| {
        format!(
            "drop -H aix, or build for GOOS=aix: {what} was compiled for {} and is laid out as ELF expects",
            t.goos
        )
    };
    let mut dodata = Vec::new();
    if t.release.makes_fips_sections() {
        let fips_rodata = l.obj_ids().any(|o| {
            reach
                .kept_in(l, o)
                .iter()
                .any(|&(idx, _)| l.def_kind(crate::check::loader::Def { obj: o, idx }) == "SRODATAFIPS")
        });
        let kinds = ["SRODATAFIPSSTART", "SRODATAFIPS", "SRODATAFIPSEND"];
        for kind in kinds.into_iter().filter(|&k| k != "SRODATAFIPS" || fips_rodata) {
            dodata.push(
                Finding::new(
                    Category::Flag,
                    format!("unknown XCOFF outer symbol for type {kind}"),
                    Reporter::Errorf,
                )
                .remedy(remedy("the program")),
            );
        }
    }
    let absolute = [
        "R_ADDRPOWER",
        "R_ADDRPOWER_DS",
        "R_ADDRPOWER_D34",
        "R_ADDRPOWER_PCREL34",
    ];
    let objs = text_order(l);
    let relocsym = reached_relocs(l, reach, &objs, |typ, _| absolute.contains(&typ))
        .into_iter()
        .map(|r| {
            let name = l.sym(r.from).name_lossy();
            let to = r.to.map(|to| l.sym(to).name_lossy()).unwrap_or_default();
            let mut f = Finding::new(
                Category::Flag,
                format!("{name}: archrelocaddr called for {to} relocation"),
                Reporter::Errorf,
            )
            .symbol(name.clone())
            .remedy(remedy(&name));
            relocsym::place_in(&mut f, l.obj(r.obj));
            f
        })
        .collect();
    (dodata, relocsym)
}

/// `Entryvalue` for `-E entry`: go1.21+ report an entry with no ABI0
/// symbol of that name (a Go function is ABIInternal: `-E main.main`
/// fails). External linking of an executable enters at the C `main`
/// whatever `-E` says; a number is an address. Where gosym has not
/// verified what the release's linker does (before go1.21), an entry other
/// than the default is a warning, never a failure.
fn entry_value(l: &Loader<'_, '_, '_>, target: &LinkTarget, entry: &str, external: bool) -> Option<Finding> {
    let default = format!("_rt0_{}_{}", target.goarch, target.goos);
    let go115 = target.release.missing_entry() == Some(MissingEntry::IndexPanic);
    if external || (entry.starts_with(|c: char| c.is_ascii_digit()) && !go115) || entry == default {
        return None;
    }
    let remedy = format!(
        "give -E an assembly (ABI0) function such as {default}, or drop -E (a Go function's symbol is ABIInternal)"
    );
    // go1.15 looks the entry up as either ABI (`deadcodePass.init`).
    let exists = l.lookup(entry.as_bytes(), SymVer::Abi0).is_some()
        || (go115 && l.lookup(entry.as_bytes(), SymVer::AbiInternal).is_some());
    match target.release.missing_entry() {
        Some(_) if exists => None,
        Some(MissingEntry::Reported) => Some(
            Finding::new(Category::Undefined, format!("missing entry symbol {entry:?}"), Reporter::Errorf)
                .symbol(entry)
                .remedy(remedy),
        ),
        Some(MissingEntry::IndexPanic) => Some(
            Finding::new(
                Category::Undefined,
                "runtime error: index out of range [0] with length 0",
                Reporter::Panic,
            )
            .symbol(entry)
            .detail(format!("go1.15's linker finds no symbol {entry} to enter at, and crashes"))
            .remedy(remedy),
        ),
        Some(MissingEntry::Crashes) => Some(
            Finding::new(
                Category::Undefined,
                "runtime error: invalid memory address or nil pointer dereference",
                Reporter::Panic,
            )
            .symbol(entry)
            .detail(format!("Entryvalue looks up {entry} as an ABI0 symbol; there is none, and the linker crashes"))
            .remedy(remedy),
        ),
        None => Some(
            Finding::new(
                Category::Flag,
                format!(
                    "gosym has not verified what {}'s linker does with -E {entry} (go1.19's crashes unless the entry is an ABI0 symbol, go1.21's reports it)",
                    target.release
                ),
                Reporter::Stdout,
            )
            .unverified()
            .symbol(entry)
            .remedy(format!("link with -E {default}, or check with go1.21 or later")),
        ),
    }
}

/// Against the std stubs, whose interface calls are not carried, methods
/// of reachable types count as kept: the findings that only such methods
/// reach say that the linker keeps them only if the program can call
/// them.
fn say_method_dependent(
    l: &mut Loader<'_, '_, '_>,
    roots: &[String],
    undefined: &mut [Finding],
    x86_thunks: bool,
    external: bool,
) {
    let without_methods = deadcode::mark_with(l, roots, false);
    let certain: std::collections::HashSet<String> =
        relocsym::reachable_problems(l, &without_methods, Vec::new(), x86_thunks, external)
            .into_iter()
            .map(|f| f.message)
            .collect();
    for f in undefined.iter_mut().filter(|f| !certain.contains(&f.message)) {
        f.detail = Some(
            "only a method of a type the program uses reaches it: the linker keeps the method only if an \
             interface call, reflection or a generic call can reach it, which the built-in std stubs cannot \
             tell (std's interface calls are not in them); counted as kept"
                .into(),
        );
    }
}

/// Where dead code starts (`deadcodePass.init`): the entry symbol (`-E`,
/// else the GOOS/GOARCH's `_rt0`) and the program's other roots. An
/// external link enters at the C `main` whatever `-E` says; a numeric
/// entry is an address.
fn program_roots(target: &LinkTarget, flags: &LinkFlags, external: bool, l: &Loader<'_, '_, '_>) -> Vec<String> {
    let mut roots = deadcode::roots(&target.goos, &target.goarch);
    if let Some(e) = flags.entry.as_deref()
        && !external
        && !e.is_empty()
        && !e.starts_with(|c: char| c.is_ascii_digit())
        && matches!(flags.buildmode, BuildMode::Exe | BuildMode::Pie)
    {
        roots[0] = e.to_string();
    }
    // An external link of an executable enters where the C startup code
    // calls in: `main` (`_main` for windows/386), which the runtime's
    // assembly defines as a jump to its own start on the platforms that
    // link externally. Where it defines none (wasm, plan9), dead code
    // starts from the other roots only: the method-throw stub and, from
    // go1.21, the program's inittasks (`go:main.inittasks`); main.main
    // is not reached.
    let mode = flags.buildmode.effective(target.release, &target.goos, &target.goarch);
    if external && matches!(mode, BuildMode::Exe | BuildMode::Pie) && !l.obj_ids().any(|o| l.obj(o).stub) {
        let windows_386 = flags.head_type(target.release, &target.goos) == Some("windows") && target.goarch == "386";
        let entry = if windows_386 { "_main" } else { "main" };
        let defined = [SymVer::Abi0, SymVer::AbiInternal]
            .into_iter()
            .any(|v| l.lookup(entry.as_bytes(), v).is_some_and(|s| l.def(s).is_some()));
        if !defined {
            roots = vec![entry.to_string(), "runtime.unreachableMethod".to_string()];
            if target.release.roots_main_inittasks() {
                roots.push("main..inittask".to_string());
            }
        }
    }
    roots
}

/// go1.15 writes `.go.buildinfo` after dead code, with relocations to
/// `runtime.buildVersion` and `runtime.modinfo`; relocsym reports a
/// target dead code did not reach (`unreachable sym in relocation`),
/// which happens when `-E` enters elsewhere than the runtime's entry.
fn go115_buildinfo(l: &Loader<'_, '_, '_>, reach: &deadcode::Reach, flags: &LinkFlags) -> Vec<Finding> {
    if matches!(flags.buildmode, BuildMode::Plugin | BuildMode::Shared) {
        return Vec::new();
    }
    ["runtime.buildVersion", "runtime.modinfo"]
        .into_iter()
        .filter_map(|name| {
            let s = [SymVer::Abi0, SymVer::AbiInternal]
                .into_iter()
                .find_map(|v| l.lookup(name.as_bytes(), v))?;
            (l.def(s).is_some() && !reach.contains(s)).then(|| {
                Finding::new(
                    Category::Undefined,
                    format!(".go.buildinfo: unreachable sym in relocation: {name}"),
                    Reporter::Errorf,
                )
                .symbol(name)
                .detail(format!(
                    "dead code started at the -E entry {} and never reached {name}, which the build \
                     information the linker writes refers to",
                    flags.entry.as_deref().unwrap_or_default()
                ))
                .remedy("enter at the runtime's entry (drop -E), or link with go1.16 or later")
            })
        })
        .collect()
}

/// The phases up to dead code, as the linker runs them: `LoadSyms` (with
/// its findings), cgo directives, host objects, `deadcode`.
fn link_phases<'o, 'v, 'a>(
    target: &'o LinkTarget,
    flags: &LinkFlags,
    objs: &'o [LoadedObj<'v, 'a>],
    hosts: Option<&[HostObj<'_>]>,
) -> (Loader<'o, 'v, 'a>, Vec<Finding>, deadcode::Reach) {
    let mut l = Loader::new(target, objs);
    l.strictdups = effective_strictdups(target, flags, objs);
    let rule = (flags.checklinkname && target.release.checks_linknames())
        .then(|| LinknameRule::new(target.release, target.tables, target.has_experiment("regabiwrappers")));
    let mut load = l.load_defs();
    // checkdup's lines come out while definitions load, before any error.
    let strict = l.take_strict_findings();
    load.splice(0..0, strict);
    load.extend(l.load_refs(rule.as_ref()));
    load.extend(l.apply_cgo_directives(hosts.is_some(), flags.no_dynamic));
    let host_syms = crate::check::ld::hostobj::read_symbols(hosts.unwrap_or_default());
    load.extend(crate::check::ld::loadelf::unloaded_section_symbols(
        &l,
        hosts.unwrap_or_default(),
        &host_syms,
    ));
    crate::check::ld::hostobj::load(&mut l, &host_syms);
    let roots = program_roots(target, flags, hosts.is_none(), &l);
    // What dead code resolves first is what the linker meets first.
    l.missing_builtin = None;
    // Method liveness needs every object's relocations (not std stubs),
    // and is moot where the linker keeps every method (code loaded later).
    let dynlink =
        matches!(flags.buildmode, BuildMode::Plugin | BuildMode::Shared) || objs.iter().any(|o| o.pkg == "plugin");
    let reach = if objs.iter().any(|o| o.stub) || dynlink {
        deadcode::mark(&mut l, &roots)
    } else {
        crate::check::ld::methods::mark(&mut l, &roots)
    };
    (l, load, reach)
}

/// Runs the link's phases up to dead code and explains `name`.
pub fn explain(
    target: &LinkTarget,
    flags: &LinkFlags,
    objs: &[LoadedObj<'_, '_>],
    hosts: Option<&[HostObj<'_>]>,
    name: &str,
) -> Explanation {
    let (mut l, _, reach) = link_phases(target, flags, objs, hosts);
    // Without the exact pass, what is kept for certain: the pass that
    // follows no method table.
    let without_methods;
    let strict = if reach.exact {
        &reach
    } else {
        without_methods = {
            let roots = program_roots(target, flags, hosts.is_none(), &l);
            deadcode::mark_with(&mut l, &roots, false)
        };
        &without_methods
    };
    let ids: Vec<SymId> = [SymVer::Abi0, SymVer::AbiInternal]
        .into_iter()
        .filter_map(|v| l.lookup(name.as_bytes(), v))
        .collect();
    let mut e = Explanation {
        symbol: name.to_string(),
        ..Explanation::default()
    };
    for &id in &ids {
        let g = l.sym(id);
        let abi = g.ver.abi_name().to_string();
        if let Some(d) = g.def {
            let o = l.obj(d.obj);
            let kind = o
                .obj
                .sym(d.idx)
                .ok()
                .and_then(|s| o.obj.tables.symkind_name(s.kind))
                .unwrap_or("?")
                .to_string();
            e.definitions.push(Binding {
                abi,
                package: o.pkg.clone(),
                file: o.file.clone(),
                member: o.member.clone(),
                kind,
            });
        } else if g.host.is_some() || g.from_cgo {
            e.definitions.push(Binding {
                abi,
                package: String::new(),
                file: String::new(),
                member: None,
                kind: if g.from_cgo {
                    "cgo import".into()
                } else {
                    "host object".into()
                },
            });
        }
        e.reachable |= reach.contains(id);
        if strict.contains(id) {
            e.kept = "yes";
        }
    }
    if e.kept.is_empty() {
        e.kept = if e.reachable { "depends" } else { "no" };
    }
    for o in l.obj_ids() {
        let lo = l.obj(o);
        for idx in 0..lo.obj.ndef() {
            let Ok(rs) = lo.obj.relocs(idx) else { continue };
            for r in rs.flatten() {
                let Some(to) = l.resolve(o, r.sym) else { continue };
                if !ids.contains(&to) {
                    continue;
                }
                let from = l.local(o, idx);
                e.references.push(Reference {
                    from: lo
                        .obj
                        .sym(idx)
                        .map(|s| String::from_utf8_lossy(s.name).into_owned())
                        .unwrap_or_default(),
                    package: lo.pkg.clone(),
                    file: lo.file.clone(),
                    member: lo.member.clone(),
                    offset: r.off,
                    rtype: lo.obj.tables.reloc_name(r.typ).unwrap_or("?").to_string(),
                    abi: l.sym(to).ver.abi_name().to_string(),
                    reachable: from.is_some_and(|f| reach.contains(f)),
                });
            }
        }
    }
    e.undefined = e.definitions.is_empty()
        && !e.references.is_empty()
        && !crate::check::ld::relocsym::linker_defined(target.tables, name.as_bytes());
    e
}

/// `addstrdata`: each `-X` symbol that exists (version 0) and has a Go
/// type must be a string (`type:string`; `type.string` before go1.20).
fn strdata(l: &mut Loader<'_, '_, '_>, flags: &LinkFlags) -> Vec<Finding> {
    let mut out = Vec::new();
    for d in flags.strdata().unwrap_or_default() {
        let Some(s) = l.lookup(d.symbol.as_bytes(), SymVer::Abi0) else {
            continue;
        };
        let Some(t) = l.go_type_name(s) else { continue };
        if t == "type:string" || t == "type.string" {
            continue;
        }
        let def = l.def(s);
        let mut f = Finding::new(
            Category::Flag,
            format!("{}: cannot set with -X: not a var of type string ({t})", d.symbol),
            Reporter::Errorf,
        );
        if let Some(def) = def {
            let o = l.obj(def.obj);
            f.file = Some(o.file.clone());
            f.member = o.member.clone();
            f.package = Some(o.pkg.clone());
        }
        f.symbol = Some(d.symbol.clone());
        f.remedy = format!("-X sets string variables only: {} is {t}", d.symbol);
        out.push(f);
    }
    out
}

/// `-strictdups=2` fails the link, unless the DWARF pass finds that the
/// packages were compiled with different flags (their `go:cuinfo.producer`
/// strings differ: issue 31034), which makes it a warning again. No DWARF
/// (`-w`; go1.22+ also `-s`; plan9, js, wasip1): no such pass.
fn effective_strictdups(target: &LinkTarget, flags: &LinkFlags, objs: &[LoadedObj<'_, '_>]) -> u8 {
    if flags.strictdups < 2 {
        return flags.strictdups;
    }
    let no_dwarf = flags.w.unwrap_or(flags.s && target.release.s_implies_w())
        || matches!(target.goos.as_str(), "plan9" | "js" | "wasip1");
    if no_dwarf {
        return 2;
    }
    let mut variants = std::collections::BTreeSet::new();
    let mut by_pkg: std::collections::BTreeMap<&str, String> = std::collections::BTreeMap::new();
    for o in objs {
        let producer = o
            .obj
            .nonpkg_defs()
            .filter_map(|i| o.obj.sym(i).ok().map(|s| (i, s)))
            .find(|(_, s)| s.name.starts_with(b"go:cuinfo.producer.") || s.name.starts_with(b"go.cuinfo.producer."))
            .and_then(|(i, _)| o.obj.data(i).ok())
            .map(|d| String::from_utf8_lossy(d).into_owned());
        let e = by_pkg.entry(o.pkg.as_str()).or_default();
        if let Some(p) = producer {
            *e = p;
        }
    }
    variants.extend(by_pkg.into_values());
    if variants.len() > 1 { 1 } else { 2 }
}
