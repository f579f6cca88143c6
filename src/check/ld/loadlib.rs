//! The load walk (the linker's `loadlib` with `ldobj`, `Preload` and
//! `addlib`): breadth-first from the main package through each object's
//! imports, members in archive order, applying per object the checks in
//! their order: header, format (magic), unlinkable, fingerprint, then the
//! imports' fingerprints; after loading, go1.15's lazy package references.
//! Every finding is recorded with its place in the linker's output; after
//! the first fatal one the walk goes on (gosym reports every reason) but
//! later findings are marked as not reached by the linker. Then the symbol
//! stage runs over the loaded objects ([`crate::check::ld::symbols`]).
//!
//! Library mode (no main package) has no linker order: every archive's
//! objects are checked against the target, and every import expectation
//! against the archive that provides the import path.
//!
//! Rebuild mode is the forecast's simulation: the user's packages stand
//! for what the target's compiler would write from the same source, so
//! their per-object checks are skipped (a rebuild passes them) and the
//! symbol stage judges only what their source names itself.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::check::ld::errors::Recorder;
use crate::check::ld::extld::{Host, HostLink};
use crate::check::ld::header::{self, HeaderState, HeaderVerdict};
use crate::check::linkset::{FileId, LinkSet, LinkerObj};
use crate::check::report::{Category, Finding, Reporter};
use crate::check::target::flags::LinkFlags;
use crate::check::target::linkmode::{self, BuildMode, Decision, INTERNAL_HOST_PACKAGES, LinkInputs, ModeFlags};
use crate::check::target::{HostObj, LinkTarget, LoadedObj};
use crate::gopath::path_to_prefix;
use crate::read::member::MemberKind;

/// Where import paths resolve to files.
#[derive(Debug, Default, Clone)]
pub struct Resolver {
    /// importcfg `packagefile` entries, when an importcfg was given (the
    /// linker then resolves only through it).
    pub importcfg: Option<BTreeMap<String, String>>,
    /// Inputs by import path.
    pub inputs: BTreeMap<String, String>,
    /// The target's std archives.
    pub std: BTreeMap<String, String>,
    /// Whether the target's std is known (a toolchain or importcfg was
    /// given). When it is not, standard-library imports are not followed
    /// and the symbol stage is skipped: without the target's runtime no
    /// reference can be judged.
    pub std_known: bool,
    /// `-L` directories, then the target's `pkg/GOOS_GOARCH`: where the
    /// linker looks for an import recorded by file name (`a.o`, go1.15
    /// `-I` builds) when there is no importcfg.
    pub libdirs: Vec<String>,
}

impl Resolver {
    /// The file of import path `pkg`.
    pub fn resolve(&self, pkg: &str) -> Option<String> {
        if let Some(cfg) = &self.importcfg {
            return cfg.get(pkg).cloned();
        }
        self.inputs
            .get(pkg)
            .or_else(|| self.std.get(pkg))
            .cloned()
            .or_else(|| self.search(pkg).ok())
    }

    /// `findlib`'s search of the library directories for an import that
    /// names a file (`a.o`, `a.a`): the first directory that has it; else
    /// the path the linker would then fail to open (in the last directory).
    pub fn search(&self, pkg: &str) -> Result<String, Option<String>> {
        if !(pkg.ends_with(".o") || pkg.ends_with(".a")) || self.libdirs.is_empty() {
            return Err(None);
        }
        let candidates: Vec<String> = self.libdirs.iter().map(|d| format!("{d}/{pkg}")).collect();
        candidates
            .iter()
            .find(|c| std::path::Path::new(c).is_file())
            .cloned()
            .ok_or_else(|| candidates.last().cloned())
    }
}

/// Outcome of a walk.
#[derive(Debug, Default)]
pub struct LoadResult {
    /// Findings.
    pub findings: Vec<Finding>,
    /// Number of Go objects examined.
    pub objects: usize,
    /// Where the symbol asked about binds (`gosym explain`).
    pub explanation: Option<crate::check::explanation::Explanation>,
    /// What the check could not tell (against the built-in std stubs).
    pub not_checked: Vec<String>,
}

/// How far `ldobj` gets with an object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ObjectFate {
    /// Skipped after the header check (go1.15): its text part (`main`,
    /// cgo directives) is never read.
    SkippedAtHeader,
    /// Its text part is read, but the object does not load (format).
    NotLoaded,
    /// Loaded.
    Loaded,
}

/// Per-object checks shared by both modes, and how far the linker gets.
fn object_fate(
    t: &LinkTarget,
    flags: &LinkFlags,
    o: &LinkerObj<'_, '_>,
    file: &str,
    pkg: &str,
    hs: &mut HeaderState,
    rec: &mut Recorder,
) -> ObjectFate {
    let loc = |f: Finding| f.at(file, o.member()).package(pkg).producer(o.version());
    let pn = o.pn(file);
    if let HeaderVerdict::Mismatch { message, skips_object } = header::check(t, o.line(), &pn, flags.f, hs) {
        let remedy = if o.version() == t.version {
            format!("rebuild {pkg} with the target's settings (the header lists them)")
        } else {
            format!(
                "rebuild {pkg} with the target toolchain ({}), or link with the toolchain that built it ({})",
                t.version,
                o.version()
            )
        };
        rec.push(loc(Finding::new(Category::Header, message, Reporter::Errorf)
            .group(o.line())
            .detail(header::field_diff(o.line(), &t.header))
            .remedy(remedy)));
        if skips_object {
            return ObjectFate::SkippedAtHeader;
        }
    }
    if let Some(release) = o.unreadable_release() {
        // Not damaged: gosym cannot read this release's objects. What the
        // linker makes of it is unknown, so it never fails the verdict.
        rec.push(loc(Finding::new(
            Category::Input,
            format!("gosym has no tables for {release} objects (a layout never verified), so they were not checked"),
            Reporter::Stdout,
        )
        .unverified()
        .remedy(format!(
            "check with a target of another release, or link with the {release} toolchain to know"
        ))));
        return ObjectFate::NotLoaded;
    }
    let want_magic = t.release.object_magic();
    // A target of a layout gosym never verified (go1.16/1.17) names no magic.
    if !want_magic.is_empty() && o.magic() != want_magic {
        let (msg, rep) = if o.magic() == b"\x00go114ld" {
            (format!("found object file {file} in old format"), Reporter::LogFatal)
        } else {
            ("cannot read object file".to_string(), Reporter::Panic)
        };
        rec.push(loc(Finding::new(Category::Format, msg, rep)
            .group(format!("{} {}", String::from_utf8_lossy(o.magic()), o.version()))
            .detail(format!(
                "object format {} (written by {}), target reads {}",
                String::from_utf8_lossy(o.magic().get(1..).unwrap_or_default()),
                o.version(),
                String::from_utf8_lossy(want_magic.get(1..).unwrap_or_default())
            ))
            .remedy(format!(
                "rebuild {pkg} with the target toolchain; the target linker panics on this object"
            ))));
        return ObjectFate::NotLoaded;
    }
    let Some(obj) = o.obj else {
        // The linker reads the member (a short read: log.Fatal) or crashes
        // on what it cannot decode.
        let (msg, rep) = if o.truncated() {
            ("cannot read object file:unexpected EOF".to_string(), Reporter::LogFatal)
        } else {
            (
                "cannot read object file (the linker crashes on this corrupt object)".to_string(),
                Reporter::Panic,
            )
        };
        let mut f = Finding::new(Category::Format, msg, rep).remedy(format!("rebuild {pkg}: its object is damaged"));
        f.detail = o.error();
        rec.push(loc(f));
        return ObjectFate::NotLoaded;
    };
    if t.release.refuses_unlinkable() && obj.is_unlinkable() {
        rec.push(loc(Finding::new(
            Category::Unlinkable,
            format!("link: unlinkable object (from package {pkg}) - compiler requires -p flag"),
            Reporter::LogFatal,
        )
        .remedy(
            "compile the package with -p <import path> (the go command always does)",
        )));
    }
    ObjectFate::Loaded
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// `fingerprint mismatch`: package `pkg` (in `file`) has `has`; `from`
/// (in `importer_file`) expects `expecting`.
struct FingerprintClash<'s> {
    pkg: &'s str,
    /// What the linker says the package has (the first importer's
    /// expectation, once it has been loaded that way).
    has: [u8; 8],
    /// What the archive's objects actually carry, when known.
    actual: Option<[u8; 8]>,
    file: Option<&'s str>,
    from: &'s str,
    expecting: [u8; 8],
    importer_file: Option<&'s str>,
}

impl FingerprintClash<'_> {
    fn finding(&self) -> Finding {
        let (pkg, from) = (self.pkg, self.from);
        let mut f = Finding::new(
            Category::Fingerprint,
            format!(
                "fingerprint mismatch: {pkg} has {}, import from {from} expecting {}",
                hex(&self.has),
                hex(&self.expecting)
            ),
            Reporter::Exitf,
        )
        .package(pkg)
        .detail(format!(
            "{} provides {pkg} with fingerprint {}; {} was compiled against {pkg} with fingerprint {}",
            self.file.unwrap_or("the loaded archive"),
            hex(&self.actual.unwrap_or(self.has)),
            self.importer_file.unwrap_or(from),
            hex(&self.expecting)
        ))
        .remedy(format!(
            "rebuild {from} against this {pkg} (go build -a), or link the {pkg} archive it was compiled against"
        ));
        f.file = self.file.map(str::to_string);
        f
    }
}

/// A library of the walk (`sym.Library`).
struct Lib {
    pkg: String,
    file: Option<String>,
    expected: [u8; 8],
    srcref: String,
    loaded_objects: usize,
    /// The fingerprint its first loaded object carries.
    actual: Option<[u8; 8]>,
    /// The package name of a library imported by file name (`a` for `a.o`).
    alias: Option<String>,
}

/// An object the walk loaded.
#[derive(Debug, Clone, Copy)]
struct Loaded {
    lib: usize,
    file: FileId,
    unit: usize,
}

/// Who built the objects a program walk loads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Builder {
    /// The inputs as given: every object is checked.
    AsGiven,
    /// The forecast: non-std packages stand for their rebuild by the
    /// target, so their per-object checks are skipped.
    Target,
}

/// The program walk's state.
struct LoadWalk<'r> {
    target: &'r LinkTarget,
    flags: &'r LinkFlags,
    resolver: &'r Resolver,
    /// Whose objects the walk checks.
    objects_of: Builder,
    libs: Vec<Lib>,
    by_pkg: HashMap<String, usize>,
    order: Vec<Loaded>,
    /// Host objects of the loaded archives, in load order.
    host: Vec<(FileId, usize, String)>,
    header: HeaderState,
    rec: Recorder,
    objects: usize,
    /// The `preferlinkext` / `dynimportfail` sentinels of the loaded
    /// archives: (package, member name).
    sentinels: Vec<(String, String)>,
    /// What the symbol stage could not tell (against the std stubs).
    not_checked: Vec<String>,
}

impl LoadWalk<'_> {
    /// `loadinternal(pkg)`: adds `pkg` unless loaded; a package the
    /// importcfg (or the library search) lacks is only logged, on stdout.
    fn load_internal(&mut self, pkg: &str) {
        if self.by_pkg.contains_key(pkg) {
            return;
        }
        match self.resolver.resolve(pkg) {
            Some(file) => self.add_lib(pkg, Some(file), [0; 8], "internal"),
            None => {
                let message = if self.resolver.importcfg.is_some() {
                    format!("loadinternal: cannot find {pkg}")
                } else {
                    format!("warning: unable to find {pkg}.a")
                };
                self.rec.push(
                    Finding::new(Category::Missing, message, Reporter::Stdout)
                        .package(pkg.to_string())
                        .notice()
                        .remedy(format!(
                            "add `packagefile {pkg}=<archive>` to the importcfg (go build adds it for the flag)"
                        )),
                );
            }
        }
    }

    /// `determineLinkMode` over what has been loaded.
    fn link_mode(&self) -> Decision {
        let (t, f) = (self.target, self.flags);
        let with_sentinel = |name: &str| -> Vec<String> {
            self.sentinels
                .iter()
                .filter(|(_, n)| n == name)
                .map(|(p, _)| p.clone())
                .collect()
        };
        let inputs = LinkInputs {
            iscgo: self.by_pkg.contains_key("runtime/cgo"),
            externalobj: self
                .host
                .iter()
                .any(|(_, _, p)| !INTERNAL_HOST_PACKAGES.contains(&p.as_str())),
            preferlinkext: with_sentinel("preferlinkext"),
            dynimportfail: with_sentinel("dynimportfail"),
        };

        let mode = ModeFlags {
            linkmode: f.linkmode,
            buildmode: f.buildmode.effective(t.release, &t.goos, &t.goarch),
            race: f.race,
            msan: f.msan,
            asan: f.asan,
        };
        linkmode::determine(t.release, &t.goos, &t.goarch, mode, &inputs)
    }

    /// What the external link's C compiler makes of this link on this
    /// host; for a format no external linker writes (plan9, js, wasip1),
    /// relocsym's failure before any compiler runs.
    fn external_compiler(&self, buildmode: BuildMode) -> HostLink {
        match crate::check::ld::headless::class_finding(&self.target.goos) {
            Some(f) => HostLink::Fails(f),
            None => crate::check::ld::extld::judge(self.target, self.flags, buildmode, &Host::current()),
        }
    }

    /// A shared object (c-shared, plugin, shared) linked by the external
    /// linker needs position-independent code: the runtime compiled
    /// without `-shared` makes it fail (`recompile with -fPIC`).
    /// Whether it did.
    fn push_non_pic(&mut self, objs: &[LoadedObj<'_, '_>], cc: &str) -> bool {
        const OBJ_FLAG_SHARED: u32 = 1;
        let Some(o) = objs
            .iter()
            .find(|o| o.pkg == "runtime" && o.obj.flags & OBJ_FLAG_SHARED == 0 && !o.obj.from_assembler())
        else {
            return false;
        };
        self.rec.push(
            Finding::new(
                Category::LinkMode,
                format!("running {cc} failed: exit status 1"),
                Reporter::Exitf,
            )
            .package(o.pkg.clone())
            .detail(format!(
                "{} was compiled without -shared: the external linker refuses its code in a shared object \
                 (relocation ... can not be used when making a shared object; recompile with -fPIC)",
                o.pkg
            ))
            .remedy(format!(
                "build with go build -buildmode={}: it compiles every package with -shared",
                self.flags.buildmode.name()
            ))
            .at(o.file.clone(), o.member.clone()),
        );
        true
    }

    fn add_lib(&mut self, pkg: &str, file: Option<String>, expected: [u8; 8], srcref: &str) {
        self.by_pkg.insert(pkg.to_string(), self.libs.len());
        self.libs.push(Lib {
            pkg: pkg.to_string(),
            file,
            expected,
            srcref: srcref.to_string(),
            loaded_objects: 0,
            actual: None,
            alias: None,
        });
    }

    /// Whether `pkg`'s objects are simulated rebuilds (skip their checks).
    fn rebuilt(&self, pkg: &str) -> bool {
        self.objects_of == Builder::Target && !self.target.is_std(pkg)
    }

    /// Loads library `li`: opens its file, checks and loads its objects,
    /// queues their imports.
    fn load_lib(&mut self, set: &mut LinkSet<'_>, li: usize) {
        let pkg = self.libs[li].pkg.clone();
        let Some(file) = self.libs[li].file.clone().filter(|f| !f.is_empty()) else {
            if let Err(Some(tried)) = self.resolver.search(&pkg) {
                self.rec.push(
                    Finding::new(
                        Category::Missing,
                        format!("cannot open file {tried}: open {tried}: no such file or directory"),
                        Reporter::Exitf,
                    )
                    .package(pkg.clone())
                    .remedy(format!("add the directory that holds {pkg} with -L")),
                );
                return;
            }
            self.rec.push(
                Finding::new(
                    Category::Missing,
                    "cannot open file : open : no such file or directory",
                    Reporter::Exitf,
                )
                .package(pkg.clone())
                .detail(format!(
                    "cannot find package {pkg} (using -importcfg), imported by {}",
                    self.libs[li].srcref
                ))
                .remedy(format!(
                    "add `packagefile {pkg}=<archive>` to the importcfg, or build {pkg}"
                )),
            );
            return;
        };
        let id = set.get_or_open(&file);
        let lf = set.file(id);
        if let Err(e) = &lf.view {
            self.rec.push(
                Finding::new(
                    Category::Input,
                    format!("cannot open file {file}: {e}"),
                    Reporter::Exitf,
                )
                .package(pkg.clone())
                .remedy(format!("provide a readable archive for {pkg}"))
                .at(file.clone(), None),
            );
            return;
        }
        let rebuilt = self.rebuilt(&pkg);
        // `lib.Main` and `lib.Safe`: set by ldpkg from the text part of an
        // object whose header the linker accepted (not read under -g).
        let (mut is_main, mut is_safe) = (false, false);
        for o in lf.linker_objects() {
            self.objects += 1;
            let fate = if rebuilt {
                ObjectFate::Loaded
            } else {
                object_fate(
                    self.target,
                    self.flags,
                    &o,
                    &file,
                    &pkg,
                    &mut self.header,
                    &mut self.rec,
                )
            };
            if fate != ObjectFate::SkippedAtHeader && !self.flags.no_pkgdata {
                is_main |= o.is_main();
                is_safe |= o.is_safe();
            }
            if fate != ObjectFate::Loaded {
                continue;
            }
            if o.obj.is_none() {
                continue;
            }
            self.libs[li].loaded_objects += 1;
            self.order.push(Loaded {
                lib: li,
                file: id,
                unit: o.unit,
            });
            if !rebuilt {
                self.check_own_fingerprint(li, o.fingerprint(), &file);
            }
            let src = path_to_prefix(&pkg);
            for (imp, fp) in o.imports() {
                self.enqueue_import(&imp, fp, &src, &file, rebuilt);
            }
        }
        for unit in lf.host_members() {
            self.host.push((id, unit, pkg.clone()));
        }
        if let Some(view) = lf.view() {
            for u in view.units.iter().filter(|u| u.kind == MemberKind::Sentinel) {
                let name = String::from_utf8_lossy(u.name.unwrap_or_default()).into_owned();
                self.sentinels.push((pkg.clone(), name));
            }
        }
        if pkg == "main" && !is_main {
            self.rec.push(
                Finding::new(Category::Input, format!("{file}: not package main"), Reporter::Exitf)
                    .remedy(if self.flags.no_pkgdata {
                        "drop -g: without the package data the linker knows no package main"
                    } else {
                        "give the archive of package main as the program's main input"
                    })
                    .at(file.clone(), None),
            );
        } else if self.flags.reject_unsafe && !is_safe && self.target.release.defines_flag("u") {
            self.rec.push(
                Finding::new(
                    Category::Flag,
                    format!("{file}: load of unsafe package {pkg}"),
                    Reporter::Exitf,
                )
                .package(pkg.clone())
                .remedy("drop -u: the go command compiles no package as safe")
                .at(file.clone(), None),
            );
        }
    }

    /// The first object of a library sets the fingerprint its importers
    /// must expect; another object of it with a different one clashes.
    fn check_own_fingerprint(&mut self, li: usize, fp: [u8; 8], file: &str) {
        if fp == [0; 8] {
            return;
        }
        let lib = &mut self.libs[li];
        lib.actual.get_or_insert(fp);
        if lib.expected == [0; 8] {
            lib.expected = fp;
        }
        if fp != lib.expected {
            let f = FingerprintClash {
                pkg: &lib.pkg,
                has: fp,
                actual: Some(fp),
                file: Some(file),
                from: &lib.srcref,
                expecting: lib.expected,
                importer_file: None,
            }
            .finding();
            self.rec.push(f);
        }
    }

    /// `addlib`: an import already loaded must have the fingerprint the
    /// importer expects; a new one is queued.
    fn enqueue_import(&mut self, imp: &str, fp: [u8; 8], src: &str, importer_file: &str, rebuilt: bool) {
        if let Some(&j) = self.by_pkg.get(imp) {
            let lib = &self.libs[j];
            if !rebuilt && !self.rebuilt(imp) && lib.expected != [0; 8] && lib.expected != fp {
                let f = FingerprintClash {
                    pkg: imp,
                    has: lib.expected,
                    actual: lib.actual,
                    file: lib.file.as_deref(),
                    from: src,
                    expecting: fp,
                    importer_file: Some(importer_file),
                }
                .finding();
                self.rec.push(f);
            }
            return;
        }
        let f = self.resolver.resolve(imp);
        if f.is_none() && !self.resolver.std_known && self.target.is_std(imp) {
            return;
        }
        let expected = if rebuilt || self.rebuilt(imp) { [0; 8] } else { fp };
        self.add_lib(imp, f, expected, src);
        // findlib: `a.o` is package `a` (for package references).
        if let Some(short) = imp.strip_suffix(".o").or_else(|| imp.strip_suffix(".a"))
            && let Some(&j) = self.by_pkg.get(imp)
        {
            self.by_pkg.entry(short.to_string()).or_insert(j);
            self.libs[j].alias = Some(short.to_string());
        }
    }

    /// go1.15 resolves package references lazily and fails on the first
    /// one to a package none of whose objects was loaded.
    fn go115_lazy_refs(&mut self, set: &LinkSet<'_>) {
        let loaded: HashMap<String, usize> = self
            .libs
            .iter()
            .flat_map(|l| {
                let mut names = vec![(path_to_prefix(&l.pkg), l.loaded_objects)];
                names.extend(l.alias.as_ref().map(|a| (path_to_prefix(a), l.loaded_objects)));
                names
            })
            .collect();
        for l in &self.order {
            let lib = &self.libs[l.lib];
            let lf = set.file(l.file);
            let Some(o) = lf.linker_objects().into_iter().find(|o| o.unit == l.unit) else {
                continue;
            };
            for p in o.referenced_packages() {
                let unknown_std = !self.resolver.std_known && self.target.is_std(&p);
                if loaded.get(&p).copied().unwrap_or(0) == 0 && !unknown_std {
                    self.rec.push(
                        Finding::new(
                            Category::Missing,
                            format!("reference of nonexisted package {p}, from {}", lib.pkg),
                            Reporter::LogFatal,
                        )
                        .package(p.clone())
                        .remedy(format!(
                            "provide a loadable archive of {p} built by the target toolchain"
                        ))
                        .at(lf.path.clone(), None),
                    );
                    return;
                }
            }
        }
    }

    /// The host objects as the symbol stage takes them.
    fn host_objects<'a>(&self, set: &LinkSet<'a>) -> Vec<HostObj<'a>> {
        self.host
            .iter()
            .filter_map(|(id, unit, pkg)| {
                let lf = set.file(*id);
                let u = lf.view()?.units.get(*unit)?;
                Some(HostObj {
                    data: u.data,
                    pkg: pkg.clone(),
                    file: lf.path.clone(),
                    member: u.name.map(|n| String::from_utf8_lossy(n).into_owned()),
                })
            })
            .collect()
    }

    /// The loaded objects as the symbol stage takes them.
    fn loaded_objects<'v, 'a>(&self, set: &'v LinkSet<'a>) -> Vec<LoadedObj<'v, 'a>> {
        self.order
            .iter()
            .filter_map(|l| {
                let lf = set.file(l.file);
                let obj = lf.go_object(l.unit)?;
                let lib = &self.libs[l.lib];
                Some(LoadedObj {
                    obj,
                    pkg: lib.alias.clone().unwrap_or_else(|| lib.pkg.clone()),
                    file: lf.path.clone(),
                    member: lf.view()?.units[l.unit]
                        .name
                        .map(|n| String::from_utf8_lossy(n).into_owned()),
                    rebuilt: self.rebuilt(&lib.pkg),
                    stub: lf.is_built_in(),
                })
            })
            .collect()
    }
}

/// What a walk links.
#[derive(Debug, Clone, Copy)]
pub enum Walk<'a> {
    /// A program, from its main archive; `explain` asks where a symbol
    /// binds (`gosym explain`).
    Program {
        /// The main archive.
        main: &'a str,
        /// The symbol whose binding to report.
        explain: Option<&'a str>,
    },
    /// The forecast: the program rebuilt by the target, its main archive
    /// given.
    Rebuild(&'a str),
    /// A set of libraries, checked for consistency.
    Library,
    /// A Go build cache: unrelated builds, each object on its own.
    Collection,
}

/// The link as a value, as Go's `ld.Link`: the target, its flags and how
/// imports resolve. [`Link::run`] runs `ld.Main`'s phases for a walk.
#[derive(Debug, Clone, Copy)]
pub struct Link<'r> {
    /// The linker being predicted.
    pub target: &'r LinkTarget,
    /// Its flags.
    pub flags: &'r LinkFlags,
    /// Where imports are found.
    pub resolver: &'r Resolver,
}

impl Link<'_> {
    /// Runs the link's phases for `walk` over the link set.
    pub fn run(&self, set: &mut LinkSet<'_>, walk: Walk<'_>) -> LoadResult {
        match walk {
            Walk::Program { main, explain } => self.program(set, main, Builder::AsGiven, explain),
            Walk::Rebuild(main) => self.program(set, main, Builder::Target, None),
            Walk::Library => library(self.target, self.flags, self.resolver, set),
            Walk::Collection => collection(self.target, self.flags, set),
        }
    }

    /// `ld.Main` for a program: flags, `loadlib`, `determineLinkMode`,
    /// the symbol stage, the late checks.
    fn program(
        &self,
        set: &mut LinkSet<'_>,
        main_file: &str,
        objects_of: Builder,
        explain: Option<&str>,
    ) -> LoadResult {
        let mut w = LoadWalk {
            target: self.target,
            flags: self.flags,
            resolver: self.resolver,
            objects_of,
            libs: Vec::new(),
            by_pkg: HashMap::new(),
            order: Vec::new(),
            host: Vec::new(),
            header: HeaderState::default(),
            // A forecast's findings are not what the linker of these
            // inputs prints: they have no linker order.
            rec: match objects_of {
                Builder::AsGiven if self.flags.all_errors && self.target.release.defines_flag("e") => {
                    Recorder::in_linker_order().without_error_limit()
                }
                Builder::AsGiven => Recorder::in_linker_order(),
                Builder::Target => Recorder::unordered(),
            },
            objects: 0,
            sentinels: Vec::new(),
            not_checked: Vec::new(),
        };
        w.parse_flags();
        if let Some(cfg) = &self.resolver.importcfg {
            // go build's importcfg lists what the walk will load.
            set.prefetch(std::iter::once(main_file).chain(cfg.values().map(String::as_str)));
        }
        w.add_lib("main", Some(main_file.to_string()), [0; 8], "command line");
        let mode = w.loadlib(set);
        if let Some(d) = &mode
            && let Some(fatal) = d.fatal.clone()
        {
            let remedy = if d.refuses_external {
                "link internally: drop -linkmode=external, and what needs the external linker (cgo, a build mode)"
            } else {
                "drop -linkmode=internal, or what needs the external linker"
            };
            w.rec
                .push(Finding::new(Category::LinkMode, fatal, Reporter::Exitf).remedy(remedy));
            return w.result(None);
        }
        let external = mode.as_ref().is_some_and(|d| d.external);
        if external && let Some(f) = tmpdir_unusable(self.flags.tmpdir.as_deref()) {
            w.rec.push(f);
            return w.result(None);
        }
        let explanation = w.symbols_and_late_checks(set, external, explain);
        w.result(explanation)
    }
}

impl LoadWalk<'_> {
    /// Flag parsing comes first: a flag this release does not define, a
    /// malformed -X or a value `ld.Main` refuses stops the linker at once.
    fn parse_flags(&mut self) {
        for f in crate::check::ld::mainflags::check(self.target, self.flags) {
            self.rec.push(f);
        }
    }

    /// `loadlib`: the libraries breadth-first from main, the internal
    /// packages, then `determineLinkMode` (which may load runtime/cgo).
    fn loadlib(&mut self, set: &mut LinkSet<'_>) -> Option<Decision> {
        let mut next = 0;
        let mut runtime_added = false;
        let mut mode: Option<Decision> = None;
        loop {
            while next < self.libs.len() {
                self.load_lib(set, next);
                next += 1;
            }
            // After the first pass: loadinternal of the sanitizer runtimes
            // the flags ask for, then of "runtime", if nothing imported them.
            if !runtime_added && self.resolver.std_known {
                runtime_added = true;
                for (on, pkg) in [
                    (self.flags.race, "runtime/race"),
                    (self.flags.msan, "runtime/msan"),
                    (self.flags.asan, "runtime/asan"),
                ] {
                    if on {
                        self.load_internal(pkg);
                    }
                }
                if !self.by_pkg.contains_key("runtime") {
                    let file = self.resolver.resolve("runtime");
                    self.add_lib("runtime", file, [0; 8], "internal");
                }
                if next < self.libs.len() {
                    continue;
                }
            }
            // determineLinkMode, once the libraries are loaded; a user-asked
            // external link without cgo loads runtime/cgo for the TLS setup.
            if mode.is_none() && self.resolver.std_known {
                let d = self.link_mode();
                let needs_cgo = d.external
                    && !self.by_pkg.contains_key("runtime/cgo")
                    && !(self.target.goos == "darwin"
                        && self.target.goarch == "amd64"
                        && self.flags.buildmode != BuildMode::Plugin);
                mode = Some(d);
                if needs_cgo {
                    self.load_internal("runtime/cgo");
                    if next < self.libs.len() {
                        continue;
                    }
                }
            }
            break;
        }
        mode
    }

    /// The symbol stage and the checks after it, in the linker's order;
    /// the explanation `explain` asks for.
    fn symbols_and_late_checks(
        &mut self,
        set: &mut LinkSet<'_>,
        external: bool,
        explain: Option<&str>,
    ) -> Option<crate::check::explanation::Explanation> {
        let mut explanation = None;
        if self.target.release.lazy_package_refs() {
            self.go115_lazy_refs(set);
        }
        if self.resolver.std_known {
            let objs = self.loaded_objects(set);
            let hosts = self.host_objects(set);
            // The external linker, not Go's, reads the host objects.
            let internal_hosts: Option<&[HostObj<'_>]> = (!external).then_some(&hosts[..]);
            explanation = explain
                .map(|name| crate::check::ld::symbols::explain(self.target, self.flags, &objs, internal_hosts, name));
            let sf = crate::check::ld::symbols::analyse(self.target, self.flags, &objs, internal_hosts);
            self.not_checked.extend(sf.not_checked.iter().cloned());
            let buildmode = self
                .flags
                .buildmode
                .effective(self.target.release, &self.target.goos, &self.target.goarch);
            let dwarf = self.flags.dwarf_enabled(self.target, external);
            if buildmode == BuildMode::Plugin
                && dwarf
                && (self.flags.pluginpath.is_none() || self.target.release.plugin_dwarf_panics_with_pluginpath())
            {
                // go1.16+: the DWARF pass names the plugin's compilation unit
                // after -pluginpath; without one the linker panics (the go
                // command always passes it). go1.15's calcCompUnitRanges
                // indexes the text of a unit of linker-made plugin functions,
                // which has none: it panics with or without the path.
                let message = if self.target.release.plugin_dwarf_panics_with_pluginpath() {
                    "runtime error: index out of range [0] with length 0"
                } else {
                    "nameless DWARF DIE"
                };
                self.rec.push(
                    Finding::new(Category::LinkMode, message, Reporter::Panic)
                        .remedy("give -pluginpath (go build -buildmode=plugin does), or link with -w"),
                );
            } else if external && buildmode.is_shared_object() {
                match self.external_compiler(buildmode) {
                    HostLink::Fails(f) => self.rec.push(f),
                    HostLink::Unverified(f) => {
                        self.rec.push(f);
                        self.push_non_pic(&objs, "gcc");
                    }
                    HostLink::Native(n) => {
                        self.push_non_pic(&objs, &n.cc);
                    }
                    HostLink::NotJudged => {
                        self.push_non_pic(&objs, "gcc");
                    }
                }
            } else if external && buildmode == BuildMode::CArchive && self.target.goos == "aix" && dwarf {
                // `ar` writes the archive; on aix the DWARF pass still
                // asks the C compiler's ld for its version.
                if let HostLink::Fails(f) = self.external_compiler(buildmode) {
                    self.rec.push(f);
                }
            } else if external
                && matches!(buildmode, BuildMode::Exe | BuildMode::Pie)
                && sf.load.iter().all(|f| !f.fails_link)
                && sf
                    .undefined
                    .iter()
                    .chain(&sf.strdata)
                    .chain(&sf.text.dwarf)
                    .chain(&sf.stkcheck)
                    .chain(&sf.pclntab)
                    .chain(&sf.text.functab)
                    .chain(&sf.external_relocs)
                    .all(|f| !f.fails_link)
            {
                match self.external_compiler(buildmode) {
                    // -extldflags that make the executable a shared object
                    // (-shared, -static-pie) need position-independent Go
                    // code; whether the rest links is not judged.
                    HostLink::Native(n) if n.extra.shared_output => {
                        if !self.push_non_pic(&objs, &n.cc) {
                            self.rec.push(
                                Finding::new(
                                    Category::LinkMode,
                                    "gosym has not verified the external link of a shared object that \
                                     -extldflags (-shared, -static-pie) asks for",
                                    Reporter::Stdout,
                                )
                                .unverified(),
                            );
                        }
                    }
                    HostLink::Native(n) => {
                        let dirs = crate::check::host::hostlink::default_lib_path();
                        if let Some(f) = crate::check::ld::extlink::check(
                            &n.cc,
                            &objs,
                            &hosts,
                            &sf.external_undefined,
                            &dirs,
                            &n.extra_libs,
                            &n.extra,
                        ) {
                            self.rec.push(f);
                        }
                    }
                    HostLink::Fails(f) | HostLink::Unverified(f) => self.rec.push(f),
                    HostLink::NotJudged => {}
                }
            }
            for f in sf.load {
                if self.target.release.lazy_package_refs() && f.category == Category::Missing {
                    continue; // go1.15 reports these above, in its own words
                }
                self.rec.push(f);
            }
            let late = sf.strdata.into_iter().chain(sf.text.dwarf).chain(sf.stkcheck);
            for f in late.chain(sf.pclntab).chain(sf.text.functab) {
                self.rec.push(f);
            }
            if !external && self.target.goos == "android" && (buildmode == BuildMode::Exe || self.flags.no_dynamic) {
                // An internal exe link for android (always dynamically
                // linked: .dynsym) lays .dynsym out among the pointer data,
                // where dodata's GC program finds no Go type for it
                // (ld/data.go GCProg.AddSym). The go command links android as
                // PIE, which does not meet it, unless -d is given (loadlib
                // sets -d itself for an exe without dynamic imports).
                // One null Elf64_Sym (24 bytes) or Elf32_Sym (16).
                let size = if self.target.goarch.ends_with("64") { 24 } else { 16 };
                self.rec.push(
                    Finding::new(
                        Category::LinkMode,
                        format!("runtime.gcdata: missing Go type information for global symbol .dynsym: size {size}"),
                        Reporter::Errorf,
                    )
                    .symbol(".dynsym")
                    .remedy("link android with -buildmode=pie (go build does)"),
                );
            }
            for f in sf.undefined.into_iter().chain(sf.unreachable_undefined).chain(sf.entry) {
                self.rec.push(f);
            }
            // The PE writer checks the text address, then the data's.
            if !external && let Some(f) = crate::check::ld::mainflags::pe_text_address(self.target, self.flags) {
                self.rec.push(f);
            }
            for f in sf.pe_sections.into_iter().chain(sf.external_relocs) {
                self.rec.push(f);
            }
        }
        explanation
    }

    fn result(self, explanation: Option<crate::check::explanation::Explanation>) -> LoadResult {
        LoadResult {
            findings: self.rec.into_findings(),
            objects: self.objects,
            explanation,
            not_checked: self.not_checked,
        }
    }
}

/// Checks every Go object of a collection of unrelated builds (a Go build
/// cache) against the target: header, format, unlinkable. An input that
/// cannot be read is a finding.
pub fn collection(target: &LinkTarget, flags: &LinkFlags, set: &LinkSet<'_>) -> LoadResult {
    let mut rec = Recorder::unordered();
    let mut objects = 0;
    let mut hs = HeaderState::default();
    for (_, lf) in set.inputs() {
        if let Err(e) = &lf.view {
            rec.push(
                Finding::new(Category::Input, e.to_string(), Reporter::Exitf)
                    .remedy("the cache entry is damaged: go clean -cache, or rebuild")
                    .at(lf.path.clone(), None),
            );
            continue;
        }
        let pkg = lf.facts.import_path.clone().unwrap_or_else(|| lf.path.clone());
        for o in lf.linker_objects() {
            objects += 1;
            object_fate(target, flags, &o, &lf.path, &pkg, &mut hs, &mut rec);
        }
    }
    LoadResult {
        findings: rec.into_findings(),
        objects,
        explanation: None,
        not_checked: Vec::new(),
    }
}

/// Import paths that more than one input provides (`providers`: import
/// path → files, in input order). In a program the linker resolves each
/// import path to one archive (the importcfg's `packagefile`), so gosym
/// links the first and says so without failing; in a library set it
/// makes the set inconsistent.
pub fn duplicate_packages(providers: &BTreeMap<String, Vec<String>>, program: bool) -> Vec<Finding> {
    let dups = providers.iter().filter(|(_, f)| f.len() > 1);
    dups.map(|(pkg, files)| {
        let message = format!("{pkg} is provided by {} inputs: {}", files.len(), files.join(", "));
        let reporter = if program { Reporter::Stdout } else { Reporter::Errorf };
        let mut f = Finding::new(Category::DuplicatePackage, message, reporter).package(pkg.clone());
        f.file = files.first().cloned();
        if program {
            f.notice()
                .detail("the linker resolves each import path to one archive (importcfg packagefile)")
                .remedy(format!(
                    "keep one archive of {pkg}; gosym linked the first, {}",
                    files[0]
                ))
        } else {
            f.remedy("keep one archive per import path in the link set")
        }
    })
    .collect()
}

/// Checks a set of libraries for consistency with the target and with each
/// other: headers, formats, import fingerprints, duplicate and missing
/// import paths. An input that cannot be read is a finding.
pub fn library(target: &LinkTarget, flags: &LinkFlags, resolver: &Resolver, set: &mut LinkSet<'_>) -> LoadResult {
    let mut rec = Recorder::unordered();
    let mut objects = 0;
    let mut hs = HeaderState::default();
    let mut providers: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let inputs: Vec<FileId> = set.inputs().map(|(id, _)| id).collect();
    for &id in &inputs {
        let lf = set.file(id);
        let file = lf.path.clone();
        if let Err(e) = &lf.view {
            rec.push(
                Finding::new(Category::Input, e.to_string(), Reporter::Exitf)
                    .remedy("provide a readable archive, or remove it from the set")
                    .at(file.clone(), None),
            );
            continue;
        }
        if lf.role != crate::check::linkset::Role::GoPackage {
            continue;
        }
        let pkg = lf.facts.import_path.clone().unwrap_or_else(|| file.clone());
        providers.entry(pkg.clone()).or_default().push(file.clone());
        for o in lf.linker_objects() {
            objects += 1;
            object_fate(target, flags, &o, &file, &pkg, &mut hs, &mut rec);
        }
    }
    for f in duplicate_packages(&providers, false) {
        rec.push(f);
    }
    // Every import expectation against its provider.
    for &id in &inputs {
        let (file, importer) = {
            let lf = set.file(id);
            if lf.role != crate::check::linkset::Role::GoPackage {
                continue;
            }
            (
                lf.path.clone(),
                lf.facts.import_path.clone().unwrap_or_else(|| lf.path.clone()),
            )
        };
        let imports: Vec<(String, [u8; 8])> = set.file(id).linker_objects().iter().flat_map(|o| o.imports()).collect();
        let mut seen = HashSet::new();
        for (imp, fp) in imports {
            if !seen.insert(imp.clone()) {
                continue;
            }
            let Some(pf) = resolver.resolve(&imp) else {
                if resolver.std_known {
                    rec.push(
                        Finding::new(
                            Category::Missing,
                            format!("cannot find package {imp} (using -importcfg)"),
                            Reporter::Exitf,
                        )
                        .package(imp.clone())
                        .detail(format!(
                            "imported by {importer} ({file}); no input or target std archive provides it"
                        ))
                        .remedy(format!("add the archive of {imp} to the inputs"))
                        .at(file.clone(), None),
                    );
                }
                continue;
            };
            let pid = set.get_or_open(&pf);
            if let Some(has) = set.file(pid).facts.fingerprint
                && has != fp
                && fp != [0; 8]
            {
                let f = FingerprintClash {
                    pkg: &imp,
                    has,
                    actual: Some(has),
                    file: Some(&pf),
                    from: &path_to_prefix(&importer),
                    expecting: fp,
                    importer_file: Some(&file),
                }
                .finding();
                rec.push(f);
            }
        }
    }
    LoadResult {
        findings: rec.into_findings(),
        objects,
        explanation: None,
        not_checked: Vec::new(),
    }
}

/// `hostlinksetup` of an external link writes go.o into `-tmpdir` as it
/// is given (it makes only a directory of its own): one that does not
/// exist on this machine, or is not a directory, stops the link
/// (`cannot create DIR/go.o: open DIR/go.o: …`).
fn tmpdir_unusable(tmpdir: Option<&str>) -> Option<Finding> {
    let dir = tmpdir.filter(|d| !d.is_empty())?;
    let (reason, here) = match std::fs::metadata(dir) {
        Ok(m) if m.is_dir() => return None,
        Ok(_) => ("not a directory", "not a directory"),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => ("no such file or directory", "missing"),
        Err(_) => return None,
    };
    let go_o = std::path::Path::new(dir).join("go.o").display().to_string();
    Some(
        Finding::new(
            Category::LinkMode,
            format!("cannot create {go_o}: open {go_o}: {reason}"),
            Reporter::Exitf,
        )
        .detail(format!(
            "the external link writes go.o into -tmpdir {dir}, which is {here} on this machine"
        ))
        .remedy("give -tmpdir an existing directory, or drop it (the linker then makes one of its own)"),
    )
}
