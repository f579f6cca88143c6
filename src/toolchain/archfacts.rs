//! A toolchain's architecture facts, read from its own sources: the
//! compiler's `cmd/internal/sys/arch.go` (`PtrSize`, `RegSize`, byte
//! order, `MinLC` = PC quantum, link register, `FixedFrameSize`) and the
//! runtime's per-architecture constants (`internal/goarch/goarch_ARCH.go`
//! from go1.19, `runtime/internal/sys/arch_ARCH.go` in go1.15:
//! `MinFrameSize`, `StackAlign`, `DefaultPhysPageSize`). A fact the
//! release does not define is `None`.

use std::path::Path;

use serde::Serialize;

use super::ToolchainError;

/// The facts of one GOARCH in one toolchain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArchFacts {
    /// GOARCH.
    pub goarch: String,
    /// `PtrSize`.
    pub ptr_size: u32,
    /// `RegSize`.
    pub reg_size: u32,
    /// Big-endian byte order.
    pub big_endian: bool,
    /// `PCQuantum` (the compiler's `MinLC`).
    pub pc_quantum: u32,
    /// `MinFrameSize` (the runtime's; `FixedFrameSize` in the compiler).
    pub min_frame_size: Option<u32>,
    /// `StackAlign` (go1.19+).
    pub stack_align: Option<u32>,
    /// `DefaultPhysPageSize`.
    pub phys_page_size: Option<u64>,
    /// The architecture has a link register.
    pub has_lr: Option<bool>,
    /// The source files read, relative to GOROOT/src.
    pub sources: Vec<String>,
}

fn read(goroot: &Path, rel: &str) -> Result<String, ToolchainError> {
    std::fs::read_to_string(goroot.join("src").join(rel)).map_err(|e| ToolchainError::Command {
        what: format!("read {}", goroot.join("src").join(rel).display()),
        detail: e.to_string(),
    })
}

/// The `Key: value` fields of the `&Arch{…}` literal whose `Name` is `goarch`.
fn arch_literal<'s>(src: &'s str, goarch: &str) -> Option<Vec<(&'s str, &'s str)>> {
    let name = format!("\"{goarch}\",");
    for block in src.split("&Arch{").skip(1) {
        let body = &block[..block.find("\n}")?];
        let fields: Vec<(&str, &str)> = body
            .lines()
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim(), v.trim().trim_end_matches(',')))
            .collect();
        if fields.iter().any(|(k, v)| *k == "Name" && format!("{v},") == name) {
            return Some(fields);
        }
    }
    None
}

/// The `Name = value` constants of a Go file (a leading `_` dropped).
fn constants(src: &str) -> Vec<(String, String)> {
    src.lines()
        .filter_map(|l| l.trim().split_once('='))
        .filter(|(k, _)| !k.trim().contains(' ') && !k.trim().is_empty())
        .map(|(k, v)| {
            let v = v.split("//").next().unwrap_or(v).trim();
            (k.trim().trim_start_matches('_').to_string(), v.to_string())
        })
        .collect()
}

/// Reads the facts of `goarch` from the toolchain at `goroot`.
pub fn read_facts(goroot: &Path, goarch: &str) -> Result<ArchFacts, ToolchainError> {
    let missing = |what: &str| ToolchainError::Command {
        what: format!("read the {goarch} architecture facts of {}", goroot.display()),
        detail: what.to_string(),
    };
    let sys = "cmd/internal/sys/arch.go";
    let src = read(goroot, sys)?;
    let lit = arch_literal(&src, goarch).ok_or_else(|| missing(&format!("no Arch named {goarch} in {sys}")))?;
    let field = |k: &str| lit.iter().find(|(n, _)| *n == k).map(|(_, v)| *v);
    let num = |k: &str| field(k).and_then(|v| v.parse::<u32>().ok());
    let ptr_size = num("PtrSize").ok_or_else(|| missing("no PtrSize"))?;
    let reg_size = num("RegSize").ok_or_else(|| missing("no RegSize"))?;
    let mut facts = ArchFacts {
        goarch: goarch.to_string(),
        ptr_size,
        reg_size,
        big_endian: field("ByteOrder").is_some_and(|v| v.contains("BigEndian")),
        pc_quantum: num("MinLC").ok_or_else(|| missing("no MinLC"))?,
        min_frame_size: num("FixedFrameSize"),
        stack_align: None,
        phys_page_size: None,
        has_lr: field("HasLR").map(|v| v == "true"),
        sources: vec![sys.to_string()],
    };
    let runtime = [
        format!("internal/goarch/goarch_{goarch}.go"),
        format!("runtime/internal/sys/arch_{goarch}.go"),
    ];
    if let Some(rel) = runtime.iter().find(|r| goroot.join("src").join(r).is_file()) {
        let consts = constants(&read(goroot, rel)?);
        let value = |k: &str| -> Option<u64> {
            let v = consts.iter().find(|(n, _)| n == k)?.1.as_str();
            match v {
                "PtrSize" => Some(u64::from(ptr_size)),
                "RegSize" => Some(u64::from(reg_size)),
                _ => v.parse().ok(),
            }
        };
        facts.min_frame_size = value("MinFrameSize").map(|v| v as u32).or(facts.min_frame_size);
        facts.stack_align = value("StackAlign").map(|v| v as u32);
        facts.phys_page_size = value("DefaultPhysPageSize");
        facts.sources.push(rel.clone());
    }
    Ok(facts)
}
