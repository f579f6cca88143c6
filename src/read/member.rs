//! Classifies archive members and standalone files by their content, as the
//! Go linker and tools do: the `go object ` text prefix, ELF/Mach-O/COFF/XCOFF
//! magics, and the zero-size sentinels `preferlinkext`/`dynimportfail` that
//! the go command inserts into cgo archives. Names only decide `__.PKGDEF`
//! (which also starts with `go object `) and the sentinels.

use super::goobj::textheader::GO_OBJECT_PREFIX;

/// What a member or file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MemberKind {
    /// `__.PKGDEF` export data.
    PkgDef,
    /// A Go object (compiler `_go_.o` or assembler object).
    GoObject,
    /// A zero-size marker member (`preferlinkext`, `dynimportfail`).
    Sentinel,
    /// An ELF host object (cgo `_x001.o`, `.syso`, …).
    Elf,
    /// A Mach-O host object.
    MachO,
    /// A COFF object or a PE image (`MZ`: a windows executable).
    Coff,
    /// An XCOFF host object.
    Xcoff,
    /// A WebAssembly module (`\0asm`): a js/wasm or wasip1/wasm executable.
    Wasm,
    /// None of the above.
    Unknown,
}

impl MemberKind {
    /// Whether this is a native (host) object.
    pub fn is_host(self) -> bool {
        matches!(
            self,
            MemberKind::Elf | MemberKind::MachO | MemberKind::Coff | MemberKind::Xcoff
        )
    }

    /// Short label for tables.
    pub fn label(self) -> &'static str {
        match self {
            MemberKind::PkgDef => "export data",
            MemberKind::GoObject => "go object",
            MemberKind::Sentinel => "sentinel",
            MemberKind::Elf => "elf",
            MemberKind::MachO => "mach-o",
            MemberKind::Coff => "coff",
            MemberKind::Xcoff => "xcoff",
            MemberKind::Wasm => "wasm",
            MemberKind::Unknown => "unknown",
        }
    }
}

/// Classifies a member by name and content.
pub fn classify(name: &[u8], data: &[u8]) -> MemberKind {
    if name == b"__.PKGDEF" {
        return MemberKind::PkgDef;
    }
    if data.is_empty() && (name == b"preferlinkext" || name == b"dynimportfail") {
        return MemberKind::Sentinel;
    }
    classify_bytes(data)
}

/// Classifies bytes by their magic alone.
pub fn classify_bytes(data: &[u8]) -> MemberKind {
    if data.starts_with(GO_OBJECT_PREFIX) {
        return MemberKind::GoObject;
    }
    if data.starts_with(b"\x7fELF") {
        return MemberKind::Elf;
    }
    if super::pe::is_image(data) {
        return MemberKind::Coff;
    }
    if data.starts_with(b"\0asm") {
        return MemberKind::Wasm;
    }
    let m4 = data.get(..4).map(|m| [m[0], m[1], m[2], m[3]]);
    match m4 {
        Some([0xfe, 0xed, 0xfa, 0xce | 0xcf]) | Some([0xce | 0xcf, 0xfa, 0xed, 0xfe]) => MemberKind::MachO,
        Some([0x01, 0xdf | 0xf7, _, _]) => MemberKind::Xcoff,
        Some([0x4c, 0x01, _, _]) | Some([0x64, 0x86, _, _]) | Some([0x64, 0xaa, _, _]) | Some([0xc4, 0x01, _, _]) => {
            MemberKind::Coff
        }
        _ => MemberKind::Unknown,
    }
}
