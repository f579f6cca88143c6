//! What `gosym explain` reports of one symbol in one link: the data,
//! filled by `symbols::explain` and rendered by `render::explain`. Leaf
//! module.

/// Where one symbol binds in this link: its definitions (per ABI), every
/// reference to it, and whether the dead-code pass reaches it.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Explanation {
    /// The symbol asked about.
    pub symbol: String,
    /// Its definitions, one per ABI that has one.
    pub definitions: Vec<Binding>,
    /// The relocations that target it, in load order.
    pub references: Vec<Reference>,
    /// Reachable from the link's roots: as the linker decides, methods
    /// included; against the built-in std stubs, taking every method of a
    /// reachable type as kept.
    pub reachable: bool,
    /// Whether the binary keeps it: `yes` or `no`; against the std stubs
    /// (std's interface calls unknown) `depends` when only methods of
    /// reachable types reach it.
    pub kept: &'static str,
    /// Referenced but defined by no loaded object nor the linker: the
    /// linker's `relocation target X not defined` when a referrer is
    /// reachable.
    pub undefined: bool,
}

/// A definition.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Binding {
    /// `ABI0` or `ABIInternal`.
    pub abi: String,
    /// Package, file and member of the defining object.
    pub package: String,
    /// Archive.
    pub file: String,
    /// Member.
    pub member: Option<String>,
    /// Symbol kind (`STEXT`, …), or `host object` / `cgo` for those.
    pub kind: String,
}

/// A relocation to the symbol.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Reference {
    /// The referring symbol.
    pub from: String,
    /// Its package, file and member.
    pub package: String,
    /// Archive.
    pub file: String,
    /// Member.
    pub member: Option<String>,
    /// Offset in the referring symbol's data.
    pub offset: i32,
    /// Relocation type, in the producer release's names.
    pub rtype: String,
    /// The ABI the reference asks for.
    pub abi: String,
    /// The referring symbol is reachable.
    pub reachable: bool,
}
