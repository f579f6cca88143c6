//! `info`: what an input is, summarised from its parsed view: producing
//! toolchain, format, build id, package path, fingerprint, imports with the
//! fingerprints this package expects, members, and symbol/reloc counts.

use serde::Serialize;

use super::file::{Content, FileKind, FileView};
use crate::read::goobj::GoObj;
use crate::read::member::MemberKind;
use crate::tables::Support;

/// The toolchain that wrote a Go object.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Producer {
    /// Version string from the header (`go1.22.12`).
    pub version: String,
    /// `GOOS`.
    pub goos: String,
    /// `GOARCH`.
    pub goarch: String,
    /// `GOAMD64=v1`-style field, if any.
    pub gogoarch: Option<String>,
    /// Experiments (`X:` list), if the header has the field.
    pub experiments: Option<String>,
    /// The header line itself.
    pub header: String,
    /// Binary format (`go115ld`, `go118ld`, `go120ld`).
    pub format: String,
    /// `verified` or `inferred from go1.N`.
    pub support: String,
}

/// An imported package and the fingerprint the importer expects.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Import {
    /// Import path (unescaped).
    pub path: String,
    /// Expected fingerprint, hex.
    pub fingerprint: String,
}

/// One member.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct MemberInfo {
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: MemberKind,
    /// Size in bytes.
    pub size: u64,
    /// Offset of its data in the file.
    pub offset: u64,
    /// Producer version for Go objects.
    pub version: Option<String>,
    /// Decoding error, if any.
    pub error: Option<String>,
}

/// Symbol counts over all Go objects of the input.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq, Eq)]
pub struct Counts {
    /// Defined symbols (package, hashed64, hashed, non-package).
    pub defined: u64,
    /// Non-package references.
    pub references: u64,
    /// Referenced names (RefName).
    pub refnames: u64,
    /// Relocations.
    pub relocations: u64,
    /// Aux records.
    pub aux: u64,
}

/// Build information of a linked Go file.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct BuildInfoSummary {
    /// Go version that linked it.
    pub go_version: String,
    /// Module info lines (`path\t…`, `mod\t…`, `dep\t…`, `build\t…`).
    pub modinfo: Vec<String>,
}

/// A Go ELF note.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct NoteSummary {
    /// Section.
    pub section: String,
    /// Type (1 pkg-list, 2 abihash, 3 deps, 4 buildid).
    pub kind: u32,
    /// Text, or hex for binary descriptors (abihash).
    pub value: String,
}

/// The summary of one input.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FileInfo {
    /// Path as given.
    pub file: String,
    /// File kind.
    pub kind: FileKind,
    /// Producing toolchain (first Go object, else export data).
    pub producer: Option<Producer>,
    /// Build id.
    pub build_id: Option<String>,
    /// Import path (from the compiler object's cuinfo symbol).
    pub import_path: Option<String>,
    /// Package main?
    pub main: bool,
    /// Package fingerprint, hex (compiler object, else export data).
    pub fingerprint: Option<String>,
    /// Export data format (`i` v1, `u` v2, …).
    pub export_format: Option<String>,
    /// Imports with expected fingerprints.
    pub imports: Vec<Import>,
    /// Members (or the one standalone unit).
    pub members: Vec<MemberInfo>,
    /// Counts.
    pub counts: Counts,
    /// Build information (linked files).
    pub build_info: Option<BuildInfoSummary>,
    /// Go ELF notes (linked files).
    pub notes: Vec<NoteSummary>,
    /// `DT_NEEDED` libraries (linked files).
    pub needed: Vec<String>,
    /// `DT_SONAME` (shared libraries).
    pub soname: Option<String>,
}

/// Lower-case hex of a fingerprint.
pub fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn magic_name(o: &GoObj<'_>) -> String {
    let m = o.bin().get(1..8).unwrap_or(b"");
    String::from_utf8_lossy(m).into_owned()
}

fn producer(o: &GoObj<'_>) -> Producer {
    let h = &o.header;
    Producer {
        version: h.version.to_string(),
        goos: h.goos.to_string(),
        goarch: h.goarch.to_string(),
        gogoarch: h.gogoarch.map(str::to_string),
        experiments: h.experiments.map(str::to_string),
        header: h.line.to_string(),
        format: magic_name(o),
        support: match o.support {
            Support::Verified => "verified".into(),
            Support::Derived => "derived from its GOROOT".into(),
            Support::Inferred { from } => format!("inferred from go1.{from}"),
        },
    }
}

/// Summarises a parsed input.
pub fn summarise(display: &str, view: &FileView<'_>) -> FileInfo {
    let mut info = FileInfo {
        file: display.to_string(),
        kind: view.kind,
        producer: None,
        build_id: None,
        import_path: None,
        main: false,
        fingerprint: None,
        export_format: None,
        imports: Vec::new(),
        members: Vec::new(),
        counts: Counts::default(),
        build_info: None,
        notes: Vec::new(),
        needed: Vec::new(),
        soname: None,
    };
    let linked_info = |u: &crate::model::file::Unit<'_>| match view.kind {
        FileKind::MachO => crate::read::buildinfo::read_macho(u.data).ok().flatten(),
        FileKind::Pe => crate::read::buildinfo::read_pe(u.data).ok().flatten(),
        _ => None,
    };
    if let Some(u) = view.units.first()
        && let Some(bi) = linked_info(u)
    {
        info.build_info = Some(BuildInfoSummary {
            go_version: bi.version,
            modinfo: bi.modinfo.lines().map(str::to_string).collect(),
        });
    }
    if view.kind == FileKind::Elf
        && let Some(u) = view.units.first()
        && let Ok(elf) = crate::read::elf::ElfFile::parse(u.data)
    {
        if let Ok(Some(bi)) = elf.build_info() {
            info.build_info = Some(BuildInfoSummary {
                go_version: bi.version,
                modinfo: bi.modinfo.lines().map(str::to_string).collect(),
            });
        }
        {
            let names = elf.dynamic_names();
            info.needed = names
                .needed
                .iter()
                .map(|n| String::from_utf8_lossy(n).into_owned())
                .collect();
            info.soname = names.soname.map(|n| String::from_utf8_lossy(n).into_owned());
        }
        for n in elf.go_notes() {
            let value = if n.kind == crate::read::buildinfo::NOTE_GO_ABIHASH {
                hex(&n.desc)
            } else {
                String::from_utf8_lossy(&n.desc).trim_end_matches('\0').to_string()
            };
            info.notes.push(NoteSummary {
                section: n.section,
                kind: n.kind,
                value,
            });
        }
    }
    let compiler = view.go_objects().map(|(_, o)| o).find(|o| !o.from_assembler());
    if let Some(o) = view.go_objects().next().map(|(_, o)| o) {
        info.producer = Some(producer(o));
    }
    if let Some(o) = compiler {
        info.producer = Some(producer(o));
        info.build_id = o.header.build_id.map(str::to_string);
        info.main = o.header.is_main;
        info.import_path = o.import_path().map(|p| String::from_utf8_lossy(p).into_owned());
        info.fingerprint = Some(hex(&o.fingerprint));
        for i in 0..o.nautolib() {
            if let Ok((p, fp)) = o.autolib(i) {
                info.imports.push(Import {
                    path: String::from_utf8_lossy(p).into_owned(),
                    fingerprint: hex(&fp),
                });
            }
        }
    }
    for u in &view.units {
        let mut m = MemberInfo {
            name: u.name_lossy(),
            kind: u.kind,
            size: u.data.len() as u64,
            offset: u.offset,
            version: None,
            error: None,
        };
        match &u.content {
            Content::GoObj(o) => {
                m.version = Some(o.header.version.to_string());
                let c = &mut info.counts;
                c.defined += o.ndef() as u64;
                c.references += o.nnonpkgref() as u64;
                c.refnames += o.nrefname() as u64;
                c.relocations += o.nreloc() as u64;
                c.aux += o.naux() as u64;
            }
            Content::PkgDef(p) => {
                m.version = Some(p.header.version.to_string());
                info.export_format = Some(format!("{} v{}", p.format as char, p.version));
                info.fingerprint.get_or_insert_with(|| hex(&p.fingerprint));
                info.build_id
                    .get_or_insert_with(|| p.header.build_id.unwrap_or_default().to_string());
                info.main |= p.header.is_main;
            }
            Content::Bad(e) => m.error = Some(e.to_string()),
            _ => {}
        }
        info.members.push(m);
    }
    if info.build_id.as_deref() == Some("") {
        info.build_id = None;
    }
    info
}
