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
    /// Reachable from the link's roots in gosym's model, which keeps every
    /// method of a reachable type.
    pub reachable: bool,
    /// Whether the binary keeps it: `yes` (reachable without following
    /// any method table), `no` (not reachable even following them all), or
    /// `depends` (only through method tables: the linker keeps such code
    /// when an interface call or reflection can reach it, which gosym does
    /// not model).
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
