//! The host (C) link of ELF inputs: relocatable objects, GNU archives of
//! them (such as `-buildmode=c-archive` outputs) and shared libraries, as
//! GNU ld resolves them: objects are loaded in command-line order; an
//! archive contributes the members that define a symbol still undefined,
//! rescanned until none is added; shared libraries (and their `DT_NEEDED`
//! libraries, plus libc as the C compiler driver adds it) satisfy what
//! remains, when one input defines a C `main` (a program). What ld would refuse is reported in its words:
//! `multiple definition of 'X'` (two strong definitions; weak ones lose
//! silently, shown as notes), `undefined reference to 'X'`, and, as its own
//! finding, two Go runtimes in one program (the failure behind golang/go
//! #20639). Approximations: no linker scripts, `--start-group`, `--as-needed`
//! or symbol versions; common symbols merge.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;

use crate::check::linkset::{LinkSet, Role};
use crate::check::report::{Category, Finding, Reporter};
use crate::model::file::{Content, FileKind};
use crate::read::elf::{ElfFile, ElfSym, SymTable, symbols};
use crate::read::member::MemberKind;

/// An ld complaint (`fails`) or a note.
fn finding(category: Category, message: String, fails: bool) -> Finding {
    Finding::new(category, message, Reporter::Errorf).fails_link(fails)
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Strength {
    Strong,
    Weak,
    Common,
}

#[derive(Clone, Debug)]
struct Def {
    label: String,
    unit: usize,
    strength: Strength,
}

fn strength(s: &ElfSym<'_>) -> Option<Strength> {
    use object::elf::*;
    if s.shndx == SHN_UNDEF.0 || !(s.bind == STB_GLOBAL.0 || s.bind == STB_WEAK.0 || s.bind == STB_GNU_UNIQUE.0) {
        return None;
    }
    Some(if s.shndx == SHN_COMMON.0 {
        Strength::Common
    } else if s.bind == STB_WEAK.0 {
        Strength::Weak
    } else {
        Strength::Strong
    })
}

fn is_strong_undef(s: &ElfSym<'_>) -> bool {
    s.shndx == object::elf::SHN_UNDEF.0 && s.bind == object::elf::STB_GLOBAL.0 && !s.name.is_empty()
}

/// Symbols GNU ld and the C runtime objects (crt*.o) provide.
const LD_DEFINED: [&[u8]; 14] = [
    b"_GLOBAL_OFFSET_TABLE_",
    b"_DYNAMIC",
    b"__ehdr_start",
    b"__executable_start",
    b"__dso_handle",
    b"__bss_start",
    b"_edata",
    b"_end",
    b"_etext",
    b"__init_array_start",
    b"__init_array_end",
    b"__fini_array_start",
    b"__fini_array_end",
    b"_init",
];

/// A Go runtime marker symbol: defined by every linked Go program.
const RUNTIME_MARKERS: [&[u8]; 4] = [b"_cgo_topofstack", b"crosscall2", b"x_cgo_init", b"runtime.main"];

struct State {
    defs: HashMap<Vec<u8>, Def>,
    undef: BTreeMap<Vec<u8>, String>,
    findings: Vec<Finding>,
    runtimes: Vec<String>,
    units: usize,
}

impl State {
    /// Loads one object; `input` is the command-line file it comes from.
    fn add(&mut self, input: &str, label: &str, syms: &[ElfSym<'_>], go_pkg: Option<&str>) {
        self.units += 1;
        let unit = self.units;
        let mut has_runtime = false;
        for s in syms {
            if RUNTIME_MARKERS.contains(&s.name) && strength(s).is_some() {
                has_runtime = true;
            }
            if let Some(st) = strength(s) {
                self.undef.remove(s.name);
                let def = Def {
                    label: label.to_string(),
                    unit,
                    strength: st,
                };
                match self.defs.get(s.name).cloned() {
                    None => {
                        self.defs.insert(s.name.to_vec(), def);
                    }
                    Some(old) if old.unit == unit => {}
                    Some(old) => match (old.strength, st) {
                        (Strength::Strong, Strength::Strong) => {
                            let name = String::from_utf8_lossy(s.name);
                            let mut f = finding(
                                Category::HostDuplicate,
                                format!("multiple definition of `{name}'; {}: first defined here", old.label),
                                true,
                            );
                            f.file = Some(label.to_string());
                            f.package = go_pkg.map(str::to_string);
                            f.detail = Some(format!("{label} and {} both define {name} (strong)", old.label));
                            f.remedy = "link one of them, or make one definition weak or static".into();
                            self.findings.push(f);
                        }
                        (Strength::Weak | Strength::Common, Strength::Strong) => {
                            self.defs.insert(s.name.to_vec(), def);
                            self.note_weak(s.name, label, &old.label);
                        }
                        (Strength::Strong, Strength::Weak | Strength::Common) => {
                            self.note_weak(s.name, &old.label, label)
                        }
                        _ => {}
                    },
                }
            } else if is_strong_undef(s) && !self.defs.contains_key(s.name) {
                self.undef.entry(s.name.to_vec()).or_insert_with(|| label.to_string());
            }
        }
        if has_runtime && !self.runtimes.iter().any(|r| r == input) {
            self.runtimes.push(input.to_string());
        }
    }

    fn note_weak(&mut self, name: &[u8], strong: &str, weak: &str) {
        let name = String::from_utf8_lossy(name);
        let mut f = finding(
            Category::HostDuplicate,
            format!("{name}: the strong definition in {strong} overrides the weak one in {weak}"),
            false,
        );
        f.file = Some(weak.to_string());
        f.remedy = "none needed if intended".into();
        self.findings.push(f);
    }
}

/// Default library directories searched for `DT_NEEDED` libraries.
pub fn default_lib_path() -> Vec<PathBuf> {
    [
        "/lib/x86_64-linux-gnu",
        "/usr/lib/x86_64-linux-gnu",
        "/lib64",
        "/usr/lib64",
        "/lib",
        "/usr/lib",
    ]
    .iter()
    .map(PathBuf::from)
    .filter(|p| p.is_dir())
    .collect()
}

/// The names a shared library defines in `.dynsym`.
pub(crate) fn dynamic_defs(f: &ElfFile<'_>) -> HashSet<Vec<u8>> {
    f.symbols(SymTable::Dynamic)
        .ok()
        .flatten()
        .unwrap_or_default()
        .iter()
        .filter(|s| s.shndx != object::elf::SHN_UNDEF.0 && !s.name.is_empty())
        .map(|s| s.name.to_vec())
        .collect()
}

/// Its `DT_NEEDED` libraries.
pub(crate) fn needed(f: &ElfFile<'_>) -> Vec<String> {
    f.dynamic_names()
        .needed
        .iter()
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .collect()
}

/// One host input as ld takes it.
enum HostInput<'a> {
    /// A shared library: its dynamic definitions and DT_NEEDED.
    Shared(String, HashSet<Vec<u8>>, Vec<String>),
    /// A relocatable object.
    Object(String, Vec<ElfSym<'a>>),
    /// An archive of relocatable objects: (label, symbols) per member.
    Archive(String, Vec<(String, Vec<ElfSym<'a>>)>),
}

fn host_inputs<'a>(set: &LinkSet<'a>) -> Vec<HostInput<'a>> {
    let mut out = Vec::new();
    for (_, lf) in set.inputs() {
        let Some(view) = lf.view() else { continue };
        let f = lf.path.clone();
        match (lf.role, view.kind) {
            (Role::SharedLibrary, _) => {
                if let Ok(elf) = ElfFile::parse(view.units[0].data) {
                    out.push(HostInput::Shared(f, dynamic_defs(&elf), needed(&elf)));
                }
            }
            (Role::HostObject, FileKind::Elf) => {
                // Executables are outputs, not inputs of a link.
                if let Ok(elf) = ElfFile::parse(view.units[0].data)
                    && elf.file_type() == object::elf::ET_REL.0
                    && let Ok(Some(syms)) = elf.symbols(SymTable::Static)
                {
                    out.push(HostInput::Object(f, syms));
                }
            }
            (Role::HostObject, FileKind::Archive | FileKind::ThinArchive) => {
                let members = view
                    .units
                    .iter()
                    .filter(|u| u.kind == MemberKind::Elf && matches!(u.content, Content::Host))
                    .filter_map(|u| {
                        let label = format!("{f}({})", u.name_lossy());
                        symbols(u.data, SymTable::Static).ok().flatten().map(|s| (label, s))
                    })
                    .collect();
                out.push(HostInput::Archive(f, members));
            }
            _ => {}
        }
    }
    out
}

/// A library file of the host link, through the set (opened once).
fn open_lib<'a>(set: &mut LinkSet<'a>, p: &std::path::Path) -> &'a [u8] {
    let id = set.get_or_open(&p.to_string_lossy());
    set.file(id).bytes()
}

/// Simulates the host link of the set's ELF inputs and returns ld's
/// objections. Libraries found on `lib_path` join the set.
pub fn check(set: &mut LinkSet<'_>, lib_path: &[PathBuf]) -> Vec<Finding> {
    let mut st = State {
        defs: HashMap::new(),
        undef: BTreeMap::new(),
        findings: Vec::new(),
        runtimes: Vec::new(),
        units: 0,
    };
    let mut shared: Vec<(String, HashSet<Vec<u8>>, Vec<String>)> = Vec::new();
    for input in host_inputs(set) {
        match input {
            HostInput::Shared(f, defs, need) => shared.push((f, defs, need)),
            HostInput::Object(f, syms) => st.add(&f, &f, &syms, None),
            HostInput::Archive(f, members) => {
                let mut loaded = vec![false; members.len()];
                loop {
                    let mut pulled = false;
                    for (i, (label, syms)) in members.iter().enumerate() {
                        if loaded[i] {
                            continue;
                        }
                        let wanted = syms
                            .iter()
                            .any(|s| strength(s).is_some() && st.undef.contains_key(s.name));
                        if wanted {
                            loaded[i] = true;
                            pulled = true;
                            st.add(&f, label, syms, None);
                        }
                    }
                    if !pulled {
                        break;
                    }
                }
            }
        }
    }
    // Without a C `main` the inputs are not a program: nothing to link.
    if !st
        .defs
        .get(&b"main"[..])
        .is_some_and(|d| d.strength == Strength::Strong)
    {
        return Vec::new();
    }
    if st.runtimes.len() > 1 {
        let mut f = finding(
            Category::HostRuntimes,
            format!(
                "{} Go runtimes in one program: {}",
                st.runtimes.len(),
                st.runtimes.join(", ")
            ),
            true,
        );
        f.file = st.runtimes.get(1).cloned();
        f.detail = Some("each Go c-archive carries its own runtime (runtime.*, _cgo_topofstack, crosscall2, x_cgo_init); one process can host one".into());
        f.remedy = "build the Go code into a single c-archive (one main package exporting all functions)".into();
        st.findings.insert(0, f);
    }
    // What remains undefined: the shared inputs and libc (which the C
    // compiler driver adds) resolve it; a symbol found only in a library
    // they merely depend on (DT_NEEDED) is refused by GNU ld ("DSO missing
    // from command line").
    if !st.undef.is_empty() {
        let find = |l: &str| lib_path.iter().map(|d| d.join(l)).find(|p| p.is_file());
        let mut direct: HashSet<Vec<u8>> = HashSet::new();
        let mut libs: Vec<String> = Vec::new();
        for (_, defs, need) in &shared {
            direct.extend(defs.iter().cloned());
            libs.extend(need.iter().cloned());
        }
        for l in ["libc.so.6", "ld-linux-x86-64.so.2"] {
            if let Some(p) = find(l)
                && let Ok(elf) = ElfFile::parse(open_lib(set, &p))
            {
                direct.extend(dynamic_defs(&elf));
            }
        }
        let mut indirect: HashMap<Vec<u8>, String> = HashMap::new();
        let mut seen = HashSet::new();
        while let Some(l) = libs.pop() {
            if !seen.insert(l.clone()) {
                continue;
            }
            if let Some(p) = find(&l) {
                let shown = p.display().to_string();
                let Ok(elf) = ElfFile::parse(open_lib(set, &p)) else {
                    continue;
                };
                for d in dynamic_defs(&elf) {
                    indirect.entry(d).or_insert_with(|| shown.clone());
                }
                libs.extend(needed(&elf));
            }
        }
        for (name, from) in &st.undef {
            if direct.contains(name) || LD_DEFINED.contains(&name.as_slice()) {
                continue;
            }
            let n = String::from_utf8_lossy(name);
            let f = match indirect.get(name) {
                Some(lib) => {
                    let mut f = finding(
                        Category::HostUndefined,
                        format!("{from}: undefined reference to symbol '{n}'"),
                        true,
                    );
                    f.detail = Some(format!("{lib}: error adding symbols: DSO missing from command line"));
                    f.remedy = format!(
                        "add {lib} to the link command: it defines {n}, but only as a dependency of another library"
                    );
                    f
                }
                None => {
                    let mut f = finding(
                        Category::HostUndefined,
                        format!("{from}: undefined reference to `{n}'"),
                        true,
                    );
                    f.remedy = format!(
                        "link the object or library that defines {n} (searched: inputs, their DT_NEEDED libraries and libc on the library path)"
                    );
                    f
                }
            };
            let mut f = f;
            f.file = Some(from.clone());
            st.findings.push(f);
        }
    }
    st.findings
}
