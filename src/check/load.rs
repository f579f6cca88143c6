//! The load simulation: walks the inputs the way the target linker's
//! `loadlib` does (breadth-first from the main package through each
//! object's imports, members in archive order) and applies, per object, the
//! checks `ldobj` and `Preload` make in their order: header, format (magic),
//! unlinkable, fingerprint, then the imports' fingerprints (`addlib`); after
//! loading, references to packages that were never loaded. Every finding is
//! recorded with its place in the linker's output; after the first fatal
//! one the walk goes on (gosym reports every reason) but later findings are
//! marked as not reached by the linker.
//!
//! Library mode (no main package) has no linker order: every archive's
//! objects are checked against the target, and every import expectation
//! against the archive that provides the import path.

use std::collections::{BTreeMap, HashMap};

use super::header::{self, HeaderState, HeaderVerdict};
use super::libfile::{LibFile, ObjSummary, summarise};
use super::report::{Category, Finding, Reporter};
use super::{LinkFlags, path_to_prefix};

/// Where import paths resolve to files.
#[derive(Debug, Default)]
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
}

impl Resolver {
    fn resolve(&self, pkg: &str) -> Option<String> {
        if let Some(cfg) = &self.importcfg {
            return cfg.get(pkg).cloned();
        }
        self.inputs.get(pkg).or_else(|| self.std.get(pkg)).cloned()
    }
}

/// The target as the simulation needs it.
#[derive(Debug, Clone)]
pub struct TargetView {
    /// Minor version of the target linker.
    pub minor: u32,
    /// Wanted header line.
    pub want: String,
}

fn target_magic(minor: u32) -> &'static [u8] {
    match minor {
        0..=15 => b"\x00go115ld",
        16..=17 => b"",
        18..=19 => b"\x00go118ld",
        _ => b"\x00go120ld",
    }
}

struct Lib {
    pkg: String,
    file: Option<String>,
    expected: [u8; 8],
    srcref: String,
    loaded_objects: usize,
}

/// Collects findings with the linker's order. The linker's `Errorf`
/// stops with `too many errors` after the 21st error.
struct Recorder {
    findings: Vec<Finding>,
    printed: usize,
    errors: usize,
    stopped: bool,
}

impl Recorder {
    fn new(stopped: bool) -> Recorder {
        Recorder {
            findings: Vec::new(),
            printed: 0,
            errors: 0,
            stopped,
        }
    }

    fn push(&mut self, mut f: Finding) {
        if f.fails_link && !self.stopped {
            f.linker_order = Some(self.printed);
            self.printed += 1;
            if f.fatal {
                self.stopped = true;
            } else if f.reporter == Reporter::Errorf {
                self.errors += 1;
                if self.errors > 20 {
                    self.stopped = true;
                }
            }
        }
        self.findings.push(f);
    }
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// Outcome of a simulation.
#[derive(Debug, Default)]
pub struct LoadResult {
    /// Findings.
    pub findings: Vec<Finding>,
    /// Number of Go objects examined.
    pub objects: usize,
    /// Files opened.
    pub files: Vec<String>,
}

/// Per-object checks shared by both modes. Returns false if the object is
/// not loaded (go1.15 after a header error).
fn check_object(
    t: &TargetView,
    flags: &LinkFlags,
    o: &ObjSummary,
    file: &str,
    pkg: &str,
    hs: &mut HeaderState,
    rec: &mut Recorder,
) -> bool {
    let loc = |mut f: Finding| {
        f.file = Some(file.to_string());
        f.member =
            o.pn.strip_prefix(file)
                .map(|m| m.trim_matches(|c| c == '(' || c == ')').to_string())
                .filter(|m| !m.is_empty());
        f.package = Some(pkg.to_string());
        f.producer = Some(o.version.clone());
        f
    };
    if let HeaderVerdict::Mismatch { message, skips_object } =
        header::check(t.minor, &t.want, &o.header, &o.pn, flags.f, hs)
    {
        let mut f = loc(Finding::new(Category::Header, message, Reporter::Errorf, false));
        f.group = Some(o.header.clone());
        f.detail = Some(header::field_diff(&o.header, &t.want));
        f.remedy = format!(
            "rebuild {pkg} with the target toolchain ({}), or link with the toolchain that built it ({})",
            version_of(&t.want),
            o.version
        );
        rec.push(f);
        if skips_object {
            return false;
        }
    }
    if o.magic.as_slice() != target_magic(t.minor) {
        let (msg, rep) = if o.magic.as_slice() == b"\x00go114ld" {
            (format!("found object file {file} in old format"), Reporter::LogFatal)
        } else {
            ("cannot read object file".to_string(), Reporter::Panic)
        };
        let mut f = loc(Finding::new(Category::Format, msg, rep, true));
        f.group = Some(format!("{} {}", String::from_utf8_lossy(&o.magic), o.version));
        f.detail = Some(format!(
            "object format {} (written by {}), target reads {}",
            String::from_utf8_lossy(o.magic.get(1..).unwrap_or_default()),
            o.version,
            String::from_utf8_lossy(&target_magic(t.minor)[1..])
        ));
        f.remedy = format!("rebuild {pkg} with the target toolchain; the target linker panics on this object");
        rec.push(f);
        return false;
    }
    if !o.decoded {
        // The linker reads the member (a short read: log.Fatal) or crashes
        // on what it cannot decode.
        let (msg, rep) = if o.truncated {
            ("cannot read object file:unexpected EOF".to_string(), Reporter::LogFatal)
        } else {
            (
                "cannot read object file (the linker crashes on this corrupt object)".to_string(),
                Reporter::Panic,
            )
        };
        let mut f = loc(Finding::new(Category::Format, msg, rep, true));
        f.detail = o.error.clone();
        f.remedy = format!("rebuild {pkg}: its object is damaged");
        rec.push(f);
        return false;
    }
    if t.minor >= 19 && o.flags & 8 != 0 {
        let mut f = loc(Finding::new(
            Category::Unlinkable,
            format!("link: unlinkable object (from package {pkg}) - compiler requires -p flag"),
            Reporter::LogFatal,
            true,
        ));
        f.remedy = "compile the package with -p <import path> (the go command always does)".into();
        rec.push(f);
    }
    true
}

fn version_of(header: &str) -> String {
    header.split(' ').nth(4).unwrap_or("?").to_string()
}

fn fingerprint_finding(
    pkg: &str,
    has: [u8; 8],
    from: &str,
    expecting: [u8; 8],
    file: Option<&str>,
    importer_file: Option<&str>,
) -> Finding {
    let mut f = Finding::new(
        Category::Fingerprint,
        format!(
            "fingerprint mismatch: {pkg} has {}, import from {from} expecting {}",
            hex(&has),
            hex(&expecting)
        ),
        Reporter::Exitf,
        true,
    );
    f.file = file.map(str::to_string);
    f.package = Some(pkg.to_string());
    f.detail = Some(format!(
        "{} provides {pkg} with fingerprint {}; {} was compiled against {pkg} with fingerprint {}",
        file.unwrap_or("the loaded archive"),
        hex(&has),
        importer_file.unwrap_or(from),
        hex(&expecting)
    ));
    f.remedy =
        format!("rebuild {from} against this {pkg} (go build -a), or link the {pkg} archive it was compiled against");
    f
}

/// Simulates linking the program whose main archive is `main_file`.
pub fn program(
    t: &TargetView,
    flags: &LinkFlags,
    resolver: &Resolver,
    main_file: &str,
    cache: &mut HashMap<String, LibFile>,
) -> LoadResult {
    let mut rec = Recorder::new(false);
    let mut libs: Vec<Lib> = vec![Lib {
        pkg: "main".into(),
        file: Some(main_file.to_string()),
        expected: [0; 8],
        srcref: "command line".into(),
        loaded_objects: 0,
    }];
    let mut by_pkg: HashMap<String, usize> = HashMap::from([("main".to_string(), 0)]);
    let mut hs = HeaderState::default();
    let mut order: Vec<(usize, usize)> = Vec::new(); // (lib, object) loaded, in order
    let mut objects = 0;
    let mut files = Vec::new();
    let mut i = 0;
    let mut runtime_added = false;
    loop {
        if i == libs.len() {
            // loadinternal("runtime") after the first pass, if nothing imported it.
            if !runtime_added && !by_pkg.contains_key("runtime") && resolver.std_known {
                runtime_added = true;
                let file = resolver.resolve("runtime");
                by_pkg.insert("runtime".into(), libs.len());
                libs.push(Lib {
                    pkg: "runtime".into(),
                    file,
                    expected: [0; 8],
                    srcref: "internal".into(),
                    loaded_objects: 0,
                });
                continue;
            }
            break;
        }
        let (pkg, file) = (libs[i].pkg.clone(), libs[i].file.clone());
        let Some(file) = file.filter(|f| !f.is_empty()) else {
            let mut f = Finding::new(
                Category::Missing,
                "cannot open file : open : no such file or directory".into(),
                Reporter::Exitf,
                true,
            );
            f.package = Some(pkg.clone());
            f.detail = Some(format!(
                "cannot find package {pkg} (using -importcfg), imported by {}",
                libs[i].srcref
            ));
            f.remedy = format!("add `packagefile {pkg}=<archive>` to the importcfg, or build {pkg}");
            rec.push(f);
            i += 1;
            continue;
        };
        files.push(file.clone());
        let lf = cache.entry(file.clone()).or_insert_with(|| summarise(&file)).clone();
        if let Some(e) = &lf.error {
            let mut f = Finding::new(
                Category::Input,
                format!("cannot open file {file}: {e}"),
                Reporter::Exitf,
                true,
            );
            f.file = Some(file.clone());
            f.package = Some(pkg.clone());
            f.remedy = format!("provide a readable archive for {pkg}");
            rec.push(f);
            i += 1;
            continue;
        }
        for (k, o) in lf.objects.iter().enumerate() {
            objects += 1;
            if !check_object(t, flags, o, &file, &pkg, &mut hs, &mut rec) {
                continue;
            }
            libs[i].loaded_objects += 1;
            order.push((i, k));
            if o.fingerprint != [0; 8] {
                if libs[i].expected == [0; 8] {
                    libs[i].expected = o.fingerprint;
                }
                if o.fingerprint != libs[i].expected {
                    let importer = libs[i].srcref.clone();
                    rec.push(fingerprint_finding(
                        &pkg,
                        o.fingerprint,
                        &importer,
                        libs[i].expected,
                        Some(&file),
                        None,
                    ));
                }
            }
            let src = path_to_prefix(&pkg);
            for (imp, fp) in &o.autolib {
                if let Some(&j) = by_pkg.get(imp) {
                    if libs[j].expected != [0; 8] && libs[j].expected != *fp {
                        let lib_file = libs[j].file.clone();
                        rec.push(fingerprint_finding(
                            imp,
                            libs[j].expected,
                            &src,
                            *fp,
                            lib_file.as_deref(),
                            Some(&file),
                        ));
                    }
                    continue;
                }
                let f = resolver.resolve(imp);
                if f.is_none() && !resolver.std_known && super::symbols::is_std_path(imp) {
                    continue;
                }
                by_pkg.insert(imp.clone(), libs.len());
                libs.push(Lib {
                    pkg: imp.clone(),
                    file: f,
                    expected: *fp,
                    srcref: src.clone(),
                    loaded_objects: 0,
                });
            }
        }
        if pkg == "main" && !lf.is_main {
            let mut f = Finding::new(
                Category::Input,
                format!("{file}: not package main"),
                Reporter::Exitf,
                true,
            );
            f.file = Some(file.clone());
            f.remedy = "give the archive of package main as the program's main input".into();
            rec.push(f);
        }
        i += 1;
    }
    // go1.15 resolves package references lazily and fails on the first one
    // to a package none of whose objects was loaded.
    if t.minor <= 15 {
        let loaded: HashMap<String, usize> = libs
            .iter()
            .map(|l| (path_to_prefix(&l.pkg), l.loaded_objects))
            .collect();
        'refs: for &(li, k) in &order {
            let lib = &libs[li];
            let Some(file) = &lib.file else { continue };
            let Some(lf) = cache.get(file) else { continue };
            for p in &lf.objects[k].pkgidx {
                let unknown_std = !resolver.std_known && super::symbols::is_std_path(p);
                if loaded.get(p).copied().unwrap_or(0) == 0 && !unknown_std {
                    let mut f = Finding::new(
                        Category::Missing,
                        format!("reference of nonexisted package {p}, from {}", lib.pkg),
                        Reporter::LogFatal,
                        true,
                    );
                    f.package = Some(p.clone());
                    f.file = Some(file.clone());
                    f.remedy = format!("provide a loadable archive of {p} built by the target toolchain");
                    rec.push(f);
                    break 'refs;
                }
            }
        }
    }
    if resolver.std_known {
        symbol_stage(t, flags, &libs, &order, cache, &mut rec);
    }
    LoadResult {
        findings: rec.findings,
        objects,
        files,
    }
}

/// Opens the loaded objects again as zero-copy views and runs the symbol
/// stage (duplicates, linkname, nonexistent packages, undefined targets).
fn symbol_stage(
    t: &TargetView,
    flags: &LinkFlags,
    libs: &[Lib],
    order: &[(usize, usize)],
    cache: &HashMap<String, LibFile>,
    rec: &mut Recorder,
) {
    use crate::input::Source;
    use crate::model::file::{Content, FileView};
    let mut files: Vec<&str> = Vec::new();
    for &(li, _) in order {
        if let Some(f) = libs[li].file.as_deref()
            && !files.contains(&f)
        {
            files.push(f);
        }
    }
    let sources: Vec<Option<Source>> = files
        .iter()
        .map(|f| Source::open(std::path::Path::new(f)).ok())
        .collect();
    let views: Vec<Option<FileView>> = sources
        .iter()
        .map(|s| s.as_ref().and_then(|s| FileView::parse(s).ok()))
        .collect();
    let mut objs = Vec::new();
    for &(li, k) in order {
        let Some(file) = libs[li].file.as_deref() else { continue };
        let Some(fi) = files.iter().position(|f| *f == file) else {
            continue;
        };
        let (Some(view), Some(lf)) = (&views[fi], cache.get(file)) else {
            continue;
        };
        let s = &lf.objects[k];
        if let Some(Content::GoObj(o)) = view.units.get(s.unit).map(|u| &u.content) {
            objs.push(super::symbols::LoadedObj {
                obj: o.as_ref(),
                pkg: libs[li].pkg.clone(),
                file: file.to_string(),
                pn: s.pn.clone(),
            });
        }
    }
    let sf = super::symbols::analyse(t, flags.checklinkname, &objs);
    for f in sf.load {
        if t.minor <= 15 && f.category == Category::Missing {
            continue; // go1.15 reports these above, in its own words
        }
        rec.push(f);
    }
    for f in sf.undefined {
        rec.push(f);
    }
    for f in sf.unreachable_undefined {
        rec.push(f);
    }
}

/// Checks a set of libraries for consistency with the target and with each
/// other: headers, formats, import fingerprints, duplicate and missing
/// import paths.
pub fn library(
    t: &TargetView,
    flags: &LinkFlags,
    resolver: &Resolver,
    inputs: &[String],
    std_known: bool,
    cache: &mut HashMap<String, LibFile>,
) -> LoadResult {
    let mut rec = Recorder::new(true);
    let mut objects = 0;
    let mut hs = HeaderState::default();
    let mut providers: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for file in inputs {
        let lf = cache.entry(file.clone()).or_insert_with(|| summarise(file)).clone();
        if let Some(e) = &lf.error {
            let mut f = Finding::new(Category::Input, e.clone(), Reporter::Exitf, true);
            f.file = Some(file.clone());
            rec.push(f);
            continue;
        }
        let pkg = lf.import_path.clone().unwrap_or_else(|| file.clone());
        providers.entry(pkg.clone()).or_default().push(file.clone());
        for o in &lf.objects {
            objects += 1;
            check_object(t, flags, o, file, &pkg, &mut hs, &mut rec);
        }
    }
    for (pkg, files) in &providers {
        if files.len() > 1 {
            let mut f = Finding::new(
                Category::DuplicatePackage,
                format!("{pkg} is provided by {} inputs: {}", files.len(), files.join(", ")),
                Reporter::Errorf,
                false,
            );
            f.package = Some(pkg.clone());
            f.file = files.first().cloned();
            f.remedy = "keep one archive per import path in the link set".into();
            rec.push(f);
        }
    }
    // Every import expectation against its provider.
    for file in inputs {
        let Some(lf) = cache.get(file).cloned() else { continue };
        let importer = lf.import_path.clone().unwrap_or_else(|| file.clone());
        let mut seen = std::collections::HashSet::new();
        for o in &lf.objects {
            for (imp, fp) in &o.autolib {
                if !seen.insert(imp.clone()) {
                    continue;
                }
                let Some(pf) = resolver.resolve(imp) else {
                    if std_known {
                        let mut f = Finding::new(
                            Category::Missing,
                            format!("cannot find package {imp} (using -importcfg)"),
                            Reporter::Exitf,
                            true,
                        );
                        f.package = Some(imp.clone());
                        f.file = Some(file.clone());
                        f.detail = Some(format!(
                            "imported by {importer} ({file}); no input or target std archive provides it"
                        ));
                        f.remedy = format!("add the archive of {imp} to the inputs");
                        rec.push(f);
                    }
                    continue;
                };
                let plf = cache.entry(pf.clone()).or_insert_with(|| summarise(&pf)).clone();
                if let Some(has) = plf.fingerprint
                    && has != *fp
                    && *fp != [0; 8]
                {
                    rec.push(fingerprint_finding(
                        imp,
                        has,
                        &path_to_prefix(&importer),
                        *fp,
                        Some(&pf),
                        Some(file),
                    ));
                }
            }
        }
    }
    LoadResult {
        findings: rec.findings,
        objects,
        files: inputs.to_vec(),
    }
}
