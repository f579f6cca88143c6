//! The link set: every file a check looks at (the inputs, then whatever
//! the load walk pulls in: importcfg entries, the target's std archives,
//! shared libraries), each opened once, mapped once and parsed once into a
//! [`FileView`] that every stage borrows. Nothing below the CLI opens a
//! path except through [`LinkSet::get_or_open`] (or [`LinkSet::prefetch`],
//! which reads an importcfg's files on every core ahead of the sequential
//! walk that asks for them); the sources live in an
//! arena so the views stay valid while the set grows. Mirrors the role of
//! Go's `loader.Preload`, which keeps one `oReader` per object for all
//! later passes.

use std::collections::HashMap;

use typed_arena::Arena;

use crate::error::{InputError, InputErrorKind};
use crate::input::{OpenOptions, Source};
use crate::model::file::{Content, FileKind, FileView, Unit};
use crate::read::elf::ElfFile;
use crate::read::goobj::{GoObj, TextHeader};
use crate::read::member::MemberKind;

/// Where the sources of a [`LinkSet`] live (one per check run).
pub type SourceArena = Arena<Source>;

/// A file of the link set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub u32);

/// What a file is to the link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// A Go archive or object (possibly with host-object members).
    GoPackage,
    /// An ELF relocatable object, or an archive of them only (a
    /// c-archive, a C library): the host link's input.
    HostObject,
    /// An ELF shared object (a C library, a Go `-buildmode=shared` or
    /// `c-shared` output, a plugin).
    SharedLibrary,
    /// An ELF executable (a linked program: plugin hosts, `-linkshared`).
    Executable,
    /// Could not be opened or parsed.
    Unreadable,
}

/// What the linker learns about a package archive from its first
/// compiler object (or its export data).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PackageFacts {
    /// Import path (the compiler object's cuinfo symbol).
    pub import_path: Option<String>,
    /// Package main (a `main` header line).
    pub is_main: bool,
    /// Package fingerprint (compiler object, else export data).
    pub fingerprint: Option<[u8; 8]>,
}

/// One file of the set.
#[derive(Debug)]
pub struct LoadedFile<'a> {
    /// The path as given (used in all output).
    pub path: String,
    /// The source, or why it could not be opened.
    pub source: Result<&'a Source, InputError>,
    /// The parsed view, or why the file is not readable as a whole.
    pub view: Result<FileView<'a>, InputError>,
    /// Its role.
    pub role: Role,
    /// Package facts (Go archives and objects).
    pub facts: PackageFacts,
}

impl<'a> LoadedFile<'a> {
    /// The parsed view, when the file is readable.
    pub fn view(&self) -> Option<&FileView<'a>> {
        self.view.as_ref().ok()
    }

    /// Whether the file is built into gosym (a std stub,
    /// [`crate::toolchain::stub`]).
    pub fn is_built_in(&self) -> bool {
        self.source.as_ref().is_ok_and(|s| s.is_built_in())
    }

    /// The whole file's bytes (empty when it could not be opened).
    pub fn bytes(&self) -> &'a [u8] {
        match self.source {
            Ok(s) => &s.bytes,
            Err(_) => &[],
        }
    }

    /// The objects `loadobjfile` hands to `ldobj`, in member order.
    pub fn linker_objects(&self) -> Vec<LinkerObj<'_, 'a>> {
        let Some(view) = self.view() else { return Vec::new() };
        view.units
            .iter()
            .enumerate()
            .filter(|(_, u)| u.kind == MemberKind::GoObject && u.name.is_none_or(linker_loads))
            .map(|(i, u)| LinkerObj::new(i, u))
            .collect()
    }

    /// The host (ELF) members `loadobjfile` hands to `ldhostobj`, by unit.
    pub fn host_members(&self) -> Vec<usize> {
        let Some(view) = self.view() else { return Vec::new() };
        if !matches!(view.kind, FileKind::Archive | FileKind::ThinArchive) {
            return Vec::new();
        }
        view.units
            .iter()
            .enumerate()
            .filter(|(_, u)| u.kind == MemberKind::Elf && u.name.is_none_or(linker_loads))
            .map(|(i, _)| i)
            .collect()
    }

    /// The Go object of unit `unit`, if it decoded.
    pub fn go_object(&self, unit: usize) -> Option<&GoObj<'a>> {
        match &self.view()?.units.get(unit)?.content {
            Content::GoObj(o) => Some(o),
            _ => None,
        }
    }
}

/// `loadobjfile` skips `__.PKGDEF` and, among names under 16 bytes, those
/// ending in neither `.o` nor `.syso`.
fn linker_loads(name: &[u8]) -> bool {
    if name == b"__.PKGDEF" {
        return false;
    }
    name.len() >= 16 || name.ends_with(b".o") || name.ends_with(b".syso")
}

/// A Go object as the linker's `ldobj` sees it: a zero-copy view of one
/// unit of a [`LoadedFile`].
#[derive(Debug, Clone)]
pub struct LinkerObj<'v, 'a> {
    /// Index of the unit in the file's view.
    pub unit: usize,
    /// The unit.
    pub data: &'v Unit<'a>,
    /// The parsed text header (`None`: malformed).
    pub header: Option<TextHeader<'a>>,
    /// The decoded object, when the binary part decoded.
    pub obj: Option<&'v GoObj<'a>>,
}

impl<'v, 'a> LinkerObj<'v, 'a> {
    fn new(unit: usize, u: &'v Unit<'a>) -> Self {
        let obj = match &u.content {
            Content::GoObj(o) => Some(o.as_ref()),
            _ => None,
        };
        let header = obj
            .map(|o| o.header)
            .or_else(|| TextHeader::parse(u.data, false).ok().map(|(h, _)| h));
        LinkerObj {
            unit,
            data: u,
            header,
            obj,
        }
    }

    /// The member name, if the object is an archive member.
    pub fn member(&self) -> Option<String> {
        self.data.name.map(|n| String::from_utf8_lossy(n).into_owned())
    }

    /// `file(member)`, as the linker names the object (`pn`).
    pub fn pn(&self, file: &str) -> String {
        match self.member() {
            Some(m) => format!("{file}({m})"),
            None => file.to_string(),
        }
    }

    /// The header's first line ("" when malformed).
    pub fn line(&self) -> &'a str {
        self.header.as_ref().map_or("", |h| h.line)
    }

    /// The producer's version field ("" when malformed).
    pub fn version(&self) -> &'a str {
        self.header.as_ref().map_or("", |h| h.version)
    }

    /// The 8-byte binary magic after the text header (empty if none).
    pub fn magic(&self) -> &'a [u8] {
        if let Some(o) = self.obj {
            return o.bin().get(..8).unwrap_or_default();
        }
        match TextHeader::parse(self.data.data, true) {
            Ok((_, end)) => self.data.data.get(end..end + 8).unwrap_or_default(),
            Err(_) => &[],
        }
    }

    /// The decode error of a member that did not decode.
    pub fn error(&self) -> Option<String> {
        match &self.data.content {
            Content::Bad(e) => Some(e.to_string()),
            Content::GoObj(_) => None,
            _ if self.header.is_none() => Some("malformed object header".into()),
            _ => None,
        }
    }

    /// The release of an object that did not decode because gosym has no
    /// tables for it (go1.16/go1.17, before go1.15, a hidden release),
    /// not because it is damaged.
    pub fn unreadable_release(&self) -> Option<String> {
        if self.obj.is_some() {
            return None;
        }
        let r = self.header.as_ref()?.release()?;
        crate::tables::for_minor(r.minor).is_none().then(|| r.to_string())
    }

    /// The member is cut short by the end of the file.
    pub fn truncated(&self) -> bool {
        self.data.truncated
    }

    /// Package fingerprint (zero for assembler objects and undecoded ones).
    pub fn fingerprint(&self) -> [u8; 8] {
        self.obj.map_or([0; 8], |o| o.fingerprint)
    }

    /// The `main` header line.
    pub fn is_main(&self) -> bool {
        self.header.as_ref().is_some_and(|h| h.is_main)
    }

    /// The `safe` header line.
    pub fn is_safe(&self) -> bool {
        self.header.as_ref().is_some_and(|h| h.is_safe)
    }

    /// Imports with the fingerprints expected (Autolib), in order.
    pub fn imports(&self) -> Vec<(String, [u8; 8])> {
        let Some(o) = self.obj else { return Vec::new() };
        (0..o.nautolib())
            .filter_map(|i| o.autolib(i).ok())
            .map(|(p, fp)| (String::from_utf8_lossy(p).into_owned(), fp))
            .collect()
    }

    /// Referenced packages (PkgIndex, escaped paths; entry 0 dropped).
    pub fn referenced_packages(&self) -> Vec<String> {
        let Some(o) = self.obj else { return Vec::new() };
        (1..o.npkgidx())
            .filter_map(|i| o.pkgidx(i).ok())
            .map(|p| String::from_utf8_lossy(p).into_owned())
            .collect()
    }
}

/// Every file a check looks at, opened once and parsed once.
pub struct LinkSet<'a> {
    arena: &'a SourceArena,
    opts: OpenOptions,
    files: Vec<LoadedFile<'a>>,
    by_path: HashMap<String, FileId>,
    inputs: Vec<FileId>,
    /// Files built into gosym, by the path that names them, opened on
    /// first use like any other.
    built_in: HashMap<String, &'static [u8]>,
}

impl std::fmt::Debug for LinkSet<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LinkSet")
            .field("files", &self.files.len())
            .field("inputs", &self.inputs)
            .finish_non_exhaustive()
    }
}

impl<'a> LinkSet<'a> {
    /// An empty set whose sources go into `arena`.
    pub fn new(arena: &'a SourceArena, opts: OpenOptions) -> LinkSet<'a> {
        LinkSet {
            arena,
            opts,
            files: Vec::new(),
            by_path: HashMap::new(),
            inputs: Vec::new(),
            built_in: HashMap::new(),
        }
    }

    /// Opens the command-line inputs, in order.
    pub fn with_inputs(arena: &'a SourceArena, opts: OpenOptions, paths: &[String]) -> LinkSet<'a> {
        let mut set = LinkSet::new(arena, opts);
        for p in paths {
            let id = set.get_or_open(p);
            set.inputs.push(id);
        }
        set
    }

    /// Adds an input whose bytes are already in memory (fuzzing, tests).
    pub fn add_input_bytes(&mut self, display: &str, bytes: Vec<u8>) -> FileId {
        let src: &'a Source = self.arena.alloc(Source::from_bytes(display, bytes));
        let id = self.push(display, Ok(src));
        self.inputs.push(id);
        id
    }

    /// Makes `bytes` (built into gosym: the std stubs) the file at `path`.
    pub fn provide(&mut self, path: &str, bytes: &'static [u8]) {
        self.built_in.insert(path.to_string(), bytes);
    }

    /// The file at `path`, opening and parsing it on first use: the only
    /// I/O of a check's stages.
    pub fn get_or_open(&mut self, path: &str) -> FileId {
        if let Some(&id) = self.by_path.get(path) {
            return id;
        }
        if let Some(&bytes) = self.built_in.get(path) {
            let src: &'a Source = self.arena.alloc(Source::from_static(path, bytes));
            return self.push(path, Ok(src));
        }
        let src = Source::open(std::path::Path::new(path), self.opts).map(|s| &*self.arena.alloc(s));
        self.push(path, src)
    }

    /// Opens and parses the files of `paths` not in the set yet on every
    /// core, ahead of the load walk that will ask for them
    /// ([`LinkSet::get_or_open`]): the walk stays sequential, as the
    /// linker's, and finds them read. A file that cannot be opened is
    /// kept with its error, which only a walk that asks for it reports.
    pub fn prefetch<'p>(&mut self, paths: impl IntoIterator<Item = &'p str>) {
        let mut seen = std::collections::HashSet::new();
        let todo: Vec<&str> = paths
            .into_iter()
            .filter(|p| !self.by_path.contains_key(*p) && !self.built_in.contains_key(*p) && seen.insert(*p))
            .collect();
        if todo.len() < 2 || crate::par::threads() < 2 {
            return;
        }
        let opts = self.opts;
        let opened = crate::par::map_in_order(&todo, true, |p| Source::open(std::path::Path::new(p), opts));
        let sources: Vec<Result<&'a Source, InputError>> =
            opened.into_iter().map(|s| s.map(|s| &*self.arena.alloc(s))).collect();
        let read = crate::par::map_in_order(&sources, true, |s| {
            read_source(s.as_ref().map_err(Clone::clone).copied())
        });
        for ((path, source), (view, role, facts)) in todo.into_iter().zip(sources).zip(read) {
            self.insert(path, source, view, role, facts);
        }
    }

    fn push(&mut self, path: &str, source: Result<&'a Source, InputError>) -> FileId {
        let (view, role, facts) = read_source(source.as_ref().map_err(Clone::clone).copied());
        self.insert(path, source, view, role, facts)
    }

    fn insert(
        &mut self,
        path: &str,
        source: Result<&'a Source, InputError>,
        view: Result<FileView<'a>, InputError>,
        role: Role,
        facts: PackageFacts,
    ) -> FileId {
        // Parsed: what a check reads of it later is mapped again.
        crate::residency::trim();
        let id = FileId(self.files.len() as u32);
        self.files.push(LoadedFile {
            path: path.to_string(),
            source,
            view,
            role,
            facts,
        });
        self.by_path.insert(path.to_string(), id);
        id
    }

    /// The file `id`.
    pub fn file(&self, id: FileId) -> &LoadedFile<'a> {
        &self.files[id.0 as usize]
    }

    /// Whether any file opened so far is built into gosym (the std stubs).
    pub fn any_built_in(&self) -> bool {
        self.files.iter().any(LoadedFile::is_built_in)
    }

    /// The command-line inputs, in order.
    pub fn inputs(&self) -> impl Iterator<Item = (FileId, &LoadedFile<'a>)> {
        self.inputs.iter().map(|&id| (id, self.file(id)))
    }

    /// Makes `ids` (already opened) the inputs, returning the previous
    /// ones: a check of part of the inputs without opening anything again
    /// (the matrix checks each producer's files on their own).
    pub fn replace_inputs(&mut self, ids: Vec<FileId>) -> Vec<FileId> {
        std::mem::replace(&mut self.inputs, ids)
    }

    /// The paths of the command-line inputs, in order.
    pub fn input_paths(&self) -> Vec<String> {
        self.inputs().map(|(_, f)| f.path.clone()).collect()
    }

    /// How many files the set has opened.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether no file was opened.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

/// A source parsed: its view, role and package facts.
fn read_source(source: Result<&Source, InputError>) -> (Result<FileView<'_>, InputError>, Role, PackageFacts) {
    let view = match source {
        Ok(s) => FileView::parse(s).map_err(|e| s.error(None, InputErrorKind::Read(e))),
        Err(e) => Err(e),
    };
    let role = match &view {
        Ok(v) => role_of(v),
        Err(_) => Role::Unreadable,
    };
    let facts = view.as_ref().map(package_facts).unwrap_or_default();
    (view, role, facts)
}

fn role_of(v: &FileView<'_>) -> Role {
    match v.kind {
        FileKind::GoObject => Role::GoPackage,
        FileKind::MachO | FileKind::Pe | FileKind::Wasm => Role::Executable,
        FileKind::Elf => match v
            .units
            .first()
            .and_then(|u| ElfFile::parse(u.data).ok())
            .map(|e| e.file_type())
        {
            Some(t) if t == object::elf::ET_DYN.0 => Role::SharedLibrary,
            Some(t) if t == object::elf::ET_EXEC.0 => Role::Executable,
            _ => Role::HostObject,
        },
        FileKind::Archive | FileKind::ThinArchive => {
            if v.go_objects().next().is_none() && v.units.iter().any(|u| u.kind == MemberKind::Elf) {
                Role::HostObject
            } else {
                Role::GoPackage
            }
        }
    }
}

fn package_facts(v: &FileView<'_>) -> PackageFacts {
    let mut f = PackageFacts::default();
    for u in &v.units {
        match &u.content {
            Content::PkgDef(p) => {
                f.fingerprint.get_or_insert(p.fingerprint);
                f.is_main |= p.header.is_main;
            }
            Content::GoObj(o) => {
                f.is_main |= o.header.is_main;
                if !o.from_assembler() && f.import_path.is_none() {
                    f.import_path = o.import_path().map(|p| String::from_utf8_lossy(p).into_owned());
                    if f.import_path.is_some() {
                        f.fingerprint = Some(o.fingerprint);
                    }
                }
            }
            _ => {
                if u.kind == MemberKind::GoObject
                    && let Ok((h, _)) = TextHeader::parse(u.data, false)
                {
                    f.is_main |= h.is_main;
                }
            }
        }
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Roles come from `e_type` in the file's own byte order: the
    /// big-endian mips and s390x executables are executables (read as
    /// little-endian, their `e_type` would be 0x0200, nothing known).
    #[test]
    fn roles_of_elf_files_of_either_byte_order() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/elf");
        let arena = SourceArena::new();
        let names = [
            ("hello1.27", Role::Executable),
            ("hello1.27-386", Role::Executable),
            ("hello1.27-mips", Role::Executable),
            ("hello1.27-s390x", Role::Executable),
            ("cshared1.27.so", Role::SharedLibrary),
            ("weak.o", Role::HostObject),
            ("carchive1.27.a", Role::HostObject),
        ];
        let paths: Vec<String> = names
            .iter()
            .map(|(n, _)| dir.join(n).to_string_lossy().into_owned())
            .collect();
        let set = LinkSet::with_inputs(&arena, OpenOptions::default(), &paths);
        for ((name, role), (_, f)) in names.iter().zip(set.inputs()) {
            assert_eq!(f.role, *role, "{name}");
        }
        let be = set.inputs().nth(3).unwrap().1.bytes();
        let elf = ElfFile::parse(be).unwrap();
        assert_eq!(elf.file_type(), object::elf::ET_EXEC.0);
        assert_eq!(elf.machine(), object::elf::EM_S390.0);
        assert!(elf.is_64());
    }

    #[test]
    fn unreadable_inputs_are_kept_with_their_error() {
        let arena = SourceArena::new();
        let mut set = LinkSet::new(&arena, OpenOptions::default());
        let id = set.add_input_bytes("junk.a", b"not an archive".to_vec());
        let f = set.file(id);
        assert_eq!(f.role, Role::Unreadable);
        assert!(
            f.view.as_ref().unwrap_err().to_string().starts_with("junk.a: "),
            "{:?}",
            f.view
        );
        let missing = set.get_or_open("/nonexistent/x.a");
        assert_eq!(set.get_or_open("/nonexistent/x.a"), missing, "opened once");
        assert_eq!(set.file(missing).role, Role::Unreadable);
    }

    /// Files read ahead on every core are what the walk would have read
    /// itself, each once, a missing one with its error; paths already in
    /// the set are not read again.
    #[test]
    fn prefetched_files_are_the_ones_the_walk_reads() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata");
        let paths: Vec<String> = [
            "go1.22/mainpkg.a",
            "go1.22/plain.a",
            "go1.21/dotted.v2.a",
            "elf/weak.o",
            "nonexistent.a",
        ]
        .iter()
        .map(|p| dir.join(p).to_string_lossy().into_owned())
        .collect();
        let (a1, a2) = (SourceArena::new(), SourceArena::new());
        let mut ahead = LinkSet::new(&a1, OpenOptions::default());
        let first = ahead.get_or_open(&paths[0]);
        ahead.prefetch(paths.iter().chain(&paths).map(String::as_str));
        assert_eq!(ahead.files.len(), paths.len(), "each path read once");
        assert_eq!(ahead.get_or_open(&paths[0]), first);
        let mut walked = LinkSet::new(&a2, OpenOptions::default());
        for p in &paths {
            let (xi, yi) = (ahead.get_or_open(p), walked.get_or_open(p));
            let (x, y) = (ahead.file(xi), walked.file(yi));
            assert_eq!((x.role, &x.facts), (y.role, &y.facts), "{p}");
            assert_eq!(
                x.view.as_ref().map(|v| v.units.len()).map_err(ToString::to_string),
                y.view.as_ref().map(|v| v.units.len()).map_err(ToString::to_string),
                "{p}"
            );
        }
        assert_eq!(ahead.files.len(), paths.len(), "the walk finds them read");
        let missing = ahead.get_or_open(&paths[4]);
        assert_eq!(ahead.file(missing).role, Role::Unreadable);
    }
}
