//! Owned summaries of the inputs the linker would load: per archive, the
//! objects `loadobjfile` hands to `ldobj` (every member but `__.PKGDEF`, and
//! but members with names under 16 bytes that end in neither `.o` nor
//! `.syso`), each with the header line, magic, fingerprint, flags, imports
//! and referenced packages. Small and owned, so the load simulation can
//! open archives in any order.

use crate::input::Source;
use crate::model::file::{Content, FileView};
use crate::read::goobj::TextHeader;
use crate::read::member::MemberKind;

/// A Go object as the linker sees it.
#[derive(Debug, Clone)]
pub struct ObjSummary {
    /// `file(member)` as the linker names it (`pn`).
    pub pn: String,
    /// Member name.
    pub member: Option<String>,
    /// First line.
    pub header: String,
    /// Version field of the header.
    pub version: String,
    /// Binary magic (8 bytes) if present.
    pub magic: Vec<u8>,
    /// Whether gosym could decode the binary part.
    pub decoded: bool,
    /// Decode error, if any.
    pub error: Option<String>,
    /// Fingerprint.
    pub fingerprint: [u8; 8],
    /// Object flags.
    pub flags: u32,
    /// Imports with expected fingerprints (Autolib), unescaped paths.
    pub autolib: Vec<(String, [u8; 8])>,
    /// Referenced packages (PkgIndex, escaped paths; entry 0 dropped).
    pub pkgidx: Vec<String>,
    /// Import path from the cuinfo symbol.
    pub import_path: Option<String>,
    /// The `main` header line.
    pub is_main: bool,
    /// Assembler object.
    pub from_asm: bool,
    /// Index of the member among the file's parsed units.
    pub unit: usize,
    /// The member is cut short by the end of the file.
    pub truncated: bool,
}

/// A file the linker would open.
#[derive(Debug, Clone, Default)]
pub struct LibFile {
    /// Path as given.
    pub file: String,
    /// Could not be opened or is not an archive/object: the reason.
    pub error: Option<String>,
    /// Go objects in member order.
    pub objects: Vec<ObjSummary>,
    /// Import path: cuinfo of the compiler object (or `main`).
    pub import_path: Option<String>,
    /// Package main.
    pub is_main: bool,
    /// Package fingerprint (compiler object, else export data).
    pub fingerprint: Option<[u8; 8]>,
    /// Header of the export data, for archives without a linkable object.
    pub pkgdef_header: Option<String>,
}

fn linker_loads(name: &[u8]) -> bool {
    if name == b"__.PKGDEF" {
        return false;
    }
    if name.len() < 16 {
        let s = String::from_utf8_lossy(name);
        return s.ends_with(".o") || s.ends_with(".syso");
    }
    true
}

/// Summarises the file at `path`.
pub fn summarise(path: &str) -> LibFile {
    let mut lf = LibFile {
        file: path.to_string(),
        ..Default::default()
    };
    let src = match Source::open(std::path::Path::new(path)) {
        Ok(s) => s,
        Err(e) => {
            lf.error = Some(e.to_string());
            return lf;
        }
    };
    let view = match FileView::parse(&src) {
        Ok(v) => v,
        Err(e) => {
            lf.error = Some(format!("{path}: {e}"));
            return lf;
        }
    };
    for (ui, u) in view.units.iter().enumerate() {
        if let Content::PkgDef(p) = &u.content {
            lf.pkgdef_header = Some(p.header.line.to_string());
            lf.fingerprint.get_or_insert(p.fingerprint);
            lf.is_main |= p.header.is_main;
        }
        if u.kind != MemberKind::GoObject {
            continue;
        }
        if let Some(n) = u.name
            && !linker_loads(n)
        {
            continue;
        }
        let member = u.name.map(|n| String::from_utf8_lossy(n).into_owned());
        let pn = match &member {
            Some(m) => format!("{path}({m})"),
            None => path.to_string(),
        };
        let Ok((th, _)) = TextHeader::parse(u.data, false) else {
            lf.objects.push(ObjSummary {
                pn,
                member,
                header: String::new(),
                version: String::new(),
                magic: Vec::new(),
                decoded: false,
                error: Some("malformed object header".into()),
                fingerprint: [0; 8],
                flags: 0,
                autolib: Vec::new(),
                pkgidx: Vec::new(),
                import_path: None,
                is_main: false,
                from_asm: false,
                unit: ui,
                truncated: u.truncated,
            });
            continue;
        };
        let mut s = ObjSummary {
            pn,
            member,
            header: th.line.to_string(),
            version: th.version.to_string(),
            magic: Vec::new(),
            decoded: false,
            error: None,
            fingerprint: [0; 8],
            flags: 0,
            autolib: Vec::new(),
            pkgidx: Vec::new(),
            import_path: None,
            is_main: th.is_main,
            from_asm: false,
            unit: ui,
            truncated: u.truncated,
        };
        match &u.content {
            Content::GoObj(o) => {
                s.decoded = true;
                s.magic = o.bin().get(..8).unwrap_or_default().to_vec();
                s.fingerprint = o.fingerprint;
                s.flags = o.flags;
                s.from_asm = o.from_assembler();
                s.import_path = o.import_path().map(|p| String::from_utf8_lossy(p).into_owned());
                for i in 0..o.nautolib() {
                    if let Ok((p, fp)) = o.autolib(i) {
                        s.autolib.push((String::from_utf8_lossy(p).into_owned(), fp));
                    }
                }
                for i in 1..o.npkgidx() {
                    if let Ok(p) = o.pkgidx(i) {
                        s.pkgidx.push(String::from_utf8_lossy(p).into_owned());
                    }
                }
            }
            Content::Bad(e) => {
                s.error = Some(e.to_string());
                s.magic = raw_magic(u.data);
            }
            _ => {}
        }
        if !s.from_asm && s.decoded && lf.import_path.is_none() {
            lf.import_path = s.import_path.clone();
            lf.fingerprint = Some(s.fingerprint);
        }
        lf.is_main |= s.is_main;
        lf.objects.push(s);
    }
    lf
}

fn raw_magic(data: &[u8]) -> Vec<u8> {
    match TextHeader::parse(data, true) {
        Ok((_, end)) => data.get(end..end + 8).unwrap_or_default().to_vec(),
        Err(_) => Vec::new(),
    }
}
