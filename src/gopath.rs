//! Go's spelling rules for import paths and symbol names, as the toolchain
//! writes them: which paths are the standard library, how a path becomes a
//! symbol prefix (`objabi.PathToPrefix`), how Go quotes a string
//! (`strconv.Quote`), the package part of a symbol name, and go1.15's
//! empty-package placeholder `"".`. Pure functions, no state: every layer
//! may use them.

use std::borrow::Cow;

/// Go's rule for standard-library import paths (`search.IsStandardImportPath`):
/// no dot in the first path element. `main` is not std.
pub fn is_std_path(p: &str) -> bool {
    p != "main" && !p.split('/').next().unwrap_or("").contains('.')
}

/// `objabi.PathToPrefix`: escapes bytes ≤ 0x20, `%`, `"`, ≥ 0x7F and `.`
/// after the last `/` as `%xx`.
pub fn path_to_prefix(s: &str) -> String {
    let slash = s.rfind('/');
    let mut out = String::with_capacity(s.len());
    for (i, &c) in s.as_bytes().iter().enumerate() {
        let after_slash = slash.is_none_or(|p| i > p);
        if c <= b' ' || (c == b'.' && after_slash) || c == b'%' || c == b'"' || c >= 0x7f {
            out.push_str(&format!("%{c:02x}"));
        } else {
            out.push(c as char);
        }
    }
    out
}

/// Go's `%q` of a string (`strconv.Quote` for the characters linker
/// messages contain).
pub fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The package path of a symbol name (`a/b.c.F` → `a/b`), the part before
/// the first dot after the last slash.
pub fn symbol_package(name: &str) -> Option<&str> {
    let slash = name.rfind('/').map(|i| i + 1).unwrap_or(0);
    let dot = name[slash..].find('.')? + slash;
    Some(&name[..dot])
}

/// Whether a symbol name is one the compiler makes up rather than a Go
/// identifier of the source: `..` names (`P..inittask`, `P..stmp_0`,
/// `P..dict.F`, `P..gobytes.1`), type and string data (`type:`, `type.`,
/// `go:`, `go.`), and closures or instantiations (`P.F.func1`, `P.F[…]`).
pub fn is_compiler_made(name: &str) -> bool {
    if ["type:", "type.", "go:", "go.", "gclocals", "$f", "$i"]
        .iter()
        .any(|p| name.starts_with(p))
    {
        return true;
    }
    let Some(pkg) = symbol_package(name) else { return true };
    let rest = &name[pkg.len() + 1..];
    rest.starts_with('.') || rest.contains("..") || rest.contains('[') || rest.contains(".func")
}

/// `name` of a symbol the toolchain makes (`type:T`, `go:itab.…`) as a
/// release names it: with a colon from go1.20 (`colon`), a dot before.
/// Other names are returned as they are.
pub fn made_symbol_in(name: &str, colon: bool) -> std::borrow::Cow<'_, str> {
    let sep = if colon { ':' } else { '.' };
    for p in ["type", "go"] {
        if let Some(rest) = name.strip_prefix(p).and_then(|r| r.strip_prefix(['.', ':']))
            && !name[p.len()..].starts_with(sep)
        {
            return format!("{p}{sep}{rest}").into();
        }
    }
    name.into()
}

/// go1.15 writes the object's own package as `"".` inside symbol names;
/// the linker substitutes `prefix` (the escaped import path) when it loads
/// the object.
pub fn expand_empty_pkg<'d>(name: &'d [u8], prefix: &[u8]) -> Cow<'d, [u8]> {
    if !name.windows(3).any(|w| w == b"\"\".") {
        return Cow::Borrowed(name);
    }
    let mut out = Vec::with_capacity(name.len() + prefix.len());
    let mut i = 0;
    while i < name.len() {
        if name[i..].starts_with(b"\"\".") {
            out.extend_from_slice(prefix);
            out.push(b'.');
            i += 3;
        } else {
            out.push(name[i]);
            i += 1;
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn made_symbols_take_the_release_naming() {
        assert_eq!(made_symbol_in("type.*main.M", true), "type:*main.M");
        assert_eq!(
            made_symbol_in("go:itab.*main.M,main.I", false),
            "go.itab.*main.M,main.I"
        );
        assert_eq!(made_symbol_in("type:int", true), "type:int");
        assert_eq!(made_symbol_in("main.doit", true), "main.doit");
        assert_eq!(made_symbol_in("go/ast.Walk", true), "go/ast.Walk");
    }

    #[test]
    fn prefix_escaping() {
        assert_eq!(path_to_prefix("example.com/m/dotted.v2"), "example.com/m/dotted%2ev2");
        assert_eq!(path_to_prefix("main"), "main");
        assert_eq!(path_to_prefix("a b\"%"), "a%20b%22%25");
    }

    #[test]
    fn package_of_symbol_names() {
        assert_eq!(symbol_package("runtime.tickspersecond"), Some("runtime"));
        assert_eq!(
            symbol_package("example.com/m/dotted.v2.F"),
            Some("example.com/m/dotted")
        );
        assert_eq!(
            symbol_package("internal/runtime/maps.newobject"),
            Some("internal/runtime/maps")
        );
        assert_eq!(symbol_package("crosscall2"), None);
    }

    #[test]
    fn compiler_made_names() {
        assert!(is_compiler_made("syscall..inittask"));
        assert!(is_compiler_made("fmt..inittask"));
        assert!(is_compiler_made("type:*main.M"));
        assert!(is_compiler_made("main.main.func1"));
        assert!(is_compiler_made("slices.Sort[go.shape.int]"));
        assert!(!is_compiler_made("runtime.gcount"));
        assert!(!is_compiler_made("runtime.zerobase"));
    }

    #[test]
    fn std_paths() {
        assert!(is_std_path("internal/runtime/maps"));
        assert!(!is_std_path("golang.org/x/sys/unix"));
        assert!(!is_std_path("main"));
    }

    #[test]
    fn empty_package_placeholder() {
        assert_eq!(&*expand_empty_pkg(b"\"\".f", b"a/b"), b"a/b.f");
        assert_eq!(&*expand_empty_pkg(b"x.f", b"a/b"), b"x.f");
    }
}
