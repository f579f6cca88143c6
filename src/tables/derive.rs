//! Release tables derived from a GOROOT's own sources: the same
//! derivation that wrote the built-in tables ([`super::generated`], a cache
//! of it for the releases the scripts install), so a release gosym was not
//! built with is read and checked with its own facts.
//!
//! What is read, per release (go1.15 keeps `goobj` in `goobj2`):
//! - `src/internal/goversion/goversion.go`: the minor version;
//! - `src/cmd/internal/objabi/{reloctype,symkind}_string.go`: the stringer
//!   tables the Go tools print relocation types and symbol kinds with;
//! - `src/cmd/internal/goobj/builtinlist.go`: the builtin symbols;
//! - `src/cmd/internal/goobj/objfile.go`: the aux types, symbol `Flag2`
//!   bits and object flags (its `iota` blocks);
//! - `src/cmd/link/internal/loader/loader.go`: `blockedLinknames`;
//! - `src/cmd/link/internal/ld/*.go`: the names the linker defines itself
//!   (literal first arguments of `xdefine`, `CreateSymForUpdate`,
//!   `defineInternal`, `LookupOrCreateSym`).
//!
//! Derived tables live for the whole process (they are leaked once per
//! GOROOT), so every reader borrows them as it borrows the built-in ones.

use std::path::{Path, PathBuf};

use super::ReleaseTables;

/// Why a GOROOT's sources did not yield its tables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeriveError {
    /// The source file concerned.
    pub file: PathBuf,
    /// What was wrong with it.
    pub what: String,
}

impl std::fmt::Display for DeriveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.file.display(), self.what)
    }
}

impl std::error::Error for DeriveError {}

/// The tables of the release whose GOROOT is `goroot`, from its sources.
pub fn derive(goroot: &Path) -> Result<ReleaseTables, DeriveError> {
    let src = goroot.join("src");
    let minor = minor_of(&src)?;
    let internal = src.join("cmd/internal");
    let goobj = internal.join(if minor <= 15 { "goobj2" } else { "goobj" });
    let objabi = internal.join("objabi");
    let link = src.join("cmd/link/internal");
    let objfile = read(&goobj.join("objfile.go"))?;
    let blocks = iota_blocks(&objfile.1);
    let block = |first: &str, prefix: &str| -> Vec<(u64, String)> {
        blocks
            .iter()
            .find(|b| b.first().is_some_and(|(_, n)| n == first))
            .map(|b| {
                b.iter()
                    .map(|(v, n)| (*v, n.strip_prefix(prefix).unwrap_or(n).to_string()))
                    .collect()
            })
            .unwrap_or_default()
    };
    let aux = block("AuxGotype", "Aux");
    if aux.iter().enumerate().any(|(i, (v, _))| *v != i as u64) {
        return Err(err(&objfile.0, "aux types are not dense from 0"));
    }
    let flag2 = block("SymFlagUsedInIface", "SymFlag");
    let objflags = block("ObjFlagShared", "ObjFlag");
    if aux.is_empty() || objflags.is_empty() {
        return Err(err(&objfile.0, "no AuxGotype or ObjFlagShared const block"));
    }
    let reloc = stringer_table(&read(&objabi.join("reloctype_string.go"))?, "RelocType")?;
    let symkind = stringer_table(&read(&objabi.join("symkind_string.go"))?, "SymKind")?;
    let builtins = builtin_list(&read(&goobj.join("builtinlist.go"))?.1);
    let blocked = blocked_linknames(&read(&link.join("loader/loader.go"))?.1);
    let linker_defined = linker_defined(&link.join("ld"))?;
    Ok(ReleaseTables {
        minor,
        reloc: (reloc.0, leak_strs(reloc.1)),
        symkind: (symkind.0, leak_strs(symkind.1)),
        builtins: Box::leak(
            builtins
                .into_iter()
                .map(|(n, a)| (leak_str(n), a))
                .collect::<Vec<_>>()
                .into_boxed_slice(),
        ),
        aux: leak_strs(aux.into_iter().map(|(_, n)| n).collect()),
        flag2: Box::leak(
            flag2
                .into_iter()
                .map(|(v, n)| (v as u8, leak_str(n)))
                .collect::<Vec<_>>()
                .into_boxed_slice(),
        ),
        objflags: Box::leak(
            objflags
                .into_iter()
                .map(|(v, n)| (v as u32, leak_str(n)))
                .collect::<Vec<_>>()
                .into_boxed_slice(),
        ),
        blocked: Box::leak(
            blocked
                .into_iter()
                .map(|(n, p)| (leak_str(n), leak_strs(p)))
                .collect::<Vec<_>>()
                .into_boxed_slice(),
        ),
        linker_defined: Box::leak(
            linker_defined
                .into_iter()
                .map(|n| &*Box::leak(n.into_bytes().into_boxed_slice()))
                .collect::<Vec<_>>()
                .into_boxed_slice(),
        ),
    })
}

/// The minor version a GOROOT's sources are of (`goversion.Version`).
pub fn minor_of_goroot(goroot: &Path) -> Result<u32, DeriveError> {
    minor_of(&goroot.join("src"))
}

fn minor_of(src: &Path) -> Result<u32, DeriveError> {
    let (file, text) = read(&src.join("internal/goversion/goversion.go"))?;
    text.lines()
        .find_map(|l| l.trim().strip_prefix("const Version = "))
        .and_then(|v| v.trim().parse().ok())
        .ok_or_else(|| err(&file, "no `const Version = N`"))
}

fn read(path: &Path) -> Result<(PathBuf, String), DeriveError> {
    std::fs::read_to_string(path)
        .map(|t| (path.to_path_buf(), t))
        .map_err(|e| err(path, &e.to_string()))
}

fn err(file: &Path, what: &str) -> DeriveError {
    DeriveError {
        file: file.to_path_buf(),
        what: what.to_string(),
    }
}

fn leak_str(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

fn leak_strs(v: Vec<String>) -> &'static [&'static str] {
    Box::leak(v.into_iter().map(leak_str).collect::<Vec<_>>().into_boxed_slice())
}

/// A stringer table: `_T_name` cut at `_T_index`, from the value the
/// `String` method subtracts (`i -= N` / `idx := int(i) - N`), checked
/// against stringer's compile-time assertions (`_ = x[NAME-VALUE]`).
fn stringer_table((file, src): &(PathBuf, String), typ: &str) -> Result<(u16, Vec<String>), DeriveError> {
    let names = quoted_after(src, &format!("const _{typ}_name = "))
        .ok_or_else(|| err(file, &format!("no `const _{typ}_name` (unexpected stringer layout)")))?;
    let index_start = format!("var _{typ}_index = [...]");
    let index: Vec<usize> = src
        .find(&index_start)
        .and_then(|at| {
            let rest = &src[at..];
            let open = rest.find('{')?;
            let close = rest[open..].find('}')? + open;
            Some(&rest[open + 1..close])
        })
        .map(|body| body.split(',').filter_map(|x| x.trim().parse().ok()).collect())
        .ok_or_else(|| err(file, &format!("no `var _{typ}_index` (unexpected stringer layout)")))?;
    let base = [("i -= ", ""), ("idx := int(i) - ", "")]
        .iter()
        .find_map(|(pre, _)| {
            src.lines()
                .find_map(|l| l.trim().strip_prefix(pre).and_then(|v| v.trim().parse::<u16>().ok()))
        })
        .unwrap_or(0);
    let mut table = Vec::with_capacity(index.len().saturating_sub(1));
    for w in index.windows(2) {
        let name = names
            .get(w[0]..w[1])
            .ok_or_else(|| err(file, &format!("_{typ}_index runs past _{typ}_name")))?;
        table.push(name.to_string());
    }
    for line in src.lines() {
        let Some(check) = line.trim().strip_prefix("_ = x[").and_then(|c| c.strip_suffix(']')) else {
            continue;
        };
        let Some((name, value)) = check.rsplit_once('-') else {
            continue;
        };
        let ok = value
            .parse::<u16>()
            .ok()
            .and_then(|v| v.checked_sub(base))
            .and_then(|i| table.get(i as usize))
            .is_some_and(|n| n == name);
        if !ok {
            return Err(err(file, &format!("{name}={value} disagrees with the name table")));
        }
    }
    Ok((base, table))
}

/// The string literal right after `prefix` (no escapes: stringer writes
/// identifiers only).
fn quoted_after<'s>(src: &'s str, prefix: &str) -> Option<&'s str> {
    let at = src.find(prefix)? + prefix.len();
    let rest = src[at..].strip_prefix('"')?;
    Some(&rest[..rest.find('"')?])
}

/// Every `{"NAME", ABI}` entry of `builtinlist.go`, in order.
fn builtin_list(src: &str) -> Vec<(String, u8)> {
    let mut out = Vec::new();
    let mut rest = src;
    while let Some(at) = rest.find("{\"") {
        rest = &rest[at + 2..];
        let Some(end) = rest.find('"') else { break };
        let name = &rest[..end];
        let after = &rest[end + 1..];
        if !name.is_empty()
            && let Some(tail) = after.strip_prefix(", ")
            && let Some(close) = tail.find('}')
            && let Ok(abi) = tail[..close].parse::<u8>()
        {
            out.push((name.to_string(), abi));
        }
    }
    out
}

/// `blockedLinknames` of `loader.go` (go1.23+; empty before): each symbol
/// with the packages allowed to pull it, sorted by symbol.
fn blocked_linknames(src: &str) -> Vec<(String, Vec<String>)> {
    let Some(start) = src.find("var blockedLinknames = map[string][]string{") else {
        return Vec::new();
    };
    let body = &src[start..];
    let body = &body[..body.find("\n}").unwrap_or(body.len())];
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(q) = body[i..].find('"').map(|q| q + i) {
        i = q + 1;
        let Some(end) = body[q + 1..].find('"').map(|e| e + q + 1) else {
            break;
        };
        let name = &body[q + 1..end];
        let after = body[end + 1..].strip_prefix(':').map(|a| a.trim_start());
        let Some(list) = after.and_then(|a| a.strip_prefix('{')) else {
            continue;
        };
        if name.is_empty() {
            continue;
        }
        let Some(close) = list.find('}') else { break };
        let pkgs = list[..close]
            .split('"')
            .skip(1)
            .step_by(2)
            .filter(|p| !p.is_empty())
            .map(str::to_string)
            .collect();
        out.push((name.to_string(), pkgs));
        i = body.len() - list.len() + close + 1;
    }
    out.sort();
    out
}

/// Names the linker defines itself: literal first arguments of its
/// defining calls in `ld/*.go` (not tests), sorted by bytes, each once.
/// Names ending in `.` are prefixes of computed names.
fn linker_defined(lddir: &Path) -> Result<Vec<String>, DeriveError> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(lddir)
        .map_err(|e| err(lddir, &e.to_string()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.ends_with(".go") && !n.ends_with("_test.go"))
        })
        .collect();
    files.sort();
    let mut names = std::collections::BTreeSet::new();
    for f in &files {
        let (_, text) = read(f)?;
        for call in [
            "xdefine(\"",
            "CreateSymForUpdate(\"",
            "defineInternal(\"",
            "LookupOrCreateSym(\"",
        ] {
            let mut rest = text.as_str();
            while let Some(at) = rest.find(call) {
                rest = &rest[at + call.len()..];
                if let Some(end) = rest.find('"')
                    && end > 0
                {
                    names.insert(rest[..end].to_string());
                }
            }
        }
    }
    Ok(names.into_iter().collect())
}

/// The `const ( … )` blocks of a Go file whose first constant is `iota`
/// or `1 << iota`: each constant with its value, `_` placeholders
/// counted but left out.
fn iota_blocks(src: &str) -> Vec<Vec<(u64, String)>> {
    let mut out = Vec::new();
    let mut lines = src.lines();
    while let Some(line) = lines.next() {
        if line.trim() != "const (" {
            continue;
        }
        let mut block = Vec::new();
        let mut shift = None;
        let mut n = 0u32;
        for l in lines.by_ref() {
            let l = l.split("//").next().unwrap_or("").trim();
            if l == ")" {
                break;
            }
            if l.is_empty() {
                continue;
            }
            let (name, init) = match l.split_once('=') {
                Some((a, b)) => (a.trim(), Some(b.trim())),
                None => (l, None),
            };
            if let Some(init) = init {
                match init {
                    "iota" if n == 0 => shift = Some(false),
                    "1 << iota" if n == 0 => shift = Some(true),
                    _ => {
                        shift = None;
                        break;
                    }
                }
            }
            let Some(is_shift) = shift else { break };
            let value = if is_shift { 1u64 << n } else { n as u64 };
            if name != "_" && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                block.push((value, name.to_string()));
            }
            n += 1;
        }
        if shift.is_some() && !block.is_empty() {
            out.push(block);
        }
    }
    out
}

/// The text of `generated.rs` for `releases`, oldest first: what the
/// built-in tables are, written from [`derive`]'s results
/// (`tests/suites/release_facts.rs` rewrites the file with `GOSYM_BLESS=1`).
pub fn render(releases: &[&ReleaseTables]) -> String {
    use std::fmt::Write;
    let mut o = String::new();
    o.push_str(
        "// Code generated by tests/suites/release_facts.rs (GOSYM_BLESS=1, scripts/gen-release-facts.sh)\n\
         // from the Go sources of each toolchain under /usr/lib/go-1.NN (src/tables/derive.rs).\n\
         // DO NOT EDIT.\n\n//! Per-version tables extracted from the Go toolchains' own sources.\n\n",
    );
    let strs = |o: &mut String, v: &[&str]| {
        for s in v {
            let _ = writeln!(o, "    \"{s}\",");
        }
    };
    for t in releases {
        let (v, id) = (format!("1.{}", t.minor), format!("1_{}", t.minor));
        for (label, what, (base, names)) in [("RELOC", "RelocType", t.reloc), ("SYMKIND", "SymKind", t.symkind)] {
            let _ = writeln!(o, "/// go{v} `objabi.{what}` names, values from {base}.");
            let _ = writeln!(o, "pub const {label}_{id}: (u16, &[&str]) = ({base}, &[");
            strs(&mut o, names);
            o.push_str("]);\n");
        }
        let _ = writeln!(
            o,
            "/// go{v} builtin symbols `(name, abi)`, indexed by `PkgIdxBuiltin` SymIdx."
        );
        let _ = writeln!(o, "pub const BUILTINS_{id}: &[(&str, u8)] = &[");
        for (n, a) in t.builtins {
            let _ = writeln!(o, "    (\"{n}\", {a}),");
        }
        o.push_str("];\n");
        let _ = writeln!(o, "/// go{v} aux symbol types, by value (`goobj.Aux*`).");
        let _ = writeln!(o, "pub const AUX_{id}: &[&str] = &[");
        strs(&mut o, t.aux);
        o.push_str("];\n");
        let _ = writeln!(o, "/// go{v} symbol `Flag2` bits `(mask, name)` (`goobj.SymFlag*`).");
        let _ = writeln!(o, "pub const FLAG2_{id}: &[(u8, &str)] = &[");
        for (m, n) in t.flag2 {
            let _ = writeln!(o, "    (0x{m:02x}, \"{n}\"),");
        }
        o.push_str("];\n");
        let _ = writeln!(
            o,
            "/// go{v} object header flag bits `(mask, name)` (`goobj.ObjFlag*`)."
        );
        let _ = writeln!(o, "pub const OBJFLAGS_{id}: &[(u32, &str)] = &[");
        for (m, n) in t.objflags {
            let _ = writeln!(o, "    ({m}, \"{n}\"),");
        }
        o.push_str("];\n");
        let _ = writeln!(
            o,
            "/// go{v} `blockedLinknames`: symbol and the packages allowed to pull it."
        );
        let _ = writeln!(o, "pub const BLOCKED_LINKNAMES_{id}: &[(&str, &[&str])] = &[");
        for (n, pkgs) in t.blocked {
            let list: Vec<String> = pkgs.iter().map(|p| format!("\"{p}\"")).collect();
            let _ = writeln!(o, "    (\"{n}\", &[{}]),", list.join(", "));
        }
        o.push_str("];\n");
        let _ = writeln!(o, "/// go{v} names the linker defines itself (sorted by bytes).");
        let _ = writeln!(o, "pub const LINKER_DEFINED_{id}: &[&[u8]] = &[");
        for n in t.linker_defined {
            o.push_str("    b\"");
            for &b in *n {
                if b.is_ascii_graphic() && b != b'"' && b != b'\\' || b == b' ' {
                    o.push(b as char);
                } else {
                    let _ = write!(o, "\\x{b:02x}");
                }
            }
            o.push_str("\",\n");
        }
        o.push_str("];\n\n");
    }
    let _ = writeln!(o, "/// Every release above, oldest first.");
    o.push_str("pub static RELEASES: &[super::ReleaseTables] = &[\n");
    for t in releases {
        let id = format!("1_{}", t.minor);
        let _ = writeln!(
            o,
            "    super::ReleaseTables {{ minor: {}, reloc: RELOC_{id}, symkind: SYMKIND_{id}, builtins: BUILTINS_{id}, \
             aux: AUX_{id}, flag2: FLAG2_{id}, objflags: OBJFLAGS_{id}, blocked: BLOCKED_LINKNAMES_{id}, \
             linker_defined: LINKER_DEFINED_{id} }},",
            t.minor
        );
    }
    o.push_str("];\n");
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iota_blocks_count_placeholders() {
        let src = "const (\n\tObjFlagShared = 1 << iota // x\n\t_ // was\n\tObjFlagFromAssembly\n)\n\
                   const (\n\tAuxGotype = iota\n\tAuxFuncInfo\n\n\t// TODO\n)\nconst (\n\tA = 3\n)\n";
        let b = iota_blocks(src);
        assert_eq!(b.len(), 2);
        assert_eq!(
            b[0],
            vec![(1, "ObjFlagShared".into()), (4, "ObjFlagFromAssembly".into())]
        );
        assert_eq!(b[1], vec![(0, "AuxGotype".into()), (1, "AuxFuncInfo".into())]);
    }

    #[test]
    fn stringer_checks_must_agree() {
        let good = "\t_ = x[R_A-1]\n\t_ = x[R_BB-2]\nconst _RelocType_name = \"R_AR_BB\"\n\
                    var _RelocType_index = [...]uint8{0, 3, 7}\nfunc (i RelocType) String() string {\n\ti -= 1\n";
        let f = (PathBuf::from("r.go"), good.to_string());
        assert_eq!(
            stringer_table(&f, "RelocType").unwrap(),
            (1, vec!["R_A".into(), "R_BB".into()])
        );
        let bad = (PathBuf::from("r.go"), good.replace("x[R_BB-2]", "x[R_BB-3]"));
        assert!(
            stringer_table(&bad, "RelocType")
                .unwrap_err()
                .what
                .contains("disagrees")
        );
        let none = (PathBuf::from("r.go"), "package objabi\n".to_string());
        assert!(
            stringer_table(&none, "RelocType")
                .unwrap_err()
                .what
                .contains("stringer layout")
        );
    }

    #[test]
    fn blocked_linknames_skip_comments_and_sort() {
        let src = "var blockedLinknames = map[string][]string{\n\t// \"x\" is gone\n\
                   \t\"runtime.b\": {\"p\", \"q\"},\n\t\"runtime.a\":  {\"r\"},\n}\n";
        assert_eq!(
            blocked_linknames(src),
            vec![
                ("runtime.a".into(), vec!["r".into()]),
                ("runtime.b".into(), vec!["p".into(), "q".into()])
            ]
        );
        assert!(blocked_linknames("package loader\n").is_empty());
    }

    #[test]
    fn a_missing_goroot_names_the_file() {
        let e = derive(Path::new("/nonexistent-goroot")).unwrap_err();
        assert!(e.file.ends_with("internal/goversion/goversion.go"), "{e}");
    }
}
